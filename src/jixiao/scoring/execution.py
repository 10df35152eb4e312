"""Budget execution (预算执行率, R5): rate = 全年执行数 / 全年预算数, scored by the rule set.

Only the money block's total row is scored (R5.4); a zero budget has no rate and no points
(R5.5). A document without a money table but with its budget and spending in the text (the
narrative reports) is scored from those two figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import Evaluation, Fund, Indicator
from jixiao.model.numbers import HUNDRED, ROUNDING_MODES
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.scoring import methods
from jixiao.scoring.params import ScoringParams

TOTAL_ROW_NAMES: Final = (
    "年度资金总额",
    "资金总额",
    "合计",
    "总计",
    "预算资金总额",
    "项目资金总额",
)
_EXECUTION_WORDS: Final = ("预算执行率", "预算执行情况", "资金执行率", "支出执行率")
_PART_WORDS: Final = ("项目支出", "基本支出", "人员", "公用")


def is_execution_indicator(ind: Indicator) -> bool:
    """An indicator row that measures the whole budget's execution ("预算执行率指标")."""
    name = compact(f"{ind.level2 or ''}{ind.level3 or ''}")
    return any(w in name for w in _EXECUTION_WORDS) and not any(p in name for p in _PART_WORDS)


def total_row(funds: tuple[Fund, ...]) -> tuple[int, Fund] | None:
    """The scored row of a money block: level 0, else a total by name, else a lone row."""
    for i, f in enumerate(funds):
        if f.level == 0:
            return i, f
    for i, f in enumerate(funds):
        if compact(f.name) in TOTAL_ROW_NAMES:
            return i, f
    if len(funds) == 1:
        return 0, funds[0]
    return None


def denominator(fund: Fund, p: ScoringParams) -> Decimal | None:
    return fund.total if p.execution_scoring.denominator == "total" else fund.initial


def document_rate(ev: Evaluation, p: ScoringParams) -> tuple[Decimal, Decimal] | None:
    """(executed, budget) of the whole document: its total money row, else its stated figures."""
    found = total_row(tuple(f for f in ev.funds if f.group is None))
    if found is not None:
        fund = found[1]
        budget = denominator(fund, p)
        if fund.executed is not None and budget is not None:
            return fund.executed, budget
    budget = (
        ev.budget_total_wan
        if p.execution_scoring.denominator == "total"
        else (ev.budget_initial_wan)
    )
    if budget is None and p.execution_scoring.denominator == "total":
        budget = ev.budget_initial_wan  # a single budget figure: use it (checks.md §0)
    if ev.executed_total_wan is None or budget is None:
        return None
    return ev.executed_total_wan, budget


def execution_points(
    executed: Decimal, budget: Decimal, w: Decimal, p: ScoringParams
) -> tuple[Decimal | None, Decimal | None]:
    """(points, rate %) for weight ``w``; points ``None`` for a zero budget left unscored."""
    ex = p.execution_scoring
    if budget <= 0:
        if ex.zero_budget == "unscored":
            return None, None
        return (w if ex.zero_budget == "full" else Decimal(0)), None
    rate = executed / budget * HUNDRED
    spec = ex.spec
    scale = w / ex.weight
    if spec.method is Method.RATIO:
        return methods.rate_points(rate, w, spec.cap_pct), rate
    if spec.method is Method.BANDS:
        return methods.bands(rate, spec.bands or ()) * scale, rate
    if spec.method is Method.DEDUCT_PER_POINT:
        per_point = (
            spec.per_point
            if spec.per_point is not None
            else (ex.weight * (spec.per_point_share or 0))
        )
        threshold = spec.threshold if spec.threshold is not None else HUNDRED
        raw = methods.deduct_per_point(rate, ex.weight, threshold, spec.side or "below", per_point)
        return raw * scale, rate
    raise ValueError(f"{spec.method.value} is not an execution method")  # schema forbids


def execution_line(
    funds: tuple[tuple[int, Fund], ...], ev: Evaluation, p: ScoringParams, whole_document: bool
) -> ScoreLine | None:
    """The execution line of one group: its total money row (or the document's figures)."""
    found = total_row(tuple(f for _, f in funds))
    rule = p.execution
    if found is not None:
        pos, fund = found
        index = funds[pos][0]
    elif (
        whole_document
        and ev.executed_total_wan is not None
        and (ev.budget_total_wan is not None or ev.budget_initial_wan is not None)
    ):
        index = -1
        fund = Fund(name="预算执行率", initial=ev.budget_initial_wan, total=ev.budget_total_wan,
                    executed=ev.executed_total_wan, rate_pct=ev.execution_rate_pct)  # fmt: skip
    else:
        return None
    w = fund.weight if fund.weight is not None and fund.weight > 0 else p.execution_scoring.weight
    budget = denominator(fund, p)
    if budget is None and index == -1:
        budget = fund.initial
    if fund.executed is None or budget is None:
        status = LineStatus.UNSCORED if fund.score is None else LineStatus.ADOPTED
        points = None if fund.score is None else min(fund.score, w)
        return ScoreLine(LineKind.EXECUTION, index, fund, None, w, fund.score, points, status,
                         rule.ref, note="no_amounts")  # fmt: skip
    points, rate = execution_points(fund.executed, budget, w, p)
    if points is None:
        return ScoreLine(LineKind.EXECUTION, index, fund, None, w, fund.score, None,
                         LineStatus.UNSCORED, rule.ref, fund.executed, budget, None,
                         "zero_budget")  # fmt: skip
    met = rate is not None and rate >= HUNDRED
    rounded = points.quantize(p.step, rounding=ROUNDING_MODES[p.rounding.value.mode])
    return ScoreLine(LineKind.EXECUTION, index, fund, rule.value.spec.method.value, w, fund.score,
                     rounded, LineStatus.COMPUTED, rule.ref, fund.executed, budget, met,
                     "execution")  # fmt: skip
