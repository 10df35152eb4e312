"""Helpers of the score_rule, grade and weights checks: tolerances, rounding that a document may
have used, the points every variant of the rule set's method gives, grade labels by rank.

Checks never score on their own: the points here come from the rule set's own methods
(:func:`jixiao.scoring.context.bind`) applied to the inputs the score card already holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Final

from jixiao.checks.spec import CheckInput
from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import Direction
from jixiao.model.location import Location
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.rules.values import MethodSpec
from jixiao.scoring.context import bind

TOLERANCE: Final = Decimal("0.01")  # scores and weights agree within 0.01 (checks.md §0)
_TWO_PLACES: Final = 2
_GRADE_SUFFIX: Final = re.compile(r"[”\"']?(?:等级|等次|级)$")
# the parameter that scores each direction (rules data, scoring.yaml)
_PATHS: Final[dict[Direction, str]] = {
    Direction.GE: "scoring.positive_scoring",
    Direction.GT: "scoring.positive_scoring",
    Direction.LE: "scoring.reverse_scoring",
    Direction.LT: "scoring.reverse_scoring",
    Direction.EQ: "scoring.equal_scoring",
}
# grade labels by rank: national (R6.2) and Hebei (R11) name the same four grades differently
LABEL_SETS: Final[tuple[tuple[str, ...], ...]] = (
    ("优", "良", "中", "差"),
    ("优秀", "良好", "一般", "较差"),
)


def score_location(ind: Indicator, field: str = "score") -> Location | None:
    return ind.location.at(field) if ind.location else None


def plain_quantitative(line: ScoreLine) -> bool:
    """A quantitative indicator row scored by its direction's method (R3): not a tier, not a
    zero target, not a row without comparator, not execution scored from the amounts, not a
    framework method."""
    return (
        line.kind is LineKind.INDICATOR
        and line.status is LineStatus.COMPUTED
        and line.method != "tiers"
        and line.note in ("", "over_deducted")
        and line.a is not None
        and line.t is not None
        and line.t > 0
        and line.weight is not None
        and line.weight > 0
        and isinstance(line.row, Indicator)
        and line.row.inputs.direction in _PATHS
    )


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def written_as(stated: Decimal, raw: Decimal) -> bool:
    """Whether ``stated`` is ``raw`` as a document may have written it: within 0.01, or rounded
    (half-up, down or up) to the places the document used (9.684 → 9.68, 9.7, 9)."""
    if abs(stated - raw) <= TOLERANCE:
        return True
    places = _decimals(stated)
    if places >= _TWO_PLACES:
        return False
    step = Decimal(1).scaleb(-places)
    return any(
        raw.quantize(step, rounding=mode) == stated
        for mode in (ROUND_HALF_UP, ROUND_FLOOR, ROUND_CEILING)
    )


def _specs(inp: CheckInput, path: str) -> Iterator[MethodSpec]:
    """The method in force for ``path`` and every variant the rule set lists (§6.7)."""
    found = inp.ruleset.lookup(path, inp.ev.fiscal_year)
    if found is not None and isinstance(found.value, MethodSpec):
        yield found.value
    for rs in inp.ruleset.chain():
        data = rs.params.get(path)
        if data is None:
            continue
        for variant in data.param.variants.values():
            if isinstance(variant.value, MethodSpec):
                yield variant.value


def variant_points(inp: CheckInput, line: ScoreLine) -> list[Decimal]:
    """Unrounded points of the row by every method the rule set allows for its direction: the
    one in force first, then its variants (a reverse row: reverse_linear and reverse_ratio)."""
    row = line.row
    if not isinstance(row, Indicator) or line.a is None or line.t is None or line.weight is None:
        return []
    path = _PATHS.get(row.inputs.direction)  # type: ignore[arg-type]
    if path is None:
        return []
    out: list[Decimal] = []
    for spec in _specs(inp, path):
        with suppress(ArithmeticError, ValueError):
            points = bind(spec)(line.a, line.t, line.weight)
            if points not in out:
                out.append(points)
    return out


def two_places(value: Decimal) -> Decimal:
    return value.quantize(TOLERANCE, rounding=ROUND_HALF_UP)


def grade_label(label: str) -> str:
    """A grade as written, without quotes and a trailing 等级 / 等次 / 级 ("优秀等次" → 优秀).

    >>> grade_label("“良好”等级"), grade_label(" 优 ")
    ('良好', '优')
    """
    return _GRADE_SUFFIX.sub("", label.strip().strip("“”\"'"))


def grade_rank(label: str, own: tuple[str, ...]) -> int | None:
    """The rank of a grade label (0 = top): in the rule set's own labels, else in the other
    known label set (优 ↔ 优秀). ``None`` for a label no set knows."""
    label = grade_label(label)
    if label in own:
        return own.index(label)
    for labels in LABEL_SETS:
        if label in labels:
            return labels.index(label)
    return None


def same_grade(stated: str, band: str, own: tuple[str, ...]) -> bool | None:
    """Whether two labels name one grade (by rank across label sets); ``None`` when the stated
    label is not a grade label at all (then a check says nothing)."""
    if grade_label(stated) == band:
        return True
    stated_rank, band_rank = grade_rank(stated, own), grade_rank(band, own)
    if stated_rank is None or band_rank is None:
        return None
    return stated_rank == band_rank
