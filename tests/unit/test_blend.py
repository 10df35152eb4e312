"""The re-score's final result (scoring/blend.py, rules.md R6.4 and §6 #15), by hand."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.rules import catalog
from jixiao.rules.values import ReviewBlend
from jixiao.scoring.blend import NO_BLEND, NO_SELF, blend, blend_of, grade_of_final

D = Decimal
FASP = ReviewBlend(self_share=D("0.4"), review_share=D("0.6"))

BUREAU_FASP = """\
ruleset: {name: jia-fasp-2024, extends: national-2020, title: 甲市复核办法, effective: 2020-01-01,
          standing: bureau, confidence: low}
review:
  review_blend:
    values:
      2020-02-25:
        variant: fasp-40-60
        source: {title: 甲市财政局复核办法, confidence: low}
"""


def test_fasp_blend_of_the_gansu_seed() -> None:
    # seed 003: self 86.82, review (recomputed) 94.26:
    # 0.4 × 86.82 + 0.6 × 94.26 = 34.728 + 56.556 = 91.284 → 91.28 (2 places, half-up)
    final, how = blend(D("86.82"), D("94.26"), FASP)
    assert final == D("91.28")
    assert how == "自评86.82×0.4 + 复核94.26×0.6 = 34.728 + 56.556 = 91.284，保留两位小数为91.28"


def test_rules_md_7_18() -> None:
    # self 95, review 80: 38 + 48 = 86.00 → 良 under the national bands
    final, how = blend(D("95"), D("80"), FASP)
    assert final == D("86.00")
    assert "保留两位小数" not in how  # 86.0 needs no rounding
    assert grade_of_final(final, catalog.get("national-2020"), 2024) == "良"


def test_half_up_at_the_third_place() -> None:
    # 0.4 × 80.01 + 0.6 × 80.02 = 32.004 + 48.012 = 80.016 → 80.02 (half-up, not to even)
    assert blend(D("80.01"), D("80.02"), FASP)[0] == D("80.02")
    # 0.4 × 70 + 0.6 × 70.01 = 28 + 42.006 = 70.006 → 70.01
    assert blend(D("70"), D("70.01"), FASP)[0] == D("70.01")


def test_no_blend_the_review_score_is_the_result() -> None:
    assert blend(D("95"), D("80"), None) == (D("80.00"), NO_BLEND)
    assert NO_BLEND == "全国规则未规定加权，复核分即为结果"


def test_no_self_score_cannot_be_blended() -> None:
    assert blend(None, D("91.5"), FASP) == (D("91.50"), NO_SELF)


def test_the_rule_set_says_whether_to_blend() -> None:
    assert blend_of(catalog.get("national-2020"), 2024) is None  # value: null nationally
    assert blend_of(catalog.get("gansu-2024"), 2024) is None  # extends national, no override
    own = catalog.from_text(BUREAU_FASP, "jia-fasp-2024.yaml")
    weights = blend_of(own, 2024)
    assert weights is not None
    assert (weights.self_share, weights.review_share) == (D("0.4"), D("0.6"))


points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(points, points)
def test_blend_lies_between_the_two_scores(own: Decimal, review: Decimal) -> None:
    final, _ = blend(own, review, FASP)
    low, high = min(own, review), max(own, review)
    assert low - D("0.005") <= final <= high + D("0.005")
    assert final == final.quantize(D("0.01"))


@given(points, points)
def test_without_a_blend_the_review_stands(own: Decimal, review: Decimal) -> None:
    assert blend(own, review, None)[0] == review
