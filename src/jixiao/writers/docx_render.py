"""A :class:`Draft` → .docx bytes, through a docxtpl template.

The template (``templates/自评报告.docx``, or a bureau's own) holds the page, the styles and
the layout of the text; it loops over ``blocks`` and writes each in the style of its kind.
A table or chart block renders as a marker paragraph (``〔jixiao:table:3〕``) that is then
replaced by the table, built with python-docx (merged cells vary with the data), or by the
picture. Last, every run gets an official East-Asian font (stack.md pitfall 1).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from importlib.resources import files
from io import BytesIO
from typing import Any, Final
from xml.sax.saxutils import escape

from jixiao.writers.base import WriteError
from jixiao.writers.docx_fonts import BODY_FONT as TABLE_FONT
from jixiao.writers.docx_fonts import LATIN_FONT, TABLE_TEXT
from jixiao.writers.docx_fonts import fix_document_fonts as _fix_fonts
from jixiao.writers.docx_model import Block, Draft, Grid
from jixiao.writers.docx_tables import TEXT_WIDTH_CM

_MARKER: Final = re.compile(r"^〔jixiao:(?P<kind>table|chart):(?P<n>\d+)〕$")
_LONG_CELL: Final = 14  # a longer text is running text: aligned left
_CHART_WIDTH_CM: Final = 14.0
ANNEX: Final = "附件"
TEMPLATE_ERROR: Final = "模板不是有效的 Word 文档（.docx），或其中的模板标记有误"


def default_template(name: str) -> bytes:
    return files("jixiao.writers").joinpath("templates", name).read_bytes()


def marker(kind: str, n: int) -> str:
    return f"〔jixiao:{kind}:{n}〕"


def block_context(blocks: list[Block]) -> list[dict[str, str]]:
    """The ``blocks`` variable: kind and text; a table or chart gives its marker as text."""
    out: list[dict[str, str]] = []
    for n, b in enumerate(blocks):
        text = marker(b.kind, n) if b.kind in ("table", "chart") else b.text
        out.append({"kind": b.kind, "text": text})
    return out


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def _template(template: bytes) -> Any:
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]  # noqa: PLC0415

    return DocxTemplate(BytesIO(template))


def render(
    draft: Draft, context: dict[str, Any], template: bytes, charts: Mapping[str, bytes]
) -> bytes:
    """Fill the template, put the tables and charts in place, fix fonts; the .docx bytes."""
    from jinja2 import TemplateError  # noqa: PLC0415

    if not _is_word_package(template):
        raise WriteError(TEMPLATE_ERROR)
    tpl = _template(template)
    full = {**context, "blocks": block_context(draft.blocks)}
    try:
        tpl.render(full, autoescape=True)
    except TemplateError as exc:
        raise WriteError(f"{TEMPLATE_ERROR}：{exc}") from exc
    except (KeyError, ValueError, OSError) as exc:  # not a zip / not a Word package
        raise WriteError(TEMPLATE_ERROR) from exc
    doc = tpl.docx
    _place_objects(doc, draft.blocks, charts)
    _fix_fonts(doc)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _place_objects(doc: Any, blocks: list[Block], charts: Mapping[str, bytes]) -> None:
    style_id = style_id_of(doc, TABLE_TEXT)
    for paragraph in list(doc.paragraphs):
        text = paragraph.text.strip()
        if text == ANNEX:  # the annex (the 自评表) starts a new page
            paragraph.paragraph_format.page_break_before = True
        m = _MARKER.match(text)
        if m is None:
            continue
        block = blocks[int(m.group("n"))]
        if block.kind == "table" and block.grid is not None:
            draw_grid(doc, block.grid, paragraph, style_id)
        elif block.chart is not None and block.chart in charts:
            _draw_chart(paragraph, charts[block.chart])
        else:
            paragraph._p.getparent().remove(paragraph._p)


def _draw_chart(paragraph: Any, png: bytes) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # never clip it
    paragraph.paragraph_format.keep_with_next = True  # with its caption
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(BytesIO(png), width=Cm(_CHART_WIDTH_CM))


_W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CM_TWIPS: Final = 567  # twentieths of a point per centimetre
_BORDERS: Final = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _run_xml(value: str, bold: bool) -> str:
    if not value:
        return ""
    b = "<w:b/><w:bCs/>" if bold else ""
    fonts = f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{TABLE_FONT}"/>'
    return (
        f'<w:r><w:rPr>{fonts}{b}<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(value)}</w:t></w:r>'
    )


def _cell_xml(
    value: str,
    width: int,
    span: int,
    vmerge: str | None,
    bold: bool,
    left: bool,
    style_id: str | None,
) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        props += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    align = "left" if left or len(value) > _LONG_CELL else "center"
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    text = "" if vmerge == "continue" else _run_xml(value, bold)
    return (
        f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr>{pstyle}"
        f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{text}</w:p></w:tc>'
    )


def _regions(grid: Grid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Every grid position → the merged region covering it (a lone cell is its own)."""
    out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = (r0, c0, r1, c1)
    return out


def _row_xml(
    grid: Grid,
    r: int,
    widths: list[int],
    regions: dict[tuple[int, int], tuple[int, int, int, int]],
    style_id: str | None,
) -> str:
    cells: list[str] = []
    c = 0
    while c < grid.n_cols:
        r0, c0, r1, c1 = regions.get((r, c), (r, c, r, c))
        span = c1 - c0 + 1
        vmerge = None if r1 == r0 else ("restart" if r == r0 else "continue")
        values = grid.rows[r0]
        value = values[c0] if c0 < len(values) else ""
        cells.append(
            _cell_xml(
                value,
                sum(widths[c0 : c1 + 1]),
                span,
                vmerge,
                r0 in grid.header_rows,
                c0 in grid.left_cols,
                style_id,
            )
        )
        c = c1 + 1
    return f"<w:tr>{''.join(cells)}</w:tr>"


def grid_xml(grid: Grid, style_id: str | None) -> str:
    """The table as WordprocessingML: merged regions as ``gridSpan`` and ``vMerge``, so no
    merged cell keeps the paragraphs of the cells it covers (stack.md pitfall 13)."""
    n = grid.n_cols
    cm = list(grid.widths_cm) + [TEXT_WIDTH_CM / n] * (n - len(grid.widths_cm))
    widths = [round(w * _CM_TWIPS) for w in cm[:n]]
    regions = _regions(grid)
    rows = "".join(_row_xml(grid, r, widths, regions, style_id) for r in range(len(grid.rows)))
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )
    return f'<w:tbl xmlns:w="{_W_NS}">{props}<w:tblGrid>{cols}</w:tblGrid>{rows}</w:tbl>'


def style_id_of(doc: Any, name: str) -> str | None:
    """The id of a paragraph style by its name (``None`` when the template lacks it)."""
    for style in doc.styles.element.iterchildren(f"{{{_W_NS}}}style"):
        names = style.findall(f"{{{_W_NS}}}name")
        if names and names[0].get(f"{{{_W_NS}}}val", "").lower() == name.lower():
            return str(style.get(f"{{{_W_NS}}}styleId"))
    return None


def draw_grid(doc: Any, grid: Grid, anchor: Any, style_id: str | None = None) -> None:
    """The grid as a Word table in place of the ``anchor`` paragraph."""
    from docx.oxml import parse_xml  # noqa: PLC0415

    table = parse_xml(grid_xml(grid, style_id))
    anchor._p.addprevious(table)
    anchor._p.getparent().remove(anchor._p)
