"""A target table laid out for its form (seed 004's layout, R12): the header, the money block,
the 资金支出计划 row, the goal and the indicator rows as the form shows them, each with the
findings that concern it; the findings listed on their own with their evidence.

Findings reach their place by location (a row's), by category (the spending plan), by code (the
money block's parts, the weights) or by evidence (the goal), so a live preview can put each one
beside what the user is typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from jixiao.library import direction_of
from jixiao.model.evaluation import Evaluation, Fund, Indicator, PlanEntry
from jixiao.model.findings import SEVERITY_LABELS, Category
from jixiao.model.indicator_value import ValueKind
from jixiao.model.location import Location
from jixiao.model.numbers import fmt
from jixiao.services.assess import Assessed
from jixiao.web.present import FindingView

PERIODS: Final = ("3月底", "6月底", "10月底", "12月底")
PERIOD_MONTHS: Final = frozenset({3, 6, 10, 12})
BUDGET, FISCAL, OTHER = "预算数", "财政资金", "其他资金"
PURPOSE_HEADING: Final = "资金用途"
ROW_FIELDS: Final = ("level1", "level2", "level3", "nature", "target", "unit", "weight", "basis",
                     "description", "delete")  # fmt: skip
STATUS_LABELS: Final = {  # a target table's states, in the words of target setting (R14)
    "draft": "草稿", "submitted": "已提交待审核", "returned": "已退回修改",
    "approved": "已批复", "published": "已公开",
}  # fmt: skip
MONEY_CODES: Final = frozenset({"PARTS_NE_WHOLE", "PART_EXCEEDS_WHOLE", "PART_IS_SUM_OF_OTHERS"})
WEIGHT_CODES: Final = frozenset({"WEIGHTS_NE_STATED_TOTAL"})
AREA_ANCHORS: Final = {
    "plan": "plan-row", "money": "money-block", "goal": "goal-block", "weights": "weights-block",
}  # fmt: skip
_SYMBOLS: Final = {">=": "≥", ">": "≥", "<=": "≤", "<": "≤", "=": "=", "qualitative": "定性"}


@dataclass(frozen=True)
class TargetHead:
    """The form's header, money block, plan and goal, as shown."""

    department_form: bool
    project: str | None
    code: str | None
    supervisor: str | None
    department: str | None
    fiscal_year: int | None
    goal: str | None
    purpose: str | None
    budget: Decimal | None
    fiscal: Decimal | None
    other: Decimal | None
    plan: tuple[tuple[int, str, Decimal | None], ...]  # (index, period, pct)
    total_weight: Decimal | None


def is_department_form(ev: Evaluation) -> bool:
    """A 部门整体 target table: no project of its own."""
    return ev.project is None and not ev.projects


def fund_named(ev: Evaluation, name: str) -> Fund | None:
    return next((f for f in ev.funds if f.name == name), None)


def purpose_of(ev: Evaluation) -> str | None:
    if ev.projects:
        return ev.projects[0].purpose
    return next((s.text for s in ev.sections if s.heading == PURPOSE_HEADING), None) or None


def month_of(period: str) -> int | None:
    """The month a checkpoint names ("10月底" → 10; "年底" → 12)."""
    digits = "".join(ch for ch in period.split("月", maxsplit=1)[0] if ch.isdigit())
    if "月" in period and digits:
        return int(digits)
    return 12 if any(w in period for w in ("年底", "年末", "全年")) else None


def plan_entry(ev: Evaluation, period: str) -> PlanEntry | None:
    return next((e for e in ev.spending_plan if month_of(e.period) == month_of(period)), None)


def head_of(ev: Evaluation) -> TargetHead:
    project = ev.projects[0] if ev.projects else None
    budget = ev.budget_total_wan
    if budget is None and project is not None:
        budget = project.budget_wan
    fiscal, other = fund_named(ev, FISCAL), fund_named(ev, OTHER)
    goal = ev.targets.planned if ev.targets is not None and ev.targets.planned else None
    return TargetHead(
        department_form=is_department_form(ev),
        project=ev.project, code=project.code if project else None,
        supervisor=ev.supervisor, department=ev.department, fiscal_year=ev.fiscal_year,
        goal=goal or (project.goal if project else None), purpose=purpose_of(ev), budget=budget,
        fiscal=fiscal.total if fiscal else None, other=other.total if other else None,
        plan=tuple((i, p, e.pct if (e := plan_entry(ev, p)) else None)
                   for i, p in enumerate(PERIODS)),
        total_weight=ev.stated_total_weight,
    )  # fmt: skip


