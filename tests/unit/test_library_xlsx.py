"""xlsx import and export of the indicator library (services/library_xlsx.py): a round trip
through our own spreadsheet reader, and bad workbooks named by sheet and row."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.library import LibraryEntry, clean, starting_entries
from jixiao.services.library_xlsx import HEADERS, from_xlsx, to_xlsx


def _book(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_then_import_gives_the_same_entries() -> None:
    entries = starting_entries()
    read = from_xlsx("指标库.xlsx", to_xlsx(entries))
    assert read.errors == ()
    assert read.entries == entries


def test_the_export_has_the_header_row_and_text_cells() -> None:
    formula_like = LibraryEntry("产出指标", "质量指标", "=合格率", direction="=", value="100",
                                unit="%", description="=SUM(A1:A2)")  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([formula_like])))
    ws = book["指标库"]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws["D2"].value == "=合格率" and ws["D2"].data_type == "s"  # a value, never a formula
    assert ws["I2"].data_type == "s"
    assert from_xlsx("x.xlsx", to_xlsx([formula_like])).entries == (formula_like,)


def test_a_sheet_with_a_title_row_and_numbers_and_synonyms_is_read() -> None:
    data = _book({
        "说明": [["本工作簿第二张表为指标库"]],
        "指标": [
            ["自然资源指标库（2025）"],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "绩效指标描述"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "正向", "≥90%", "%", "抽样调查"],
            ["产出指标", "数量指标", "古树日常管护数量", ">=", 359, "棵", None],
            [None, None, None, None, None, None, None],
            ["产出指标", "成本指标", "项目总成本", "≤", None, "万元", None],
        ],
    })  # fmt: skip
    read = from_xlsx("library.xlsx", data)
    assert read.errors == ()
    assert [e.target for e in read.entries] == ["≥90%", "≥359棵", ""]
    assert read.entries[0].description == "抽样调查"
    assert read.notes == ("工作表“说明”没有“一级指标、二级指标、三级指标”表头，未读取",)


def test_bad_rows_are_named_by_sheet_and_row_and_nothing_is_taken() -> None:
    data = _book({
        "指标": [
            list(HEADERS),
            ["自然资源", "产出指标", "数量指标", "完成项目数量", "≥", "3", "个", "", "", ""],
            ["自然资源", "产出指标", "数量指标", "", "≥", "3", "个", "", "", ""],
            ["自然资源", "产出指标", "质量指标", "验收合格率", "大于", "95", "%", "", "", ""],
            ["自然资源", "产出指标", "数量指标", "完成项目数量", "≥", "5", "个", "", "", ""],
        ],
    })  # fmt: skip
    read = from_xlsx("新指标.xlsx", data)
    assert read.entries == ()
    assert read.errors == (
        "新指标.xlsx 工作表“指标” 第3行：缺少三级指标",
        "新指标.xlsx 工作表“指标” 第4行：指标性质“大于”应为≥、≤、=、定性之一或留空",
        "新指标.xlsx 工作表“指标” 第5行：指标“产出指标/数量指标/完成项目数量”（单位：个）"
        "与工作表“指标” 第2行重复",
    )


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese() -> None:
    read = from_xlsx("指标库.xlsx", b"PK\x03\x04 broken")
    assert read.entries == () and len(read.errors) == 1
    assert read.errors[0].startswith("指标库.xlsx：") and "Traceback" not in read.errors[0]
    text = from_xlsx("指标库.txt", "一级指标\t二级指标\t三级指标\n".encode())
    assert text.errors == ("指标库.txt：不是 Excel 工作簿，请上传 .xlsx 文件",)


def test_a_workbook_without_the_header_says_what_it_needs() -> None:
    read = from_xlsx("空.xlsx", _book({"Sheet1": [["名称", "数值"], ["a", 1]]}))
    assert read.entries == ()
    assert read.errors == (
        "空.xlsx：没有读到指标（须有含“一级指标、二级指标、三级指标”的表头行，其下每行一个指标）",
    )


_TEXT = st.text(alphabet="产出效益数量质量时效满意度指标率个人%≥=abcXYZ0123456789 -", max_size=12)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.builds(
            LibraryEntry,
            level1=_TEXT.filter(str.strip),
            level2=_TEXT.filter(str.strip),
            level3=_TEXT.filter(str.strip),
            field=_TEXT,
            direction=st.sampled_from(["", "≥", "≤", "=", "定性"]),
            value=_TEXT,
            unit=_TEXT,
            basis=_TEXT,
            description=_TEXT,
            source=_TEXT,
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda e: clean(e).key,
    )
)
def test_any_entries_survive_the_round_trip(entries: list[LibraryEntry]) -> None:
    """Whatever the text, an exported library reads back as the same (cleaned) entries."""
    cleaned = tuple(clean(e) for e in entries)
    read = from_xlsx("p.xlsx", to_xlsx(cleaned))
    assert read.errors == ()
    assert read.entries == cleaned
