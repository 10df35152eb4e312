"""绩效目标表: a clean one, and the repairs a PDF-extracted one needs (made-up rows)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres import parse
from jixiao.model.blocks import Blocks, Cell, Paragraph, Table
from jixiao.model.evaluation import DocType
from jixiao.model.location import Location

D = Decimal
CLEAN = "\n".join([
    "某县水利局 2025 年部门预算绩效文本",
    "1、河道清理绩效目标表",
    "项目编码\t13000025P000000000001\t项目名称\t河道清理",
    "预算规模及资金用途\t预算数\t300.00\t其中：财政资金\t300.00\t其他资金\t",
    "\t资金用途\t清理河道淤泥",
    "资金支出计划（%）\t3月底\t6月底\t10月底\t12月底",
    "\t20%\t50%\t80%\t100%",
    "绩效目标\t1. 清理河道20公里",
    "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
    "产出指标\t数量指标\t清理长度\t清理河道长度\t≥20公里\t年度工作计划",
    "\t成本指标\t清理成本\t项目总成本\t≤300万元\t预算批复",
    "满意度指标\t服务对象满意度指标\t群众满意度\t沿河群众满意度\t≥90%\t问卷调查",
    "2、堤防巡查绩效目标表",
    "项目编码\t13000025P000000000002\t项目名称\t堤防巡查",
    "预算规模及资金用途\t预算数\t50.00\t其中：财政资金\t50.00\t其他资金\t",
    "绩效目标\t1. 巡查堤防",
    "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
    "产出指标\t时效指标\t巡查及时率\t汛期按时巡查\t=100%\t年度工作计划",
])  # fmt: skip

EXTRACTED = "\n".join([
    "某县水利局 2025 年部门预算绩效文本",
    "1. 河道清理绩效目 标表",
    "项目编码\t13000025P00\t0000000001\t项目名称]河道\t清理",
    "预算规模及 资金用途\t预算数\t300. 00\t其中: 财政 资金\t300. 00\t其他资金",
    "\t清理河道\t清理河道淤泥",
    "资金支出计\t3)]底\t6月底\t10 月底\t月底 12月底",
    "划 (%)\t2\t0%\t50%\t80%\t\t100%",
    "绩效目标\t1. 清理河\t道20公里",
    "一级指标\t二级指标\t三级指标\t绩效指标\t·描述\t指标值\t指标值确定依据",
    "\t数量指标\t清理长 度\t清理河道\t长度\t≥20 公里\t年度工作 计划",
    "产出指标\t质量指标\t验收合格率\t验收合格率\t\t=100%\t年度工作计划",
    ") 山7小\t时效指标\t完成及时率\t按时完成\t\t=100%\t年度工作计划",
    "效益指标\t社会效益指 河道通畅 河道通畅程度\t\t≥95%\t年度工作计划",
])  # fmt: skip


def test_clean_target_tables(text_blocks: Callable[[str], Blocks]) -> None:
    ev = parse(text_blocks(CLEAN))
    assert ev.doc_type is DocType.TARGET_TABLE
    assert (ev.department, ev.fiscal_year, ev.warnings) == ("某县水利局", 2025, ())
    first, second = ev.projects
    assert (first.code, first.name, first.budget_wan, first.purpose, first.goal) == (
        "13000025P000000000001",
        "河道清理",
        D("300.00"),
        "清理河道淤泥",
        "1. 清理河道20公里",
    )
    assert (second.name, second.budget_wan, second.purpose) == ("堤防巡查", D("50.00"), None)
    assert [(e.period, e.pct, e.group) for e in ev.spending_plan] == [
        ("3月底", D(20), 0), ("6月底", D(50), 0), ("10月底", D(80), 0), ("12月底", D(100), 0)
    ]  # fmt: skip
    assert [(i.group, i.level1, i.level2, i.level3) for i in ev.indicators] == [
        (0, "产出指标", "数量指标", "清理长度"), (0, "产出指标", "成本指标", "清理成本"),
        (0, "满意度指标", "服务对象满意度指标", "群众满意度"),
        (1, "产出指标", "时效指标", "巡查及时率"),
    ]  # fmt: skip
    assert (ev.indicators[1].target, ev.indicators[1].basis) == ("≤300万元", "预算批复")


def test_extracted_target_table(text_blocks: Callable[[str], Blocks]) -> None:
    ev = parse(text_blocks(EXTRACTED))
    (project,) = ev.projects
    assert (project.code, project.name, project.budget_wan) == (
        "13000025P000000000001",
        "河道清理",
        D("300.00"),
    )
    assert (project.purpose, project.goal) == ("清理河道淤泥", "1. 清理河道20公里")
    assert [e.pct for e in ev.spending_plan] == [D(20), D(50), D(80), D(100)]
    length, quality, timely, shifted = ev.indicators
    assert (length.level1, length.level3, length.description) == (
        "产出指标",
        "清理长度",
        "清理河道长度",
    )
    assert (length.target, length.basis) == ("≥20 公里", "年度工作计划")
    assert (timely.level1, quality.level1) == ("产出指标", "产出指标")
    assert (shifted.level1, shifted.target, shifted.basis) == ("效益指标", "≥95%", "年度工作计划")
    # the run-together text splits at its spaces into one piece per name column
    assert (shifted.level2, shifted.level3, shifted.description) == (
        "社会效益指",
        "河道通畅",
        "河道通畅程度",
    )
    text = "\n".join(ev.warnings)
    assert "项目编码被拆成2段" in text and "资金支出计划单元格被拆开" in text
    assert "一级指标单元格" in text and "单元格错位" in text


def test_merged_cells_of_a_word_table() -> None:
    """A table whose reader keeps merged cells (rowspan/colspan), as a .docx reader does."""

    def cell(text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Cell:
        return Cell(text, row, col, rowspan, colspan, Location(table=1, row=row + 1))

    cells = (
        cell("项目编码", 0, 0), cell("P1", 0, 1), cell("项目名称", 0, 2),
        cell("巡河", 0, 3, colspan=3),
        cell("资金支出计划（%）", 1, 0, rowspan=2), cell("3月底", 1, 1), cell("6月底", 1, 2),
        cell("10月底", 1, 3), cell("12月底", 1, 4),
        cell("30%", 2, 1), cell("60%", 2, 2), cell("90%", 2, 3), cell("100%", 2, 4),
        cell("一级指标", 3, 0), cell("二级指标", 3, 1), cell("三级指标", 3, 2),
        cell("指标值", 3, 3), cell("指标值确定依据", 3, 4),
        cell("产出指标", 4, 0, rowspan=2), cell("数量指标", 4, 1), cell("巡河次数", 4, 2),
        cell("≥52次", 4, 3), cell("年度计划", 4, 4, rowspan=2),
        cell("时效指标", 5, 1), cell("及时率", 5, 2), cell("=100%", 5, 3),
    )  # fmt: skip
    ev = parse(Blocks((Paragraph("某局绩效目标表"), Table(cells, Location(table=1)))))
    assert ev.doc_type is DocType.TARGET_TABLE and ev.warnings == ()
    assert (ev.projects[0].code, ev.projects[0].name) == ("P1", "巡河")
    assert [e.pct for e in ev.spending_plan] == [D(30), D(60), D(90), D(100)]
    assert [(i.level1, i.level3, i.target, i.basis) for i in ev.indicators] == [
        ("产出指标", "巡河次数", "≥52次", "年度计划"),
        ("产出指标", "及时率", "=100%", "年度计划"),
    ]
