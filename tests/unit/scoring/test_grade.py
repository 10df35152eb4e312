"""Grade bands at their edges, the re-review blend and monitoring, from the shipped data."""

from decimal import Decimal

import pytest

from jixiao.rules import catalog
from jixiao.scoring.grade import Light, band_of, blend, monitoring_light

D = Decimal


def _bands(name: str, variant: str | None = None) -> tuple:
    rs = catalog.get(name)
    if variant is None:
        return rs.value("grades.grade_bands", 2024)
    pd = rs.params["grades.grade_bands"]
    return pd.param.variants[variant].value


@pytest.mark.parametrize(
    ("score", "grade"),
    [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"),
     ("100", "优"), ("0", "差")],
)  # fmt: skip
def test_national_bands_rules_md_7_15(score: str, grade: str) -> None:
    assert band_of(D(score), _bands("national-2020")) == grade


@pytest.mark.parametrize(
    ("score", "grade"),
    [("85", "优秀"), ("84.99", "良好"), ("75", "良好"), ("74.99", "一般"), ("60", "一般"),
     ("59.99", "较差")],
)  # fmt: skip
def test_hebei_bands_rules_md_7_16(score: str, grade: str) -> None:
    assert band_of(D(score), _bands("hebei-2019")) == grade


@pytest.mark.parametrize(
    ("score", "grade"), [("80", "优"), ("79.99", "良"), ("70", "良"), ("60", "中")]
)
def test_older_fasp_bands_rules_md_7_17(score: str, grade: str) -> None:
    assert band_of(D(score), _bands("national-2020", "fasp-legacy")) == grade


def test_blend_rules_md_7_18() -> None:
    # FASP: 0.4 × 95 + 0.6 × 80 = 38 + 48 = 86 → 良 (national bands)
    weights = catalog.get("national-2020").params["review.review_blend"].param.variants
    final = blend(D(95), D(80), weights["fasp-40-60"].value)
    assert final == D(86)
    assert band_of(final, _bands("national-2020")) == "良"
    # the national set itself does not blend: the review score stands
    assert (
        blend(D(95), D(80), catalog.get("national-2020").value("review.review_blend", 2024)) == 80
    )


@pytest.mark.parametrize(
    ("rate", "value", "light"),
    [("40", "80", Light.GREEN), ("35", "70", Light.YELLOW), ("25", "50", Light.RED)],
)
def test_monitoring_in_june_rules_md_7_19(rate: str, value: str, light: Light) -> None:
    # June = half the year: 40 % spent / 50 % of the time = 80 → green; 70 yellow; 50 red
    thresholds = catalog.get("national-2020").value("monitoring.monitoring_thresholds", 2024)
    got = monitoring_light(D(rate), 6, thresholds)
    assert got == (D(value), light)


def test_monitoring_month_checked() -> None:
    thresholds = catalog.get("national-2020").value("monitoring.monitoring_thresholds", 2024)
    with pytest.raises(ValueError):
        monitoring_light(D(10), 13, thresholds)
