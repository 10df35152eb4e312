"""Grades from bands (R6.2, R11), the re-review blend (R6.4) and monitoring lights (R5.7)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from jixiao.model.scorecard import Grade
from jixiao.rules.values import Band, Monitoring, ReviewBlend
from jixiao.scoring.params import ScoringParams


def band_of(score: Decimal, bands: tuple[Band, ...]) -> str:
    """The label of the first band whose lower bound (inclusive, R6.3) the score reaches.

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import Band
    >>> national = (Band(min=D(90), grade="优"), Band(min=D(80), grade="良"),
    ...             Band(min=D(60), grade="中"), Band(min=D(0), grade="差"))
    >>> [band_of(D(x), national) for x in ("90", "89.99", "80", "79.99", "60", "59.99")]
    ['优', '良', '良', '中', '中', '差']
    """
    for band in bands:
        if score >= band.min:
            return band.grade
    return bands[-1].grade


def grade_of(score: Decimal, p: ScoringParams) -> Grade:
    return Grade(band_of(score, p.grade_bands), p.bands.ref)


def blend(self_score: Decimal, review_score: Decimal, weights: ReviewBlend | None) -> Decimal:
    """随机复核 (R6.4): ``self × s + review × r`` where the rule set blends, else the review.

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import ReviewBlend
    >>> blend(D(95), D(80), ReviewBlend(self_share=D("0.4"), review_share=D("0.6")))  # §7 #18
    Decimal('86.0')
    """
    if weights is None:
        return review_score
    return self_score * weights.self_share + review_score * weights.review_share


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def monitoring_light(
    rate_pct: Decimal, month: int, thresholds: Monitoring
) -> tuple[Decimal, Light]:
    """运行监控 (R5.7): value = 执行率 / (month / 12) × 100, coloured by the thresholds.

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import Monitoring
    >>> m = Monitoring(red_below=D(60), yellow_below=D(80))
    >>> [monitoring_light(D(r), 6, m) for r in ("40", "35", "25")]  # §7 #19
    ... # doctest: +NORMALIZE_WHITESPACE
    [(Decimal('80'), <Light.GREEN: 'green'>), (Decimal('70'), <Light.YELLOW: 'yellow'>),
     (Decimal('50'), <Light.RED: 'red'>)]
    """
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise ValueError(f"month must be 1–12, got {month}")
    value = rate_pct * 12 / month
    if value < thresholds.red_below:
        return value, Light.RED
    if value < thresholds.yellow_below:
        return value, Light.YELLOW
    return value, Light.GREEN
