"""Official fonts and page of a 公文-style report (GB/T 9704 practice).

Word keeps East-Asian fonts apart from Latin ones: ``run.font.name`` sets only ``w:ascii`` and
``w:hAnsi``, so every run and every style also gets ``w:eastAsia`` (stack.md pitfall 1). The
names are the official ones (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312); where they are not
installed, ``writers/fonts.conf`` maps them to Noto CJK for LibreOffice.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

TITLE_FONT: Final = "方正小标宋简体"
HEADING_FONT: Final = "黑体"
SUBHEADING_FONT: Final = "楷体_GB2312"
BODY_FONT: Final = "仿宋_GB2312"
LATIN_FONT: Final = "Times New Roman"
OFFICIAL_FONTS: Final = frozenset({TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT, "宋体"})

# style names of the template (python-docx's built-in names, so Word shows them translated)
TITLE: Final = "Title"
SUBTITLE: Final = "Subtitle"
HEADING1: Final = "Heading 1"
HEADING2: Final = "Heading 2"
HEADING3: Final = "Heading 3"
BODY: Final = "Normal"
CENTER: Final = "Caption"  # centred lines: captions, sub-titles of tables
TABLE_TEXT: Final = "Table Text"  # paragraphs inside tables (created by the template script)


class Look(NamedTuple):
    font: str
    size_pt: float
    bold: bool = False
    centered: bool = False
    indent_chars: int = 2  # first-line indent in characters
    space_after_pt: float = 0


# 二号 22 pt title; 三号 16 pt headings and body; 四号 14 pt captions; 五号 10.5 pt tables
LOOKS: Final[dict[str, Look]] = {
    TITLE: Look(TITLE_FONT, 22, centered=True, indent_chars=0, space_after_pt=14),
    SUBTITLE: Look(SUBHEADING_FONT, 16, centered=True, indent_chars=0, space_after_pt=14),
    HEADING1: Look(HEADING_FONT, 16),
    HEADING2: Look(SUBHEADING_FONT, 16),
    HEADING3: Look(BODY_FONT, 16, bold=True),
    BODY: Look(BODY_FONT, 16),
    CENTER: Look(BODY_FONT, 14, centered=True, indent_chars=0),
    TABLE_TEXT: Look(BODY_FONT, 10.5, indent_chars=0),
}
LINE_PITCH_PT: Final = 28  # 固定值 28 磅: 22 lines a page on A4 with the margins below
# A4 and the usual official margins (top, bottom, left, right), in cm
PAGE_CM: Final = (21.0, 29.7)
MARGINS_CM: Final = (3.7, 3.5, 2.8, 2.6)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415 - python-docx loads only when writing

    return str(qn(tag))


def set_east_asia(rpr: Any, font: str) -> None:
    """Name ``font`` for East-Asian text in a ``w:rPr`` (Latin text in Times New Roman)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attr), None)
    fonts.set(_qn("w:ascii"), LATIN_FONT)
    fonts.set(_qn("w:hAnsi"), LATIN_FONT)
    fonts.set(_qn("w:eastAsia"), font)


def east_asia_of(run: Any) -> str | None:
    rpr = run._element.rPr
    if rpr is None or rpr.rFonts is None:
        return None
    value = rpr.rFonts.get(_qn("w:eastAsia"))
    return None if value is None else str(value)


