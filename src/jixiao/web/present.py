"""An assessed record laid out for the page: each row with its recomputed points, the rule and
its explanation, and the findings that point at it; the rest of the findings on their own."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from jixiao.model.evaluation import Fund, Indicator
from jixiao.model.findings import CATEGORY_LABELS, SEVERITY_LABELS, Finding
from jixiao.model.location import Location
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import LineKind, ScoreLine
from jixiao.services.assess import Assessed, describe
from jixiao.web.editing import FUND_NUM, IND_NUM, IND_TEXT, original_yuan

IND_FIELDS = (*IND_TEXT, *IND_NUM, "delete")
FUND_FIELDS = FUND_NUM

FIELD_LABELS = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
    "actual": "实际完成值", "unit": "单位", "weight": "分值", "score": "自评得分",
    "deviation_reason": "偏差原因", "initial": "年初预算数", "total": "全年预算数",
    "executed": "全年执行数", "rate_pct": "执行率", "reason": "原因说明", "name": "名称",
    "targets.achieved": "实际完成情况", "targets.planned": "年度目标", "achieved": "完成情况",
    "goal": "绩效目标", "basis": "指标值确定依据", "completion_pct": "完成率",
    "stated_total_score": "自评总分", "stated_grade": "自评等级", "title": "标题",
    "stated_total_weight": "总分分值", "grade": "等级", "text": "正文", "parts": "分项",
    "spending_plan": "资金支出计划", "indicators": "绩效指标", "funds": "资金情况",
    "projects": "项目", "sections": "章节", "breakdowns": "分项合计",
}  # fmt: skip


@dataclass
class FindingView:
    finding: Finding
    anchor: str | None  # the row it points at ("ind-3", "fund-0"), if any

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.finding.severity]

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.finding.category]

    @property
    def where(self) -> str:
        """ "第2页 表1 第7行 全年执行数": the place, its field in Chinese."""
        loc = self.finding.location
        if loc is None:
            return ""
        place = replace(loc, field=None).describe() if loc.field else loc.describe()
        field_ = FIELD_LABELS.get(loc.field or "", loc.field or "")
        return f"{place} {field_}".strip()

    @property
    def rule(self) -> str:
        """The rule cited; "arithmetic" is a marker of the arithmetic checks, not a rule."""
        rule = self.finding.rule or ""
        return "" if rule == "arithmetic" else rule

    @property
    def evidence(self) -> list[tuple[str, str]]:
        return sorted(self.finding.evidence.items())


@dataclass
class RowView:
    index: int
    anchor: str
    row: Indicator | Fund
    line: ScoreLine | None
    findings: list[FindingView] = field(default_factory=list)

    @property
    def points(self) -> str:
        return "" if self.line is None or self.line.points is None else fmt(self.line.points)

    @property
    def rule(self) -> str:
        return "" if self.line is None or self.line.rule is None else self.line.rule.cite()

    @property
    def explanation(self) -> str:
        return "" if self.line is None else describe(self.line)

    @property
    def differs(self) -> bool:
        line = self.line
        return (
            line is not None
            and line.points is not None
            and line.stated is not None
            and line.points != line.stated
        )

    @property
    def worst(self) -> str:
        ranks = [f.finding.severity.rank for f in self.findings]
        return ["info", "warning", "error"][max(ranks)] if ranks else ""

    @property
    def names(self) -> dict[str, str]:
        """Form field names of this row's cells: ``{"actual": "ind-3-actual", …}``."""
        prefix = self.anchor
        fields_ = FUND_FIELDS if isinstance(self.row, Fund) else IND_FIELDS
        return {f: f"{prefix}-{f}" for f in fields_}

    @property
    def yuan(self) -> dict[str, str]:
        """The money cells as the document wrote them, where it wrote 元."""
        if not isinstance(self.row, Fund):
            return {}
        out = {}
        for name in ("initial", "total", "executed"):
            value = original_yuan(self.row, getattr(self.row, name))
            if value is not None:
                out[name] = fmt(value.quantize(Decimal("0.01")))
        return out


@dataclass
class Layout:
    indicators: list[RowView]
    funds: list[RowView]
    findings: list[FindingView]
    counts: dict[str, int]
    assessed: Assessed

    @property
    def total(self) -> str:
        return fmt(self.assessed.score) if self.assessed.score is not None else "—"

    @property
    def grade(self) -> str:
        return self.assessed.grade or "—"


def _key(loc: Location | None) -> tuple[Any, ...] | None:
    if loc is None:
        return None
    return (loc.page, loc.table, loc.row, loc.sheet, loc.cell, loc.line)


def layout(a: Assessed) -> Layout:
    ev = a.evaluation
    lines: dict[tuple[LineKind, int], ScoreLine] = {
        (ln.kind, ln.position): ln for ln in a.card.lines
    }
    inds = [
        RowView(i, f"ind-{i}", row, lines.get((LineKind.INDICATOR, i)))
        for i, row in enumerate(ev.indicators)
    ]
    funds = [
        RowView(i, f"fund-{i}", row, lines.get((LineKind.EXECUTION, i)))
        for i, row in enumerate(ev.funds)
    ]
    by_place = {k: r for r in (*inds, *funds) if (k := _key(r.row.location)) is not None}
    views: list[FindingView] = []
    for f in a.run.findings:
        key = _key(f.location)
        target = None if key is None else by_place.get(key)
        view = FindingView(f, None if target is None else target.anchor)
        if target is not None:
            target.findings.append(view)
        views.append(view)
    counts = {s.value: sum(1 for v in views if v.finding.severity is s) for s in SEVERITY_LABELS}
    return Layout(inds, funds, views, counts, a)
