from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres.narrative import lines
from jixiao.genres.report_parts import (
    grade_counts,
    grade_projects,
    graded_names,
    problems,
    project_chapter,
)
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import ProjectLine


def test_project_chapter(text_blocks: Callable[[str], Blocks]) -> None:
    text = "\n".join([
        "四、部门预算项目支出绩效自评情况分析",
        "1. 甲项目绩效自评情况：得分为 94 分。全年预算数为 9.5 万元，执行数为 9 万元。",
        "项目绩效目标完成情况：保障运行。",
        "2. 乙工程项目：自评得分 98 分；全年预算数 120000 元，执行数 120000 元。"
        "项目绩效目标完成情况：完工。",
        "五、存在问题",
    ])  # fmt: skip
    got = project_chapter(lines(text_blocks(text)))
    assert [(p.name, p.score, p.budget_wan, p.executed_wan, p.achieved) for p in got] == [
        ("甲项目", Decimal(94), Decimal("9.5"), Decimal(9), "保障运行。"),
        ("乙工程项目", Decimal(98), Decimal("12.0000"), Decimal("12.0000"), "完工。"),
    ]


def test_problems_numbered_with_explanations(text_blocks: Callable[[str], Blocks]) -> None:
    text = "\n".join([
        "五、存在的问题及改进措施", "（一）存在的主要问题", "1.目标设置简化",
        "个别目标不够完善。", "2.监督有待加强", "（二）针对问题提出的改进措施", "1.加强管理。",
    ])  # fmt: skip
    assert problems(lines(text_blocks(text))) == [
        "目标设置简化\n个别目标不够完善。",
        "监督有待加强",
    ]


def test_problems_one_per_line(text_blocks: Callable[[str], Blocks]) -> None:
    text = "五、存在问题\n甲项目：资金拨付较慢。\n乙项目：未开展。\n六、改进措施\n加强沟通。"
    assert problems(lines(text_blocks(text))) == ["甲项目：资金拨付较慢。", "乙项目：未开展。"]
    assert problems(lines(text_blocks("一、基本情况\n正文。"))) == []


def test_grade_counts() -> None:
    assert grade_counts("5个项目评为“优”，2个项目评分良") == {"优": 5, "良": 2}
    assert grade_counts("没有等级") is None


def test_graded_names_split_at_the_top_bracket_level() -> None:
    text = ("共10个项目，8个项目评分优秀，1个项目评分良好（2024年甲河治理（东、西片区）项目），"
            "1个项目评分较差（乙村规划、丙所设备等）")  # fmt: skip
    assert graded_names(text) == [
        ("2024年甲河治理（东、西片区）项目", "良好"),
        ("乙村规划", "较差"),
        ("丙所设备", "较差"),  # an open list ("…等") gives the names it names
    ]
    assert graded_names("5个项目评为优秀") == []  # no names given
    assert graded_names("2个项目评为“良好”（甲、乙）") == [("甲", "良好"), ("乙", "良好")]


def test_grade_projects_matches_names_without_years_and_xiangmu() -> None:
    projects = [
        ProjectLine(name="甲河治理（东、西片区）"),  # the list's name with year and 项目
        ProjectLine(name="乙村规划编制"),  # similarity of 乙村规划 / 乙村规划编制 = 0.8: no
        ProjectLine(name="丁站维护", grade="优秀"),  # a stated grade is kept
    ]
    graded = [("2024年甲河治理（东、西片区）项目", "良好"), ("乙村规划", "较差"),
              ("丁站维护", "较差")]  # fmt: skip
    grade_projects(projects, graded)
    assert [p.grade for p in projects] == ["良好", None, "优秀"]


def test_grade_projects_leaves_a_name_two_grades_claim() -> None:
    projects = [ProjectLine(name="戊项目")]
    grade_projects(projects, [("戊", "良好"), ("2024年戊", "较差")])
    assert projects[0].grade is None
