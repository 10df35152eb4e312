"""Findings are records (interface.md §3): closed categories and severities."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.model.location import Location


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(StrEnum):
    ARITHMETIC = "arithmetic"
    SCORE_RULE = "score_rule"
    EXECUTION = "execution"
    GRADE = "grade"
    WEIGHTS = "weights"
    CONSISTENCY = "consistency"
    INDICATOR_QUALITY = "indicator_quality"
    SPENDING_PLAN = "spending_plan"
    COMPLETENESS = "completeness"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    code: str
    category: Category
    severity: Severity
    message: str
    location: Location | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    rule: str | None = None
    path: str | None = None
