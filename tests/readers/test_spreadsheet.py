"""The spreadsheet reader: sheets, merged ranges, values as people see them, huge sheets, .xls.

Workbooks are written here with openpyxl; the .xls and .ods come from LibreOffice converting
them (skipped where ``soffice`` is missing).
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.styles import Font

from jixiao.model.blocks import Blocks, Source, Table
from jixiao.readers import registry, spreadsheet
from jixiao.readers.docx import ENCRYPTED
from jixiao.readers.errors import ReadError
from jixiao.readers.spreadsheet import NOT_WORKBOOK, column_letters, read, value_text
from tests.goldens import check_golden as check_file

GOLDEN = Path(__file__).parent / "golden"
SOFFICE = shutil.which("soffice")


def check_golden(blocks: Blocks, name: str, update: bool) -> None:
    check_file(blocks, GOLDEN / f"{name}.blocks.json", update)


def save(book: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def self_eval_book() -> bytes:
    """Two sheets: a 自评表 with a title across its width, a vertical merge, numbers, dates and
    a wrapped cell, starting at B2; and a small 资金 sheet."""
    book = openpyxl.Workbook()
    form = book.active
    form.title = "自评表"
    form["B2"] = "项目支出绩效自评表"
    form.merge_cells("B2:F2")
    for col, text in zip(
        "BCDEF", ["一级指标", "二级指标", "指标值", "实际值", "得分"], strict=True
    ):
        form[f"{col}3"] = text
    form["B4"] = "产出指标"
    form.merge_cells("B4:B5")
    form["C4"], form["D4"], form["E4"], form["F4"] = "数量\n指标", 2830.898743, 100.0, 20
    form["C5"], form["D5"], form["E5"] = "完成率", 0.95, datetime.date(2024, 3, 1)
    form["D5"].number_format = "0%"
    form["F5"] = datetime.datetime(2024, 3, 1, 10, 30)  # noqa: DTZ001 - Excel has no zones
    form["B7"] = "合计"  # row 6 stays empty inside the table
    form["F7"] = True
    funds = book.create_sheet("资金")
    funds.append(["科目", "金额（万元）"])
    funds.append(["基本支出", 405.378599])
    funds.append(["项目支出", -0.1])
    return save(book)


def test_sheets_become_tables_with_spans_and_trimmed_edges() -> None:
    blocks = read(Source("自评表.xlsx", self_eval_book()))
    form, funds = blocks.tables()
    assert form.grid() == [
        ["项目支出绩效自评表"] * 5,
        ["一级指标", "二级指标", "指标值", "实际值", "得分"],
        ["产出指标", "数量指标", "2830.898743", "100", "20"],
        ["产出指标", "完成率", "95%", "2024-03-01", "2024-03-01 10:30:00"],  # 0.95 in a 0% cell
        ["", "", "", "", ""],
        ["合计", "", "", "", "TRUE"],
    ]
    assert funds.grid() == [
        ["科目", "金额（万元）"],
        ["基本支出", "405.378599"],
        ["项目支出", "-0.1"],
    ]
    title = form.cells[0]
    assert (title.row, title.col, title.rowspan, title.colspan) == (0, 0, 1, 5)
    merged = next(c for c in form.cells if c.text == "产出指标")
    assert (merged.rowspan, merged.colspan) == (2, 1)
    assert sum(1 for c in form.cells if c.text == "产出指标") == 1
    assert len(form.cells) == 30 - 4 - 1  # 6 × 5 positions, covered ones left out
    assert blocks.problems == ()
    assert blocks.source.format == "xlsx"


def test_locations_use_the_sheet_and_excel_references() -> None:
    form, funds = read(Source("a.xlsx", self_eval_book())).tables()
    cell = next(c for c in form.cells if c.text == "2830.898743")
    assert cell.location.items() == {
        "table": 1,
        "row": 4,
        "col": 4,
        "sheet": "自评表",
        "cell": "D4",
    }
    assert (cell.row, cell.col) == (2, 2)  # in the table's own grid
    assert form.location.items() == {"table": 1, "sheet": "自评表", "cell": "B2:F7"}
    assert funds.cells[0].location.items() == {
        "table": 2, "row": 1, "col": 1, "sheet": "资金", "cell": "A1"
    }  # fmt: skip
    assert cell.location.describe() == "工作表“自评表” 表1 第4行 D4"


def test_golden(update_golden: bool) -> None:
    check_golden(read(Source("自评表.xlsx", self_eval_book())), "xlsx/self-eval", update_golden)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2830.898743, "2830.898743"),
        (100.0, "100"),
        (0.95, "0.95"),
        (0.1 + 0.2, "0.30000000000000004"),  # what the file holds, not rounded for show
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (-0.0, "0"),
        (12, "12"),
        (False, "FALSE"),
        (datetime.date(2024, 12, 31), "2024-12-31"),
        (datetime.datetime(2024, 12, 31), "2024-12-31"),  # noqa: DTZ001
        (datetime.time(9, 5), "09:05:00"),
        (datetime.timedelta(hours=1, minutes=30), "1:30:00"),
        ("  多\n行\u00a0文字 ", "多行 文字"),
        (None, ""),
        ("", ""),
    ],
)
def test_value_text(value: object, text: str) -> None:
    assert value_text(value) == text


def test_column_letters() -> None:
    assert [column_letters(n) for n in (0, 25, 26, 701, 702, 16383)] == [
        "A", "Z", "AA", "ZZ", "AAA", "XFD"
    ]  # fmt: skip


def test_a_table_starting_far_from_a1_keeps_its_references() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C5"] = "甲"
    sheet["D7"] = 1
    sheet.merge_cells("C5:D5")
    (table,) = read(Source("a.xlsx", save(book))).tables()
    assert table.grid() == [["甲", "甲"], ["", ""], ["", "1"]]
    assert {c.text: c.location.cell for c in table.cells if c.text} == {"甲": "C5", "1": "D7"}


def test_hidden_sheets_are_left_out_and_said() -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "可见"
    hidden = book.create_sheet("下拉选项")
    hidden["A1"] = "优"
    hidden.sheet_state = "hidden"
    blocks = read(Source("a.xlsx", save(book)))
    assert [t.grid() for t in blocks.tables()] == [[["可见"]]]
    assert blocks.problems == ("工作表“下拉选项”是隐藏的工作表，未读取",)


def test_formulas_without_a_cached_value_read_empty() -> None:
    book = openpyxl.Workbook()
    book.active.append(["得分", "=1+2", 3])
    (table,) = read(Source("a.xlsx", save(book))).tables()
    assert table.grid() == [["得分", "", "3"]]


# ---- limits -------------------------------------------------------------------------------


def test_row_and_column_limits_are_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    monkeypatch.setattr(spreadsheet, "MAX_COLS", 3)
    book = openpyxl.Workbook()
    book.active.title = "明细"
    for r in range(8):
        book.active.append([f"{r}-{c}" for c in range(4)])
    blocks = read(Source("a.xlsx", save(book)))
    (table,) = blocks.tables()
    assert table.n_rows == 5 and table.n_cols == 3
    assert blocks.problems == (
        "工作表“明细”超过3列，只读取了前3列",
        "工作表“明细”超过5行，只读取了前5行",
    )


def test_wide_sheets_read_fewer_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_POSITIONS", 12)
    book = openpyxl.Workbook()
    for r in range(5):
        book.active.append([f"{r}-{c}" for c in range(4)])
    blocks = read(Source("a.xlsx", save(book)))
    (table,) = blocks.tables()
    assert table.n_rows == 3
    assert blocks.problems == ("工作表“Sheet”超过3行，只读取了前3行",)


def test_a_long_empty_run_stops_the_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_EMPTY_RUN", 10)
    book = openpyxl.Workbook()
    book.active["A1"] = "表头"
    book.active["A30"] = "很远的内容"
    blocks = read(Source("a.xlsx", save(book)))
    assert [t.grid() for t in blocks.tables()] == [[["表头"]]]
    assert blocks.problems == ("工作表“Sheet”第2行起连续10行为空，其后的内容未读取",)


def _with_sheet_xml(rows_xml: str, after: str = "") -> bytes:
    """A workbook whose first sheet's rows are replaced by ``rows_xml`` (style 1 exists)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "标题"
    book.active["A1"].font = Font(bold=True)
    data = save(book)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            content = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, rest = content.split(b"<sheetData>")
                _, tail = rest.split(b"</sheetData>")
                rows = b"<sheetData>" + rows_xml.encode() + b"</sheetData>" + after.encode()
                content = head + rows + tail
                content = content.replace(b'<dimension ref="A1"/>', b"")
            zout.writestr(info, content)
    return out.getvalue()


