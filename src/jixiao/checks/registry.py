"""Every check, collected once from the category modules; an immutable tuple, never mutated."""

from __future__ import annotations

from types import ModuleType
from typing import Final

from jixiao.checks import (
    arithmetic,
    arithmetic_weights,
    completeness,
    consistency,
    execution,
    grade,
    indicator_quality,
    score_rule,
    spending_plan,
    weights,
)
from jixiao.checks.spec import CheckSpec

MODULES: Final[tuple[ModuleType, ...]] = (
    arithmetic, arithmetic_weights, score_rule, execution, grade, weights, consistency,
    indicator_quality, spending_plan, completeness,
)  # fmt: skip


def _collect(modules: tuple[ModuleType, ...]) -> tuple[CheckSpec, ...]:
    found = [v for m in modules for v in vars(m).values() if isinstance(v, CheckSpec)]
    codes = [s.code for s in found]
    duplicated = {c for c in codes if codes.count(c) > 1}
    if duplicated:
        raise RuntimeError(f"check codes defined twice: {sorted(duplicated)}")
    return tuple(found)


ALL_CHECKS: Final[tuple[CheckSpec, ...]] = _collect(MODULES)
BY_CODE: Final[dict[str, CheckSpec]] = {spec.code: spec for spec in ALL_CHECKS}
