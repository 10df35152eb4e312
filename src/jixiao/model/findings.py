"""Findings are records (interface.md §3): closed categories and severities."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

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


SEVERITY_LABELS: Final = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
CATEGORY_LABELS: Final = {  # one set of names for every page, report and chart
    Category.ARITHMETIC: "算术",
    Category.SCORE_RULE: "计分规则",
    Category.EXECUTION: "预算执行",
    Category.GRADE: "等级",
    Category.WEIGHTS: "权重",
    Category.CONSISTENCY: "前后一致",
    Category.INDICATOR_QUALITY: "指标质量",
    Category.SPENDING_PLAN: "资金支出计划",
    Category.COMPLETENESS: "完整性",
}


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
