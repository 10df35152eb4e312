"""The PDF reader on PDFs made here: python-docx → LibreOffice → PDF (ruled tables with merged
cells, a table over a page break with its header row repeated, rows the page break splits,
wrapped paragraphs, page numbers and a running header), and PDFs made with Pillow and
pypdfium2 (an image-only scan, a 200-page file). Built once per test session.

The layout rules themselves (joining lines, page furniture, split rows, spans) are also tested
on hand-made inputs, without LibreOffice.
"""

from __future__ import annotations

import doctest
import io
import shutil
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image, ImageDraw

from jixiao.model.blocks import Blocks, Source, Table, Unreadable
from jixiao.readers import ocr, pdf, pdf_text
from jixiao.readers.errors import ReadError
from jixiao.readers.pdf_join import compatible, is_split_rest, join_run
from jixiao.readers.pdf_layout import PageLayout, assemble
from jixiao.readers.pdf_tables import GridCell, PageTable, table_from_boxes
from jixiao.readers.pdf_text import Line
from jixiao.readers.registry import read
from tests.goldens import check_golden

GOLDEN = Path(__file__).parent / "golden" / "pdf"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
FONT = "Noto Serif CJK SC"
RUNNING_HEADER = "青岚县民政局内部资料"
INTRO = ("为落实预算绩效管理要求，本单位按照科学性、规范性、客观性和公正性原则，"
         "对特困人员救助供养资金开展了绩效自评价。全年累计为4604名特困人员发放救助供养"
         "资金3694.00万元，资金按月足额发放到位，失能、半失能特困人员集中供养率达到62%，"
         "特困人员基本生活得到有效保障")  # fmt: skip
FORM = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "特困人员救助供养人数", "≥4754人", "4604人", "10", "10"],
    ["", "质量指标", "救助供养资金发放准确率", "=100%", "100%", "10", "10"],
    ["", "成本指标", "特困人员人均年救助供养成本", "≤0.85万元", "0.80万元", "10", "10"],
    ["效益指标", "社会效益指标", "特困人员基本生活保障率", "=100%", "100%", "10", "10"],
    ["总分", "", "", "", "", "40", "40"],
]
PROJECTS = [
    (str(i), f"第{i}个项目：乡镇敬老院特困人员集中供养设施改造", "10") for i in range(1, 61)
]
LONG = [(str(i), "特困人员救助供养资金按月足额发放，失能半失能人员集中供养，"
         f"第{i}项说明文字较长，需要在单元格中折成多行显示，以便检验跨页拆开的行能否复原。" * 2)
        for i in range(1, 26)]  # fmt: skip


# ---- building the documents ----------------------------------------------------------------


def _document() -> object:

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def _page_numbers_and_header(document: object) -> None:
    """A PAGE field in the footer and a running header on every page."""

    section = document.sections[0]  # type: ignore[attr-defined]
    section.header.paragraphs[0].text = RUNNING_HEADER
    run = section.footer.paragraphs[0].add_run()
    for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = instruction
        run._r.append(element)


def _row_flag(row: object, flag: str) -> None:

    element = OxmlElement(f"w:{flag}")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)  # type: ignore[attr-defined]


def _table(document: object, rows: list[list[str]] | list[tuple[str, ...]], header: bool = False,
           split: bool = True) -> object:  # fmt: skip
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            if text:
                table.cell(r, c).text = text
        if not split:
            _row_flag(table.rows[r], "cantSplit")
    if header:
        _row_flag(table.rows[0], "tblHeader")  # Word and LibreOffice repeat it on each page
    return table


def build_form(path: Path) -> None:
    """Title, a long paragraph, the form with merged cells, then 60 projects over pages."""
    document = _document()
    _page_numbers_and_header(document)
    document.add_paragraph("项目支出绩效自评表")  # type: ignore[attr-defined]
    document.add_paragraph(INTRO + "。")  # type: ignore[attr-defined]
    form = _table(document, FORM)
    form.cell(1, 0).merge(form.cell(3, 0))  # type: ignore[attr-defined]
    form.cell(5, 0).merge(form.cell(5, 4))  # type: ignore[attr-defined]
    document.add_paragraph("一、项目完成情况")  # type: ignore[attr-defined]
    _table(document, [("序号", "项目名称", "得分"), *PROJECTS], header=True, split=False)
    document.add_paragraph("二、结论：本年度绩效自评结果为优。")  # type: ignore[attr-defined]
    document.save(str(path))  # type: ignore[attr-defined]


