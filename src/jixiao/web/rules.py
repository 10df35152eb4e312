"""The rule set a record is scored by: the bureau's choice for the record's year (a shipped set
or its own uploaded file), else the one inferred from the document."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final

from jixiao.model.monitoring import Bands, Thresholds
from jixiao.services.rulesets import RuleSet, list_rulesets, load_rules_bytes, load_rules_option
from jixiao.storage.models import Record, RuleSetChoice, RuleSetFile, Unit
from jixiao.storage.selectors import bureau_of


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


THRESHOLDS_PATH: Final = "monitoring.monitoring_thresholds"
FALLBACK_RULESET: Final = "national-2020"


@dataclass(frozen=True)
class RuleChoice:
    thresholds: Thresholds
    source: str  # "national-2020 R5.7"


def thresholds_for(record: Record) -> RuleChoice:
    """``monitoring_thresholds`` of the record's rule set: the bureau's choice for the year,
    else the set the record was scored by, else the national one."""
    year = record.fiscal_year
    for rs in (ruleset_for(record.unit, year), _named(record.ruleset), _named(FALLBACK_RULESET)):
        if rs is None:
            continue
        found = rs.lookup(THRESHOLDS_PATH, year)
        if found is not None and found.value is not None:
            bands = Bands(Decimal(found.value.red_below), Decimal(found.value.yellow_below))
            return RuleChoice(bands, found.ref.cite())
    return RuleChoice(Bands(Decimal(60), Decimal(80)), "R5.7")  # pragma: no cover - shipped


def _named(name: str) -> RuleSet | None:
    """A shipped rule set by name (never a path: the name comes from the database)."""
    if not name or name not in {m.name for m in list_rulesets()}:
        return None
    return load_rules_option(name)
