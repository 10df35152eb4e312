"""The bureau's review queue for stored records: a record's risk points and the reasons behind
them, in words.

points = 3 × errors + 1 × warnings + 0.25 × infos (the weights the batch review queue of
:mod:`jixiao.analysis.risk` uses too), over the findings a reviewer has not marked 误报, plus
the points of the record's patterns:

- ``SELF_ABOVE_COMPUTED`` (3): the self-score is at least 3 points above the rule set's total;
- ``HIGH_SELF_LOW_EXEC`` (3): a self-score of 90 or more with budget execution below 80 %;
- ``ALL_FULL_MARKS`` (2): every scored indicator row (at least three) claims its full weight.

>>> from decimal import Decimal as D
>>> patterns(D("99"), D("93.01"), D("57.9"), full_marks=False)
('SELF_ABOVE_COMPUTED', 'HIGH_SELF_LOW_EXEC')
>>> risk_points([Severity.ERROR, Severity.WARNING], ("SELF_ABOVE_COMPUTED",))
Decimal('7')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

from jixiao.model.findings import Severity
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import LineKind, LineStatus, ScoreCard

WEIGHTS: Final = {Severity.ERROR: Decimal(3), Severity.WARNING: Decimal(1),
                  Severity.INFO: Decimal("0.25")}  # fmt: skip
PATTERN_POINTS: Final = {
    "SELF_ABOVE_COMPUTED": Decimal(3),
    "HIGH_SELF_LOW_EXEC": Decimal(3),
    "ALL_FULL_MARKS": Decimal(2),
}
SELF_ABOVE_BY: Final = Decimal(3)
HIGH_SELF: Final = Decimal(90)
LOW_EXEC_PCT: Final = Decimal(80)
MIN_ROWS_FOR_PATTERN: Final = 3


def full_marks(card: ScoreCard) -> bool:
    """Every indicator row with a weight states its full weight (and there are at least 3)."""
    rows = [
        line for line in card.lines
        if line.kind is LineKind.INDICATOR and line.weight
        and line.status is not LineStatus.UNSCORED
    ]  # fmt: skip
    if len(rows) < MIN_ROWS_FOR_PATTERN:
        return False
    return all(line.stated is not None and line.stated == line.weight for line in rows)


def patterns(
    stated: Decimal | None, computed: Decimal | None, execution_pct: Decimal | None,
    *, full_marks: bool,
) -> tuple[str, ...]:  # fmt: skip
    """The risk patterns of a record, from its self-score, recomputed total and execution."""
    found: list[str] = []
    if stated is not None and computed is not None and stated - computed >= SELF_ABOVE_BY:
        found.append("SELF_ABOVE_COMPUTED")
    if (stated is not None and stated >= HIGH_SELF and execution_pct is not None
            and execution_pct < LOW_EXEC_PCT):  # fmt: skip
        found.append("HIGH_SELF_LOW_EXEC")
    if full_marks:
        found.append("ALL_FULL_MARKS")
    return tuple(found)


def risk_points(severities: Iterable[Severity], flags: Sequence[str]) -> Decimal:
    """The queue's points: the findings still standing, and the patterns."""
    total = sum((WEIGHTS[s] for s in severities), Decimal(0))
    return total + sum((PATTERN_POINTS.get(f, Decimal(0)) for f in flags), Decimal(0))


def _plain(value: Decimal | None) -> Decimal | None:
    """100.00 → 100, 57.90 → 57.9 (the stored columns keep two places)."""
    return None if value is None else value.normalize()


def reasons(
    flags: Sequence[str], severities: Counter[Severity], top_codes: Sequence[str],
    stated: Decimal | None, computed: Decimal | None, execution_pct: Decimal | None,
) -> list[str]:  # fmt: skip
    """Why a record is where it is in the queue, in words, most serious first."""
    out: list[str] = []
    stated, computed, execution_pct = _plain(stated), _plain(computed), _plain(execution_pct)
    if "SELF_ABOVE_COMPUTED" in flags and stated is not None and computed is not None:
        gap = fmt(stated - computed)
        out.append(f"自评{fmt(stated)}分，按规则复算{fmt(computed)}分，高出{gap}分")
    if "HIGH_SELF_LOW_EXEC" in flags and stated is not None and execution_pct is not None:
        out.append(f"自评{fmt(stated)}分，而预算执行率仅{fmt(execution_pct)}%")
    if "ALL_FULL_MARKS" in flags:
        out.append("全部指标自评满分")
    if severities[Severity.ERROR]:
        codes = f"（{'、'.join(top_codes)}）" if top_codes else ""
        out.append(f"{severities[Severity.ERROR]}个错误{codes}")
    if severities[Severity.WARNING]:
        out.append(f"{severities[Severity.WARNING]}个警告")
    return out
