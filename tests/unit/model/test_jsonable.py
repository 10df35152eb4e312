"""The evaluation document round-trips through JSON exactly; bad JSON is named by its path."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.blocks import SourceInfo
from jixiao.model.evaluation import (
    Breakdown,
    DocType,
    Evaluation,
    Fund,
    Indicator,
    Part,
    PlanEntry,
    ProjectLine,
    Section,
    Targets,
)
from jixiao.model.jsonable import JsonDocumentError, evaluation_from_jsonable, to_jsonable
from jixiao.model.location import Location

amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False) | st.none()
texts = st.text(max_size=12) | st.none()

indicators = st.builds(
    Indicator,
    level1=texts, level2=texts, level3=texts,
    target=st.sampled_from(["≥50个", "≤2600万", "达成年度指标", "%", "", "91万"]) | texts,
    actual=texts, unit=texts, weight=amounts, score=amounts, deviation_reason=texts,
    completion_pct=amounts, basis=texts, group=st.integers(0, 5) | st.none(),
    location=st.builds(Location, page=st.integers(1, 9) | st.none(), row=st.integers(1, 99)) |
    st.none(),
)  # fmt: skip
evaluations = st.builds(
    Evaluation,
    source=st.builds(SourceInfo, path=texts, sha256=texts, format=texts) | st.none(),
    doc_type=st.sampled_from(DocType) | st.none(),
    title=texts, title_year=st.integers(2000, 2030) | st.none(), department=texts,
    fiscal_year=st.integers(2000, 2030) | st.none(), stated_total_score=amounts,
    budget_total_wan=amounts,
    funds=st.lists(st.builds(Fund, name=st.text(max_size=8), total=amounts, executed=amounts,
                             level=st.integers(0, 2) | st.none()), max_size=3).map(tuple),
    targets=st.builds(Targets, planned=texts, achieved=texts) | st.none(),
    indicators=st.lists(indicators, max_size=4).map(tuple),
    projects=st.lists(st.builds(ProjectLine, name=st.text(max_size=8), score=amounts),
                      max_size=3).map(tuple),
    grade_counts=st.none() | st.dictionaries(st.sampled_from(["优秀", "良好"]), st.integers(0, 9)),
    sections=st.lists(st.builds(Section, heading=st.text(max_size=8)), max_size=2).map(tuple),
    spending_plan=st.lists(st.builds(PlanEntry, period=st.text(max_size=4), pct=amounts),
                           max_size=4).map(tuple),
    breakdowns=st.lists(st.builds(Breakdown, label=st.text(max_size=6), whole=amounts,
                                  parts=st.lists(st.builds(Part, label=st.text(max_size=4),
                                                           value=amounts), max_size=3).map(tuple)),
                        max_size=2).map(tuple),
    problems=st.lists(st.text(max_size=10), max_size=2).map(tuple),
)  # fmt: skip


@given(evaluations)
def test_round_trip(ev: Evaluation) -> None:
    assert evaluation_from_jsonable(to_jsonable(ev)) == ev


def test_decimals_are_strings_and_derived_keys_present() -> None:
    ev = Evaluation(
        budget_total_wan=Decimal("2830.898743"),
        indicators=(Indicator(level3="人数", target="≥4754人", actual="4604", weight=Decimal(10)),),
    )
    doc = to_jsonable(ev)
    assert doc["schema"] == "jixiao.evaluation/1"
    assert doc["budget_total_wan"] == "2830.898743"
    row = doc["indicators"][0]
    assert (row["direction"], row["target_value"], row["actual_value"], row["kind"]) == (
        ">=", "4754", "4604", "quantitative")  # fmt: skip
    assert row["weight"] == "10"
    assert "target_parsed" not in row


def test_location_shows_only_keys_that_are_set() -> None:
    doc = to_jsonable(Indicator(location=Location(page=2, table=1, row=7)))
    assert doc["location"] == {"page": 2, "table": 1, "row": 7}


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({"indicators": [{"weight": "abc"}]}, "indicators[0].weight：应为数字"),
        ({"fiscal_year": "二〇二四"}, "fiscal_year：应为整数"),
        ({"doc_type": "report"}, "doc_type：应为以下之一"),
        ({"indicators": {"a": 1}}, "indicators：应为数组"),
        ({"budget_total_wan": 1.5}, "budget_total_wan：应为数字"),  # a float: refused
        ({"schema": "jixiao.evaluation/9"}, "不支持的文档版本"),
        ([1, 2], "应为对象"),
    ],
)
def test_bad_documents_name_the_path(doc: object, words: str) -> None:
    with pytest.raises(JsonDocumentError, match=words.replace("[", r"\[").replace("]", r"\]")):
        evaluation_from_jsonable(doc)


def test_hand_made_rows_may_give_value_and_direction() -> None:
    ev = evaluation_from_jsonable(
        {
            "indicators": [
                {"direction": ">=", "target_value": "50", "unit": "个", "actual_value": "45"}
            ]
        }
    )
    ind = ev.indicators[0]
    assert ind.target == "≥50个"
    assert ind.target_parsed.value == Decimal(50)
    assert ind.actual_parsed.value == Decimal(45)


def test_a_number_out_of_range_is_refused_with_its_place() -> None:
    with pytest.raises(JsonDocumentError) as err:
        evaluation_from_jsonable(
            {"doc_type": "project_self_eval_table",
             "indicators": [{"level3": "件数", "weight": "12345678901234567890123456789.5"}]}
        )  # fmt: skip
    assert "indicators[0].weight" in str(err.value)
    assert "10^15" in str(err.value)
