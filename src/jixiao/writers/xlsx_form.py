"""What one official form shows: the evaluation's values for one project, cell by cell.

The form reproduces the document: stated values are written as stated. A value the document
does not state is filled from the score card where jixiao computed it (row points, weights,
totals); anything still missing becomes "（未填报）" with one warning per field, naming the row.
Layouts (xlsx_layouts.py) only place these values; they decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final

from jixiao.model.evaluation import Fund, Indicator
from jixiao.model.scorecard import GroupScore, LineKind, ScoreCard, ScoreLine
from jixiao.writers.base import MISSING

STANDARD_PERIODS: Final = ("3月底", "6月底", "10月底", "12月底")  # R12.4 checkpoints
_NUMERALS: Final = "一二三四五六七八九"


class Layout(StrEnum):
    PROJECT = "project"  # 项目支出绩效自评表 (R7)
    DEPARTMENT = "department"  # 部门整体支出绩效自评表 (R10 F-B, seed 003)
    TARGET = "target"  # 绩效目标表 (R12.4, seed 004)


@dataclass(frozen=True, slots=True)
class Pct:
    """A percentage (92.35 for 92.35 %), written as a fraction with a percent format."""

    value: Decimal


Value = str | Decimal | Pct | None


@dataclass(frozen=True, slots=True)
class FundRow:
    label: str  # with the form's prefix: "其中：当年财政拨款", "（一）基本支出", "1.人员经费"
    initial: Value
    total: Value
    executed: Value
    weight: Value
    rate: Value
    score: Value
    reason: Value


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: Value
    level2: Value
    level3: Value
    target: Value
    actual: Value
    unit: Value
    weight: Value
    completion: Value
    score: Value
    reason: Value
    description: Value
    basis: Value
    keys: tuple[str | None, str | None]  # the stated 一级/二级 names: equal neighbours merge


@dataclass
class Form:
    """One sheet's content."""

    layout: Layout
    sheet: str
    title: str
    year: str  # the caption: "（2024年度）"
    fiscal_year: int | None = None
    department: Value = None
    supervisor: Value = None
    project: Value = None
    code: Value = None
    budget: Value = None
    purpose: Value = None
    goal: Value = None
    planned: Value = None
    achieved: Value = None
    plan: list[tuple[str, Value]] = field(default_factory=list)
    funds: list[FundRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    total_weight: Value = None
    total_score: Value = None
    grade: str | None = None
    note: str | None = None  # a line where the indicator rows would be ("见各项目工作表")


class Gaps:
    """Missing values of one form: each becomes "（未填报）" and one warning."""

    def __init__(self, where: str) -> None:
        self.where = where  # "项目“X”：" on a workbook of several forms, else ""
        self.warnings: list[str] = []

    def need(self, value: str | Decimal | None, what: str) -> Value:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.warnings.append(f"{self.where}{what}未填报，表中填写“{MISSING}”")
            return MISSING
        return value

    def rate(self, value: Decimal | None, what: str) -> Value:
        return Pct(value) if value is not None else self.need(None, what)


@dataclass(frozen=True)
class CardIndex:
    """The score card's lines by the position of their row in the evaluation."""

    indicators: dict[int, ScoreLine]
    funds: dict[int, ScoreLine]
    groups: dict[int | None, GroupScore]
    card: ScoreCard | None

    @classmethod
    def of(cls, card: ScoreCard | None) -> CardIndex:
        if card is None:
            return cls({}, {}, {}, None)
        lines = card.lines
        return cls(
            {ln.position: ln for ln in lines if ln.kind is LineKind.INDICATOR},
            {ln.position: ln for ln in lines if ln.kind is LineKind.EXECUTION and ln.position >= 0},
            {g.group: g for g in card.groups},
            card,
        )

    def total(self, group: int | None) -> tuple[Decimal | None, str | None]:
        """The computed total and grade of a project, or of the whole document."""
        if group is None and self.card is not None:
            grade = self.card.grade
            return self.card.total, None if grade is None else grade.label
        found = self.groups.get(group)
        if found is None:
            return None, None
        return found.total, None if found.grade is None else found.grade.label


def _or_card(stated: Decimal | None, line: ScoreLine | None, attr: str) -> Decimal | None:
    if stated is not None or line is None:
        return stated
    value: Decimal | None = getattr(line, attr)
    return value


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (list numbers up to 99).

    >>> [chinese_number(n) for n in (1, 10, 12, 20, 21)]
    ['一', '十', '十二', '二十', '二十一']
    """
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else _NUMERALS[ones - 1])


def fund_labels(funds: list[Fund], layout: Layout) -> list[str]:
    """Row labels with the prefixes the parsers read levels from: a project form writes
    "其中：" before its first sub-row; a department form numbers (一)(二) and 1. 2."""
    out: list[str] = []
    subs = items = 0
    for f in funds:
        level = f.level if f.level is not None else (0 if not out else 1)
        if level == 0:
            out.append(f.name)
        elif level == 1:
            subs, items = subs + 1, 0
            if layout is Layout.PROJECT:
                out.append(("其中：" if subs == 1 else "") + f.name)
            else:
                out.append(f"（{chinese_number(subs)}）{f.name}")
        else:
            items += 1
            out.append(f"{items}.{f.name}")
    return out


def fund_row(
    f: Fund, label: str, line: ScoreLine | None, gaps: Gaps, layout: Layout, scored: bool
) -> FundRow:
    """A money row; ``scored``: the total row (R5.4: only it has 分值 and 得分)."""
    what = f"资金“{f.name}”的"
    weight = _or_card(f.weight, line, "weight")
    score = _or_card(f.score, line, "points")
    if f.rate_pct is None and f.total is not None and f.total == 0:
        rate: Value = "—"  # R5.5: a zero budget has no rate
    else:
        rate = gaps.rate(f.rate_pct, what + "执行率")
    if scored:
        weight_cell = gaps.need(weight, what + "分值") if layout is Layout.PROJECT else weight
        score_cell = gaps.need(score, what + "得分")
    else:  # R5.4: sub-rows show "/" unless the document scored them
        weight_cell = weight if weight is not None else "/"
        score_cell = score if score is not None else "/"
    return FundRow(
        label=label,
        initial=gaps.need(f.initial, what + "年初预算数"),
        total=gaps.need(f.total, what + "全年预算数"),
        executed=gaps.need(f.executed, what + "全年执行数"),
        weight=weight_cell,
        rate=rate,
        score=score_cell,
        reason=f.reason,
    )


def indicator_row(
    ind: Indicator, line: ScoreLine | None, gaps: Gaps, layout: Layout, n: int
) -> IndicatorRow:
    """Indicator row ``n`` (1-based) of the form."""
    what = f"指标“{ind.name}”的" if ind.level3 or ind.level2 else f"第{n}行指标的"
    need = gaps.need
    scored = layout is not Layout.TARGET
    weight = _or_card(ind.weight, line, "weight")
    score = _or_card(ind.score, line, "points")
    return IndicatorRow(
        level1=need(ind.level1, what + "一级指标"),
        level2=need(ind.level2, what + "二级指标"),
        level3=need(ind.level3, what + "三级指标"),
        target=need(ind.target, what + "年度指标值" if scored else what + "指标值"),
        actual=need(ind.actual, what + "实际完成值") if scored else None,
        unit=ind.unit,
        weight=need(weight, what + "分值") if scored else weight,
        completion=None if ind.completion_pct is None else Pct(ind.completion_pct),
        score=need(score, what + "得分") if scored else None,
        reason=ind.deviation_reason,
        description=None if scored else need(ind.description, what + "绩效指标描述"),
        basis=None if scored else need(ind.basis, what + "指标值确定依据"),
        keys=(ind.level1, ind.level2),
    )


def total_weight(form: Form) -> Decimal | None:
    """The 总分 row's 分值: the rows' weights plus the money block's (blank when one is
    missing)."""
    weights: list[Value] = [row.weight for row in form.indicators]
    weights += [row.weight for row in form.funds if row.weight != "/"]
    if not weights or not all(isinstance(w, Decimal) for w in weights):
        return None
    return sum((w for w in weights if isinstance(w, Decimal)), Decimal(0))