def test_a_million_formatted_empty_rows_read_quickly() -> None:
    rows = ['<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>标题</t></is></c></row>']
    rows += [f'<row r="{i}"><c r="A{i}" s="1"/></row>' for i in range(2, 1_000_001)]
    data = _with_sheet_xml("".join(rows))
    started = time.perf_counter()
    blocks = read(Source("big.xlsx", data))
    assert time.perf_counter() - started < 20
    assert [t.grid() for t in blocks.tables()] == [[["标题"]]]
    assert blocks.problems == ("工作表“Sheet”第2至1000000行只有空单元格或格式，未读取",)


def test_a_stray_value_far_away_does_not_exhaust_memory() -> None:
    # calamine would allocate 1 048 576 × 16 384 cells for this sheet and abort the process.
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c>'
        '<c r="B1" t="n"><v>12.5</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>合并</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    )
    merged = '<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>'
    data = _with_sheet_xml(rows, merged)
    started = time.perf_counter()
    blocks = read(Source("stray.xlsx", data))
    assert time.perf_counter() - started < 20
    (table,) = blocks.tables()
    assert table.grid() == [["标题", "12.5"], ["合并", "合并"]]
    assert table.cells[-1].colspan == 2
    assert blocks.problems == (
        "工作表“Sheet”超过500列，只读取了前500列",
        "工作表“Sheet”第3行起连续1000行为空，其后的内容未读取",
    )


