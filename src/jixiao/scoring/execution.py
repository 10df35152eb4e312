"""Budget execution (预算执行率, R5): rate = 全年执行数 / 全年预算数, scored by the rule set.

Only the money block's total row is scored (R5.4); a zero budget has no rate and no points
(R5.5). A document without a money table but with its budget and spending in the text (the
narrative reports) is scored from those two figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import Evaluation, Fund
from jixiao.model.numbers import HUNDRED, ZERO
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.scoring import methods
from jixiao.scoring.context import Context
from jixiao.scoring.params import ScoringParams

_NEW: Final = tuple.__new__
_EXECUTION: Final = LineKind.EXECUTION
_COMPUTED: Final = LineStatus.COMPUTED
TOTAL_ROW_NAMES: Final = (
    "年度资金总额",
    "资金总额",
    "合计",
    "总计",
    "预算资金总额",
    "项目资金总额",
)


def total_row(funds: Sequence[Fund]) -> tuple[int, Fund] | None:
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
    if budget <= ZERO:
        if ex.zero_budget == "unscored":
            return None, None
        return (w if ex.zero_budget == "full" else ZERO), None
    rate = executed / budget * HUNDRED
    spec = ex.spec
    if spec.method is Method.RATIO:
        return methods.rate_points(rate, w, spec.cap_pct), rate
    scale = w / ex.weight
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


def _ratio_line(position: int, fund: Fund, ctx: Context) -> ScoreLine | None:
    """The usual money block, scored the usual way (R5.2 ``ratio``): its first row is the
    total, with a positive budget and the amount executed. Anything else: ``None``."""
    executed = fund.executed
    budget = fund.total if ctx.execution_by_total else fund.initial
    if executed is None or budget is None or budget <= ZERO:
        return None
    w = fund.weight if fund.weight is not None and fund.weight > ZERO else ctx.execution_weight
    rate = executed / budget * HUNDRED
    cap = ctx.execution_ratio_cap
    assert cap is not None
    points = ctx.quantize(w * max(min(rate, cap), ZERO) / HUNDRED, ctx.step)
    return _NEW(ScoreLine, (_EXECUTION, position, fund, ctx.execution_method, w, fund.score,
                            points, _COMPUTED, ctx.execution_ref, executed, budget,
                            rate >= HUNDRED, "execution"))  # fmt: skip


def execution_line(
    positions: Sequence[int],
    funds: Sequence[Fund],
    ev: Evaluation,
    ctx: Context,
    whole_document: bool,
) -> ScoreLine | None:
    """The execution line of one group: its total money row (or the document's figures)."""
    if funds and funds[0].level == 0 and ctx.execution_ratio_cap is not None:
        fast = _ratio_line(positions[0], funds[0], ctx)
        if fast is not None:
            return fast
    p = ctx.params
    found = total_row(funds)
    rule = p.execution
    if found is not None:
        pos, fund = found
        index = positions[pos]
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
    rounded = ctx.quantize(points, ctx.step)
    return _NEW(
        ScoreLine,
        (
            _EXECUTION,
            index,
            fund,
            rule.value.spec.method.value,
            w,
            fund.score,
            rounded,
            _COMPUTED,
            rule.ref,
            fund.executed,
            budget,
            met,
            "execution",
        ),
    )
