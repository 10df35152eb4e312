"""Scoring one indicator row: quantitative by direction (R3), qualitative by tier (R4).

The row was classified when it was read (``Indicator.inputs``); here only the rule set's
methods apply. A row that cannot be recomputed keeps its stated points (status ADOPTED,
clamped to [0, weight]) with the reason in ``note``; :mod:`explain` puts notes in words.
This runs for every row of a province's batch, so the common paths stay short.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import Direction
from jixiao.model.numbers import ZERO
from jixiao.model.row_input import RowInput, RowKind
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.rules.values import FrameworkRow
from jixiao.scoring import methods
from jixiao.scoring.context import Context, bind
from jixiao.scoring.execution import execution_points

DocRate = Callable[[], "tuple[Decimal, Decimal] | None"]  # the document's (executed, budget)
_INDICATOR: Final = LineKind.INDICATOR
QUANTITATIVE: Final = RowKind.QUANTITATIVE
_COMPUTED: Final = LineStatus.COMPUTED
_NEW: Final = tuple.__new__
_TIERS: Final = Method.TIERS.value
# "how the tier was read:what was done:tier" — built once, not per row
_NOTES: Final = {
    (how, what, tier): f"{how}:{what}:{tier}"
    for how in ("tier_stated", "tier_equals_target")
    for what in ("in_tier", "proposed", "out_of_tier")
    for tier in (1, 2, 3)
}
_ADOPT_KINDS: Final = {
    RowKind.NO_TARGET: "no_target",
    RowKind.NO_ACTUAL: "no_actual",
    RowKind.UNIT_MISMATCH: "unit_mismatch",
    RowKind.TIER_UNKNOWN: "tier_unknown",
}


def _no_rate() -> None:
    return None


def adopt(
    ind: Indicator, pos: int, note: str, w: Decimal | None, a: Decimal | None = None
) -> ScoreLine:
    """The row cannot be recomputed: carry its stated points (within [0, weight])."""
    s = ind.score
    if s is None:
        return ScoreLine(_INDICATOR, pos, ind, None, w, s, None, LineStatus.UNSCORED, None,
                         a=a, note=note)  # fmt: skip
    points = s if w is None else min(max(s, ZERO), w)
    return ScoreLine(_INDICATOR, pos, ind, None, w, s, points, LineStatus.ADOPTED, None,
                     a=a, note=note)  # fmt: skip


def framework_weight(ind: Indicator, ctx: Context) -> Decimal | None:
    """A department report that gives no weights (Hebei: "自评得分10分" only) takes the weight of
    its row in the rule set's framework (R10), matched by the second- or third-level name."""
    if not ctx.framework_weights:
        return None
    for name in (ind.level3, ind.level2):
        if name and (w := ctx.framework_weights.get(compact(name))) is not None:
            return w
    return None


def score_indicator(ind: Indicator, pos: int, ctx: Context, doc_rate: DocRate) -> ScoreLine:
    """One row by the rule set. Runs once per row of a batch: the usual row (its own positive
    weight, no framework method) goes straight to the handler of its kind."""
    w = ind.weight
    if w is None or w <= ZERO or ctx.framework_rows:
        return _unusual(ind, pos, ctx, doc_rate)
    inputs = ind.inputs
    return _BY_KIND[inputs[0]](ind, pos, ctx, w, inputs, doc_rate)


def _unusual(ind: Indicator, pos: int, ctx: Context, doc_rate: DocRate) -> ScoreLine:
    """A row without a weight of its own (take the framework's), or one the department
    framework scores by its own method."""
    w = ind.weight if ind.weight is not None else framework_weight(ind, ctx)
    if w is None or w <= ZERO:
        return adopt(ind, pos, "no_weight", w)
    if ctx.framework_rows and (fr := ctx.framework_row(ind.level3, ind.level2)) is not None:
        return _framework_method(ind, pos, ctx, w, fr)
    return _BY_KIND[ind.inputs.kind](ind, pos, ctx, w, ind.inputs, doc_rate)