def build_split(path: Path) -> None:
    """Rows of long text that LibreOffice splits at page breaks (the default)."""
    document = _document()
    document.add_paragraph("附表：项目说明")  # type: ignore[attr-defined]
    _table(document, [("序号", "说明", "得分"), *[(n, text, "10") for n, text in LONG]])
    document.save(str(path))  # type: ignore[attr-defined]


ENCRYPT = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
           '"DocumentOpenPassword":{"type":"string","value":"x"}}')  # fmt: skip


def _soffice(out: Path, target: str, *docx: Path) -> None:
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--convert-to", target, "--outdir", str(out), *map(str, docx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def scanned_pdf(text: str = "项目支出绩效自评表") -> bytes:
    """A page that is only an image, as a scanner writes it."""

    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 300), outline="black", width=3)
    ImageDraw.Draw(image).text((150, 150), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def merged_pdf(parts: list[bytes], repeat: int = 1) -> bytes:
    """The pages of ``parts`` one after another, ``repeat`` times (pypdfium2)."""

    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(p) for p in parts]
    for _ in range(repeat):
        for source in sources:
            out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    build_form(out / "form.docx")
    build_split(out / "split.docx")
    _soffice(out, "pdf", out / "form.docx", out / "split.docx")
    (out / "enc").mkdir()
    _soffice(out / "enc", ENCRYPT, out / "form.docx")
    files = {
        "form": out / "form.pdf",
        "split": out / "split.pdf",
        "encrypted": out / "enc" / "form.pdf",
    }
    missing = [name for name, path in files.items() if not path.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return {name: path.read_bytes() for name, path in files.items()}


@pytest.fixture(scope="session")
def form(pdfs: dict[str, bytes]) -> Blocks:
    return pdf.read(Source("form.pdf", pdfs["form"]))


# ---- what a text PDF gives -----------------------------------------------------------------


@needs_soffice
def test_paragraphs_joined_and_furniture_dropped(form: Blocks) -> None:
    texts = [p.text for p in form.paragraphs()]
    assert texts == ["项目支出绩效自评表", INTRO + "。", "一、项目完成情况",
                     "二、结论：本年度绩效自评结果为优。"]  # fmt: skip
    assert RUNNING_HEADER not in form.text()
    assert form.source.pages is not None and form.source.pages >= 3
    assert [p.location.items() for p in form.paragraphs()][:2] == [
        {"page": 1, "paragraph": 1}, {"page": 1, "paragraph": 2}]  # fmt: skip


@needs_soffice
def test_merged_cells_become_one_cell_with_span(form: Blocks) -> None:
    table = next(form.tables())
    expected = [row[:] for row in FORM]
    expected[5] = ["总分", "", "", "", "", "40", "40"]
    assert table.grid(fill_merged=False) == expected
    label = next(c for c in table.cells if c.text == "产出指标")
    total = next(c for c in table.cells if c.text == "总分")
    assert (label.row, label.col, label.rowspan, label.colspan) == (1, 0, 3, 1)
    assert (total.row, total.col, total.rowspan, total.colspan) == (5, 0, 1, 5)
    assert len(table.cells) == 7 * 6 - 2 - 4  # the covered positions are left out
    assert label.location.items() == {"page": 1, "table": 1, "row": 2, "col": 1}


@needs_soffice
def test_wrapped_cell_text_has_no_spaces(form: Blocks) -> None:
    table = next(form.tables())
    names = [c.text for c in table.cells if c.col == 2]
    assert "特困人员人均年救助供养成本" in names  # wraps in its column
    assert all(" " not in name for name in names)


@needs_soffice
def test_table_over_pages_is_one_with_the_repeated_header_dropped(form: Blocks) -> None:
    tables = list(form.tables())
    assert len(tables) == 2
    projects = tables[1]
    assert projects.grid() == [["序号", "项目名称", "得分"], *map(list, PROJECTS)]
    pages = sorted({c.location.page for c in projects.cells if c.location.page is not None})
    assert len(pages) >= 2 and projects.location.page == pages[0]
    last = max(projects.cells, key=lambda c: c.row)
    assert last.location.page == pages[-1] and last.location.row == 61


@needs_soffice
def test_rows_split_by_a_page_break_come_back_whole(pdfs: dict[str, bytes]) -> None:

    document = pdfium.PdfDocument(pdfs["split"])
    pages = [
        "".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    ]
    split_rows = [n for n, text in LONG if not any(text in page for page in pages)]
    assert split_rows, "the test needs a row that LibreOffice split over two pages"
    blocks = pdf.read(Source("split.pdf", pdfs["split"]))
    (table,) = blocks.tables()
    assert table.grid() == [["序号", "说明", "得分"], *[[n, t, "10"] for n, t in LONG]]


@needs_soffice
def test_golden(form: Blocks, update_golden: bool) -> None:
    """The whole reading of the form PDF, checked by eye once (``--update-golden``)."""
    check_golden(form, GOLDEN / "form.blocks.json", update_golden)


@needs_soffice
def test_two_hundred_pages_read_well_under_a_minute(pdfs: dict[str, bytes]) -> None:
    per_copy = len(pdfium.PdfDocument(pdfs["form"]))
    data = merged_pdf([pdfs["form"]], repeat=-(-200 // per_copy))  # every page has tables
    started = time.perf_counter()
    blocks = read(Source("long.pdf", data))
    seconds = time.perf_counter() - started
    assert isinstance(blocks, Blocks)
    assert blocks.source.pages is not None and blocks.source.pages >= 200
    assert seconds < 30, f"{blocks.source.pages} pages took {seconds:.1f} s"


# ---- PDFs that cannot be read --------------------------------------------------------------


@needs_soffice
def test_encrypted(pdfs: dict[str, bytes]) -> None:
    with pytest.raises(ReadError, match=pdf.ENCRYPTED):
        pdf.read(Source("form.pdf", pdfs["encrypted"]))
    got = read(Source("form.pdf", pdfs["encrypted"]))
    assert isinstance(got, Unreadable) and got.reason == f"form.pdf：{pdf.ENCRYPTED}"


@needs_soffice
def test_truncated(pdfs: dict[str, bytes]) -> None:
    data = pdfs["form"]
    with pytest.raises(ReadError, match=pdf.CORRUPT):
        pdf.read(Source("cut.pdf", data[: len(data) // 2]))


def test_garbage_named_pdf() -> None:
    garbage = bytes(range(256)) * 64
    with pytest.raises(ReadError, match=pdf.CORRUPT):
        pdf.read(Source("x.pdf", garbage))
    got = read(Source("x.pdf", garbage))
    assert isinstance(got, Unreadable) and pdf.CORRUPT in got.reason
    fake = b"%PDF-1.7\n" + garbage + b"\n%%EOF\n"
    with pytest.raises(ReadError, match=pdf.CORRUPT):
        pdf.read(Source("fake.pdf", fake))


def test_scanned_pdf_without_ocr_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    got = read(Source("scan.pdf", scanned_pdf()))
    assert isinstance(got, Unreadable)
    assert got.reason == "scan.pdf：此PDF为扫描件，请安装 jixiao[ocr]"


@needs_soffice
def test_one_scanned_page_without_ocr_is_a_problem(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    blocks = pdf.read(Source("mixed.pdf", merged_pdf([pdfs["form"], scanned_pdf()])))
    pages = blocks.source.pages
    assert pages is not None
    assert blocks.problems == (f"第{pages}页为扫描件，没有读取；请安装 jixiao[ocr] 以识别文字",)
    assert len(list(blocks.tables())) == 2


# ---- the layout rules on hand-made input ---------------------------------------------------


def test_doctests() -> None:
    assert doctest.testmod(pdf_text).failed == 0
    assert doctest.testmod(ocr).failed == 0


def test_many_scanned_pages_make_one_problem() -> None:
    assert ocr.problem([1, 2, 3, 7]) == "第1-3、7页为扫描件，已用文字识别（OCR）读取，请核对"


def _line(text: str, x0: float, top: float, x1: float) -> Line:
    return Line(text, x0, top, x1, top + 10)


def test_lines_join_only_when_the_width_broke_them() -> None:
    lines = [
        _line("项目支出绩效自评表", 200, 50, 300),  # short: a title
        _line("为落实预算绩效管理要求，本单位对特", 90, 80, 500),
        _line("困人员救助供养资金开展了绩效自评", 90, 95, 500),
        _line("价。", 90, 110, 110),
        _line("一、部门基本情况：", 90, 125, 500),  # ends with ：
        _line("（一）部门概况，按照河北省特困人员救助供养标准落实到", 90, 140, 500),
        _line("1.资金到位", 90, 155, 200),  # a list marker starts a paragraph
    ]
    got = pdf_text.paragraphs([(1, line) for line in lines], {1: 500})
    assert [text for _, text in got] == [
        "项目支出绩效自评表",
        "为落实预算绩效管理要求，本单位对特困人员救助供养资金开展了绩效自评价。",
        "一、部门基本情况：",
        "（一）部门概况，按照河北省特困人员救助供养标准落实到",
        "1.资金到位",
    ]


def test_a_paragraph_goes_on_over_a_page_break() -> None:
    pages = [
        PageLayout(1, 600, 800, (_line("第一页最后一行没有写完的句子", 90, 700, 500),)),
        PageLayout(2, 600, 800, (_line("接着写完。", 90, 80, 150),)),
    ]
    (paragraph,) = assemble(pages)
    assert paragraph.location.items() == {"page": 1, "paragraph": 1}
    assert getattr(paragraph, "text", None) == "第一页最后一行没有写完的句子接着写完。"


def test_page_numbers_and_running_footers_are_furniture() -> None:
    pages = []
    for n in (1, 2, 3):
        lines = (
            _line("正文内容", 90, 300, 500),
            _line(f"- {n} -", 290, 770, 310),
            _line(f"某某县财政局 第{n}页", 90, 5, 200),
            _line("只在一页上的落款", 90, 760, 200),
        )
        pages.append((800.0, lines if n == 1 else lines[:3]))  # fmt: skip
    assert pdf_text.find_furniture(pages) == {(i, k) for i in range(3) for k in (1, 2)}


def test_boxes_of_merged_cells_give_spans() -> None:
    boxes = [(0, 0, 10, 5), (10, 0, 20, 5), (20, 0, 30, 5),
             (0, 5, 10, 15), (10, 5, 20, 10), (20, 5, 30, 10), (10, 10, 30, 15)]  # fmt: skip
    table = table_from_boxes(boxes, ["a", "b", "c", "merged down", "e", "f", "merged across"])
    assert table is not None
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in table.cells}
    assert spans["merged down"] == (1, 0, 2, 1)
    assert spans["merged across"] == (2, 1, 1, 2)
    assert table_from_boxes([(0, 0, 10, 5)], ["a framed line"]) is None
    # a page frame cut by a rule under the letterhead is one column: no table
    assert table_from_boxes([(0, 0, 100, 20), (0, 20, 100, 280)], ["抬头", "正文"]) is None


def test_split_rest_against_a_row_under_a_merged_label() -> None:
    recent = [["序号", "项目名称", "得分"], ["1", "甲", "10"], ["2", "乙项目的名称很长需", "10"]]
    assert is_split_rest(recent, ["", "要折行", ""])  # 得分 is always filled: a split row
    assert not is_split_rest(recent, ["3", "丙", ""])  # its own number: a row of its own
    form = [["一级", "二级", "三级", "值", "说明"],
            ["产出", "数量", "人数", "10", "原因"],
            ["产出", "质量", "准确率", "10", ""],
            ["产出", "时效", "及时率", "10", "原因"]]  # fmt: skip
    assert not is_split_rest(form, ["", "成本", "成本", "10", ""])  # under the merged label
    assert is_split_rest(form, ["", "", "", "", "的后半"])  # one long text goes on


def _part(edges: tuple[float, ...], rows: list[list[str]]) -> PageTable:
    cells = tuple(GridCell(t, r, c) for r, row in enumerate(rows) for c, t in enumerate(row))
    return PageTable((edges[0], 0, edges[-1], 100), edges, cells)


def test_parts_on_different_column_lines_share_one_grid() -> None:
    first = _part((0, 50, 100), [["名称", "金额"], ["甲", "1"]])
    cont = _part((0, 50, 80, 100), [["乙", "2", "元"]])
    assert compatible(first, cont)
    assert not compatible(first, _part((40, 60, 100), [["x", "y"]]))
    table = join_run([(1, first), (2, cont)], 1)
    assert isinstance(table, Table)
    assert table.grid(fill_merged=False) == [
        ["名称", "金额", ""],
        ["甲", "1", ""],
        ["乙", "2", "元"],
    ]
    amount = next(c for c in table.cells if c.text == "金额")
    assert amount.colspan == 2 and amount.location.page == 1
    assert next(c for c in table.cells if c.text == "乙").location.page == 2
