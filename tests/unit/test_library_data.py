"""The shipped indicator library (src/jixiao/library/natural_resources.yaml) and its loader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.library import (
    DIRECTIONS,
    LibraryEntry,
    clean,
    direction_of,
    parse_entries,
    problems,
    starting_entries,
)
from jixiao.model.evaluation import DocType, Evaluation, Indicator
from jixiao.model.findings import Category
from jixiao.model.location import Location
from jixiao.services.assess import assess
from jixiao.services.rulesets import load_rules_option

# The R12.1 tree (财预〔2021〕101号): every second level has at least one sample indicator.
R12_TREE = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


def test_the_library_loads_and_every_entry_is_well_formed() -> None:
    entries = starting_entries()
    assert len(entries) >= 60
    assert all(problems(e) == [] for e in entries)
    assert all(e.description and e.source for e in entries)  # our own words, and where from
    assert all(e.direction in DIRECTIONS for e in entries)
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))


def test_the_r12_tree_has_a_sample_under_every_second_level() -> None:
    present = {(e.level1, e.level2) for e in starting_entries()}
    for level1, seconds in R12_TREE.items():
        for level2 in seconds:
            assert (level1, level2) in present, (level1, level2)


def test_seed_004_figures_are_kept_and_its_bad_values_fixed() -> None:
    by_name = {e.level3: e for e in starting_entries()}
    # the seed's good rows, figures as the seed writes them
    assert by_name["工资总成本"].target == "≤2600万元"
    assert by_name["预算控制数"].target == "≤200万元"
    assert by_name["建设项目个数"].target == "=1个"
    assert by_name["职工人数"].target == "≤170人"
    # R13.4: satisfaction "≥100%" becomes ≥90%; R13.3: a rate "≥100%" becomes "=100%"
    assert by_name["服务对象满意度"].target == "≥90%"
    assert by_name["发放准确率"].target == "=100%"
    # R13.7: a count written as a percentage keeps its name with a count's unit
    assert by_name["完成项目数量"].unit == "个" and by_name["完成项目数量"].value == ""
    # placeholders, category names and vague values are left out
    names = set(by_name)
    assert not names & {"目标内容1", "经济效益指标", "社会效益指标", "对社会经济发展的影响"}
    assert "预算执行率" not in names and "资金到位率" not in names  # R13.6


def test_entries_with_a_value_pass_the_target_checks() -> None:
    """Every entry that gives a reference value, typed into a target table as it stands, draws
    no indicator-quality finding (R13) under the Hebei rule set."""
    rows = tuple(
        Indicator(level1=e.level1, level2=e.level2, level3=e.level3, target=e.target,
                  unit=e.unit or None, nature=e.direction, basis=e.basis,
                  description=e.description, location=Location(sheet="t", row=n))
        for n, e in enumerate(starting_entries(), start=1) if e.value
    )  # fmt: skip
    ev = Evaluation(
        doc_type=DocType.TARGET_TABLE,
        fiscal_year=2024,
        project="样例",
        indicators=rows,
        budget_total_wan=Decimal(3000),
    )
    a = assess(ev, load_rules_option("hebei-2019"))
    quality = [f for f in a.run.findings if f.category is Category.INDICATOR_QUALITY]
    assert quality == []
    assert a.run.crashes == ()


def test_clean_writes_the_direction_as_a_symbol_and_keeps_the_bare_number() -> None:
    e = clean(LibraryEntry(" 产出指标 ", "数量指标", "完成  数量", direction="正向",
                           value="≥3个", unit="个"))  # fmt: skip
    assert (e.level1, e.level3, e.direction, e.value, e.target) == (
        "产出指标", "完成 数量", "≥", "3", "≥3个"
    )  # fmt: skip
    assert direction_of("反向指标") == "≤" and direction_of("大于") is None


def test_problems_are_named_in_chinese() -> None:
    wrong = problems(LibraryEntry("产出指标", "", "x" * 201, direction="大于"))
    assert wrong == [
        "缺少二级指标",
        "指标性质“大于”应为≥、≤、=、定性之一或留空",
        "三级指标超过200字",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("entries: {产出指标: {数量指标: [{level3: a}, {level3: a}]}}", "given twice"),
        ("entries: {产出指标: {数量指标: [{level3: a, colour: red}]}}", "unknown keys"),
        ("entries: {产出指标: {数量指标: [{level3: a, direction: 大于}]}}", "指标性质"),
        ("[1, 2]", "mapping"),
    ],
)
def test_a_bad_library_file_is_refused_with_the_reason(text: str, words: str) -> None:
    with pytest.raises((ValueError, TypeError), match=words):
        parse_entries(text)