_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fonts_by_style(doc: Any) -> dict[str, str]:
    """Paragraph style id → the East-Asian font of its look (by the style's name)."""
    names = {name.lower(): look.font for name, look in LOOKS.items()}
    out: dict[str, str] = {}
    for style in doc.styles.element.iterchildren(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is not None and (font := names.get(name.get(f"{_W}val", "").lower())):
            out[str(style.get(f"{_W}styleId"))] = font
    return out


def _paragraph_font(p: Any, fonts: dict[str, str], default: str) -> str:
    if next(p.iterancestors(f"{_W}tc"), None) is not None:
        return LOOKS[TABLE_TEXT].font
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return fonts.get(str(style.get(f"{_W}val")), default) if style is not None else default


def _fix_runs(root: Any, fonts: dict[str, str], default: str) -> None:
    for p in root.iter(f"{_W}p"):
        font = _paragraph_font(p, fonts, default)
        for run in p.iter(f"{_W}r"):
            rpr = run.find(f"{_W}rPr")
            if rpr is None:
                rpr = run.makeelement(f"{_W}rPr", {})
                run.insert(0, rpr)
            rfonts = rpr.find(f"{_W}rFonts")
            if rfonts is None:
                rfonts = rpr.makeelement(f"{_W}rFonts", {})
                rpr.insert(0, rfonts)
            if rfonts.get(f"{_W}eastAsia") not in OFFICIAL_FONTS:
                for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
                    rfonts.attrib.pop(f"{_W}{attr}", None)
                rfonts.set(f"{_W}eastAsia", font)
                rfonts.set(f"{_W}ascii", rfonts.get(f"{_W}ascii", LATIN_FONT))
                rfonts.set(f"{_W}hAnsi", rfonts.get(f"{_W}hAnsi", LATIN_FONT))


def fix_document_fonts(doc: Any) -> None:
    """Every run of the body (tables included), headers and footers gets an official
    East-Asian font: the one it already names, else its paragraph style's (tables: 仿宋)."""
    fonts = _fonts_by_style(doc)
    default = LOOKS[BODY].font
    _fix_runs(doc.element.body, fonts, default)
    for section in doc.sections:
        for part in (section.footer, section.header):
            if not part.is_linked_to_previous:
                _fix_runs(part._element, fonts, default)


def style_paragraph_format(style: Any, look: Look) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if look.centered else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Pt(look.size_pt * look.indent_chars) if look.indent_chars else None
    pf.space_before = Pt(0)
    pf.space_after = Pt(look.space_after_pt)
    if look.size_pt >= LOOKS[BODY].size_pt:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PITCH_PT if look.size_pt < LOOKS[TITLE].size_pt else 36)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def apply_look(style: Any, look: Look) -> None:
    """A style's font (East-Asian and Latin), size, weight, colour and paragraph format."""
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

    style.font.size = Pt(look.size_pt)
    style.font.bold = look.bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_east_asia(style.element.get_or_add_rPr(), look.font)
    if style.type == 1:  # WD_STYLE_TYPE.PARAGRAPH
        style_paragraph_format(style, look)


def setup_styles(doc: Any) -> None:
    """Normal, Title, Subtitle, Heading 1–3, Caption and Table Text in the official look."""
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415

    styles = doc.styles
    if TABLE_TEXT not in [s.name for s in styles]:
        table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles[BODY]
    for name, look in LOOKS.items():
        apply_look(styles[name], look)
    for name in (TITLE, SUBTITLE, HEADING1, HEADING2, HEADING3):
        _no_borders_or_keep(styles[name])


def _no_borders_or_keep(style: Any) -> None:
    """python-docx's Title has a bottom border and headings keep with next: drop the border."""
    ppr = style.element.pPr
    if ppr is None:
        return
    for child in list(ppr):
        if child.tag == _qn("w:pBdr"):
            ppr.remove(child)


def setup_page(section: Any) -> None:
    from docx.shared import Cm  # noqa: PLC0415

    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    top, bottom, left, right = MARGINS_CM
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.footer_distance = Cm(2.8)


def add_page_number(section: Any) -> None:
    """ "— 3 —" centred in the footer (a PAGE field), 宋体 四号 as in official documents."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = None

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        set_east_asia(r._element.get_or_add_rPr(), "宋体")
        return r

    run("— ")
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(_qn("w:fldCharType"), kind)
            r._element.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(_qn("xml:space"), "preserve")
            instr.text = text
            r._element.append(instr)
        else:
            r.text = text or ""
    run(" —")
