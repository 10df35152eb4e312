"""The closed set of scoring methods, by name. ``scoring/methods.py`` has one function each."""

from __future__ import annotations

from enum import StrEnum


class Method(StrEnum):
    """The closed set of scoring methods; ``scoring/methods.py`` has one function for each."""

    RATIO = "ratio"  # a/t × w, capped at w (正向, and 等于 treated as ≥)
    REVERSE_LINEAR = "reverse_linear"  # w × clip((k − a/t)/(k − 1), 0, 1), k = zero_at
    REVERSE_RATIO = "reverse_ratio"  # w × t/a when a > t
    TIERS = "tiers"  # 定性: 达成 / 部分达成 / 未达成 share bands
    BANDS = "bands"  # thresholds → points (e.g. 执行率 ≥ 90 % → full)
    DEDUCT_PER_POINT = "deduct_per_point"  # full minus p per percentage point past a threshold
    SHARE_IN_BAND = "share_in_band"  # w × (rows with a/t in [lo, hi]) / rows (Sichuan ±30 % rule)
    SYMMETRIC = "symmetric"  # 等于: w × max(0, 1 − |a − t| / t)
