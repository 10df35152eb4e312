"""A rule set's ``checks.yaml`` against the registry: every code a check, every key one it declares.

The rules package cannot know the checks (they are above it), so a rule set's check settings are
validated here, once the registry exists: ``validate_settings`` raises :class:`RulesError` naming
the file, the line and the key, like every other fault in a rule-set file.

>>> from jixiao.rules import catalog
>>> validate_settings(catalog.get("hebei-2019"))  # the shipped sets are valid
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.checks.registry import BY_CODE
from jixiao.rules.loader import RulesError
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import CheckSettings

_PREFIX = "checks."


def _kind(value: Any) -> str:
    """The kind of a setting, as a user reads it: 开关, 数, 词表."""
    if isinstance(value, bool):
        return "开关（true/false）"
    if isinstance(value, int | Decimal):
        return "数"
    return "词表（“甲、乙”或列表）"


def _fits(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | Decimal):
        return isinstance(value, int | Decimal) and not isinstance(value, bool)
    if isinstance(value, str):
        return True
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _problem(code: str, given: Mapping[str, Any]) -> str | None:
    spec = BY_CODE.get(code)
    if spec is None:
        return f"没有代码为 {code} 的检查（jixiao check --list 列出全部）"
    for key, value in given.items():
        if key == "enabled":
            continue
        if key not in spec.defaults:
            known = "、".join(["enabled", *spec.defaults]) or "enabled"
            return f"检查 {code} 没有参数 {key}（可设：{known}）"
        if not _fits(spec.defaults[key], value):
            return f"检查 {code} 的参数 {key} 应为{_kind(spec.defaults[key])}"
    return None


def validate_settings(rs: RuleSet) -> None:
    """Raise :class:`RulesError` for the first unknown check code, unknown key or wrong kind."""
    for ruleset in rs.chain():
        for path, pd in ruleset.params.items():
            if not path.startswith(_PREFIX):
                continue
            code = path.removeprefix(_PREFIX)
            written = [
                (day.isoformat(), f"values.{day}", e.value) for day, e in pd.param.values.items()
            ]
            written += [
                (f"variant:{n}", f"variants.{n}", v.value) for n, v in pd.param.variants.items()
            ]
            for line_key, where, value in written:
                given = value.model_dump() if isinstance(value, CheckSettings) else {}
                problem = _problem(code, given)
                if problem is not None:
                    raise RulesError(pd.file, pd.lines.get(line_key), f"{path}.{where}", problem)
