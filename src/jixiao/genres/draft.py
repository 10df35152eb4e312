"""A mutable draft of an :class:`Evaluation`, filled by the parsers, then frozen once.

Parsers record what they could not read with :meth:`Draft.warn`, naming the place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import (
    Breakdown,
    DocType,
    Evaluation,
    Fund,
    Indicator,
    PlanEntry,
    ProjectLine,
    Section,
    Targets,
)
from jixiao.model.location import Location


@dataclass
class Draft:
    """What a parser has found so far. ``None`` = not found (never a guess)."""

    doc_type: DocType | None = None
    title: str | None = None
    title_year: int | None = None
    department: str | None = None
    supervisor: str | None = None
    project: str | None = None
    fiscal_year: int | None = None
    stated_total_score: Decimal | None = None
    stated_total_weight: Decimal | None = None
    stated_grade: str | None = None
    budget_initial_wan: Decimal | None = None
    budget_total_wan: Decimal | None = None
    executed_total_wan: Decimal | None = None
    execution_rate_pct: Decimal | None = None
    funds: list[Fund] = field(default_factory=list)
    targets: Targets | None = None
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    grade_counts: dict[str, int] | None = None
    sections: list[Section] = field(default_factory=list)
    spending_plan: list[PlanEntry] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, loc: Location | None, message: str) -> None:
        text = f"{'文档' if loc is None else loc.describe()}：{message}"
        if text not in self.warnings:
            self.warnings.append(text)

    def set_once(self, name: str, value: Any) -> None:
        """Set a scalar field unless it is already set (the first reading wins)."""
        if value is not None and getattr(self, name) is None:
            setattr(self, name, value)

    def build(self, blocks: Blocks) -> Evaluation:
        values: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            values[f.name] = tuple(value) if isinstance(value, list) else value
        values["warnings"] = (*blocks.problems, *values["warnings"])
        return Evaluation(source=blocks.source, **values)
