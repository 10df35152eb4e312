"""The per-run context of the engine: the rule set's methods bound to their numbers, once.

A row then costs one dictionary look-up and one call, whatever the rule set says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Context as DecimalContext
from decimal import Decimal
from functools import lru_cache, partial

from jixiao.model.indicator_value import Direction
from jixiao.model.numbers import HUNDRED, ROUNDING_MODES, SCORING_DIGITS
from jixiao.model.scorecard import RuleRef
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.rules.values import FrameworkRow, MethodSpec, Rounding, Tier
from jixiao.scoring import methods
from jixiao.scoring.params import Rule, ScoringParams

RowMethod = Callable[[Decimal, Decimal, Decimal], Decimal]


def bind(spec: MethodSpec) -> RowMethod:
    """A method with its numbers, as ``f(a, t, w)`` for an indicator row."""
    m = spec.method
    if m is Method.RATIO:
        return methods.ratio
    if m is Method.REVERSE_LINEAR:
        assert spec.zero_at is not None  # the schema requires it
        return partial(_reverse_linear, zero_at=spec.zero_at)
    if m is Method.REVERSE_RATIO:
        return methods.reverse_ratio
    if m is Method.SYMMETRIC:
        return methods.symmetric
    if m is Method.DEDUCT_PER_POINT:
        return partial(_deduct, spec=spec)
    if m is Method.BANDS:
        return partial(_bands, spec=spec)
    raise ValueError(f"{m.value} cannot score a single indicator row")


def _reverse_linear(a: Decimal, t: Decimal, w: Decimal, zero_at: Decimal) -> Decimal:
    return methods.reverse_linear(a, t, w, zero_at)


def _deduct(a: Decimal, t: Decimal, w: Decimal, spec: MethodSpec) -> Decimal:
    """On an indicator row the threshold is the rule's (or the target when none is given)."""
    per_point = spec.per_point if spec.per_point is not None else w * (spec.per_point_share or 0)
    threshold = spec.threshold if spec.threshold is not None else t
    return methods.deduct_per_point(a, w, threshold, spec.side or "below", per_point)


def _bands(a: Decimal, t: Decimal, w: Decimal, spec: MethodSpec) -> Decimal:
    del t, w
    return methods.bands(a, spec.bands or ())


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """One rule set's methods, bound once for a fiscal year and a kind of document."""

    params: ScoringParams
    step: Decimal
    quantize: Callable[[Decimal, Decimal], Decimal]  # rounds with the rule set's mode
    round_row: Callable[[Decimal, Decimal], Decimal]  # the same, or nothing when rounding at end
    # direction → (method, rule reference, method name, reverse?, full marks whenever met?)
    by_direction: dict[Direction, tuple[RowMethod, RuleRef, str, bool, bool]]
    over_deduct: bool  # R3.2 "deduct" variant in force
    tiers: dict[int, tuple[Tier, Decimal, Decimal, bool]]  # tier → (tier, low, high, high incl.)
    accept_stated_in_tier: bool
    framework_weights: dict[str, Decimal]  # compact row name → weight, for rows that give none
    framework_rows: dict[str, FrameworkRow]  # compact row name → a framework row with a method
    # the execution rule, unpacked once: method name, its reference, default weight, and the
    # cap of the ``ratio`` method (None when the method is another one)
    execution_method: str
    execution_ref: RuleRef
    execution_weight: Decimal
    execution_ratio_cap: Decimal | None
    execution_by_total: bool  # denominator 全年预算数 (else 年初预算数)
    tiers_ref: RuleRef

    def q(self, value: Decimal) -> Decimal:
        """Round a row's points when the rule set rounds per row."""
        return self.round_row(value, self.step)

    def q_total(self, value: Decimal) -> Decimal:
        return self.quantize(value, self.step)

    def framework_row(self, *names: str | None) -> FrameworkRow | None:
        """The framework row (with its own method) a document row stands for, by name."""
        for name in names:
            if name and (row := self.framework_rows.get(compact(name))) is not None:
                return row
        return None


def _framework_weights(p: ScoringParams) -> dict[str, Decimal]:
    fw = p.department_framework
    if fw is None:
        return {}
    return {
        compact(name): row.weight
        for b in fw.blocks
        for row in b.rows
        if row.weight
        for name in (row.name, *row.aliases)
    }


def _framework_rows(p: ScoringParams) -> dict[str, FrameworkRow]:
    fw = p.department_framework
    if fw is None:
        return {}
    return {
        compact(name): row
        for b in fw.blocks
        for row in b.rows
        if row.spec is not None
        for name in (row.name, *row.aliases)
    }


_FULL_WHEN_MET = frozenset({Method.RATIO, Method.REVERSE_LINEAR, Method.REVERSE_RATIO})


def _entry(
    p: ScoringParams, which: str, reverse: bool
) -> tuple[RowMethod, RuleRef, str, bool, bool]:
    spec = p.spec(which)
    full = spec.method in _FULL_WHEN_MET  # symmetric docks over-achievement too
    rule: Rule = getattr(p, which)
    return bind(spec), rule.ref, spec.method.value, reverse, full


def _unrounded(value: Decimal, _step: Decimal) -> Decimal:
    return value


@lru_cache(maxsize=512)
def make_context(p: ScoringParams, department: bool) -> Context:
    """The context for one rule set and year; department documents also get its framework."""
    r: Rounding = p.rounding.value
    ex = p.execution_scoring
    decimal_context = DecimalContext(prec=SCORING_DIGITS, rounding=ROUNDING_MODES[r.mode])
    positive, reverse, equal = (
        _entry(p, "positive", False), _entry(p, "reverse", True), _entry(p, "equal", False)
    )  # fmt: skip
    return Context(
        params=p,
        step=p.step,
        quantize=decimal_context.quantize,
        round_row=decimal_context.quantize if r.at == "row" else _unrounded,
        by_direction={
            Direction.GE: positive,
            Direction.GT: positive,
            Direction.LE: reverse,
            Direction.LT: reverse,
            Direction.EQ: equal,
        },
        over_deduct=p.over_achievement.mode == "deduct",
        tiers={t.tier: (t, t.min_share, t.max_share, t.max_inclusive) for t in p.qualitative.tiers},
        accept_stated_in_tier=p.qualitative.accept_stated_in_tier,
        framework_weights=_framework_weights(p) if department else {},
        framework_rows=_framework_rows(p) if department else {},
        execution_method=ex.spec.method.value,
        execution_ref=p.execution.ref,
        execution_weight=ex.weight,
        execution_ratio_cap=(ex.spec.cap_pct or HUNDRED)
        if ex.spec.method is Method.RATIO
        else None,
        execution_by_total=ex.denominator == "total",
        tiers_ref=p.tiers.ref,
    )
