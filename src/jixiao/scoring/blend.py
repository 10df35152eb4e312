"""The re-score's result (随机复核, rules.md R6.4 and §6 #15 ``review_blend``): the review total
where the rule set does not blend (the national set), else the rule set's weighted sum of the
self-score and the review score, rounded to 2 places half-up, with the sum in words.

>>> from decimal import Decimal as D
>>> from jixiao.rules.values import ReviewBlend
>>> fasp = ReviewBlend(self_share=D("0.4"), review_share=D("0.6"))
>>> blend(D("86.82"), D("94.26"), fasp)  # 34.728 + 56.556 = 91.284
(Decimal('91.28'), '自评86.82×0.4 + 复核94.26×0.6 = 34.728 + 56.556 = 91.284，保留两位小数为91.28')
>>> blend(D("95"), D("80"), None)
(Decimal('80.00'), '全国规则未规定加权，复核分即为结果')
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from jixiao.model.numbers import fmt, round_points
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import ReviewBlend
from jixiao.scoring.grade import band_of
from jixiao.scoring.grade import blend as weighted
from jixiao.scoring.params import params_for

BLEND_PATH: Final = "review.review_blend"
MEAN_OF_GROUPS: Final = "mean_of_groups"  # the card's total method for task-block forms (R10)
NO_BLEND: Final = "全国规则未规定加权，复核分即为结果"
NO_SELF: Final = "自评总分缺失，无法加权，复核分即为结果"


def blend(
    self_total: Decimal | None, review_total: Decimal, weights: ReviewBlend | None
) -> tuple[Decimal, str]:
    """The final score of a re-scored record and how it was reached (see the module doc)."""
    review = round_points(review_total)
    if weights is None:
        return review, NO_BLEND
    if self_total is None:
        return review, NO_SELF
    s, r = weights.self_share, weights.review_share
    exact = weighted(self_total, review, weights)
    final = round_points(exact)
    text = (
        f"自评{fmt(self_total)}×{fmt(s)} + 复核{fmt(review)}×{fmt(r)} = "
        f"{fmt(self_total * s)} + {fmt(review * r)} = {fmt(exact)}"
    )
    if exact != final:
        text += f"，保留两位小数为{fmt(final)}"
    return final, text


def blend_of(rs: RuleSet, fiscal_year: int | None) -> ReviewBlend | None:
    """The rule set's ``review_blend`` for the year (None: the review score stands)."""
    found = rs.value(BLEND_PATH, fiscal_year)
    return found if isinstance(found, ReviewBlend) else None


def grade_of_final(final: Decimal, rs: RuleSet, fiscal_year: int | None) -> str:
    """The blended score's grade under the rule set's bands (R6.4: "the same bands")."""
    return band_of(final, params_for(rs, fiscal_year).grade_bands)


def review_total(points: Sequence[tuple[int, Decimal]], total_method: str) -> Decimal:
    """The re-score's total from (group, points) rows, taken as the recomputed total is: the
    sum (2 places, half-up), or for a department form scored as the mean of its task blocks
    (R10) the mean of each block's sum.

    >>> review_total([(0, Decimal("9.5")), (0, Decimal("10")), (1, Decimal("8"))], "sum")
    Decimal('27.50')
    >>> review_total([(0, Decimal("90")), (0, Decimal("5")), (1, Decimal("80"))], MEAN_OF_GROUPS)
    Decimal('87.50')
    """
    if total_method != MEAN_OF_GROUPS:
        return round_points(sum((p for _, p in points), Decimal(0)))
    sums: dict[int, Decimal] = {}
    for group, p in points:
        sums[group] = sums.get(group, Decimal(0)) + p
    return round_points(sum(sums.values(), Decimal(0)) / len(sums)) if sums else Decimal(0)
