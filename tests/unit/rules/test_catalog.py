"""Shipped rule sets load, link and answer look-ups by date (rules.md §6)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.rules import catalog
from jixiao.rules.values import Band

CASES = Path(__file__).resolve().parents[2] / "scoring" / "cases"


@pytest.mark.parametrize("name", catalog.names())
def test_every_shipped_set_loads_and_has_scoring_cases(name: str) -> None:
    rs = catalog.get(name)
    assert rs.name == name
    assert catalog.lint(rs) == [], "a regional value only repeats its parent's"
    assert any((CASES / name).glob("*.yaml")), f"rule set {name} ships without scoring cases"


def test_every_parameter_of_rules_md_section_6_is_a_field() -> None:
    # rules.md §6 items 1–19 → parameter paths (item 4 and 16 are the frameworks)
    paths = set(catalog.get("national-2020").paths())
    assert {
        "grades.grade_bands", "grades.grade_labels", "weights.first_level_weights",
        "frameworks.department_framework", "execution.execution_scoring",
        "scoring.positive_scoring", "scoring.reverse_scoring", "scoring.equal_scoring",
        "scoring.over_achievement", "scoring.qualitative_tiers",
        "scoring.deviation_reason_required_when", "scoring.rounding", "weights.weight_checks",
        "scoring.not_applicable_handling", "review.review_blend",
        "frameworks.department_total_method", "targets.target_validation_rules",
        "monitoring.monitoring_thresholds", "report.report_outline",
    } <= paths  # fmt: skip


def test_hebei_overrides_bands_and_keeps_national_methods() -> None:
    rs = catalog.get("hebei-2019")
    bands = rs.lookup("grades.grade_bands", 2025)
    assert bands is not None
    assert [(b.min, b.grade) for b in bands.value] == [
        (Decimal(85), "优秀"), (Decimal(75), "良好"), (Decimal(60), "一般"), (Decimal(0), "较差")
    ]  # fmt: skip
    assert bands.ref.cite() == "hebei-2019 R11"
    assert bands.ref.doc == "石发〔2019〕8号"
    assert bands.ref.origin is not None and bands.ref.origin.startswith(
        "rules/data/hebei-2019/grades.yaml:"
    )
    reverse = rs.lookup("scoring.reverse_scoring", 2025)
    assert reverse is not None and reverse.ref.ruleset == "national-2020"


def test_value_in_force_on_31_december() -> None:
    rs = catalog.get("national-2020")
    # cost_first_level has values from 2020-02-25 and 2021-08-18 (财预〔2021〕101号)
    assert rs.lookup("targets.cost_first_level", 2020).ref.effective == date(2020, 2, 25)
    assert rs.lookup("targets.cost_first_level", 2021).ref.effective == date(2021, 8, 18)


def test_year_before_every_value_uses_the_earliest_with_a_warning() -> None:
    found = catalog.get("national-2020").lookup("grades.grade_bands", 2018)
    assert found is not None
    assert found.warning is not None and "2018" in found.warning
    assert found.value[0] == Band(min=Decimal(90), grade="优")


def test_ended_rule_is_none() -> None:
    # the national set has no department framework (R9): value null
    assert catalog.get("national-2020").value("frameworks.department_framework", 2024) is None
    assert catalog.get("gansu-2024").value("frameworks.department_framework", 2024) is not None


def test_variants_resolve_through_the_chain() -> None:
    rs = catalog.get("hebei-2019")
    found = rs.lookup("frameworks.department_total_method", 2025)
    assert found is not None and found.value == "mean_of_groups"
    assert found.ref.ruleset == "hebei-2019"  # the set that chose the variant


def test_unknown_name() -> None:
    with pytest.raises(KeyError):
        catalog.get("hubei-2021")


def test_bureau_file_extends_a_shipped_set() -> None:
    text = """
ruleset: {name: luquan-bureau-2025, extends: hebei-2019, title: 鹿泉分局规则,
          effective: 2025-01-01, standing: bureau, confidence: medium}
review:
  review_blend:
    values:
      2025-01-01:
        variant: fasp-40-60
        source: {title: 本局复核办法, confidence: medium}
"""
    rs = catalog.from_text(text, "luquan.yaml")
    assert rs.value("review.review_blend", 2025).self_share == Decimal("0.4")
    assert rs.value("review.review_blend", 2024) is None  # before the bureau's date: national
    assert rs.value("grades.grade_bands", 2025)[0].grade == "优秀"  # from hebei-2019
