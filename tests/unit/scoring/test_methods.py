"""The closed set of methods: one function each, and the properties every rule set relies on."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jixiao.rules.methods import Method
from jixiao.rules.values import PointBand
from jixiao.scoring import methods

D = Decimal
pos = st.decimals(min_value=D("0.01"), max_value=D(10**6), places=2, allow_nan=False)
nonneg = st.decimals(min_value=D(0), max_value=D(10**6), places=2, allow_nan=False)
weights = st.decimals(min_value=D("0.01"), max_value=D(100), places=2, allow_nan=False)


def test_each_method_has_exactly_one_function() -> None:
    assert set(methods.METHODS) == set(Method)
    assert len(set(methods.METHODS.values())) == len(Method)


@given(a=nonneg, t=pos, w=weights)
def test_ratio_within_weight(a: Decimal, t: Decimal, w: Decimal) -> None:
    assert D(0) <= methods.ratio(a, t, w) <= w


@given(a1=nonneg, a2=nonneg, t=pos, w=weights)
def test_ratio_never_falls_when_actual_rises(
    a1: Decimal, a2: Decimal, t: Decimal, w: Decimal
) -> None:
    lo, hi = sorted((a1, a2))
    assert methods.ratio(lo, t, w) <= methods.ratio(hi, t, w)


@given(a1=nonneg, a2=nonneg, t=pos, w=weights)
def test_reverse_never_rises_when_actual_rises(
    a1: Decimal, a2: Decimal, t: Decimal, w: Decimal
) -> None:
    lo, hi = sorted((a1, a2))
    for f in (lambda a: methods.reverse_linear(a, t, w, D(2)),
              lambda a: methods.reverse_ratio(a, t, w)):  # fmt: skip
        assert f(lo) >= f(hi)
        assert D(0) <= f(hi) <= w


@given(a=nonneg, t=pos, w=weights)
def test_met_target_is_full_marks(a: Decimal, t: Decimal, w: Decimal) -> None:
    assume(a >= t)
    assert methods.ratio(a, t, w) == w
    assert methods.reverse_linear(t * a / a if a else t, t, w, D(2)) == w


@given(a=nonneg, t=pos, w=weights)
def test_symmetric_peaks_at_target(a: Decimal, t: Decimal, w: Decimal) -> None:
    assert D(0) <= methods.symmetric(a, t, w) <= methods.symmetric(t, t, w) == w


def test_reverse_linear_reaches_zero_at_k_times_target() -> None:
    # k = 2 (FASP): at 2t points are 0, at 1.5t half (rules.md R3)
    assert methods.reverse_linear(D(150), D(100), D(10), D(2)) == D(5)
    assert methods.reverse_linear(D(200), D(100), D(10), D(2)) == D(0)
    assert methods.reverse_linear(D(300), D(100), D(10), D(2)) == D(0)
    # k = 3: zero only at 3t; at 2t half the points
    assert methods.reverse_linear(D(200), D(100), D(10), D(3)) == D(5)


def test_hunan_bands_rules_md_7_14() -> None:
    # 重点支出安排率 85 % → band 80–90 → 4; 预算调整率 15 % → ≤ 20 % → 1;
    # 在职人员控制率 103 % → full − 0.5 × 3 = full − 1.5
    key = [PointBand(min=D(90), points=D(5)), PointBand(min=D(80), points=D(4)),
           PointBand(min=D(70), points=D(3)), PointBand(min=D(60), points=D(2))]  # fmt: skip
    adjust = [PointBand(max=D(0), points=D(3)), PointBand(max=D(10), points=D(2)),
              PointBand(max=D(20), points=D(1)), PointBand(max=D(30), points=D("0.5"))]  # fmt: skip
    assert methods.bands(D(85), key) == D(4)
    assert methods.bands(D(55), key) == D(0)
    assert methods.bands(D(15), adjust) == D(1)
    assert methods.bands(D(31), adjust) == D(0)
    full = D(5)
    assert methods.deduct_per_point(D(103), full, D(100), "above", D("0.5")) == full - D("1.5")


@pytest.mark.parametrize(("rate", "points"), [("95", "10"), ("85", "5"), ("75", "0")])
def test_deduct_per_point_rules_md_7_11(rate: str, points: str) -> None:
    # ≥ 90 % full; 1 point per percentage point below; floored at 0
    assert methods.deduct_per_point(D(rate), D(10), D(90), "below", D(1)) == D(points)


@given(st.lists(st.decimals(min_value=0, max_value=3, places=2), max_size=20), weights)
def test_share_in_band_within_weight(ratios: list[Decimal], w: Decimal) -> None:
    assert D(0) <= methods.share_in_band(ratios, w, D(1), D("1.3")) <= w