def nature_shown(ind: Indicator) -> str:
    """The 指标性质 the form shows: as written, else what the value's comparator says."""
    written = direction_of(ind.nature)
    if written:
        return written
    d = ind.direction
    return _SYMBOLS.get(d.value, "") if d is not None else ""


def unit_shown(ind: Indicator) -> str:
    """The 度量单位 the form shows: the unit column, else the value's own unit."""
    t = ind.target_parsed
    return ind.unit or (t.unit if t.kind is ValueKind.QUANTITATIVE and t.unit else "") or ""


def symbol_of(direction: str) -> str:
    return _SYMBOLS.get(direction, "")


@dataclass
class TargetRow:
    index: int  # the form's row number (field names ind-<index>-…)
    row: Indicator
    findings: list[FindingView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ind-{self.index}"

    @property
    def names(self) -> dict[str, str]:
        return {f: f"ind-{self.index}-{f}" for f in ROW_FIELDS}

    @property
    def nature(self) -> str:
        return nature_shown(self.row)

    @property
    def unit(self) -> str:
        return unit_shown(self.row)

    @property
    def worst(self) -> str:
        ranks = [f.finding.severity.rank for f in self.findings]
        return ["info", "warning", "error"][max(ranks)] if ranks else ""


@dataclass
class TargetLayout:
    head: TargetHead
    rows: list[TargetRow]
    removed: tuple[int, ...]
    findings: list[FindingView]
    counts: dict[str, int]
    areas: dict[str, list[FindingView]]
    assessed: Assessed

    @property
    def weight_sum(self) -> str:
        weights = [r.row.weight for r in self.rows if r.row.weight is not None]
        return fmt(sum(weights, Decimal(0))) if weights else "—"


def _key(loc: Location | None) -> tuple[Any, ...] | None:
    if loc is None:
        return None
    return (loc.page, loc.table, loc.row, loc.sheet, loc.cell, loc.line)


def _area(view: FindingView) -> str | None:
    f = view.finding
    loc_field = f.location.field if f.location is not None else None
    if f.category is Category.SPENDING_PLAN:
        return "plan"
    if f.code in MONEY_CODES:
        return "money"
    if f.category is Category.WEIGHTS or f.code in WEIGHT_CODES:
        return "weights"
    if loc_field in ("goal", "purpose") or "goal" in f.evidence:
        return "goal"
    return None


def target_layout(
    a: Assessed, indexes: Sequence[int] | None = None, removed: Sequence[int] = ()
) -> TargetLayout:
    """The form of an assessed target table; ``indexes`` are the form's row numbers of its
    rows (after a preview with rows added or deleted), else 0, 1, 2 …"""
    ev = a.evaluation
    numbers = list(indexes) if indexes is not None else list(range(len(ev.indicators)))
    rows = [TargetRow(n, ind) for n, ind in zip(numbers, ev.indicators, strict=True)]
    by_place = {k: r for r in rows if (k := _key(r.row.location)) is not None}
    areas: dict[str, list[FindingView]] = {name: [] for name in AREA_ANCHORS}
    views: list[FindingView] = []
    for f in a.run.findings:
        key = _key(f.location)
        row = by_place.get(key) if key is not None else None
        view = FindingView(f, row.anchor if row is not None else None)
        if row is not None:
            row.findings.append(view)
        elif (area := _area(view)) is not None:
            view.anchor = AREA_ANCHORS[area]
            areas[area].append(view)
        views.append(view)
    counts = {s.value: sum(1 for v in views if v.finding.severity is s) for s in SEVERITY_LABELS}
    return TargetLayout(head_of(ev), rows, tuple(removed), views, counts, areas, a)
