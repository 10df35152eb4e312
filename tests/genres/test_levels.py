from __future__ import annotations

from jixiao.genres.levels import LevelCells, fill_levels, implied_level1
from jixiao.model.location import Location


def _fill(
    rows: list[tuple[str | None, str | None]],
) -> tuple[list[tuple[str | None, str | None]], list[str]]:
    warnings: list[str] = []
    cells = [LevelCells(a, b, Location(row=i + 1)) for i, (a, b) in enumerate(rows)]
    return fill_levels(cells, lambda loc, msg: warnings.append(msg)), warnings


def test_fill_down_first_row_anchors() -> None:
    got, warnings = _fill([("部门管理", "财务管理"), (None, None), (None, "采购管理")])
    assert got == [("部门管理", "财务管理"), ("部门管理", "财务管理"), ("部门管理", "采购管理")]
    assert warnings == []


def test_level1_shifted_into_level2_column() -> None:
    got, warnings = _fill([(None, "资金投入"), (None, None), ("部门管理", "财务管理")])
    assert got == [("资金投入", None), ("资金投入", None), ("部门管理", "财务管理")]
    assert len(warnings) == 1


def test_category_that_may_be_first_level_is_not_shifted() -> None:
    got, _ = _fill([("产出指标", "数量指标"), (None, "成本指标")])
    assert got == [("产出指标", "数量指标"), ("产出指标", "成本指标")]


def test_text_in_the_middle_row_and_noise() -> None:
    rows = [(None, "数量指标"), ("产出指标", "质量指标"), (") 山泊日7小", "时效指标"),
            (None, "经济效益指标"), ("效益指标", "社会效益指标"),
            ("广山省", "满意度指标")]  # fmt: skip
    got, warnings = _fill(rows)
    assert [a for a, _ in got] == ["产出指标", "产出指标", "产出指标", "效益指标", "效益指标",
                                   "满意度指标"]  # fmt: skip
    assert len(warnings) == 2


def test_non_standard_first_level_covers_any_category() -> None:
    got, _ = _fill([("履职效果", "部门履职目标"), (None, "服务对象满意度")])
    assert got[1] == ("履职效果", "服务对象满意度")


def test_implied_level1() -> None:
    assert implied_level1("预算执行率指标") == ("预算执行",)
    assert implied_level1("可持续效益指标") == ("效益指标",)
    assert implied_level1("成本指标") == ("产出指标", "成本指标")
    assert implied_level1("财务管理") is None
