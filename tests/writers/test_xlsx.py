"""The official forms as .xlsx (writers/xlsx.py): read back, never compared on bytes.

* Round trip: each demo document (and each seed, where ../shared/seeds exists) is extracted,
  scored and written; the workbook is read by our spreadsheet reader and parsed by the genre
  parsers, and must give back the form's money rows, indicator rows, spending plan, projects,
  stated total and grade — what the form shows: stated values, the card's points where the
  document states none, "（未填报）" read as missing.
* Golden: the cell grid of each sheet, read with python-calamine, for one form of each layout.
* Print settings, merges and number formats with openpyxl; bad input; templates; speed.
"""

from __future__ import annotations

import doctest
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
import python_calamine as pc
from openpyxl.styles import Font, PatternFill

from jixiao.genres import parse
from jixiao.genres.cells import key
from jixiao.model.blocks import Blocks, Source
from jixiao.model.evaluation import (
    DocType,
    Evaluation,
    Fund,
    Indicator,
    PlanEntry,
    ProjectLine,
    Targets,
)
from jixiao.model.scorecard import ScoreCard
from jixiao.readers.registry import read
from jixiao.readers.spreadsheet import value_text
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.demo import demo_paths
from jixiao.services.evaluate import Scored, score_paths
from jixiao.writers import xlsx_content, xlsx_form, xlsx_layouts
from jixiao.writers.base import MISSING, WriteError, Written
from jixiao.writers.xlsx import write_form
from jixiao.writers.xlsx_form import CardIndex
from tests.goldens import check_golden
from tests.seeds import seed_path

GOLDEN = Path(__file__).parent / "golden" / "xlsx"
DEMOS = {p.name.split("-")[0]: p for p in demo_paths()}
SEEDS = ("000", "001", "002", "003", "004")


@cache
def scored(path: Path) -> Scored:
    (result,) = score_paths([path])
    assert isinstance(result, Scored), result
    return result


def read_back(written: Written) -> Evaluation:
    blocks = read(Source("x.xlsx", written.data))
    assert isinstance(blocks, Blocks), blocks
    return parse(blocks)


def book_of(written: Written) -> Any:
    return openpyxl.load_workbook(BytesIO(written.data))


# ---- what the form should give back ---------------------------------------------------------


def _shown(value: Any) -> Any:
    """A value as the form gives it back: "（未填报）" and blanks are missing."""
    if isinstance(value, str) and (value == MISSING or not value.strip()):
        return None
    return value


def _or_card(stated: Decimal | None, line: Any, attr: str) -> Decimal | None:
    return stated if stated is not None or line is None else getattr(line, attr)


def fund_rows(ev: Evaluation, card: ScoreCard | None, group: int | None) -> list[tuple[Any, ...]]:
    idx = CardIndex.of(card)
    out = []
    for i, f in enumerate(ev.funds):
        if f.group != group:
            continue
        line = idx.funds.get(i)
        out.append((f.name, f.initial, f.total, f.executed, f.rate_pct,
                    _or_card(f.score, line, "points")))  # fmt: skip
    return out


def indicator_rows(ev: Evaluation, card: ScoreCard | None, group: int | None,
                   scored_form: bool = True) -> list[tuple[Any, ...]]:  # fmt: skip
    idx = CardIndex.of(card)
    out = []
    for i, ind in enumerate(ev.indicators):
        if ind.group != group:
            continue
        line = idx.indicators.get(i)
        row: tuple[Any, ...] = (ind.level1, ind.level2, ind.level3, ind.target)
        if scored_form:
            row += (ind.actual, _or_card(ind.weight, line, "weight"),
                    _or_card(ind.score, line, "points"), ind.deviation_reason)  # fmt: skip
            if ev.doc_type is not None and ev.doc_type.is_department and group is None:
                row += (ind.unit, ind.completion_pct)  # the F-B form's own columns
        else:
            row += (ind.description, ind.basis)
        out.append(tuple(_shown(v) for v in row))
    return out


def read_funds(ev: Evaluation) -> list[tuple[Any, ...]]:
    return [(f.name, f.initial, f.total, f.executed, f.rate_pct, f.score) for f in ev.funds]


