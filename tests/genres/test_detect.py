from __future__ import annotations

from collections.abc import Callable

import pytest

from jixiao.genres.detect import detect
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "某县财政局\n2024年度整体支出绩效自评报告\n一、部门基本情况",
            DocType.DEPT_SELF_EVAL_REPORT,
        ),
        ("某县某局 部门预算执行情况自评报告\n一、基本情况", DocType.DEPT_SELF_EVAL_REPORT),
        ("道路养护项目支出绩效自评报告\n一、项目概况", DocType.PROJECT_SELF_EVAL_REPORT),
        ("某局部门绩效评价报告\n正文", DocType.DEPT_SELF_EVAL_REPORT),
        ("某某项目绩效评价报告\n正文", DocType.PROJECT_SELF_EVAL_REPORT),
        ("项目支出绩效自评表\n（2024年度）", DocType.PROJECT_SELF_EVAL_TABLE),
        ("某局2025年绩效目标表", DocType.TARGET_TABLE),
        # a title a PDF wrapped over two lines (our own PDF of seed 003 does this)
        (
            "庆城县自然资源局 2024 年度部门整体支\n出绩效自评报告\n一、基本情况",
            DocType.DEPT_SELF_EVAL_REPORT,
        ),
        ("会议通知\n请各单位于周五前报送材料。", None),
        ("", None),
    ],
)
def test_titles(text: str, expected: DocType | None, text_blocks: Callable[[str], Blocks]) -> None:
    assert detect(text_blocks(text)) is expected


FUNDS = "项目资金\t\t年初预算数\t全年预算数\t全年执行数\t得分\n\t年度资金总额\t1\t1\t1\t10\n"
INDICATORS = (
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t人数\t≥1人\t1人\t90\t90\n"
)


def test_scored_forms_without_a_title(text_blocks: Callable[[str], Blocks]) -> None:
    project = "项目名称\t某项目\n" + FUNDS + INDICATORS
    assert detect(text_blocks(project)) is DocType.PROJECT_SELF_EVAL_TABLE
    dept = "部门(单位)名称\t某局\n" + FUNDS + INDICATORS
    assert detect(text_blocks(dept)) is DocType.DEPT_SELF_EVAL_TABLE


def test_target_form_without_a_title(text_blocks: Callable[[str], Blocks]) -> None:
    text = "项目编码\tP1\t项目名称\t某项目\n一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据\n"
    assert detect(text_blocks(text)) is DocType.TARGET_TABLE
