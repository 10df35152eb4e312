from __future__ import annotations

from decimal import Decimal

from jixiao.genres.common import find_score_grade, fiscal_year_of, grade_after, org_name, year_in


def test_fiscal_year_counts_budget_phrases_not_dates_or_names() -> None:
    texts = ["2025年预算收入1万元", "2025年末固定资产", "于2026年3月13日召开听证会",
             "2015 年土地变更调查项目", "2025年决算支出"]  # fmt: skip
    assert fiscal_year_of(texts) == 2025
    assert fiscal_year_of(["2024 年度部门整体支出预算为 1 万元"]) == 2024
    assert fiscal_year_of(["2023年完成", "2024年完成"]) is None  # a tie is unknown
    assert fiscal_year_of(["没有年份"]) is None


def test_year_in_titles_and_captions() -> None:
    assert year_in("2026年度整体支出绩效自评报告") == 2026
    assert year_in("(2024年度)") == 2024
    assert year_in("（２０２４年度）") == 2024
    assert year_in("部门整体支出绩效自评表") is None


def test_org_name() -> None:
    assert org_name("庆城县自然资源局") == "庆城县自然资源局"
    assert org_name("怀来县自然资源和规划局 2024 年部门预算绩效文本") == "怀来县自然资源和规划局"
    assert org_name("324001 怀来县自然资源和规划局") == "怀来县自然资源和规划局"
    assert org_name("石家庄市自然资源和规划局鹿泉分局") == "石家庄市自然资源和规划局鹿泉分局"
    assert org_name("一、基本情况") is None


def test_score_and_grade_sentences() -> None:
    assert find_score_grade("我单位自评得分99.44分，评价等级为“优秀。") == (
        Decimal("99.44"),
        "优秀",
    )
    assert find_score_grade("项目绩效自评得分为 94 分。") == (None, None)
    assert find_score_grade("得分95分，为优化服务打基础") == (None, None)
    assert find_score_grade("综合评分：88分，评定为良好") == (Decimal("88"), "良好")
    assert grade_after("，等级为“良”") == "良"