def total_and_grade(ev: Evaluation, card: ScoreCard | None) -> tuple[Any, Any]:
    if ev.stated_total_score is None and card is not None and card.total is not None:
        return card.total, None if card.grade is None else card.grade.label
    return ev.stated_total_score, ev.stated_grade


def check_round_trip(ev: Evaluation, card: ScoreCard | None) -> Evaluation:
    written = write_form(ev, card)
    back = read_back(written)
    first = None if None in ev.groups() else ev.groups()[0]
    if ev.doc_type is DocType.TARGET_TABLE:
        for g in range(len(ev.projects)):
            assert indicator_rows(back, None, g, False) == indicator_rows(ev, None, g, False)
        assert [(p.period, p.pct, p.group) for p in back.spending_plan] == [
            (p.period, p.pct, p.group) for p in ev.spending_plan
        ]
        assert [(p.code, key(p.name), p.budget_wan, p.goal, p.purpose) for p in back.projects] == [
            (p.code, key(p.name), p.budget_wan, p.goal, p.purpose) for p in ev.projects
        ]
        assert (back.department, back.fiscal_year) == (ev.department, ev.fiscal_year)
        return back
    tasks = [g for g in ev.groups() if g is not None]
    if len(tasks) > 1:  # the unit's own form, then one form per task or project
        return check_grouped(ev, card, back, tasks)
    assert read_funds(back) == fund_rows(ev, card, first)
    if first is None and ev.doc_type is not None and ev.doc_type.is_department:
        back = replace(back, doc_type=ev.doc_type)  # read back as the table: same columns
    assert indicator_rows(back, None, None) == indicator_rows(ev, card, first)
    assert (back.stated_total_score, back.stated_grade) == total_and_grade(ev, card)
    assert (back.department, back.fiscal_year) == (ev.department, ev.fiscal_year)
    if ev.doc_type in (DocType.PROJECT_SELF_EVAL_TABLE, DocType.PROJECT_SELF_EVAL_REPORT):
        assert (back.project, back.supervisor) == (ev.project, ev.supervisor)
    if ev.targets is not None:
        assert back.targets == ev.targets
    return back


def check_grouped(
    ev: Evaluation, card: ScoreCard | None, back: Evaluation, tasks: list[int]
) -> Evaluation:
    """Each task's form reads back as that task's rows, under its name, in its group; the unit's
    form (money, no indicator rows) as the document's money, total and grade."""
    assert [r for r in read_funds(back) if r[0] != "年度资金总额" or any(r[1:])] == fund_rows(
        ev, card, None
    )  # the task forms' money blocks are empty: the tasks have no money of their own
    for g in tasks:
        assert indicator_rows(back, None, g) == indicator_rows(ev, card, g), g
    assert [p.name for p in back.projects] == [ev.projects[g].name for g in tasks]
    assert (back.stated_total_score, back.stated_grade) == total_and_grade(ev, card)
    assert (back.department, back.fiscal_year) == (ev.department, ev.fiscal_year)
    return back


# ---- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_round_trip(name: str) -> None:
    s = scored(DEMOS[name])
    check_round_trip(s.evaluation, s.card)


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_round_trip_without_card(name: str) -> None:
    check_round_trip(scored(DEMOS[name]).evaluation, None)


@pytest.mark.seeds
@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_round_trip(prefix: str) -> None:
    s = scored(seed_path(prefix))
    check_round_trip(s.evaluation, s.card)


def test_the_form_keeps_stated_scores_where_the_card_differs() -> None:
    s = scored(DEMOS["minzheng"])
    lines = {line.name: line for line in s.card.lines}
    assert lines["特困人员救助供养人数"].points == Decimal("9.68")  # stated 10
    back = read_back(write_form(s.evaluation, s.card))
    row = next(i for i in back.indicators if i.level3 == "特困人员救助供养人数")
    assert row.score == Decimal("10")
    assert back.funds[0].score == Decimal("10")  # the card gives 9.24
    assert back.stated_total_score == Decimal("99")  # the card gives 97.92


