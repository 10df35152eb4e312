"""The HTML reader: paragraphs and tables in order, spans, nested tables, encodings."""

from __future__ import annotations

import quopri
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.blocks import Blocks, Paragraph, Source, Table
from jixiao.readers import registry
from jixiao.readers.errors import ReadError
from jixiao.readers.html import read
from tests.goldens import check_golden as check_file

GOLDEN = Path(__file__).parent / "golden" / "html"

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题栏文字</title>
<style>td { border: 1px solid }</style><script>document.write("脚本")</script></head>
<body>
<h1>项目支出绩效自评表</h1>
<p>（2024年度）<br>单位：万元</p>
<div>项目名称：<b>耕地</b><span>保护</span>&nbsp;&nbsp;补助</div>
<!-- 注释不读 -->
<table border="1">
  <caption>表1 绩效指标</caption>
  <thead><tr><th>一级指标</th><th>二级指标</th><th colspan="2">指标值</th></tr></thead>
  <tbody>
  <tr><td rowspan="2">产出
      指标</td><td>数量指标</td><td>≥50个</td><td>52个</td></tr>
  <tr><td>质量指标</td><td colspan="2" rowspan="2">合格</td></tr>
  <tr><td>效益指标</td><td>满意度</td></tr>
  </tbody>
</table>
<ul><li>第一条</li><li>第二条</li></ul>
</body></html>
"""


def check_golden(blocks: Blocks, name: str, update: bool) -> None:
    check_file(blocks, GOLDEN / f"{name}.blocks.json", update)


def html(text: str, encoding: str = "utf-8", name: str = "a.html") -> Blocks:
    return read(Source(name, text.encode(encoding)))


def texts(blocks: Blocks) -> list[str]:
    return [b.text for b in blocks.items if isinstance(b, Paragraph)]


def tables(blocks: Blocks) -> list[Table]:
    return list(blocks.tables())


def test_paragraphs_in_order_without_head_script_style_or_comments() -> None:
    blocks = html(PAGE)
    assert texts(blocks) == [
        "项目支出绩效自评表",
        "（2024年度）",
        "单位：万元",
        "项目名称：耕地保护 补助",
        "表1 绩效指标",
        "第一条",
        "第二条",
    ]
    kinds = [type(b).__name__ for b in blocks.items]
    assert kinds == ["Paragraph"] * 5 + ["Table"] + ["Paragraph"] * 2
    assert [p.location.paragraph for p in blocks.paragraphs()] == list(range(1, 8))
    assert blocks.source.format == "html"


def test_spans_place_cells_and_leave_covered_positions_out() -> None:
    (table,) = tables(html(PAGE))
    assert table.grid() == [
        ["一级指标", "二级指标", "指标值", "指标值"],
        ["产出指标", "数量指标", "≥50个", "52个"],
        ["产出指标", "质量指标", "合格", "合格"],
        ["效益指标", "满意度", "合格", "合格"],
    ]
    positions = sorted((c.row, c.col, c.rowspan, c.colspan) for c in table.cells)
    assert (1, 0, 2, 1) in positions and (2, 2, 2, 2) in positions
    assert len(table.cells) == 11  # 16 positions, 5 covered
    satisfied = next(c for c in table.cells if c.text == "满意度")
    assert (satisfied.row, satisfied.col) == (3, 1)
    assert satisfied.location.items() == {"table": 1, "row": 4, "col": 2}


def test_a_nested_table_follows_its_outer_table_and_leaves_the_cell() -> None:
    page = (
        "<table><tr><td>外层<table><tr><td>内1</td><td>内2</td></tr>"
        "<tr><td><table><tr><td>最内</td></tr></table></td></tr></table>说明</td>"
        "<td>右</td></tr></table><table><tr><td>第二张</td></tr></table>"
    )
    outer, inner, innermost, second = tables(html(page))
    assert outer.grid() == [["外层说明", "右"]]
    assert inner.grid() == [["内1", "内2"], ["", ""]]  # the cell that held 最内 is empty
    assert innermost.grid() == [["最内"]]
    assert second.grid() == [["第二张"]]
    assert [t.location.table for t in (outer, inner, innermost, second)] == [1, 2, 3, 4]
    assert inner.cells[0].location.items() == {"table": 2, "row": 1, "col": 1}


def test_spaces_and_wrapped_lines_in_cells() -> None:
    page = (
        "<table><tr><td>&nbsp;资金\n  到位率\u3000</td><td>100\n%</td><td>a<br>b</td></tr></table>"
    )
    (table,) = tables(html(page))
    assert table.grid() == [["资金到位率", "100 %", "a b"]]


def test_odd_spans_are_kept_in_bounds() -> None:
    page = (
        "<table><tr><td rowspan='9' colspan='x'>甲</td><td colspan='0'>乙</td></tr>"
        "<tr><td rowspan=2>丙</td></tr></table>"
    )
    (table,) = tables(html(page))
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in table.cells}
    assert spans == {"甲": (0, 0, 2, 1), "乙": (0, 1, 1, 1), "丙": (1, 1, 1, 1)}


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ('<meta charset="gb2312">', "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gbk"),
        ('<?xml version="1.0" encoding="GB18030"?>', "gb18030"),
        ("", "gb18030"),  # no declaration: detected as for text files
        ('<meta charset="utf-8">', "utf-8"),
        ("", "utf-16"),  # byte-order mark
    ],
)
def test_declared_or_detected_encodings(head: str, encoding: str) -> None:
    page = f"{head}<html><body><p>绩效自评（𠀀除外）</p><p>部门整体支出</p></body></html>"
    if encoding != "utf-16":
        page = page.replace("（𠀀除外）", "")
    blocks = html(page, encoding)
    assert texts(blocks)[-1] == "部门整体支出"
    assert texts(blocks)[0].startswith("绩效自评")
    assert blocks.problems == ()


def test_a_wrong_declaration_is_overridden_and_said() -> None:
    page = '<meta charset="utf-8"><p>预算执行率</p>'
    blocks = html(page, "gbk")
    assert texts(blocks) == ["预算执行率"]
    assert len(blocks.problems) == 1 and "utf-8" in blocks.problems[0]


def test_an_unknown_declared_encoding_is_detected_instead() -> None:
    blocks = html('<meta charset="no-such-codec"><p>预算</p>', "gb18030")
    assert texts(blocks) == ["预算"]


def test_a_single_file_web_page() -> None:
    body = (
        "<html><body><p>项目支出绩效自评报告</p>"
        "<table><tr><td>得分</td><td>95</td></tr></table></body></html>"
    )
    qp = quopri.encodestring(body.encode("gb18030")).decode("ascii")
    mht = (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="B"\r\n\r\n'
        '--B\r\nContent-Type: text/html; charset="gb2312"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        f"{qp}\r\n--B--\r\n"
    )
    blocks = read(Source("a.mhtml", mht.encode("ascii")))
    assert texts(blocks) == ["项目支出绩效自评报告"]
    assert tables(blocks)[0].grid() == [["得分", "95"]]


@pytest.mark.parametrize("page", ["", "   \n", "<!-- 只有注释 -->", "<html></html>"])
def test_empty_pages_give_no_blocks(page: str) -> None:
    assert html(page).items == ()


def test_the_registry_reads_html(update_golden: bool) -> None:
    blocks = registry.read(Source("自评表.html", PAGE.encode("utf-8")))
    assert isinstance(blocks, Blocks)
    assert blocks.source.sha256 is not None
    check_golden(read(Source("自评表.html", PAGE.encode("utf-8"))), "self-eval-page", update_golden)


def test_word_saved_html_golden(update_golden: bool) -> None:
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head>'
        "<body><div class=WordSection1><p class=MsoTitle align=center>"
        "<span>部门整体支出绩效自评表</span><o:p></o:p></p>"
        "<table class=MsoTableGrid border=1><tr><td rowspan=2><p>年度<br>总体目标</p></td>"
        "<td colspan=2><p>预期目标</p></td></tr>"
        "<tr><td><p>目标1：</p><p>完成确权登记</p></td><td><p>已完成</p></td></tr>"
        "</table><p>&nbsp;</p></div></body></html>"
    )
    blocks = html(page, "gb18030", "word.htm")
    (table,) = tables(blocks)
    assert table.grid() == [
        ["年度总体目标", "预期目标", "预期目标"],
        ["年度总体目标", "目标1：完成确权登记", "已完成"],
    ]
    check_golden(blocks, "word-saved", update_golden)


# ---- never anything but ReadError ----------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=2>",
        "<td rowspan='3'>", "<td rowspan=0 colspan=99999999>", "<p>", "</p>", "<br>",
        "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "&nbsp;",
        "&#0;", "&#xD800;", "\u3000", "绩效", "指标", "100%", "\n", "<meta charset=gbk>",
        "<?xml encoding='utf-16'?>", "<caption>", "<li>", "<", ">", "&", "\x00",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_random_html_gives_blocks(pieces: list[str]) -> None:
    blocks = html("".join(pieces))
    assert isinstance(blocks, Blocks)
    for table in blocks.tables():
        for cell in table.cells:
            assert cell.rowspan >= 1 and cell.colspan >= 1
            assert cell.text == cell.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_blocks_or_a_read_error(data: bytes) -> None:
    try:
        blocks = read(Source("fuzz.html", data))
    except ReadError:
        return
    assert isinstance(blocks, Blocks)
