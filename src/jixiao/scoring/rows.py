"""Scoring one indicator row: quantitative by direction (R3), qualitative by tier (R4).

A row that cannot be recomputed keeps its stated points (status ADOPTED, clamped to
[0, weight]) with the reason in ``note``; the note keys are explained in :mod:`explain`.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import Direction, IndicatorValue, ValueKind
from jixiao.model.numbers import MONEY_UNITS, ZERO
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.rules.values import FrameworkRow
from jixiao.scoring import methods
from jixiao.scoring.context import Context, bind
from jixiao.scoring.execution import execution_points, is_execution_indicator

_INDICATOR = LineKind.INDICATOR
_COMPUTED = LineStatus.COMPUTED
_PERCENT = frozenset({"%", "％", "百分比"})


def adopt(
    ind: Indicator, index: int, note: str, w: Decimal | None, a: Decimal | None = None
) -> ScoreLine:
    """The row cannot be recomputed: carry its stated points (within [0, weight])."""
    s = ind.score
    if s is None:
        return ScoreLine(_INDICATOR, index, ind, None, w, s, None, LineStatus.UNSCORED, None,
                         a=a, note=note)  # fmt: skip
    points = s if w is None else min(max(s, ZERO), w)
    return ScoreLine(_INDICATOR, index, ind, None, w, s, points, LineStatus.ADOPTED, None,
                     a=a, note=note)  # fmt: skip


def _common_unit(
    t: IndicatorValue, a: IndicatorValue, column: str | None
) -> tuple[Decimal, Decimal] | None:
    """Target and actual in one unit; ``None`` when they cannot be compared."""
    tu = t.unit or column
    au = a.unit or tu
    assert t.value is not None and a.value is not None
    if tu == au or (tu in _PERCENT and au in _PERCENT) or au is None or tu is None:
        return t.value, a.value
    if tu in MONEY_UNITS and au in MONEY_UNITS:
        return t.value * MONEY_UNITS[tu], a.value * MONEY_UNITS[au]
    return None


def framework_weight(ind: Indicator, ctx: Context) -> Decimal | None:
    """A department report that gives no weights (Hebei: "自评得分10分" only) takes the weight of
    its row in the rule set's framework (R10), matched by the second- or third-level name."""
    if not ctx.framework_weights:
        return None
    for name in (ind.level3, ind.level2):
        if name and (w := ctx.framework_weights.get(compact(name))) is not None:
            return w
    return None


def score_indicator(ind: Indicator, index: int, ctx: Context) -> ScoreLine:
    w = ind.weight if ind.weight is not None else framework_weight(ind, ctx)
    if w is None or w <= 0:
        return adopt(ind, index, "no_weight", w)
    if ctx.framework_rows and (fr := ctx.framework_row(ind.level3, ind.level2)) is not None:
        return _framework_method(ind, index, ctx, w, fr)
    t, a = ind.target_parsed, ind.actual_parsed
    if t.value is None and ctx.doc_rate is not None and is_execution_indicator(ind):
        return _execution_row(ind, index, ctx, w)
    if t.kind is ValueKind.QUALITATIVE or (
        t.kind is ValueKind.EMPTY and a.kind is ValueKind.QUALITATIVE and a.tier is not None
    ):
        return score_qualitative(ind, index, ctx, w)
    if t.kind is not ValueKind.QUANTITATIVE:
        return adopt(ind, index, "no_target", w)
    return _quantitative(ind, index, ctx, w)


def _quantitative(ind: Indicator, index: int, ctx: Context, w: Decimal) -> ScoreLine:
    """R3: by direction; a zero target has its own branch; amounts compared in 万元."""
    t, a = ind.target_parsed, ind.actual_parsed
    if a.value is None:
        return adopt(ind, index, "no_actual", w)
    pair = _common_unit(t, a, ind.unit)
    if pair is None:
        return adopt(ind, index, "unit_mismatch", w)
    tv, av = pair
    direction = t.comparator
    note = ""
    if direction is None:
        if ctx.params.missing_comparator.value == "unscored":
            return adopt(ind, index, "no_comparator", w, a=av)
        direction, note = Direction.EQ, "assumed_eq"
    if tv <= 0:
        return _zero_target(ind, index, ctx, w, av, tv, direction)
    fn, rule = ctx.by_direction[direction]
    reverse = direction is Direction.LE or direction is Direction.LT
    met = av <= tv if reverse else av >= tv
    points = fn(av, tv, w)
    if not reverse and met and ctx.params.over_achievement.mode == "deduct":
        points, note = _over_deduct(ind, w, av, tv, ctx, points, note)
    return ScoreLine(_INDICATOR, index, ind, rule.value.method, w, ind.score, ctx.q(points),
                     _COMPUTED, rule.ref, av, tv, met, note)  # fmt: skip