def quantitative(
    ind: Indicator,
    pos: int,
    ctx: Context,
    w: Decimal | None = None,
    inputs: RowInput | None = None,
    doc_rate: DocRate | None = None,
    note: str = "",
) -> ScoreLine:
    """R3 by direction: full points when met, else the rule set's method for the direction.

    The engine calls this directly for quantitative rows with only (ind, pos, ctx): the row's
    own weight is then checked here, and a row without one goes the general way."""
    if w is None:
        w = ind.weight
        if w is None or w <= ZERO:
            return _unusual(ind, pos, ctx, doc_rate or _no_rate)
    if inputs is None:
        inputs = ind.inputs
    a, t = inputs[2], inputs[3]  # RowInput.a, .t by position: this runs a million times
    fn, ref, method, reverse, full_when_met = ctx.by_direction[inputs[1]]  # type: ignore[index]
    met = a <= t if reverse else a >= t  # type: ignore[operator]
    if not met or not full_when_met:
        points = fn(a, t, w)  # type: ignore[arg-type]
    elif reverse or not ctx.over_deduct:
        points = w
    else:
        points, note = _over_deduct(ind, w, a, t, ctx)  # type: ignore[arg-type]
    points = ctx.round_row(points, ctx.step)
    return _NEW(ScoreLine, (_INDICATOR, pos, ind, method, w, ind.score, points, _COMPUTED,
                            ref, a, t, met, note))  # fmt: skip


def _no_comparator(
    ind: Indicator, pos: int, ctx: Context, w: Decimal, inputs: RowInput, _doc_rate: object = None
) -> ScoreLine:
    """A number without ≥/≤/=: by the rule set, read as "=" (scored as ≥) or left unscored."""
    if ctx.params.missing_comparator.value == "unscored":
        return adopt(ind, pos, "no_comparator", w, a=inputs.a)
    assert inputs.a is not None and inputs.t is not None
    if inputs.t <= 0:
        return _zero_target(ind, pos, ctx, w, inputs._replace(direction=Direction.EQ))
    eq = inputs._replace(direction=Direction.EQ)
    return quantitative(ind, pos, ctx, w, eq, None, "assumed_eq")


def _framework_method(
    ind: Indicator, pos: int, ctx: Context, w: Decimal, fr: FrameworkRow
) -> ScoreLine:
    """A row the rule set's department framework scores by its own method (R10): budget
    accuracy by deduction per point, bands; share_in_band is finished by the engine, which
    sees the row's peers (R3.2, Sichuan ±30 %)."""
    assert fr.spec is not None and ctx.params.framework is not None
    ref = ctx.params.framework.ref
    method = fr.spec.method
    if method is Method.SHARE_IN_BAND:
        return ScoreLine(_INDICATOR, pos, ind, method.value, w, ind.score, None,
                         LineStatus.UNSCORED, ref, note="share_in_band")  # fmt: skip
    a = ind.actual_parsed.value
    if a is None:
        return adopt(ind, pos, "no_actual", w)
    t = ind.target_parsed.value if ind.target_parsed.value is not None else a
    points = bind(fr.spec)(a, t, w)
    return ScoreLine(_INDICATOR, pos, ind, method.value, w, ind.score, ctx.q(points),
                     _COMPUTED, ref, a, t, points == w, "framework_method")  # fmt: skip


def _zero_target(
    ind: Indicator, pos: int, ctx: Context, w: Decimal, inputs: RowInput, _doc_rate: object = None
) -> ScoreLine:
    """Targets of 0 (结转结余变动率 ≤ 0 %): ratios would divide by zero (R3)."""
    a, t, direction = inputs.a, inputs.t, inputs.direction
    assert a is not None and t is not None
    zero = ctx.params.zero
    met = a >= t if direction in (Direction.GE, Direction.GT) else a <= t
    if met:
        points = w
    elif zero.on_exceed == "deduct_per_point" and zero.per_point is not None:
        points = max(w - zero.per_point * abs(a - t), ZERO)
    else:
        points = ZERO
    return ScoreLine(_INDICATOR, pos, ind, "zero_target", w, ind.score, ctx.q(points),
                     _COMPUTED, ctx.params.zero_target.ref, a, t, met, "zero_target")  # fmt: skip


