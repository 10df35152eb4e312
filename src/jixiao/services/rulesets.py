"""Pick the rule set: by ``--rules`` (a shipped name or a bureau's YAML file) or by inference."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jixiao.checks.settings import validate_settings
from jixiao.model.evaluation import Evaluation
from jixiao.rules import catalog
from jixiao.rules.infer import Choice, choose
from jixiao.rules.loader import RulesError
from jixiao.rules.places import Place
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.schema import RuleSetMeta
from jixiao.writers.rulesdoc import ruleset_markdown

__all__ = [
    "RuleSet",
    "RulesError",
    "Selected",
    "UnknownRuleSetError",
    "list_rulesets",
    "load_rules_bytes",
    "load_rules_option",
    "select",
    "show_ruleset",
]  # fmt: skip


class UnknownRuleSetError(LookupError):
    """``--rules`` names no shipped set and no file: a usage error."""

    def __str__(self) -> str:
        known = "、".join(catalog.names())
        return f"没有名为 {self.args[0]} 的规则集，也没有这个文件（可选：{known}）"


@dataclass(frozen=True)
class Selected:
    ruleset: RuleSet
    reason: str
    warnings: tuple[str, ...] = ()


def load_rules_option(option: str) -> RuleSet:
    """``--rules`` value → rule set. Raises RulesError (bad file) or UnknownRuleSetError."""
    if option in catalog.names():
        return catalog.get(option)
    path = Path(option)
    if not path.is_file():
        raise UnknownRuleSetError(option)
    return load_rules_bytes(path.read_bytes(), str(path))


def load_rules_bytes(data: bytes, name: str) -> RuleSet:
    """A bureau's rule-set file (a path, or an upload in the web admin) → rule set. Raises
    :class:`RulesError` naming ``name`` and the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError(name, None, None, "文件须为 UTF-8 编码的 YAML") from None
    rs = catalog.from_text(text, name)
    validate_settings(rs)
    return rs


def select(ev: Evaluation, place: Place, given: RuleSet | None) -> Selected:
    """The given rule set, or the one inferred from the document, with the reason."""
    if given is not None:
        return Selected(given, f"按 --rules 指定：{given.name}（{given.meta.title}）")
    doc_type = ev.doc_type.value if ev.doc_type is not None else None
    choice: Choice = choose(catalog.index(), place, ev.fiscal_year, doc_type)
    return Selected(catalog.get(choice.name), choice.reason, choice.warnings)


def list_rulesets() -> tuple[RuleSetMeta, ...]:
    return catalog.index()


def show_ruleset(option: str) -> str:
    """A shipped set (by name) or a bureau's file, as Markdown."""
    return ruleset_markdown(load_rules_option(option))