def _framework_method(
    ind: Indicator, index: int, ctx: Context, w: Decimal, fr: FrameworkRow
) -> ScoreLine:
    """A row the rule set's department framework scores by its own method (R10): budget
    accuracy by deduction per point, bands; share_in_band is finished by the engine, which
    sees the row's peers (R3.2, Sichuan ±30 %)."""
    assert fr.spec is not None and ctx.params.framework is not None
    ref = ctx.params.framework.ref
    method = fr.spec.method
    if method is Method.SHARE_IN_BAND:
        return ScoreLine(_INDICATOR, index, ind, method.value, w, ind.score, None,
                         LineStatus.UNSCORED, ref, note="share_in_band")  # fmt: skip
    a = ind.actual_parsed.value
    if a is None:
        return adopt(ind, index, "no_actual", w)
    t = ind.target_parsed.value if ind.target_parsed.value is not None else a
    points = bind(fr.spec)(a, t, w)
    return ScoreLine(_INDICATOR, index, ind, method.value, w, ind.score, ctx.q(points),
                     _COMPUTED, ref, a, t, points == w, "framework_method")  # fmt: skip


def _zero_target(
    ind: Indicator,
    index: int,
    ctx: Context,
    w: Decimal,
    av: Decimal,
    tv: Decimal,
    direction: Direction,
) -> ScoreLine:
    """Targets of 0 (结转结余变动率 ≤ 0 %): ratios would divide by zero (R3)."""
    rule = ctx.params.zero_target
    zero = ctx.params.zero
    reverse = direction is Direction.LE or direction is Direction.LT
    met = av <= tv if reverse or direction is Direction.EQ else av >= tv
    if met:
        points = w
    elif zero.on_exceed == "deduct_per_point" and zero.per_point is not None:
        points = max(w - zero.per_point * abs(av - tv), ZERO)
    else:
        points = ZERO
    return ScoreLine(_INDICATOR, index, ind, "zero_target", w, ind.score, ctx.q(points),
                     _COMPUTED, rule.ref, av, tv, met, "zero_target")  # fmt: skip


def _over_deduct(
    ind: Indicator, w: Decimal, av: Decimal, tv: Decimal, ctx: Context, points: Decimal, note: str
) -> tuple[Decimal, str]:
    """R3.2 ``deduct``: only when the stated reason says the target was set too low."""
    over = ctx.params.over_achievement
    theta = over.ratio or Decimal("1.3")
    reason = ind.deviation_reason or ""
    if av / tv >= theta and any(k in reason for k in over.reason_keywords):
        return max(w - w * min(Decimal(1), av / tv - theta), ZERO), "over_deducted"
    return points, note


def qualitative_tier(ind: Indicator) -> tuple[int | None, str]:
    """The tier of a qualitative result, and how it was read."""
    a = ind.actual_parsed
    if a.tier is not None:
        return a.tier, "tier_stated"
    target = compact(ind.target or "")
    if target and compact(ind.actual or "") == target:
        return 1, "tier_equals_target"
    return None, "tier_unknown"


def score_qualitative(ind: Indicator, index: int, ctx: Context, w: Decimal) -> ScoreLine:
    tier_no, how = qualitative_tier(ind)
    if tier_no is None:
        return adopt(ind, index, how, w)
    spec = ctx.params.qualitative
    tier = next(t for t in spec.tiers if t.tier == tier_no)
    rule = ctx.params.tiers
    stated = ind.score
    if spec.accept_stated_in_tier and stated is not None and methods.in_tier(stated, tier, w):
        points, note = stated, f"{how}:in_tier:{tier_no}"
    else:
        points = methods.tiers(tier, w, spec.proposed, spec.fraction, ctx.step)
        outcome = "proposed" if stated is None else "out_of_tier"
        note = f"{how}:{outcome}:{tier_no}"
    return ScoreLine(_INDICATOR, index, ind, Method.TIERS.value, w, stated, ctx.q(points),
                     _COMPUTED, rule.ref, None, None, tier_no == 1, note)  # fmt: skip


def _execution_row(ind: Indicator, index: int, ctx: Context, w: Decimal) -> ScoreLine:
    """An indicator row "预算执行率" without a numeric target: scored from the document's own
    money figures by the execution rule (R5.2), scaled to the row's weight."""
    assert ctx.doc_rate is not None
    executed, budget = ctx.doc_rate
    rule = ctx.params.execution
    points, rate = execution_points(executed, budget, w, ctx.params)
    if points is None:
        return adopt(ind, index, "zero_budget", w)
    met = rate is not None and rate >= 100  # noqa: PLR2004
    return ScoreLine(_INDICATOR, index, ind, rule.value.spec.method.value, w, ind.score,
                     ctx.q(points), _COMPUTED, rule.ref, executed, budget, met,
                     "execution_from_amounts")  # fmt: skip
