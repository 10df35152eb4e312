"""The OFD reader on packages built here by code, following GB/T 33190-2016: OFD.xml →
Doc_0/Document.xml → Doc_0/Pages/Page_N/Content.xml, a template page, ``ofd:`` names.

Tables are drawn as one rectangle PathObject per cell (a merged cell is one rectangle), as
OFD writers draw them; text is one TextObject per line, or per character.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jixiao.model.blocks import Blocks, Paragraph, Source, Table, Unreadable
from jixiao.readers import ofd
from jixiao.readers.errors import ReadError
from jixiao.readers.registry import read
from tests.goldens import check_golden

GOLDEN = Path(__file__).parent / "golden" / "ofd"
NS = "http://www.ofdspec.org/2016"
SIZE = 3.5  # mm, 五号字 about 10.5 pt


@dataclass
class Page:
    """The objects of one page, in mm from the top-left corner."""

    objects: list[str] = field(default_factory=list)

    def _id(self) -> int:
        return 100 + len(self.objects)

    def text(self, x: float, y: float, text: str, size: float = SIZE, per_char: bool = False,
             ctm: str | None = None) -> None:  # fmt: skip
        """One line of text with its baseline at ``y`` (one object per character if asked)."""
        if per_char:
            for i, char in enumerate(text):
                self.text(x + i * size, y, char, size)
            return
        width = len(text) * size
        ctm_attr = f' CTM="{ctm}"' if ctm else ""
        self.objects.append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{x} {y - size} {width} {size * 1.2}" '
            f'Font="1" Size="{size}"{ctm_attr}><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size * 0.88}" DeltaX="g {len(text) - 1} {size}">{text}'
            "</ofd:TextCode></ofd:TextObject>"
        )

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.objects.append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{x} {y} {w} {h}" LineWidth="0.25">'
            f"<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData>"
            "</ofd:PathObject>"
        )

    def table(self, x: float, y: float, widths: list[float], row_height: float,
              cells: list[tuple[int, int, int, int, list[str]]]) -> float:  # fmt: skip
        """Cells (row, col, rowspan, colspan, lines of text); returns the table's bottom."""
        edges = [x]
        for w in widths:
            edges.append(edges[-1] + w)
        for row, col, rowspan, colspan, lines in cells:
            left, top = edges[col], y + row * row_height
            self.rect(left, top, edges[col + colspan] - left, rowspan * row_height)
            for k, line in enumerate(lines):
                self.text(left + 1, top + 1 + (k + 1) * (SIZE + 0.5), line)
        return y + row_height * max(r + rs for r, _, rs, _, _ in cells)

    def xml(self) -> str:
        body = "".join(self.objects)
        return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
                "<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>"
                '<ofd:Template TemplateID="2" ZOrder="Background"/><ofd:Content>'
                f'<ofd:Layer ID="3">{body}</ofd:Layer></ofd:Content></ofd:Page>')  # fmt: skip


def package(
    pages: list[Page], extra: dict[str, str] | None = None, absolute: bool = False
) -> bytes:
    """The .ofd zip: OFD.xml, the document, its pages, a font resource and a template page
    holding a running header (which the reader leaves out)."""
    prefix = "/Doc_0/" if absolute else ""
    page_list = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="{prefix}Pages/Page_{i}/Content.xml"/>'
                        for i in range(len(pages)))  # fmt: skip
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" '
        'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>jixiao-test</ofd:DocID>'
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document '
        f'xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
        "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" '
        'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/>'
        "</ofd:Fonts></ofd:Res>",
        "Doc_0/Tpls/Tpl_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page '
        f'xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="4"><ofd:TextObject ID="5" '
        'Boundary="20 8 100 5" Font="1" Size="3"><ofd:TextCode X="0" Y="3">模板页眉：内部资料'
        "</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>",
    }
    for i, page in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = page.xml()
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


INTRO = ["为落实预算绩效管理要求，本单位按照科学性、规范性、客观性和公正性原则，对特",
         "困人员救助供养资金开展了绩效自评价，现将有关情况报告如下。"]  # fmt: skip
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值"]
WIDTHS = [30.0, 35.0, 60.0, 45.0]


def _form_pages(per_char: bool = False) -> list[Page]:
    """Page 1: title, a paragraph wrapped over two lines, a form with merged cells, a table
    that runs to the page bottom; page 2: its continuation with the header repeated."""
    one, two = Page(), Page()
    one.text(20, 25, "项目支出绩效自评表", per_char=per_char)
    one.text(20, 35, INTRO[0], per_char=per_char)
    one.text(20, 40.5, INTRO[1], per_char=per_char)
    cells = [(0, c, 1, 1, [h]) for c, h in enumerate(HEADER)] + [
        (1, 0, 2, 1, ["产出指标"]), (1, 1, 1, 1, ["数量指标"]),
        (1, 2, 1, 1, ["特困人员救助供养", "人数"]), (1, 3, 1, 1, ["≥4754人"]),
        (2, 1, 1, 1, ["质量指标"]), (2, 2, 1, 1, ["资金发放准确率"]), (2, 3, 1, 1, ["=100%"]),
        (3, 0, 1, 3, ["总分"]), (3, 3, 1, 1, ["100"]),
    ]  # fmt: skip
    bottom = one.table(20, 50, WIDTHS, 12, cells)
    one.text(20, bottom + 10, "一、项目完成情况")
    rows = [(0, c, 1, 1, [h]) for c, h in enumerate(["序号", "项目名称", "完成情况", "得分"])]
    rows += [cell for i in range(1, 12) for cell in (
        (i, 0, 1, 1, [str(i)]), (i, 1, 1, 1, [f"项目{i}"]), (i, 2, 1, 1, ["已完成"]),
        (i, 3, 1, 1, ["10"]))]  # fmt: skip
    one.table(20, bottom + 16, WIDTHS, 12, rows)
    one.text(104, 290, "1")  # page number in the footer
    cont = [(0, c, 1, 1, [h]) for c, h in enumerate(["序号", "项目名称", "完成情况", "得分"])]
    cont += [cell for i in range(12, 15) for cell in (
        (i - 11, 0, 1, 1, [str(i)]), (i - 11, 1, 1, 1, [f"项目{i}"]),
        (i - 11, 2, 1, 1, ["已完成"]), (i - 11, 3, 1, 1, ["10"]))]  # fmt: skip
    end = two.table(20, 20, WIDTHS, 12, cont)
    two.text(20, end + 10, "二、结论：本年度自评结果为优。")
    two.text(104, 290, "2")
    return [one, two]


