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


def where(loc: Location | None) -> str:
    """A short Chinese place for a warning: "表2 第75行" (the file's line where known)."""
    if loc is None:
        return "文档"
    parts: list[str] = []
    if loc.sheet is not None:
        parts.append(f"工作表“{loc.sheet}”")
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if loc.table is not None:
        parts.append(f"表{loc.table}")
    if loc.line is not None:
        parts.append(f"第{loc.line}行")
    elif loc.row is not None:
        parts.append(f"第{loc.row}行")
    elif loc.paragraph is not None:
        parts.append(f"第{loc.paragraph}段")
    if loc.cell is not None:
        parts.append(loc.cell)
    return " ".join(parts) or "文档"


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
        text = f"{where(loc)}：{message}"
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
