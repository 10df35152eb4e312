"""The national 项目支出绩效自评表 (R7) in a small made-up example."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres import parse
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType

D = Decimal
FORM = "\n".join([
    "项目支出绩效自评表",
    "（2024年度）",
    "项目名称\t道路养护资金\t\t\t\t\t\t",
    "主管部门\t某县交通局\t\t\t实施单位\t某县公路站\t\t",
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额\t100.00\t120.00\t108.00\t10\t90.00%\t9",
    "\t其中：当年财政拨款\t100.00\t110.00\t100.00\t/\t90.91%\t/",
    "\t上年结转资金\t0.00\t10.00\t8.00\t/\t80.00%\t/",
    "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t",
    "\t养护道路50公里\t\t\t养护道路48公里\t\t\t",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "产出指标\t数量指标\t养护里程\t≥50公里\t48公里\t20\t19.2\t两段道路改为明年施工",
    "\t质量指标\t验收合格率\t=100%\t100%\t20\tabc\t",
    "效益指标\t社会效益指标\t通行保障率\t≥95%\t96%\t40\t40\t",
    "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t92%\t10\t10\t",
    "总分\t\t\t\t\t100\t78.2\t",
])  # fmt: skip


def test_form(text_blocks: Callable[[str], Blocks]) -> None:
    ev = parse(text_blocks(FORM))
    assert ev.doc_type is DocType.PROJECT_SELF_EVAL_TABLE
    assert (ev.project, ev.supervisor, ev.department) == (
        "道路养护资金",
        "某县交通局",
        "某县公路站",
    )
    assert (ev.fiscal_year, ev.title_year, ev.stated_total_score) == (2024, 2024, D("78.2"))
    assert (ev.budget_initial_wan, ev.budget_total_wan, ev.executed_total_wan) == (
        D("100.00"),
        D("120.00"),
        D("108.00"),
    )
    assert ev.execution_rate_pct == D("90.00")
    total, grant, carried = ev.funds
    assert (total.level, total.weight, total.score, total.source_unit) == (0, D(10), D(9), None)
    assert (grant.name, grant.level, grant.weight, grant.score) == ("当年财政拨款", 1, None, None)
    assert carried.rate_pct == D("80.00")
    assert ev.targets is not None
    assert (ev.targets.planned, ev.targets.achieved) == ("养护道路50公里", "养护道路48公里")
    first, second, _, fourth = ev.indicators
    assert (first.level1, first.level3, first.target, first.actual) == (
        "产出指标",
        "养护里程",
        "≥50公里",
        "48公里",
    )
    assert (first.weight, first.score, first.deviation_reason) == (
        D(20),
        D("19.2"),
        "两段道路改为明年施工",
    )
    assert (second.level1, second.score) == ("产出指标", None)
    assert fourth.level2 == "服务对象满意度指标"
    assert ev.warnings == ("表1 第13行：得分“abc”不是数字",)
    sums = [b for b in ev.breakdowns if b.label == "年度资金总额（全年预算数）"]
    assert [p.value for p in sums[0].parts] == [D("110.00"), D("10.00")]


def test_a_file_of_several_forms_gives_one_project_each(
    text_blocks: Callable[[str], Blocks],
) -> None:
    """Two 自评表 in one file (a department publishing its projects' forms together): each form
    is a project with its own rows (group 0 and 1), money, total and grade; the file states no
    total of its own. Form 2 is form 1 with another name and 总分 90 / 良."""
    second = (
        FORM.replace("道路养护资金", "桥梁检测资金").replace(
            "总分\t\t\t\t\t100\t78.2\t", "总分\t\t\t\t\t100\t90\t"
        )
        + "\n自评等级：良"
    )
    ev = parse(text_blocks(FORM + "\n自评等级：中\n金额单位：万元\n" + second))
    assert [(p.name, p.score, p.budget_wan, p.executed_wan) for p in ev.projects] == [
        ("道路养护资金", D("78.2"), D("120.00"), D("108.00")),
        ("桥梁检测资金", D("90"), D("120.00"), D("108.00")),
    ]
    assert [i.group for i in ev.indicators] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert [(f.name, f.group) for f in ev.funds if f.level == 0] == [
        ("年度资金总额", 0),
        ("年度资金总额", 1),
    ]
    # the file states no total or grade of its own ("自评等级：中" is the first form's)
    assert (ev.stated_total_score, ev.stated_grade, ev.budget_total_wan) == (None, None, None)
    assert not any("多张自评表" in w for w in ev.warnings)
