"""The noise real published documents carry (tests/fixtures/noise, README there): the right
values where the text allows them, ``None`` and a warning naming the place where it does not.

Every expected value is written by hand from the fixture's text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from jixiao.genres import parse
from jixiao.genres.cells import strip_unit_code
from jixiao.genres.common import department_of, find_score_grade, org_name
from jixiao.genres.furniture import is_furniture, tidy
from jixiao.genres.narrative import lines
from jixiao.model.blocks import Blocks, Cell, Paragraph, Source, Table
from jixiao.model.evaluation import DocType, Evaluation, Indicator
from jixiao.model.location import Location
from jixiao.model.numbers import ocr_digits
from jixiao.readers.chinese import to_simplified
from jixiao.readers.registry import read

D = Decimal
TextBlocks = Callable[[str], Blocks]
NOISE = Path(__file__).resolve().parents[1] / "fixtures" / "noise"


def _blocks(name: str) -> Blocks:
    path = NOISE / f"{name}.txt"
    blocks = read(Source(path.name, path.read_bytes()))
    assert isinstance(blocks, Blocks), blocks
    return blocks


def _load(name: str) -> Evaluation:
    return parse(_blocks(name))


def _row(ev: Evaluation, level3: str) -> Indicator:
    return next(i for i in ev.indicators if i.level3 == level3)


def _warned(ev: Evaluation, *words: str) -> list[str]:
    return [w for w in ev.warnings if all(x in w for x in words)]


# ---- cells split over lines, cells run together -------------------------------------------


def test_rows_split_over_lines_are_joined() -> None:
    ev = _load("split-over-lines")
    assert [i.level3 for i in ev.indicators] == [
        "特困人员救助供养人数", "救助供养资金发放准确率", "救助供养金按月发放及时率",
        "特困人员基本生活保障率", "特困供养人员满意度",
    ]  # fmt: skip
    first = ev.indicators[0]
    assert (first.target, first.actual, first.weight, first.score) == (
        "≥4754人", "4604人", D("20"), D("19.37"),
    )  # fmt: skip
    assert first.deviation_reason == "部分特困人员年内退出供养，人数少于年初测算"
    # the continuation rows are lines 11 and 14 of the file
    assert len(_warned(ev, "第11行", "并入上一行")) == 1
    assert len(_warned(ev, "第14行", "并入上一行")) == 1
    assert ev.stated_total_score == D("98.61")


def test_cells_run_together_are_split_where_one_reading_fits() -> None:
    ev = _load("run-together")
    assert len(ev.indicators) == 5
    first = _row(ev, "特困人员救助供养人数")
    assert (first.level2, first.target, first.actual, first.weight, first.score) == (
        "数量指标", "≥4754人", "4604人", D("20"), D("19.37"),
    )  # fmt: skip
    quality = _row(ev, "救助供养资金发放准确率")
    assert (quality.weight, quality.score) == (D("15"), D("15"))  # not 1515
    benefit = _row(ev, "特困人员基本生活保障率")
    assert (benefit.level2, benefit.target, benefit.actual, benefit.weight) == (
        "社会效益指标", "=100%", "100%", D("30"),
    )  # fmt: skip
    assert _warned(ev, "第8行", "按空格拆开") and _warned(ev, "第9行", "“15 15”")
    assert _warned(ev, "第11行", "按空格拆开")


def test_run_together_cells_that_fit_no_single_reading_are_warned(text_blocks: TextBlocks) -> None:
    text = "\n".join([
        "项目支出绩效自评表",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标 人数 ≥5人\t5人 10\t10",
    ])  # fmt: skip
    ev = parse(text_blocks(text))
    assert _warned(ev, "第3行", "少4格", "按原样读取")  # 8 columns, 4 cells


def test_two_numbers_in_one_cell_are_not_one_number(text_blocks: TextBlocks) -> None:
    text = "\n".join([
        "项目支出绩效自评表",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t人数\t≥5人\t5人\t10 9.68\t",
    ])  # fmt: skip
    ev = parse(text_blocks(text))
    (row,) = ev.indicators
    assert row.weight is None and row.score is None
    assert _warned(ev, "分值“10 9.68”不是数字")


# ---- OCR, full-width and half-width, ≧ -------------------------------------------------------


def test_ocr_letters_in_number_cells() -> None:
    ev = _load("ocr-digits")
    total = ev.funds[0]
    assert (total.weight, total.score) == (D("10"), D("9.24"))
    assert _warned(ev, "第6行", "分值“IO”", "读取为10")
    quality = _row(ev, "救助供养资金发放准确率")
    assert quality.score == D("15") and _warned(ev, "第11行", "得分“l5”")
    assert _row(ev, "特困人员基本生活保障率").score == D("30")
    satisfaction = _row(ev, "特困供养人员满意度")
    assert (satisfaction.weight, satisfaction.score) == (D("10"), D("10"))
    assert ev.stated_total_score == D("98.61")


def test_an_amount_with_a_letter_is_not_read() -> None:
    ev = _load("ocr-digits")
    carried = next(f for f in ev.funds if f.name == "上年结转资金")
    assert (carried.total, carried.executed) == (D("200.00"), None)
    assert _warned(ev, "第8行", "金额“M.8万元”不是数字")


def test_values_kept_as_written_full_width_folded() -> None:
    ev = _load("ocr-digits")
    first = _row(ev, "特困人员救助供养人数")
    assert first.target == "≥４７５４人"  # as written
    assert (first.direction, first.target_parsed.value, first.target_parsed.unit) == (
        ">=", D("4754"), "人",
    )  # fmt: skip
    assert (first.weight, first.score) == (D("20"), D("19.37"))  # ２０, １９．３７
    quality = _row(ev, "救助供养资金发放准确率")
    assert (quality.target, quality.direction, quality.target_parsed.value) == (
        "＝１００％", "=", D("100"),
    )  # fmt: skip
    timely = _row(ev, "救助供养金按月发放及时率")
    assert (timely.target, timely.direction, timely.target_parsed.value) == ("≧95%", ">=", D("95"))
    assert timely.actual == "290%" and timely.actual_parsed.value == D("290")  # the checks flag it
    assert not _warned(ev, "290%")


def test_ocr_digits_only_inside_a_number() -> None:
    assert (ocr_digits("IO"), ocr_digits("l5"), ocr_digits("1O0%")) == ("10", "15", "100%")
    assert ocr_digits("M.8") is None and ocr_digits("M.8万元") is None
    assert ocr_digits("10") is None  # nothing to read
    assert ocr_digits("Old") is None and ocr_digits("IO人") is None  # not a number then


# ---- traditional characters -----------------------------------------------------------------


def test_traditional_characters_after_conversion() -> None:
    ev = parse(to_simplified(_blocks("traditional")))
    assert ev.doc_type is DocType.PROJECT_SELF_EVAL_TABLE
    assert (ev.project, ev.supervisor, ev.department, ev.fiscal_year) == (
        "特困人员救助供养资金", "青岚县民政局", "青岚县民政局", 2024,
    )  # fmt: skip
    assert (ev.budget_initial_wan, ev.budget_total_wan, ev.executed_total_wan) == (
        D("3800.00"), D("4000.00"), D("3694.00"),
    )  # fmt: skip
    assert [f.name for f in ev.funds] == ["年度资金总额", "当年财政拨款", "上年结转资金"]
    assert [i.level1 for i in ev.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert _row(ev, "特困人员救助供养人数").deviation_reason == "部分特困人员年内退出供养"
    assert ev.stated_total_score == D("98.61")
    assert any("繁体" in w for w in ev.warnings)


# ---- page furniture, stray pinyin -----------------------------------------------------------


def test_page_furniture_is_dropped_and_the_table_joined() -> None:
    ev = _load("page-furniture")
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_TABLE
    assert (ev.title, ev.title_year, ev.department) == (
        "部门整体支出绩效自评表", 2024, "庆城县自然资源局",
    )  # fmt: skip
    assert [i.level3 for i in ev.indicators] == [
        "项目支出预算执行率", "结转结余变动率", "财务管理制度健全性", "资金使用规范性",
        "提升股室协作", "办公用品保障率", "职工满意度", "档案管理制度",
    ]  # fmt: skip
    office = _row(ev, "办公用品保障率")  # the first row after the page break
    assert (office.level1, office.level2, office.completion_pct) == (
        "履职效果", "部门履职目标", D("105.56"),
    )  # fmt: skip
    assert _row(ev, "职工满意度").level1 == "履职效果"
    assert ev.stated_total_score == D("86.82")
    assert not _warned(ev, "多张自评表")
    assert [f.name for f in ev.funds] == ["年度资金总额", "基本支出", "项目支出"]


def test_furniture_lines() -> None:
    assert all(map(is_furniture, ["— 1 —", "- 12 -", "第 1 页 共 2 页", "共2页 第1页", "3/7",
                                  "QINGCHENG XIAN ZIRAN ZIYUAN JU", "Page 2 of 5"]))  # fmt: skip
    assert not any(map(is_furniture, ["2024", "PM2.5", "100%", "一、基本情况", "(2024年度)"]))


def test_tables_of_other_widths_stay_apart(text_blocks: TextBlocks) -> None:
    text = "\n".join(["单位名称\t单位性质\t经费保障形式", "某局\t行政\t财政拨款", "— 3 —",
                      "科目\t金额", "基本支出\t10"])  # fmt: skip
    blocks = tidy(text_blocks(text))
    assert [t.n_rows for t in blocks.tables()] == [2, 2]
    assert [p.text for p in blocks.paragraphs()] == []


# ---- unit codes -----------------------------------------------------------------------------


def test_unit_codes_before_names() -> None:
    ev = _load("unit-codes")
    assert (ev.supervisor, ev.department) == ("青岚县民政局", "青岚县社会福利服务中心")


def test_unit_code_forms() -> None:
    assert strip_unit_code("219001-青岚县民政局") == "青岚县民政局"
    assert strip_unit_code("219001 青岚县民政局") == "青岚县民政局"
    assert strip_unit_code("[219001]青岚县民政局") == "青岚县民政局"
    assert strip_unit_code("219001：青岚县民政局") == "青岚县民政局"
    assert strip_unit_code("2024 年度") == "2024 年度"  # a year, not a code
    assert org_name("324001-怀来县自然资源和规划局") == "怀来县自然资源和规划局"


def test_department_line_with_a_code(text_blocks: TextBlocks) -> None:
    blocks = text_blocks("219001-青岚县民政局\n2024年度部门整体支出绩效自评报告\n一、基本情况")
    assert department_of(lines(blocks)) == "青岚县民政局"


# ---- money in 元 and in 万元 ------------------------------------------------------------------


def test_money_table_in_yuan_narrative_in_wan() -> None:
    ev = _load("money-yuan-narrative-wan")
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_REPORT
    # the table: 28308987.43 元 = 2830.898743 万元, exactly
    assert (ev.budget_initial_wan, ev.budget_total_wan, ev.executed_total_wan) == (
        D("1440.309614"), D("2830.898743"), D("2830.898743"),
    )  # fmt: skip
    assert all(f.source_unit == "元" for f in ev.funds)
    basic = next(f for f in ev.funds if f.name == "基本支出")
    assert (basic.initial, basic.total) == (D("1425.309614"), D("1159.81745"))
    # the narrative stays in 万元: 2830.90 = 1247.18 + 1583.72
    text = next(b for b in ev.breakdowns if b.whole == D("2830.90"))
    assert [p.value for p in text.parts] == [D("1247.18"), D("1583.72")] and text.unit == "万元"
    assert (ev.stated_total_score, ev.stated_grade) == (D("86.82"), "良")


def test_each_money_row_in_its_own_unit() -> None:
    ev = _load("total-row-in-yuan")
    total, grant, carried = ev.funds
    assert (total.name, total.level, total.source_unit) == ("年度资金总额", 0, "元")
    assert (total.initial, total.total, total.executed) == (D("3800"), D("4000"), D("3694"))
    assert (grant.total, grant.source_unit) == (D("3800.00"), None)
    assert (carried.initial, carried.total, carried.executed) == (D("200"), D("200"), D("200"))
    assert (ev.budget_total_wan, ev.executed_total_wan) == (D("4000"), D("3694"))


# ---- columns in other orders and with other names --------------------------------------------


def test_columns_with_other_names() -> None:
    ev = _load("columns-renamed")
    assert (ev.project, ev.department, ev.supervisor) == (
        "特困人员救助供养资金", "青岚县民政局", "青岚县民政局",
    )  # fmt: skip
    (total,) = ev.funds
    assert (total.initial, total.total, total.executed) == (
        D("3800.00"),
        D("4000.00"),
        D("3694.00"),
    )
    assert (total.weight, total.rate_pct, total.score) == (D("10"), D("92.35"), D("9.24"))
    first = _row(ev, "特困人员救助供养人数")
    assert (first.target, first.actual, first.weight, first.score) == (
        "≥4754人", "4604人", D("20"), D("19.37"),
    )  # fmt: skip
    assert first.deviation_reason == "部分特困人员年内退出供养"
    assert (ev.stated_total_score, ev.stated_grade) == (D("83.61"), "良")  # 自评等级 | 良


def test_columns_in_another_order() -> None:
    ev = _load("columns-reordered")
    assert [f.name for f in ev.funds] == ["年度资金总额", "基本支出", "项目支出"]
    total = ev.funds[0]
    assert (total.initial, total.total, total.executed) == (
        D("1440.309614"), D("2830.898743"), D("2830.898743"),
    )  # fmt: skip
    assert (total.score, total.rate_pct) == (D("10"), D("100"))
    office = _row(ev, "办公用品保障率")
    assert (office.weight, office.target, office.actual, office.unit) == (
        D("12.5"), ">=90%", "95", "%",
    )  # fmt: skip
    assert (office.score, office.completion_pct) == (D("12.5"), D("105.56"))
    assets = _row(ev, "资产管理规范性")
    assert (assets.weight, assets.target, assets.actual, assets.score) == (
        D("2"), "规范", "100%-80%(含)", D("1.8"),
    )  # fmt: skip
    assert ev.stated_total_score == D("86.82") and ev.department == "庆城县自然资源局"


def test_nature_column_gives_the_direction() -> None:
    ev = _load("nature-column")
    # the target stays as written; the column gives the direction the number lacks
    people = _row(ev, "特困人员救助供养人数")
    assert (people.target, people.nature, people.direction, people.unit) == (
        "4754", "正向", ">=", "人",
    )  # fmt: skip
    assert people.inputs.kind == "quantitative" and people.inputs.t == D(4754)
    assert _row(ev, "救助供养资金发放准确率").direction == "="
    cost = _row(ev, "特困人员人均年救助供养成本")
    assert (cost.target, cost.direction, cost.unit) == ("0.85", "<=", "万元")
    assert _row(ev, "失能半失能特困人员集中供养率").direction == ">="
    mechanism = _row(ev, "特困人员救助供养长效机制")
    assert (mechanism.target, mechanism.direction) == ("健全", "qualitative")
    assert _row(ev, "特困供养人员满意度").target == "≥90"  # its own comparator agrees
    # a target whose own comparator contradicts the column stays as written, warned
    assert _row(ev, "救助供养金按月发放及时率").target == "≥100"
    assert _warned(ev, "第8行", "指标性质“反向”", "不一致")
    # the grade from the conclusion line under the form, the score from its 总分
    assert (ev.stated_total_score, ev.stated_grade) == (D("88.37"), "良")


def test_blank_score_cells() -> None:
    ev = _load("blank-scores")
    assert [i.score for i in ev.indicators] == [None, D("15"), None, None, None]
    assert [i.weight for i in ev.indicators] == [D("20"), D("15"), D("15"), D("30"), D("10")]
    assert ev.funds[0].score is None and ev.stated_total_score is None
    assert not _warned(ev, "得分")


# ---- score, grade, counts and projects in the narrative --------------------------------------


def test_score_and_grade_in_a_project_report() -> None:
    ev = _load("narrative-project-report")
    assert ev.doc_type is DocType.PROJECT_SELF_EVAL_REPORT
    assert (ev.project, ev.department, ev.fiscal_year) == (
        "特困人员救助供养资金项目",
        "青岚县民政局",
        2024,
    )
    assert (ev.stated_total_score, ev.stated_grade) == (D("98.61"), "优")  # ９８.６１ folded
    assert (ev.budget_total_wan, ev.executed_total_wan, ev.execution_rate_pct) == (
        D("4000.00"), D("3694.00"), D("92.35"),
    )  # fmt: skip
    assert [s.heading for s in ev.sections] == [
        "一、项目基本情况", "二、绩效目标完成情况", "三、自评结论", "四、存在问题", "五、改进措施",
    ]  # fmt: skip
    assert ev.problems == (
        "年初测算的供养人数偏多，目标值设定不够精准。",
        "个别乡镇认定材料归档不及时。",
    )


def test_grade_counts_and_project_scores_in_a_department_report() -> None:
    ev = _load("narrative-grade-counts")
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_REPORT
    assert (ev.stated_total_score, ev.stated_grade) == (D("96.76"), "优秀")
    assert ev.grade_counts == {"优秀": 138, "良好": 3, "一般": 1, "较差": 4}
    counts = next(b for b in ev.breakdowns if b.whole == D("146"))
    assert [p.value for p in counts.parts] == [D("138"), D("3"), D("1"), D("4")]
    assert [(p.name, p.score, p.budget_wan, p.executed_wan) for p in ev.projects] == [
        ("城墙垛口防水工程项目", D("98"), D("2.712759"), D("2.712759")),
        ("2015 年土地变更调查项目及三权发证项目欠款", D("97.67"), D("30"), D("30")),
        ("巴家咀水源保护区退出砂矿补偿资金项目", D("97.33"), D("23.83"), D("23.83")),
    ]  # fmt: skip
    assert (ev.budget_total_wan, ev.problems) == (D("4000.00"), ("个别项目预算编制偏粗。",))


@pytest.mark.parametrize(
    ("sentence", "score", "grade"),
    [
        ("综合评分86.82分，评价等级为良", D("86.82"), "良"),
        ("经评价，综合评分８６．８２分，评价等级为“良”。", D("86.82"), "良"),
        ("本局整体支出的自评得分为86.82分，评价等级为“良”。", D("86.82"), "良"),
        ("得分≥85分为优秀", None, None),
    ],
)
def test_score_and_grade_sentences(sentence: str, score: Decimal | None, grade: str | None) -> None:
    assert find_score_grade(sentence) == (score, grade)


# ---- merged cells as Word, Excel, HTML and PDF readers give them ------------------------------


def _cell(text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, row, col, rowspan, colspan, Location(table=1, row=row + 1, col=col + 1))


def test_a_label_merged_across_two_columns() -> None:
    """ "部门(单位)名称" over two columns, the name over five, the 一级 cell over two rows."""
    cells = (
        _cell("部门(单位)名称", 0, 0, colspan=2), _cell("庆城县自然资源局", 0, 2, colspan=5),
        _cell("", 1, 0, colspan=2), _cell("年初预算数", 1, 2), _cell("全年预算数", 1, 3),
        _cell("全年执行数", 1, 4), _cell("执行率", 1, 5), _cell("得分", 1, 6),
        _cell("整体支出规模(元)", 2, 0), _cell("年度资金总额", 2, 1), _cell("14403096.14", 2, 2),
        _cell("28308987.43", 2, 3), _cell("28308987.43", 2, 4), _cell("100", 2, 5),
        _cell("10", 2, 6),
        _cell("一级指标", 3, 0), _cell("二级指标", 3, 1), _cell("三级指标", 3, 2),
        _cell("年度指标值", 3, 3), _cell("实际完成值", 3, 4), _cell("分值", 3, 5),
        _cell("得分", 3, 6),
        _cell("履职效果", 4, 0, rowspan=2), _cell("部门履职目标", 4, 1, rowspan=2),
        _cell("提升股室协作", 4, 2), _cell("有效提升", 4, 3), _cell("100%-80%(含)", 4, 4),
        _cell("12.5", 4, 5), _cell("11.25", 4, 6),
        _cell("办公用品保障率", 5, 2), _cell(">=90%", 5, 3), _cell("95", 5, 4),
        _cell("12.5", 5, 5), _cell("12.5", 5, 6),
    )  # fmt: skip
    blocks = Blocks((Paragraph("部门整体支出绩效自评表"), Paragraph("(2024年度)"), Table(cells)))
    ev = parse(blocks)
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_TABLE
    assert (ev.department, ev.fiscal_year) == ("庆城县自然资源局", 2024)
    (total,) = ev.funds
    assert (total.name, total.initial, total.total) == (
        "年度资金总额", D("1440.309614"), D("2830.898743"),
    )  # fmt: skip
    assert [(i.level1, i.level2, i.level3, i.score) for i in ev.indicators] == [
        ("履职效果", "部门履职目标", "提升股室协作", D("11.25")),
        ("履职效果", "部门履职目标", "办公用品保障率", D("12.5")),
    ]  # fmt: skip


def test_spreadsheet_noise(tmp_path: Path) -> None:
    """An .xlsx as a finance system exports it: merged labels, numbers stored as numbers, a
    percentage-formatted 执行率 (0.9235 shown as 92.35%), a blank 得分."""
    book = openpyxl.Workbook()
    sheet = book.active
    rows: list[list[object]] = [
        ["项目支出绩效自评表"], ["（2024年度）"],
        ["项目名称", "特困人员救助供养资金"],
        ["主管部门", "青岚县民政局", None, None, "实施单位", "青岚县民政局"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
         "得分"],
        [None, "年度资金总额", D("3800.00"), D("4000.00"), D("3694.00"), 10, D("0.9235"),
         D("9.24")],
        [None, "其中：当年财政拨款", 3600, 3800, 3494, "/", D("0.9195"), "/"],
        [None, "上年结转资金", 200, 200, 200, "/", 1, "/"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "特困人员救助供养人数", "≥4754人", "4604人", 20, D("19.37")],
        [None, "质量指标", "救助供养资金发放准确率", "=100%", "100%", 15, None],
        ["满意度指标", "服务对象满意度指标", "特困供养人员满意度", "≥90%", "93%", 10, 10],
        ["总分", None, None, None, None, 55],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=100%" is text, not a formula
    for r in (6, 7, 8):
        sheet.cell(row=r, column=7).number_format = "0.00%"
    for span in ("A1:H1", "A2:H2", "B3:H3", "B4:D4", "F4:H4", "A5:B5", "A10:A11", "A13:E13"):
        sheet.merge_cells(span)
    path = tmp_path / "自评表.xlsx"
    book.save(path)
    blocks = read(Source(path.name, path.read_bytes()))
    assert isinstance(blocks, Blocks), blocks
    ev = parse(blocks)
    assert (ev.doc_type, ev.fiscal_year, ev.department, ev.project) == (
        DocType.PROJECT_SELF_EVAL_TABLE, 2024, "青岚县民政局", "特困人员救助供养资金",
    )  # fmt: skip
    total, grant, carried = ev.funds
    assert (total.initial, total.total, total.executed) == (D("3800"), D("4000"), D("3694"))
    # the percent format is applied by the reader: 0.9235 is shown, and read, as 92.35 %
    assert (total.rate_pct, grant.rate_pct, carried.rate_pct) == (D("92.35"), D("91.95"), D("100"))
    assert not _warned(ev, "是小数")
    assert [(i.level1, i.level2, i.score) for i in ev.indicators] == [
        ("产出指标", "数量指标", D("19.37")), ("产出指标", "质量指标", None),
        ("满意度指标", "服务对象满意度指标", D("10")),
    ]  # fmt: skip
    assert ev.stated_total_score is None