def test_rows_the_document_leaves_unscored_get_the_cards_points() -> None:
    ev = scored(DEMOS["minzheng"]).evaluation
    rows = tuple(replace(i, score=None) if i.level3 == "特困人员救助供养人数" else i
                 for i in ev.indicators)  # fmt: skip
    funds = (replace(ev.funds[0], score=None), *ev.funds[1:])
    ev = replace(ev, indicators=rows, funds=funds, stated_total_score=None)
    card = score(ev, catalog.get("hebei-2019"))
    written = write_form(ev, card)
    back = read_back(written)
    row = next(i for i in back.indicators if i.level3 == "特困人员救助供养人数")
    assert (row.score, back.funds[0].score) == (Decimal("9.68"), Decimal("9.24"))
    assert back.stated_total_score == card.total and back.stated_grade == card.grade.label  # type: ignore[union-attr]
    assert not any("得分未填报" in w for w in written.warnings)


def test_grouped_self_evaluation_reads_back_every_project() -> None:
    s = scored(DEMOS["jingxing"])  # six key tasks, one 项目支出绩效自评表 each
    back = read_back(write_form(s.evaluation, s.card))
    assert len(back.indicators) == len(s.evaluation.indicators)


def test_target_table_project_names_come_back_as_written() -> None:
    s = scored(DEMOS["huailai"])
    back = read_back(write_form(s.evaluation, s.card))
    assert [p.name for p in back.projects] == [p.name for p in s.evaluation.projects]


# ---- golden grids ----------------------------------------------------------------------------


def calamine_grid(data: bytes) -> dict[str, Any]:
    """Each sheet's cell texts (calamine values, no formats applied) and merged ranges."""
    book = pc.CalamineWorkbook.from_filelike(BytesIO(data))
    out: dict[str, Any] = {}
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = [[value_text(v) for v in row] for row in sheet.to_python()]
        merged = sorted(f"{a},{b}:{c},{d}" for (a, b), (c, d) in sheet.merged_cell_ranges or [])
        out[name] = {"cells": rows, "merged": merged}
    return out


@pytest.mark.parametrize("name", ["minzheng", "qingcheng", "huailai"])
def test_golden_grid(name: str, update_golden: bool) -> None:
    s = scored(DEMOS[name])
    grid = calamine_grid(write_form(s.evaluation, s.card).data)
    check_golden(grid, GOLDEN / f"{name}.cells.json", update_golden)


# ---- print settings, merges, formats ---------------------------------------------------------


def _cell_with(ws: Any, text: str) -> Any:
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_project_form_print_settings_merges_and_formats() -> None:
    s = scored(DEMOS["minzheng"])
    ws = book_of(write_form(s.evaluation, s.card)).active
    assert ws.title == "项目支出绩效自评表"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    head = _cell_with(ws, "一级指标").row
    assert ws.print_title_rows.replace("$", "") == f"{head}:{head}"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{head + 1}:A{head + 5}" in merged  # 产出指标 over its five rows
    assert f"B{head + 2}:B{head + 3}" in merged  # 质量指标 over two
    rate = _cell_with(ws, 0.9235)
    assert rate.number_format == "0.00%"
    assert ws.cell(rate.row, rate.column + 1).number_format == "0.00"  # 得分
    assert ws.cell(rate.row + 1, rate.column + 1).value == "/"  # sub-rows: "/"
    assert _cell_with(ws, "=100%").data_type == "s"  # a value, not a formula
    title = _cell_with(ws, "项目支出绩效自评表")
    assert title.font.name == "方正小标宋简体" and title.font.sz >= 16
    assert _cell_with(ws, "特困人员救助供养人数").font.name == "仿宋_GB2312"
    assert _cell_with(ws, "年度指标值").border.left.style == "thin"
    assert 8 <= ws.column_dimensions["C"].width <= 30
    total = _cell_with(ws, "总分")
    assert ws.cell(total.row, 7).value == 99 and ws.cell(total.row, 6).value == 100
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # values, no formulas


