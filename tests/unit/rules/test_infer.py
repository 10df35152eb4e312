"""Which rule set applies: region from the place names, fiscal year, doc type."""

import pytest

from jixiao.rules import catalog
from jixiao.rules.infer import choose
from jixiao.rules.places import Place, find_place


@pytest.mark.parametrize(
    ("header", "province", "city", "county"),
    [
        ("井陉县自然资源和规划局", "河北省", "石家庄市", "井陉县"),
        ("石家庄市自然资源和规划局鹿泉分局", "河北省", "石家庄市", "鹿泉区"),  # 鹿泉分局 → 鹿泉区
        ("石家庄市自然资源和规划局", "河北省", "石家庄市", None),
        ("庆城县自然资源局", "甘肃省", "庆阳市", "庆城县"),
        ("怀来县自然资源和规划局", "河北省", "张家口市", "怀来县"),
        ("大英县财政局", "四川省", "遂宁市", "大英县"),
        ("河北 财政厅", "河北省", None, None),  # a province without 省 in the header
    ],
)
def test_places(header: str, province: str, city: str | None, county: str | None) -> None:
    place = find_place(header)
    assert (place.province, place.city, place.county) == (province, city, county)


def test_ambiguous_name_gives_no_place() -> None:
    # 朝阳区 is in Beijing and in Changchun: without another name it decides nothing
    assert find_place("朝阳区财政局").province is None
    assert find_place("朝阳区财政局", "北京市朝阳区").province == "北京市"


def test_two_character_names_do_not_match_inside_words() -> None:
    # "完成县级规划" contains 成县 (a county in Gansu); "中心城区" contains 城区 (in Shanxi)
    assert find_place("", "完成县级国土空间规划和中心城区详细规划").province is None


def _choose(place: Place, year: int | None, doc_type: str | None = "dept_self_eval_report") -> str:
    return choose(catalog.index(), place, year, doc_type).name


def test_hebei_gansu_national() -> None:
    assert _choose(find_place("井陉县自然资源和规划局"), 2025) == "hebei-2019"
    assert _choose(find_place("庆城县自然资源局"), 2024) == "gansu-2024"
    assert _choose(find_place("杭州市财政局"), 2024) == "national-2020"
    assert _choose(Place(), 2024) == "national-2020"


def test_most_specific_region_wins() -> None:
    assert _choose(find_place("大英县自然资源局"), 2023) == "sichuan-daying-2020"
    assert _choose(find_place("达州市财政局"), 2023) == "sichuan-dazhou-2020"
    assert _choose(find_place("成都市财政局"), 2023) == "national-2020"


def test_year_before_earliest_set_warns() -> None:
    choice = choose(catalog.index(), find_place("庆城县自然资源局"), 2019, "dept_self_eval_report")
    assert choice.name == "gansu-2024"
    assert choice.warnings and "2019" in choice.warnings[0]
    national = choose(catalog.index(), Place(), 2018, None)
    assert national.name == "national-2020" and national.warnings


def test_doc_type_filters() -> None:
    metas = [
        m.model_copy(update={"doc_types": ("dept_self_eval_report",)})
        if m.name == "gansu-2024" else m
        for m in catalog.index()
    ]  # fmt: skip
    place = find_place("庆城县自然资源局")
    assert choose(metas, place, 2024, "target_table").name == "national-2020"


def test_reason_names_place_year_and_choice() -> None:
    choice = choose(
        catalog.index(), find_place("井陉县自然资源和规划局"), 2025, "dept_self_eval_report"
    )
    assert "河北省石家庄市井陉县" in choice.reason
    assert "2025" in choice.reason and "hebei-2019" in choice.reason
