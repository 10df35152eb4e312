"""Monthly spending from .xlsx for 运行监控 (jixiao.services.monitoring_xlsx): both layouts,
amounts in 元 converted to 万元, and bad files refused whole with the file, sheet and cell."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from jixiao.services.monitoring_xlsx import read_monthly

D = Decimal


def _xlsx(
    rows: list[list[Any]], title: str = "月度支出", first: list[list[Any]] | None = None
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if first is not None:  # another sheet before the data
        sheet.title = "说明"
        for row in first:
            sheet.append(row)
        sheet = book.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_two_columns_with_months_written_three_ways() -> None:
    data = _xlsx([
        ["月份", "当月支出（万元）"],
        [1, 10],
        ["2月", 12.5],
        ["三月", "5.25"],
        [None, None],
        ["合计", 27.75],  # a total row is not a month
    ])  # fmt: skip
    result = read_monthly("支出.xlsx", data)
    assert result.errors == ()
    assert result.months == {1: D(10), 2: D("12.5"), 3: D("5.25")}
    assert (result.sheet, result.unit) == ("月度支出", "万元")


def test_a_cumulative_column_is_not_the_months_spending() -> None:
    data = _xlsx([["月份", "累计支出（万元）", "当月支出（万元）"], [1, 10, 10], [2, 25, 15]])
    assert read_monthly("支出.xlsx", data).months == {1: D(10), 2: D(15)}


def test_amounts_in_yuan_are_converted_to_wan() -> None:
    # 125 000 元 = 12.5 万元; 3 000 元 = 0.3 万元
    data = _xlsx([["月份", "当月支出（元）"], ["1月", 125000], ["2月", "3,000"]])
    result = read_monthly("支出.xlsx", data)
    assert result.months == {1: D("12.5"), 2: D("0.3")} and result.unit == "元"


def test_one_row_of_month_headers() -> None:
    data = _xlsx([
        ["单位：万元"],
        ["项目", "1月", "2月", "3月", "4月", "合计"],
        ["社区养老服务补助", 8, 7.5, None, "4.5", 20],
    ])  # fmt: skip
    result = read_monthly("按月.xlsx", data)
    assert result.errors == ()
    assert result.months == {1: D(8), 2: D("7.5"), 4: D("4.5")}  # 3月 blank: not entered


def test_one_row_in_yuan_from_a_unit_line_above() -> None:
    data = _xlsx([["单位：元"], ["", "1月", "2月"], ["当月支出", 10000, 20000]])
    assert read_monthly("按月.xlsx", data).months == {1: D(1), 2: D(2)}


def test_the_first_sheet_with_a_table_is_read() -> None:
    data = _xlsx([["月份", "支出金额"], [6, 20]], first=[["填表说明：按月填写"]])
    result = read_monthly("支出.xlsx", data)
    assert result.months == {6: D(20)} and result.sheet == "月度支出"


def test_a_bad_cell_is_named_and_nothing_is_read() -> None:
    data = _xlsx([["月份", "当月支出（万元）"], [1, 10], [2, "abc"]])
    result = read_monthly("支出.xlsx", data)
    assert result.errors == ("支出.xlsx 工作表“月度支出” 第3行B列：“abc”不是金额",)
    assert result.months == {} and not result.ok


def test_bad_months_and_duplicates_are_named() -> None:
    data = _xlsx([["月份", "当月支出"], ["13月", 1], [4, 2], ["四月", 3], [None, 4]])
    errors = read_monthly("支出.xlsx", data).errors
    assert errors == (
        "支出.xlsx 工作表“月度支出” 第2行A列：“13月”不是月份（应为1–12、“1月”或“一月”）",
        "支出.xlsx 工作表“月度支出” 第4行A列：4月重复（第3行已填）",
        "支出.xlsx 工作表“月度支出” 第5行A列：有金额“4”但没有月份",
    )


def test_a_bad_cell_in_the_row_layout_is_named() -> None:
    data = _xlsx([["1月", "2月", "3月"], [1, "2万元", "x1"]])
    result = read_monthly("按月.xlsx", data)
    assert result.errors == ("按月.xlsx 工作表“月度支出” 第2行C列：“x1”不是金额",)


def test_files_that_are_not_monthly_tables() -> None:
    not_a_workbook = "a.xlsx：不是有效的 Excel 工作簿（.xlsx/.xls/.ods），无法读取"
    assert read_monthly("a.xlsx", b"not a zip").errors == (not_a_workbook,)
    assert read_monthly("a.txt", b"1\t2").errors == ("a.txt：只能导入 Excel 工作簿（.xlsx）",)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    (error,) = read_monthly("b.xlsx", buf.getvalue()).errors
    assert error.startswith("b.xlsx：") and "Excel" in error
    none = read_monthly("c.xlsx", _xlsx([["项目名称", "社区养老"]]))
    assert none.errors[0].startswith("c.xlsx：没有找到月度支出表")
    empty = read_monthly("d.xlsx", _xlsx([["月份", "当月支出"]]))
    assert empty.errors == ("d.xlsx 工作表“月度支出”：没有填写任何月份的支出",)


def test_dates_and_booleans_are_not_amounts() -> None:
    import datetime as dt  # noqa: PLC0415

    data = _xlsx([["月份", "当月支出"], [1, dt.date(2025, 1, 31)], [2, True]])
    assert read_monthly("支出.xlsx", data).errors == (
        "支出.xlsx 工作表“月度支出” 第2行B列：“2025-01-31”不是金额",
        "支出.xlsx 工作表“月度支出” 第3行B列：“TRUE”不是金额",
    )


def test_the_table_may_start_anywhere_on_the_sheet() -> None:
    # two empty rows and an empty column first: the cells are still named as Excel shows them
    data = _xlsx([[], [], [None, "月份", "当月支出（万元）"], [None, "5月", "x"]])
    assert read_monthly("支出.xlsx", data).errors == (
        "支出.xlsx 工作表“月度支出” 第4行C列：“x”不是金额",
    )
