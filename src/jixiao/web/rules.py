"""The rule set a record is scored by: the bureau's choice for the record's year (a shipped set
or its own uploaded file), else the one inferred from the document."""

from __future__ import annotations

from functools import lru_cache

from jixiao.services.rulesets import RuleSet, load_rules_bytes, load_rules_option
from jixiao.storage.models import RuleSetChoice, RuleSetFile, Unit


def bureau_of(unit: Unit) -> Unit | None:
    node: Unit | None = unit
    while node is not None and node.kind != Unit.Kind.BUREAU:
        node = node.parent
    return node


@lru_cache(maxsize=64)
def _own(pk: int, stamp: str) -> RuleSet:
    f = RuleSetFile.objects.get(pk=pk)
    return load_rules_bytes(f.text.encode("utf-8"), f"{f.name}.yaml")


def ruleset_for(unit: Unit, year: int | None) -> RuleSet | None:
    """The bureau's chosen rule set for ``year``, or None (infer from the document)."""
    bureau = bureau_of(unit)
    if bureau is None:
        return None
    choices = RuleSetChoice.objects.filter(bureau=bureau).select_related("own")
    if year is not None:
        choices = choices.filter(year_from__lte=year)
    choice = choices.order_by("-year_from").first()
    if choice is None:
        return None
    if choice.own is not None:
        return _own(choice.own.pk, choice.own.uploaded_at.isoformat())
    return load_rules_option(choice.shipped) if choice.shipped else None