@pytest.fixture(scope="module")
def form() -> Blocks:
    return ofd.read(Source("form.ofd", package(_form_pages())))


def test_paragraphs_in_reading_order_without_furniture(form: Blocks) -> None:
    texts = [p.text for p in form.paragraphs()]
    assert texts == ["项目支出绩效自评表", "".join(INTRO), "一、项目完成情况",
                     "二、结论：本年度自评结果为优。"]  # fmt: skip
    assert [p.location.page for p in form.paragraphs()] == [1, 1, 1, 2]
    assert form.source.pages == 2
    assert form.source.format == "ofd"


def test_merged_cells_keep_their_spans(form: Blocks) -> None:
    table = next(form.tables())
    assert table.grid(fill_merged=False) == [
        HEADER,
        ["产出指标", "数量指标", "特困人员救助供养人数", "≥4754人"],
        ["", "质量指标", "资金发放准确率", "=100%"],
        ["总分", "", "", "100"],
    ]
    label = next(c for c in table.cells if c.text == "产出指标")
    total = next(c for c in table.cells if c.text == "总分")
    assert (label.rowspan, label.colspan, total.rowspan, total.colspan) == (2, 1, 1, 3)
    assert len(table.cells) == 13  # covered positions are left out
    assert total.location.items() == {"page": 1, "table": 1, "row": 4, "col": 1}


def test_table_across_pages_is_one_with_header_dropped(form: Blocks) -> None:
    tables = list(form.tables())
    assert len(tables) == 2
    joined = tables[1]
    grid = joined.grid()
    assert grid[0] == ["序号", "项目名称", "完成情况", "得分"]
    assert [row[0] for row in grid[1:]] == [str(i) for i in range(1, 15)]
    assert joined.location.page == 1
    pages = {c.text: c.location.page for c in joined.cells if c.col == 1}
    assert (pages["项目11"], pages["项目12"]) == (1, 2)


def test_one_object_per_character_reads_the_same(form: Blocks) -> None:
    blocks = ofd.read(Source("chars.ofd", package(_form_pages(per_char=True))))
    assert [p.text for p in blocks.paragraphs()] == [p.text for p in form.paragraphs()]


def test_ctm_scales_text_and_absolute_base_locations() -> None:
    page = Page()
    # the text is written in points and scaled to mm by the CTM, as some writers do
    page.text(20, 30, "项目名称：特困人员救助供养资金", size=10, ctm="0.3528 0 0 0.3528 0 0")
    blocks = ofd.read(Source("ctm.ofd", package([page], absolute=True)))
    assert [p.text for p in blocks.paragraphs()] == ["项目名称：特困人员救助供养资金"]


def test_ctm_scaled_text_lands_in_its_cell() -> None:
    page = Page()
    cells = [(0, 0, 1, 1, ["项目名称"]), (0, 1, 1, 1, []),
             (1, 0, 1, 1, ["金额"]), (1, 1, 1, 1, ["3694.00万元"])]  # fmt: skip
    page.table(20, 20, [40.0, 60.0], 15, cells)
    page.text(61, 30, "特困人员救助供养资金", size=9, ctm="0.3528 0 0 0.3528 0 0")
    (table,) = ofd.read(Source("cell.ofd", package([page]))).tables()
    assert table.grid() == [["项目名称", "特困人员救助供养资金"], ["金额", "3694.00万元"]]


def test_through_the_registry_by_content() -> None:
    blocks = read(Source("no-suffix", package(_form_pages())))
    assert isinstance(blocks, Blocks)
    assert blocks.source.format == "ofd" and len(list(blocks.tables())) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 this is not a zip at all", "不是有效的压缩文件"),
        (package([Page()], {"Encryptions.xml": "<Encryptions/>"}), ofd.ENCRYPTED),
        (package([Page()]), ofd.NO_TEXT),
    ],
    ids=["not-a-zip", "encrypted", "no-text"],
)
def test_bad_packages_give_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        ofd.read(Source("bad.ofd", data))


def test_missing_document_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "OFD.xml",
            f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
    got = read(Source("broken.ofd", buffer.getvalue()))
    assert isinstance(got, Unreadable) and ofd.CORRUPT in got.reason


def test_golden(form: Blocks, update_golden: bool) -> None:
    """The whole reading of the form package, checked by eye once (``--update-golden``)."""
    check_golden(form, GOLDEN / "form.blocks.json", update_golden)
    assert all(isinstance(b, Paragraph | Table) for b in form.items)
