"""Everything the engine needs from a rule set, looked up once per (rule set, fiscal year).

The engine scores millions of rows in a batch; it must never look a rule up per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.model.scorecard import RuleRef
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import (
    Band,
    ExecutionScoring,
    Framework,
    MethodSpec,
    NotApplicable,
    OverAchievement,
    QualitativeTiers,
    ReviewBlend,
    Rounding,
    ZeroTarget,
)


@dataclass(frozen=True)
class Rule:
    """A resolved value and the reference findings cite."""

    value: Any
    ref: RuleRef


@dataclass(frozen=True, eq=False)  # identity: cached per rule set and year
class ScoringParams:
    ruleset: str
    fiscal_year: int | None
    positive: Rule
    reverse: Rule
    equal: Rule
    zero_target: Rule
    missing_comparator: Rule
    over: Rule
    tiers: Rule
    rounding: Rule
    execution: Rule
    not_applicable: Rule
    bands: Rule
    total_method: Rule
    framework: Rule | None
    review_blend: Rule | None
    warnings: tuple[str, ...]

    @property
    def step(self) -> Decimal:
        """The rounding unit (0.01 for two places)."""
        r: Rounding = self.rounding.value
        return Decimal(1).scaleb(-r.places)

    def spec(self, which: str) -> MethodSpec:
        rule: Rule = getattr(self, which)
        spec: MethodSpec = rule.value
        return spec

    @property
    def qualitative(self) -> QualitativeTiers:
        value: QualitativeTiers = self.tiers.value
        return value

    @property
    def grade_bands(self) -> tuple[Band, ...]:
        value: tuple[Band, ...] = self.bands.value
        return value

    @property
    def execution_scoring(self) -> ExecutionScoring:
        value: ExecutionScoring = self.execution.value
        return value

    @property
    def over_achievement(self) -> OverAchievement:
        value: OverAchievement = self.over.value
        return value

    @property
    def zero(self) -> ZeroTarget:
        value: ZeroTarget = self.zero_target.value
        return value

    @property
    def na(self) -> NotApplicable:
        value: NotApplicable = self.not_applicable.value
        return value

    @property
    def department_framework(self) -> Framework | None:
        return None if self.framework is None else self.framework.value

    @property
    def blend(self) -> ReviewBlend | None:
        return None if self.review_blend is None else self.review_blend.value


_REQUIRED = {
    "positive": "scoring.positive_scoring",
    "reverse": "scoring.reverse_scoring",
    "equal": "scoring.equal_scoring",
    "zero_target": "scoring.zero_target",
    "missing_comparator": "scoring.missing_comparator",
    "over": "scoring.over_achievement",
    "tiers": "scoring.qualitative_tiers",
    "rounding": "scoring.rounding",
    "execution": "execution.execution_scoring",
    "not_applicable": "scoring.not_applicable_handling",
    "bands": "grades.grade_bands",
    "total_method": "frameworks.department_total_method",
}
_OPTIONAL = {
    "framework": "frameworks.department_framework",
    "review_blend": "review.review_blend",
}


@lru_cache(maxsize=256)
def params_for(rs: RuleSet, fiscal_year: int | None) -> ScoringParams:
    """The scoring parameters of ``rs`` in force on 31 December of ``fiscal_year``."""
    warnings: list[str] = []
    values: dict[str, Rule | None] = {}
    for field, path in (*_REQUIRED.items(), *_OPTIONAL.items()):
        found = rs.lookup(path, fiscal_year)
        if found is None or found.value is None:
            if field in _REQUIRED:
                raise LookupError(f"rule set {rs.name} has no value for {path}")
            values[field] = None
            continue
        if found.warning:
            warnings.append(found.warning)
        values[field] = Rule(found.value, found.ref)
    return ScoringParams(rs.name, fiscal_year, warnings=tuple(dict.fromkeys(warnings)), **values)  # type: ignore[arg-type]
