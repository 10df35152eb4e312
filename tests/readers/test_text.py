"""The text reader: encodings, tab / pipe / space-aligned tables, .tsv and .csv, locations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.blocks import Blocks, Paragraph, Source, Table
from jixiao.readers import registry
from jixiao.readers.errors import ReadError
from jixiao.readers.text import blocks_from_text, decode, read
from tests.goldens import check_golden as check_file

GOLDEN = Path(__file__).parent / "golden" / "txt"
DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"

SAMPLE = "项目支出绩效自评表\n一级指标\t二级指标\t分值\n产出指标\t数量指标\t20\n"


def check_golden(blocks: Blocks, name: str, update: bool) -> None:
    check_file(blocks, GOLDEN / f"{name}.blocks.json", update)


def grids(blocks: Blocks | list[Paragraph | Table]) -> list[list[list[str]]]:
    items = blocks.items if isinstance(blocks, Blocks) else blocks
    return [b.grid() for b in items if isinstance(b, Table)]


def paragraphs(blocks: Blocks | list[Paragraph | Table]) -> list[str]:
    items = blocks.items if isinstance(blocks, Blocks) else blocks
    return [b.text for b in items if isinstance(b, Paragraph)]


# ---- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # with its byte-order mark
        (SAMPLE.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no mark: zero bytes tell
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        ("繁體字與生僻字𠀀\t㐀\n".encode("gb18030"), "gb18030"),  # four-byte GB18030
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "gbk", "gb18030",
         "gb18030-4byte"],
)  # fmt: skip
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    blocks = read(Source("a.txt", data))
    assert blocks.problems == ()
    if "𠀀" in text:
        assert grids(blocks) == [[["繁體字與生僻字𠀀", "㐀"]]]
    else:
        assert paragraphs(blocks) == ["项目支出绩效自评表"]
        assert grids(blocks) == [[["一级指标", "二级指标", "分值"], ["产出指标", "数量指标", "20"]]]


def test_undecodable_bytes_are_replaced_and_named() -> None:
    blocks = read(Source("bad.txt", "绩效".encode("gbk") + b"\x81\x20\xff"))
    assert len(blocks.problems) == 1
    assert "gb18030" in blocks.problems[0]
    assert "�" in blocks.problems[0]


def test_utf16_bom_with_an_odd_byte_does_not_raise() -> None:
    blocks = read(Source("odd.txt", b"\xff\xfe" + "绩效".encode("utf-16-le") + b"\x00"))
    assert paragraphs(blocks)[0].startswith("绩效")


# ---- tables -------------------------------------------------------------------------------


def test_a_tab_table_goes_on_across_blank_lines_and_keeps_empty_cells() -> None:
    items = blocks_from_text("甲\t乙\n\n\t丙\n说明\n丁\t戊\n")
    assert grids(items) == [[["甲", "乙"], ["", "丙"]], [["丁", "戊"]]]
    assert paragraphs(items) == ["说明"]


def test_pipe_rows_make_a_table_without_their_separator_row() -> None:
    text = "标题\n| 指标 | 分值 |\n|:---|---:|\n| 数量 | 20 |\n| a\\|b | 1 |\n结尾\n"
    items = blocks_from_text(text)
    assert grids(items) == [[["指标", "分值"], ["数量", "20"], ["a|b", "1"]]]
    assert paragraphs(items) == ["标题", "结尾"]
    table = next(b for b in items if isinstance(b, Table))
    assert table.row_cells(1)[1].location.line == 4  # the separator is line 3


def test_a_separator_without_a_table_stays_text() -> None:
    assert paragraphs(blocks_from_text("|---|\n")) == ["|---|"]


def test_space_aligned_runs_of_three_columns_make_a_table() -> None:
    text = (
        "序号  项目名称      金额（万元）\n"
        "1     城乡建设      100.5\n"
        "2     道路养护　　3\n"  # two full-width spaces are a wide gap too
        "3     绿化  工程    4    5\n"  # four columns: not this table
        "合计\n"
    )
    items = blocks_from_text(text)
    assert grids(items) == [
        [["序号", "项目名称", "金额（万元）"], ["1", "城乡建设", "100.5"], ["2", "道路养护", "3"]]
    ]
    assert paragraphs(items) == ["3     绿化  工程    4    5", "合计"]


def test_space_alignment_needs_two_rows_of_the_same_width() -> None:
    signatures = (
        "组  长：李建业  局党组成员  一级调研员\n"
        "副组长：张桂桦  四级调研员\n"
        "        王永辉  财务科二级主任科员\n"
        "组  长  一行\n"
    )
    items = blocks_from_text(signatures)
    assert grids(items) == []
    assert len(paragraphs(items)) == 4


def test_runs_of_different_widths_are_different_tables() -> None:
    text = "a  b  c\nd  e  f\ng  h  i  j\nk  l  m  n\n"
    assert grids(blocks_from_text(text)) == [
        [["a", "b", "c"], ["d", "e", "f"]],
        [["g", "h", "i", "j"], ["k", "l", "m", "n"]],
    ]


def test_cells_are_cleaned_but_paragraphs_kept() -> None:
    items = blocks_from_text("　　一、基本情况\u00a0 \n行\u00a0政\t 100\u3000\n")
    assert paragraphs(items) == ["一、基本情况"]
    assert grids(items) == [[["行 政", "100"]]]


def test_locations_name_line_table_row_and_column() -> None:
    items = blocks_from_text("前言\n\n甲\t乙\n丙\t丁\n后记\n| x | y |\n")
    first, table, _, second = items
    assert isinstance(first, Paragraph) and first.location.items() == {"paragraph": 1, "line": 1}
    assert isinstance(table, Table) and table.location.items() == {"table": 1, "line": 3}
    cell = table.row_cells(1)[1]
    assert cell.location.items() == {"table": 1, "row": 2, "col": 2, "line": 4}
    assert isinstance(second, Table) and second.location.items() == {"table": 2, "line": 6}


# ---- .tsv and .csv ------------------------------------------------------------------------


def test_a_tsv_file_is_one_table() -> None:
    blocks = read(Source("a.tsv", "名称\t金额\n\n说明\n城乡\t1\n".encode()))
    assert [type(b).__name__ for b in blocks.items] == ["Table"]
    assert grids(blocks) == [[["名称", "金额"], ["说明", ""], ["城乡", "1"]]]
    assert blocks.source.format == "txt"


def test_a_csv_file_is_one_table_with_quoted_fields() -> None:
    data = '名称,金额,备注\r\n"城乡\r\n建设",100.5,"含,逗号"\r\n\r\n"说""明",,x\r\n'.encode("gbk")
    blocks = read(Source("a.csv", data))
    (table,) = blocks.tables()
    assert table.grid() == [
        ["名称", "金额", "备注"],
        ["城乡建设", "100.5", "含,逗号"],  # a wrapped Chinese cell joins without a space
        ['说"明', "", "x"],
    ]
    assert [c.location.line for c in table.row_cells(2)] == [5, 5, 5]
    assert table.row_cells(1)[0].location.items() == {"table": 1, "row": 2, "col": 1, "line": 2}


def test_a_csv_field_too_large_is_a_read_error() -> None:
    data = ('"' + "x" * 200_000 + '"\n').encode()
    with pytest.raises(ReadError, match="CSV"):
        read(Source("big.csv", data))


def test_an_empty_csv_has_no_blocks() -> None:
    assert read(Source("e.csv", b"\r\n\r\n")).items == ()


# ---- the demo documents keep today's cells -------------------------------------------------


def _tab_tables_as_before(text: str) -> list[list[list[str]]]:
    """The tab tables as the reader cut them before pipe and space tables existed."""
    out: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in re.split(r"\r\n|\r|\n", text):
        if "\t" in line and line.strip():
            rows.append([c.strip() for c in line.split("\t")])
        elif line.strip():
            if rows:
                out.append(rows)
            rows = []
    if rows:
        out.append(rows)
    return [_padded(g) for g in out]


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.txt")), ids=lambda p: p.stem)
def test_demo_documents_keep_their_tables(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blocks = read(Source(path.name, path.read_bytes()))
    assert grids(blocks) == _tab_tables_as_before(text)


def test_mixed_document_golden(update_golden: bool) -> None:
    text = (
        "\ufeff某县自然资源局2024年度项目支出绩效自评表\n"
        "项目名称\t耕地保护\n"
        "一级指标\t二级指标\t分值\n"
        "\n"
        "产出指标\t数量指标\t20\n"
        "说明：以下为 Markdown 表。\n"
        "| 科目 | 金额 |\n"
        "|------|------|\n"
        "| 基本支出 | 12.5 |\n"
        "以下为 PDF 导出的对齐表：\n"
        "序号  单位        金额\n"
        "1     自然资源局  405.378599\n"
    )
    blocks = read(Source("mixed.txt", text.encode("utf-8")))
    assert len(grids(blocks)) == 3
    check_golden(blocks, "mixed", update_golden)


# ---- never anything but ReadError ----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".csv", ".tsv"]))
def test_random_bytes_give_blocks_or_a_read_error(data: bytes, suffix: str) -> None:
    try:
        blocks = read(Source("fuzz" + suffix, data))
    except ReadError:
        return
    assert isinstance(blocks, Blocks)
    for table in blocks.tables():
        assert all(c.text == c.text.strip() for c in table.cells)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('绩效 \t|-:\n\r\u3000\u00a0a1,"'), max_size=300))
def test_table_like_text_gives_blocks(text: str) -> None:
    blocks = read(Source("fuzz.txt", text.encode("utf-8")))
    for table in blocks.tables():
        assert table.cells, "no empty tables"
        assert all(c.location.line is not None for c in table.cells)


def test_the_registry_reads_csv_with_the_text_reader() -> None:
    blocks = registry.read(Source("a.csv", b"a,b\n1,2\n"))
    assert isinstance(blocks, Blocks)
    assert grids(blocks) == [[["a", "b"], ["1", "2"]]]