# ---- bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a workbook", NOT_WORKBOOK),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le"),
         ENCRYPTED),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), NOT_WORKBOOK),
    ],
    ids=["garbage", "encrypted", "broken-xls"],
)  # fmt: skip
def test_files_that_are_not_workbooks(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        read(Source("a.xlsx", data))
    assert caught.value.reason == reason


def test_a_document_named_xlsx_is_refused() -> None:
    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ReadError):
        read(Source("a.xlsx", buf.getvalue()))


def test_the_registry_reads_xlsx() -> None:
    blocks = registry.read(Source("自评表.xlsx", self_eval_book()))
    assert isinstance(blocks, Blocks)
    assert blocks.source.sha256 is not None and len(list(blocks.tables())) == 2


# ---- .xls and .ods through LibreOffice ----------------------------------------------------


def _convert(data: bytes, target: str, tmp_path: Path) -> bytes:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make a real .xls/.ods")
    source = tmp_path / "自评表.xlsx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    out = tmp_path / "out" / f"自评表.{target}"
    assert out.exists(), f"soffice wrote no .{target}"
    return out.read_bytes()


def test_a_real_xls_reads_like_the_xlsx(tmp_path: Path, update_golden: bool) -> None:
    data = _convert(self_eval_book(), "xls", tmp_path)
    blocks = read(Source("自评表.xls", data))
    want = read(Source("自评表.xlsx", self_eval_book()))
    # calamine gives .xls no number formats: the 0%-formatted 0.95 shows as it is stored
    grids = [
        [["95%" if t == "0.95" else t for t in row] for row in g.grid()] for g in blocks.tables()
    ]
    assert grids == [t.grid() for t in want.tables()]
    spans = [sorted((c.row, c.col, c.rowspan, c.colspan) for c in t.cells) for t in blocks.tables()]
    assert spans == [
        sorted((c.row, c.col, c.rowspan, c.colspan) for c in t.cells) for t in want.tables()
    ]
    assert blocks.source.format == "xls"
    check_golden(blocks, "xls/self-eval", update_golden)


def test_an_ods_keeps_its_values_but_not_its_merges(tmp_path: Path) -> None:
    data = _convert(self_eval_book(), "ods", tmp_path)
    blocks = read(Source("自评表.ods", data))
    assert blocks.source.format == "ods"
    form: Table = next(blocks.tables())
    assert form.grid(fill_merged=False)[2] == ["产出指标", "数量指标", "2830.898743", "100", "20"]
    assert all(c.rowspan == c.colspan == 1 for c in form.cells)  # calamine gives no .ods merges


def test_percent_formats_are_shown_as_percentages() -> None:
    # built-in 0% / 0.00% and a custom "0.0%" show as percentages; a quoted % in a custom
    # format ("0\"%\"") is a literal and a plain number stays a number
    book = openpyxl.Workbook()
    sheet = book.active
    for ref, value, fmt in (("A1", 0.9235, "0.00%"), ("A2", 1, "0%"), ("A3", 0.055, "0.0%"),
                            ("A4", 95, '0"%"'), ("A5", 0.5, "General")):  # fmt: skip
        sheet[ref] = value
        sheet[ref].number_format = fmt
    stream = io.BytesIO()
    book.save(stream)
    blocks = read(Source("rates.xlsx", stream.getvalue()))
    (table,) = blocks.tables()
    assert [row[0] for row in table.grid()] == ["92.35%", "100%", "5.5%", "95", "0.5"]