def test_department_and_target_forms_print_settings() -> None:
    s = scored(DEMOS["qingcheng"])
    ws = book_of(write_form(s.evaluation, s.card)).active
    head = _cell_with(ws, "评价指标").row
    assert ws.print_title_rows.replace("$", "") == f"{head}:{head + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert _cell_with(ws, "良").row == _cell_with(ws, "评价等级").row
    book = book_of(write_form(scored(DEMOS["huailai"]).evaluation))
    assert len(book.worksheets) == 7
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "portrait" and len(ws.title) <= 31
        assert _cell_with(ws, "3月底").row + 1 == _cell_with(ws, "资金支出计划（%）").row + 1
    assert book.worksheets[0].title == "怀财字［2024］7号 土地出让业务"
    assert len({ws.title for ws in book.worksheets}) == 7


# ---- bad input ----------------------------------------------------------------------------


def test_missing_fields_give_placeholders_and_warnings() -> None:
    ev = Evaluation(
        doc_type=DocType.PROJECT_SELF_EVAL_TABLE,
        funds=(Fund("年度资金总额", total=Decimal("100"), level=0),),
        indicators=(Indicator(level1="产出指标", level3="受益人数", target="≥10人"),),
    )
    written = write_form(ev)
    texts = [c.value for row in book_of(written).active.iter_rows() for c in row]
    assert texts.count(MISSING) >= 8
    for what in ("项目名称", "主管部门", "实施单位", "年度", "总分", "预期目标",
                 "资金“年度资金总额”的年初预算数", "指标“受益人数”的二级指标",
                 "指标“受益人数”的实际完成值", "指标“受益人数”的分值"):  # fmt: skip
        assert any(what in w and "未填报" in w for w in written.warnings), what
    back = read_back(written)
    assert back.indicators[0].level3 == "受益人数" and back.funds[0].total == Decimal("100")


@pytest.mark.parametrize("doc_type", [*DocType, None])
def test_an_empty_evaluation_still_gives_a_form(doc_type: DocType | None) -> None:
    written = write_form(Evaluation(doc_type=doc_type))
    assert written.suffix == ".xlsx" and written.warnings
    assert book_of(written).worksheets


def test_several_projects_give_one_sheet_each_with_valid_unique_names() -> None:
    name = "某某县[2024]1号:关于下达乡村振兴衔接资金（第一批）的通知项目"
    ev = Evaluation(
        doc_type=DocType.PROJECT_SELF_EVAL_TABLE, department="某局", fiscal_year=2024,
        projects=(ProjectLine(name, score=Decimal("95")), ProjectLine(name)),
        indicators=(Indicator("产出指标", "数量指标", "人数", "≥5人", "5人", weight=Decimal(10),
                              score=Decimal(10), group=0),
                    Indicator("产出指标", "数量指标", "次数", "≥2次", "2次", group=1)),
        targets=Targets("目标", "完成"),
    )  # fmt: skip
    written = write_form(ev)
    titles = [ws.title for ws in book_of(written).worksheets]
    assert len(titles) == 2 and len(set(titles)) == 2
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    assert any(f"项目“{name}”" in w for w in written.warnings)


def test_plan_and_rates_as_the_form_shows_them() -> None:
    ev = Evaluation(
        doc_type=DocType.TARGET_TABLE, department="某局", fiscal_year=2024,
        projects=(ProjectLine("甲项目", code="P1", budget_wan=Decimal("12.5"), goal="目标"),),
        spending_plan=tuple(PlanEntry(p, Decimal(v), 0) for p, v in
                            (("3月底", "12.5"), ("6月底", "50"), ("10月底", "75"),
                             ("12月底", "100"))),
    )  # fmt: skip
    ws = book_of(write_form(ev)).active
    assert _cell_with(ws, 0.125).number_format == "0.00%"
    assert _cell_with(ws, 0.5).number_format == "0%"
    back = read_back(write_form(ev))
    assert [p.pct for p in back.spending_plan] == [Decimal("12.5"), 50, 75, 100]


# ---- templates -------------------------------------------------------------------------------


