"""The closed set of scoring methods (design.md §5.3): one small pure function each.

Every function returns unrounded points; the engine rounds as the rule set says.
The examples are the golden cases of rules.md §7 (numbers in the comments).

>>> from decimal import Decimal as D
>>> ratio(D(4604), D(4754), D(10)).quantize(D("0.01"))          # §7 #1
Decimal('9.68')
>>> ratio(D(95), D(90), D("12.5"))                               # §7 #2: met, full marks
Decimal('12.5')
>>> reverse_linear(D(120), D(100), D(2), zero_at=D(2))           # §7 #3
Decimal('1.6')
>>> reverse_ratio(D(120), D(100), D(2)).quantize(D("0.01"))      # §7 #3 variant
Decimal('1.67')
>>> reverse_linear(D(200), D(100), D(2), zero_at=D(2))           # §7 #4
Decimal('0')
>>> reverse_ratio(D(200), D(100), D(2))                          # §7 #4 variant
Decimal('1')
>>> symmetric(D(95), D(100), D(2))
Decimal('1.90')
>>> deduct_per_point(D(85), D(10), threshold=D(90), side="below", per_point=D(1))  # §7 #11
Decimal('5')
>>> deduct_per_point(D(75), D(10), threshold=D(90), side="below", per_point=D(1))  # floored
Decimal('0')
>>> share_in_band([D("1.0"), D("1.2"), D("1.35"), D("0.9")], D(10), D(1), D("1.3"))  # §7 #13
Decimal('5')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final, Literal

from jixiao.model.numbers import HUNDRED, ONE, ZERO
from jixiao.rules.methods import Method
from jixiao.rules.values import PointBand, Tier


def ratio(a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    """正向: full points when a ≥ t, else w × a / t (never below 0). Requires t > 0."""
    if a >= t:
        return w
    if a <= 0:
        return ZERO
    return w * a / t


def reverse_linear(a: Decimal, t: Decimal, w: Decimal, zero_at: Decimal) -> Decimal:
    """反向 (FASP default): full when a ≤ t, 0 from a ≥ k·t, linear between. Requires t > 0."""
    if a <= t:
        return w
    share = (zero_at - a / t) / (zero_at - ONE)
    if share <= 0:
        return ZERO
    return w * min(share, ONE)


def reverse_ratio(a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    """反向 variant: full when a ≤ t, else w × t / a. Requires t > 0."""
    if a <= t:
        return w
    return w * t / a


def symmetric(a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    """等于 variant: w × max(0, 1 − |a − t| / t). Requires t > 0."""
    share = ONE - abs(a - t) / t
    return w * share if share > 0 else ZERO


def tier_bounds(tier: Tier, w: Decimal) -> tuple[Decimal, Decimal, bool]:
    """Points range of a qualitative tier: (low, high, high included)."""
    return w * tier.min_share, w * tier.max_share, tier.max_inclusive


def in_tier(points: Decimal, tier: Tier, w: Decimal) -> bool:
    """Whether a stated score lies in its tier (R4.1; the top tier includes its top).

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import Tier
    >>> t1 = Tier(tier=1, label="达成", min_share=D("0.8"), max_share=D(1), max_inclusive=True)
    >>> t2 = Tier(tier=2, label="部分", min_share=D("0.6"), max_share=D("0.8"), max_inclusive=False)
    >>> in_tier(D("7.9"), t1, D(10)), in_tier(D(8), t2, D(10)), in_tier(D(8), t1, D(10))  # §7 #9
    (False, False, True)
    """
    low, high, inclusive = tier_bounds(tier, w)
    return low <= points <= high if inclusive else low <= points < high


def tiers(
    tier: Tier,
    w: Decimal,
    proposed: Literal["top", "fraction", "midpoint"],
    fraction: Decimal | None,
    step: Decimal,
) -> Decimal:
    """定性: the points jixiao proposes for a tier (R4.2). ``step`` is the rounding unit, so
    the top of a half-open tier stays inside it.

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import Tier
    >>> t1 = Tier(tier=1, label="达成", min_share=D("0.8"), max_share=D(1), max_inclusive=True)
    >>> [tiers(t1, D(w), "fraction", D("0.9"), D("0.01")) for w in ("2", "12.5", "3.33")]  # §7 #8
    [Decimal('1.8'), Decimal('11.25'), Decimal('2.997')]
    >>> tiers(t1, D(10), "top", None, D("0.01"))
    Decimal('10')
    """
    low, high, inclusive = tier_bounds(tier, w)
    top = high if inclusive else high - step
    if proposed == "top":
        return max(top, low)
    if proposed == "midpoint":
        return (low + high) / 2
    share = fraction if fraction is not None else ONE
    return min(max(high * share, low), top)


def bands(x: Decimal, table: Sequence[PointBand]) -> Decimal:
    """Thresholds → points: the first band with x ≥ min (or x ≤ max) gives its points, else 0.

    >>> from decimal import Decimal as D
    >>> from jixiao.rules.values import PointBand as B
    >>> up = [B(min=D(90), points=D(5)), B(min=D(80), points=D(4)), B(min=D(70), points=D(3)),
    ...       B(min=D(60), points=D(2))]
    >>> bands(D(85), up)                                          # §7 #14 重点支出安排率
    Decimal('4')
    >>> down = [B(max=D(0), points=D(3)), B(max=D(10), points=D(2)), B(max=D(20), points=D(1)),
    ...         B(max=D(30), points=D("0.5"))]
    >>> bands(D(15), down)                                        # §7 #14 预算调整率
    Decimal('1')
    """
    for band in table:
        if band.min is not None and x >= band.min:
            return band.points
        if band.max is not None and x <= band.max:
            return band.points
    return ZERO


def deduct_per_point(
    x: Decimal,
    w: Decimal,
    threshold: Decimal,
    side: Literal["below", "above"],
    per_point: Decimal,
) -> Decimal:
    """Full points minus ``per_point`` for every percentage point past the threshold, ≥ 0.

    >>> from decimal import Decimal as D
    >>> deduct_per_point(D(103), D(5), threshold=D(100), side="above", per_point=D("0.5"))
    Decimal('3.5')
    >>> deduct_per_point(D(5), D(10), threshold=D(0), side="above", per_point=D(1))  # §7 #12
    Decimal('5')
    """
    excess = threshold - x if side == "below" else x - threshold
    if excess <= 0:
        return w
    return max(w - per_point * excess, ZERO)


def share_in_band(ratios: Sequence[Decimal], w: Decimal, lo: Decimal, hi: Decimal) -> Decimal:
    """Sichuan ±30 %: w × (rows with lo ≤ a/t ≤ hi) / rows; 0 when there are no rows."""
    if not ratios:
        return ZERO
    hits = sum(1 for r in ratios if lo <= r <= hi)
    return w * hits / len(ratios)


def rate_points(rate_pct: Decimal, w: Decimal, cap_pct: Decimal | None) -> Decimal:
    """Execution under ``ratio``: w × min(rate, cap) / 100 (R5.2).

    >>> from decimal import Decimal as D
    >>> [rate_points(D(r), D(10), D(100)).quantize(D("0.01")) for r in ("57.91", "83.42", "105")]
    [Decimal('5.79'), Decimal('8.34'), Decimal('10.00')]
    """
    capped = min(rate_pct, cap_pct) if cap_pct is not None else rate_pct
    return w * max(capped, ZERO) / HUNDRED


METHODS: Final[dict[Method, Callable[..., Decimal]]] = {
    Method.RATIO: ratio,
    Method.REVERSE_LINEAR: reverse_linear,
    Method.REVERSE_RATIO: reverse_ratio,
    Method.TIERS: tiers,
    Method.BANDS: bands,
    Method.DEDUCT_PER_POINT: deduct_per_point,
    Method.SHARE_IN_BAND: share_in_band,
    Method.SYMMETRIC: symmetric,
}
