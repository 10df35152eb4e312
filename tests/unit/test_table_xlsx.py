"""services/table_xlsx.py: a table as a workbook, read back with openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from jixiao.writers.table_xlsx import sheet_title, table_xlsx

COLUMNS = [("单位", "text"), ("记录数", "int"), ("平均分", "decimal")]


def _read(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_header_rows_and_number_formats() -> None:
    rows = [("甲市民政局", 3, Decimal("80.00")), ("乙县民政局", 1, None)]
    book = _read(table_xlsx("2025年度_等级分布", COLUMNS, rows))
    assert book.sheetnames == ["2025年度_等级分布"]  # no notes: one sheet
    ws = book.active
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["单位", "记录数", "平均分"],
        ["甲市民政局", 3, 80],
        ["乙县民政局", 1, None],
    ]
    assert ws["A1"].font.b and ws.freeze_panes == "A2"
    assert (ws["B2"].data_type, ws["B2"].number_format) == ("n", "0")
    assert (ws["C2"].data_type, ws["C2"].number_format) == ("n", "0.00")
    assert ws.column_dimensions["A"].width >= 2 * len("甲市民政局")  # two units a character


def test_text_is_never_a_formula_and_control_characters_go() -> None:
    rows = [('=HYPERLINK("http://x")', 1, Decimal("1.5")), ("a\x01b", 2, Decimal(0))]
    ws = _read(table_xlsx("t", COLUMNS, rows)).active
    assert (ws["A2"].value, ws["A2"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert ws["A3"].value == "ab"


def test_notes_go_to_a_second_sheet() -> None:
    book = _read(table_xlsx("散点", COLUMNS, [], notes=["共10条，显示5条。", "第二行"]))
    assert book.sheetnames == ["散点", "说明"]
    assert [c.value for c in book["散点"][1]] == ["单位", "记录数", "平均分"]
    assert [r[0].value for r in book["说明"].iter_rows()] == ["共10条，显示5条。", "第二行"]


def test_sheet_title() -> None:
    assert sheet_title("a/b\\c[d]:e*f?g") == "abcdefg"
    assert len(sheet_title("长" * 40)) == 31
    assert sheet_title("///") == "Sheet1"
