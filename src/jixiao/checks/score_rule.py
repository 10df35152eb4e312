"""score_rule: a row's points that the rule set cannot give (R3, R4).

Checks never score on their own: the expected points come from the score card (``Method(a, t,
w)`` of checks.md §0), so a check and ``jixiao score`` cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.findings import Category, Severity
from jixiao.model.scorecard import LineStatus

TOLERANCE = Decimal("0.01")  # scores and weights agree within 0.01 (checks.md §0)


@check(
    "SCORE_FULL_BELOW_TARGET", Category.SCORE_RULE, Severity.ERROR,
    title="未达到目标却得满分", rule="R3",
    why="定量指标未达到目标（正向实际值低于目标、反向实际值高于目标），却填了满分。"
    "按规则集的计分方法（未完成按完成值与指标值的比例计分，R3）复算该行，"
    "复算得分低于满分时报告，并给出应得分。",
)  # fmt: skip
def full_marks_below_target(inp: CheckInput) -> Iterator[Hit]:
    """A quantitative row missed its target yet states full marks; expected points from the
    score card. Execution rows scored from the amounts belong to the execution checks."""
    for _, ind, line in inp.indicators():
        if line is None or line.status is not LineStatus.COMPUTED or line.met_target is not False:
            continue
        if line.method == "tiers" or line.note == "execution_from_amounts":
            continue
        if line.weight is None or ind.score is None:
            continue
        w, expected = line.weight, line.points
        if expected is None or ind.score < w - TOLERANCE or expected >= w - TOLERANCE:
            continue
        loc = ind.location.at("score") if ind.location else None
        yield hit(
            f"指标“{ind.name}”实际完成{ind.actual}，未达到目标{ind.target}，却得满分{ind.score}分"
            f"（按规则应得{expected}分）",
            loc,
            line.rule,
            target=ind.target, actual=ind.actual, weight=w, score=ind.score, expected=expected,
        )  # fmt: skip
