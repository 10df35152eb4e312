"""The Word reader: body order, merged cells, nested tables, text boxes, bad files.

Every document is written here with python-docx; what python-docx cannot make (text boxes,
content controls, tracked changes, legacy merges) is added as WordprocessingML.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml

from jixiao.model.blocks import Blocks, Paragraph, Source, Table
from jixiao.readers import registry
from jixiao.readers.docx import ENCRYPTED, NOT_DOCX, read
from jixiao.readers.errors import ReadError
from tests.goldens import check_golden as check_file

GOLDEN = Path(__file__).parent / "golden" / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def check_golden(blocks: Blocks, name: str, update: bool) -> None:
    check_file(blocks, GOLDEN / f"{name}.blocks.json", update)


def save(document: Any) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def text_box_run(text: str) -> Any:
    """A run anchoring a text box the way Word writes it: DrawingML, plus a VML fallback that
    holds the same paragraphs again."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def self_eval_document() -> bytes:
    """A 自评表 in Word: a title, a soft line break, a table with vertical and horizontal
    merges and a nested table, a text box, a header and a footer."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：某县财政局"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_heading("项目支出绩效自评表", level=1)
    intro = document.add_paragraph("（2024年度）")
    intro.add_run().add_break()
    intro.add_run("单位：万元")
    table = document.add_table(rows=4, cols=4)
    header = table.cell(0, 2).merge(table.cell(0, 3))  # horizontal: gridSpan
    header.text = "指标值"
    level1 = table.cell(1, 0).merge(table.cell(2, 0))  # vertical: vMerge restart/continue
    level1.text = "产出指标"
    block = table.cell(2, 2).merge(table.cell(3, 3))  # both at once
    block.text = "合格"
    for (r, c), text in {
        (0, 0): "一级指标", (0, 1): "二级指标", (1, 1): "数量指标", (1, 2): "≥50个",
        (1, 3): "52个", (2, 1): "质量指标", (3, 0): "效益指标", (3, 1): "满意度",
    }.items():  # fmt: skip
        table.cell(r, c).text = text
    wrapped = table.cell(0, 0)
    wrapped.add_paragraph("（一级）")
    inner = table.cell(3, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "问卷"
    inner.cell(0, 1).text = "98%"
    boxed = document.add_paragraph("附注：")
    boxed._p.append(text_box_run("文本框里的说明"))
    document.add_paragraph("")  # an empty paragraph is not a block
    document.add_paragraph("自评结论：优")
    return save(document)


def test_body_order_merges_nested_table_and_text_box() -> None:
    blocks = read(Source("自评表.docx", self_eval_document()))
    kinds = [type(b).__name__ for b in blocks.items]
    assert kinds == ["Paragraph"] * 3 + ["Table", "Table"] + ["Paragraph"] * 3
    texts = [b.text for b in blocks.items if isinstance(b, Paragraph)]
    assert texts == [
        "项目支出绩效自评表",
        "（2024年度）",
        "单位：万元",  # a soft line break makes two paragraphs
        "附注：",
        "文本框里的说明",  # once, although Word stores the box twice
        "自评结论：优",
    ]
    assert "页眉：某县财政局" not in str(blocks) and "第 1 页" not in str(blocks)
    outer, inner = (b for b in blocks.items if isinstance(b, Table))
    assert outer.grid() == [
        ["一级指标（一级）", "二级指标", "指标值", "指标值"],
        ["产出指标", "数量指标", "≥50个", "52个"],
        ["产出指标", "质量指标", "合格", "合格"],
        ["效益指标", "满意度", "合格", "合格"],
    ]
    assert inner.grid() == [["问卷", "98%"]]
    assert [t.location.table for t in (outer, inner)] == [1, 2]


def test_each_merged_region_is_one_cell_at_its_top_left() -> None:
    blocks = read(Source("a.docx", self_eval_document()))
    outer = next(blocks.tables())
    spans = sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in outer.cells)
    assert (0, 2, 1, 2, "指标值") in spans
    assert (1, 0, 2, 1, "产出指标") in spans
    assert (2, 2, 2, 2, "合格") in spans
    assert len(outer.cells) == 16 - 1 - 1 - 3
    assert sum(1 for c in outer.cells if c.text == "合格") == 1
    cell = next(c for c in outer.cells if c.text == "满意度")
    assert cell.location.items() == {"table": 1, "row": 4, "col": 2}
    paragraph = next(blocks.paragraphs())
    assert paragraph.location.items() == {"paragraph": 1}
    assert blocks.source.format == "docx" and blocks.source.pages is None


def test_golden(update_golden: bool) -> None:
    check_golden(
        read(Source("自评表.docx", self_eval_document())), "self-eval-table", update_golden
    )


def _with_body_xml(xml: str) -> bytes:
    document = docx.Document()
    body = document.element.body
    for element in parse_xml(f"<w:body {NS}>{xml}</w:body>"):
        body.insert(len(body) - 1, element)  # before the section properties
    return save(document)


def test_content_controls_tracked_changes_and_vml_text_boxes() -> None:
    data = _with_body_xml(
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:tab/><w:t>尾</w:t></w:r></w:p>"
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>旧式文本框</w:t>"
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    texts = [b.text for b in read(Source("a.docx", data)).items if isinstance(b, Paragraph)]
    assert texts == ["控件里的段落", "保留插入 尾", "旧式文本框"]


def test_legacy_merges_and_grid_before() -> None:
    def tc(text: str, pr: str = "") -> str:
        return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    restart_h, go_on_h = '<w:hMerge w:val="restart"/>', "<w:hMerge/>"
    restart_v, go_on_v = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    before = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
    data = _with_body_xml(
        "<w:tbl>"
        f"<w:tr>{tc('甲', restart_h)}{tc('', go_on_h)}{tc('乙')}</w:tr>"
        f"<w:tr>{before}{tc('丙', restart_v)}{tc('丁')}</w:tr>"
        f"<w:tr>{tc('戊')}{tc('', go_on_v)}{tc('己')}</w:tr>"
        "</w:tbl>"
    )
    (table,) = read(Source("a.docx", data)).tables()
    spans = sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells)
    assert spans == [
        (0, 0, 1, 2, "甲"),
        (0, 2, 1, 1, "乙"),
        (1, 1, 2, 1, "丙"),
        (1, 2, 1, 1, "丁"),
        (2, 0, 1, 1, "戊"),
        (2, 2, 1, 1, "己"),
    ]


def test_a_macro_enabled_document_is_read() -> None:
    source = io.BytesIO(self_eval_document())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    b".main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
                assert b"macroEnabled" in data
            zout.writestr(info, data)
    blocks = read(Source("a.docm", out.getvalue()))
    assert next(blocks.paragraphs()).text == "项目支出绩效自评表"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not a word file at all", NOT_DOCX),
        (b"PK\x03\x04" + bytes(200), None),  # a broken zip: the zip guard says so
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le"),
         ENCRYPTED),
    ],
    ids=["garbage", "broken-zip", "encrypted"],
)  # fmt: skip
def test_files_that_are_not_word_documents(data: bytes, reason: str | None) -> None:
    with pytest.raises(ReadError) as caught:
        read(Source("a.docx", data))
    if reason is not None:
        assert caught.value.reason == reason


def test_a_spreadsheet_named_docx_is_refused() -> None:
    book = openpyxl.Workbook()
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(ReadError) as caught:
        read(Source("a.docx", buf.getvalue()))
    assert caught.value.reason == NOT_DOCX


def test_a_zip_bomb_is_refused_before_opening() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * 60_000_000 + b">")
    with pytest.raises(ReadError, match="压缩"):
        read(Source("bomb.docx", buf.getvalue()))


def test_the_registry_reads_docx() -> None:
    blocks = registry.read(Source("自评表.docx", self_eval_document()))
    assert isinstance(blocks, Blocks)
    assert blocks.source.format == "docx" and blocks.source.sha256 is not None
