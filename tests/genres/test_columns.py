from __future__ import annotations

from jixiao.genres.columns import column_map, field_of, is_fund_header, is_indicator_header


def test_field_of_prefers_exact_then_longest_word() -> None:
    assert field_of("年度指标值", "indicator") == "target"
    assert field_of("指标值确定依据", "indicator") == "basis"
    assert field_of("实际完成值", "indicator") == "actual"
    assert field_of("偏差原因分析及改进措施", "indicator") == "deviation_reason"
    assert field_of("全年预算数", "fund") == "total"
    assert field_of("年初预算数", "fund") == "initial"
    assert field_of("评价指标", "indicator") is None


def test_two_header_rows_fill_each_other() -> None:
    top = ["评价指标", "", "", "年度指标值", "实际完成值", "单位", "分值", "完成率", "得分"]
    low = ["一级指标", "二级指标", "三级指标", "", "", "", "", "", ""]
    cm = column_map([top, low], "indicator")
    assert cm.spans["level1"] == (0,) and cm.spans["level3"] == (2,)
    assert cm.spans["completion_pct"] == (7,) and cm.spans["score"] == (8,)


def test_split_header_and_merged_data_cells() -> None:
    cm = column_map([["一级指标", "三级指标", "绩效指标", "ī描述", "指标值"]], "indicator")
    assert cm.spans["description"] == (2, 3)
    assert (
        cm.cell(["", "人数", "发放工资", "职工人数", "≤9人"], "description") == "发放工资职工人数"
    )
    assert cm.cell(["", "人数", "", "", "—"], "target") is None


def test_header_rows() -> None:
    assert is_indicator_header(["一级指标", "二级指标", "三级指标", "年度指标值"])
    assert not is_indicator_header(["部门(单位)名称", "", "某局", "未完成原因分析"])
    assert is_fund_header(["", "", "年初预算数", "全年预算数", "全年执行数", "执行率"])
    assert not is_fund_header(["项目名称", "某项目"])