def _over_deduct(
    ind: Indicator, w: Decimal, a: Decimal, t: Decimal, ctx: Context
) -> tuple[Decimal, str]:
    """R3.2 ``deduct``: only when the stated reason says the target was set too low."""
    over = ctx.params.over_achievement
    theta = over.ratio or Decimal("1.3")
    reason = ind.deviation_reason or ""
    if a / t >= theta and any(k in reason for k in over.reason_keywords):
        return max(w - w * min(Decimal(1), a / t - theta), ZERO), "over_deducted"
    return w, ""


def qualitative(
    ind: Indicator, pos: int, ctx: Context, w: Decimal, inputs: RowInput, _doc_rate: object = None
) -> ScoreLine:
    """R4: a stated score inside its tier stands; otherwise the rule set's proposed score."""
    tier_no = inputs.tier
    assert tier_no is not None
    tier, low, high, inclusive = ctx.tiers[tier_no]
    how = "tier_equals_target" if inputs.tier_from_target else "tier_stated"
    stated = ind.score
    in_tier = stated is not None and (
        w * low <= stated <= w * high if inclusive else w * low <= stated < w * high
    )  # R4.1, as methods.in_tier, inlined: it runs for every qualitative row
    if ctx.accept_stated_in_tier and in_tier:
        points, note = stated, _NOTES[how, "in_tier", tier_no]
    else:
        spec = ctx.params.qualitative
        points = methods.tiers(tier, w, spec.proposed, spec.fraction, ctx.step)
        note = _NOTES[how, "proposed" if stated is None else "out_of_tier", tier_no]
    points = ctx.round_row(points, ctx.step)  # type: ignore[arg-type]
    return _NEW(ScoreLine, (_INDICATOR, pos, ind, _TIERS, w, stated, points, _COMPUTED,
                            ctx.tiers_ref, None, None, tier_no == 1, note))  # fmt: skip


def _execution_row(
    ind: Indicator,
    pos: int,
    ctx: Context,
    w: Decimal,
    _inputs: RowInput,
    doc_rate: DocRate,
) -> ScoreLine:
    """An indicator row "预算执行率" without a numeric target: scored from the document's own
    money figures by the execution rule (R5.2), scaled to the row's weight."""
    amounts = doc_rate()
    if amounts is None:
        return adopt(ind, pos, "no_amounts", w)
    executed, budget = amounts
    rule = ctx.params.execution
    points, rate = execution_points(executed, budget, w, ctx.params)
    if points is None:
        return adopt(ind, pos, "zero_budget", w)
    met = rate is not None and rate >= 100  # noqa: PLR2004
    return ScoreLine(_INDICATOR, pos, ind, rule.value.spec.method.value, w, ind.score,
                     ctx.q(points), _COMPUTED, rule.ref, executed, budget, met,
                     "execution_from_amounts")  # fmt: skip


RowHandler = Callable[..., ScoreLine]


def _adopter(note: str) -> RowHandler:
    def handler(
        ind: Indicator, pos: int, _ctx: Context, w: Decimal, _inputs: RowInput, _dr: object
    ) -> ScoreLine:
        return adopt(ind, pos, note, w)

    return handler


_BY_KIND: Final[dict[RowKind, RowHandler]] = {
    RowKind.QUANTITATIVE: quantitative,
    RowKind.QUALITATIVE: qualitative,
    RowKind.ZERO_TARGET: _zero_target,
    RowKind.NO_COMPARATOR: _no_comparator,
    RowKind.EXECUTION: _execution_row,
    **{kind: _adopter(note) for kind, note in _ADOPT_KINDS.items()},
}
