"""The per-run context of the engine: the rule set's methods bound to their numbers, once.

A row then costs one dictionary look-up and one call, whatever the rule set says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from jixiao.model.indicator_value import Direction
from jixiao.model.numbers import ROUNDING_MODES
from jixiao.model.text import compact
from jixiao.rules.methods import Method
from jixiao.rules.values import FrameworkRow, MethodSpec, Rounding
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


@dataclass(frozen=True)
class Context:
    params: ScoringParams
    step: Decimal
    rounding_mode: str
    round_rows: bool
    by_direction: dict[Direction, tuple[RowMethod, Rule]]
    doc_rate: tuple[Decimal, Decimal] | None  # (executed, denominator) of the whole document
    framework_weights: dict[str, Decimal]  # compact row name → weight, for rows that give none
    framework_rows: dict[str, FrameworkRow]  # compact row name → a framework row with a method

    def q(self, value: Decimal) -> Decimal:
        """Round a row's points when the rule set rounds per row."""
        if not self.round_rows:
            return value
        return value.quantize(self.step, rounding=self.rounding_mode)

    def q_total(self, value: Decimal) -> Decimal:
        return value.quantize(self.step, rounding=self.rounding_mode)

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
    return {compact(row.name): row.weight for b in fw.blocks for row in b.rows if row.weight}


def _framework_rows(p: ScoringParams) -> dict[str, FrameworkRow]:
    fw = p.department_framework
    if fw is None:
        return {}
    return {compact(row.name): row for b in fw.blocks for row in b.rows if row.spec is not None}


def make_context(
    p: ScoringParams, doc_rate: tuple[Decimal, Decimal] | None, department: bool
) -> Context:
    r: Rounding = p.rounding.value
    positive = (bind(p.spec("positive")), p.positive)
    reverse = (bind(p.spec("reverse")), p.reverse)
    equal = (bind(p.spec("equal")), p.equal)
    return Context(
        params=p,
        step=p.step,
        rounding_mode=ROUNDING_MODES[r.mode],
        round_rows=r.at == "row",
        by_direction={
            Direction.GE: positive,
            Direction.GT: positive,
            Direction.LE: reverse,
            Direction.LT: reverse,
            Direction.EQ: equal,
        },
        doc_rate=doc_rate,
        framework_weights=_framework_weights(p) if department else {},
        framework_rows=_framework_rows(p) if department else {},
    )
