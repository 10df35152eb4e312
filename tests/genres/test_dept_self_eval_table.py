"""A 部门整体支出绩效自评表 on its own, money in 元 (the Gansu layout)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres import parse
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType

D = Decimal
FORM = "\n".join([
    "部门整体支出绩效自评表",
    "(2023年度)",
    "部门(单位)名称\t\t某县林业局\t\t\t\t\t\t未完成原因分析\t",
    "\t\t年初预算数\t全年预算数\t全年执行数\t执行率\t得分\t\t\t",
    "整体支出规模(元)\t年度资金总额\t1000000\t1200000.50\t1100000\t91.67\t9.17\t\t资金未到位\t",
    "\t(一)基本支出\t600000\t700000.50\t700000.50\t100\t\t\t\t",
    "\t1.人员经费\t500000\t600000.50\t600000.50\t100\t\t\t\t",
    "\t2.公用经费\t100000\t100000\t100000\t100\t\t\t\t",
    "\t(二)项目支出\t400000\t500000\t399999.50\t80\t\t\t\t",
    "预期目标\t完成造林1000亩\t\t\t\t\t\t\t\t",
    "实际完成情况\t完成造林1000亩\t\t\t\t\t\t\t\t",
    "评价指标\t\t\t年度指标值\t实际完成值\t单位\t分值\t完成率\t得分\t未完成原因分析",
    "一级指标\t二级指标\t三级指标\t\t\t\t\t\t\t",
    "\t资金投入\t预算执行率\t≥95%\t91.67\t%\t10\t96.49%\t9.65\t",
    "\t\t三公经费控制率\t≤100%\t90\t%\t10\t100%\t10\t",
    "履职效果\t部门履职目标\t造林面积\t≥1000亩\t1000\t亩\t60\t100\t60\t",
    "\t服务对象满意度\t群众满意度\t≥90%\t95\t%\t10\t105.56%\t10\t",
    "总分\t\t\t\t\t\t100\t\t89.65\t",
])  # fmt: skip


def test_form_in_yuan(text_blocks: Callable[[str], Blocks]) -> None:
    ev = parse(text_blocks(FORM))
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_TABLE
    assert (ev.department, ev.fiscal_year, ev.stated_total_score) == (
        "某县林业局",
        2023,
        D("89.65"),
    )
    assert [(f.name, f.level) for f in ev.funds] == [
        ("年度资金总额", 0), ("基本支出", 1), ("人员经费", 2), ("公用经费", 2), ("项目支出", 1)
    ]  # fmt: skip
    total = ev.funds[0]
    assert (total.initial, total.total, total.executed) == (D("100"), D("120.000050"), D("110"))
    assert (total.source_unit, total.reason, total.rate_pct) == ("元", "资金未到位", D("91.67"))
    assert ev.budget_total_wan == D("120.000050")
    rows = ev.indicators
    assert [(r.level1, r.level2) for r in rows] == [
        ("资金投入", None), ("资金投入", None), ("履职效果", "部门履职目标"),
        ("履职效果", "服务对象满意度"),
    ]  # fmt: skip
    assert (rows[0].completion_pct, rows[0].unit, rows[2].unit) == (D("96.49"), "%", "亩")
    labels = {b.label: b for b in ev.breakdowns}
    assert [p.value for p in labels["基本支出（全年预算数）"].parts] == [D("60.000050"), D("10")]
    assert [p.label for p in labels["年度资金总额（全年执行数）"].parts] == ["基本支出", "项目支出"]
    assert len(ev.warnings) == 1 and "资金投入" in ev.warnings[0]