def bureau_template() -> bytes:
    """A bureau's own form: its title, fill colour, fonts and merges, placeholders in cells."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "本局自评表"
    ws["A1"] = "{{项目名称}}项目绩效自评表（{{年度}}年）"
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(name="楷体", size=20, color="FF0000")
    ws["A2"], ws["B2"] = "资金", "{{资金行}}{{资金名称}}"
    ws["C2"], ws["D2"], ws["E2"] = "{{全年预算数}}", "{{全年执行数}}", "{{执行率}}"
    ws["A3"], ws["B3"], ws["C3"] = "{{指标行}}{{一级指标}}", "{{二级指标}}", "{{三级指标}}"
    ws["D3"], ws["E3"], ws["F3"] = "{{年度指标值}}", "{{实际完成值}}", "{{得分}}"
    ws["D3"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["E3"].number_format = "@"
    ws.merge_cells("E4:F4")
    ws["A4"], ws["E4"] = "总分", "{{总分}}"
    ws["A5"] = "未知：{{不存在}}"
    ws.row_dimensions[4].height = 30
    ws.print_title_rows = "3:3"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bureau_template_is_filled_and_keeps_its_styles() -> None:
    s = scored(DEMOS["minzheng"])
    written = write_form(s.evaluation, s.card, bureau_template())
    ws = book_of(written).active
    n_funds, n_rows = len(s.evaluation.funds), len(s.evaluation.indicators)
    assert ws["A1"].value == "特困人员救助供养资金项目绩效自评表（2024年）"
    assert ws["A1"].font.name == "楷体" and ws["A1"].font.color.rgb.endswith("FF0000")
    assert [ws.cell(2 + k, 2).value for k in range(n_funds)][:2] == [
        "年度资金总额",
        "其中：当年财政拨款",
    ]
    assert ws.cell(2, 5).value == 0.9235 and ws.cell(2, 5).number_format == "0.00%"
    top = 2 + n_funds
    assert ws.cell(top, 3).value == "特困人员救助供养人数"
    assert all(ws.cell(top + k, 4).fill.fgColor.rgb.endswith("FFFF00") for k in range(n_rows))
    assert ws.cell(top, 6).value == 10
    total = top + n_rows
    assert ws.cell(total, 1).value == "总分" and ws.cell(total, 5).value == 99
    assert f"E{total}:F{total}" in {str(r) for r in ws.merged_cells.ranges}
    assert f"A{top}:A{top + 4}" in {str(r) for r in ws.merged_cells.ranges}  # 产出指标
    assert ws.row_dimensions[total].height == 30
    assert ws.print_title_rows.replace("$", "") == f"{top}:{top}"
    assert ws.cell(total + 1, 1).value == "未知："
    assert any("{{不存在}}" in w for w in written.warnings)


def test_a_template_fills_one_copy_per_project() -> None:
    s = scored(DEMOS["jingxing"])
    book = book_of(write_form(s.evaluation, s.card, bureau_template()))
    assert len(book.worksheets) == 1 + len(s.evaluation.projects)
    assert book.worksheets[1].title == s.evaluation.projects[0].name


def _zip_without_workbook() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04broken", b"",
                                  _zip_without_workbook()])  # fmt: skip
def test_a_template_that_is_not_xlsx_is_refused(data: bytes) -> None:
    with pytest.raises(WriteError, match=r"模板不是有效的 Excel 文件（\.xlsx）"):
        write_form(Evaluation(), None, data)


def test_a_template_without_placeholders_is_refused() -> None:
    out = BytesIO()
    openpyxl.Workbook().save(out)
    with pytest.raises(WriteError, match="占位符"):
        write_form(Evaluation(), None, out.getvalue())


@pytest.mark.parametrize("module", [xlsx_content, xlsx_form, xlsx_layouts])
def test_doctests(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted and not result.failed


# ---- speed -----------------------------------------------------------------------------------


def _best(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _timings() -> Iterator[tuple[str, float]]:
    for name in ("minzheng", "qingcheng", "huailai"):
        s = scored(DEMOS[name])
        yield name, _best(lambda s=s: write_form(s.evaluation, s.card))  # type: ignore[misc]


def test_one_form_takes_well_under_0_3_s() -> None:
    timings = dict(_timings())
    print("xlsx write, best of 3:", {k: f"{v:.3f} s" for k, v in timings.items()})  # noqa: T201
    assert timings["minzheng"] < 0.3
    assert timings["qingcheng"] < 0.3
    assert timings["huailai"] < 0.3  # seven 绩效目标表 in one workbook
