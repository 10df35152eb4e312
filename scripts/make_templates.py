"""Build the docxtpl templates of the Word writers (run from the repository root):

    .venv/bin/python scripts/make_templates.py

writes ``src/jixiao/writers/templates/自评报告.docx`` and ``审核意见.docx``. Both hold the page
(A4, official margins, "— n —" page numbers), the official styles (方正小标宋简体 title, 黑体
chapters, 楷体_GB2312 sub-chapters, 仿宋_GB2312 body and tables) and one loop over ``blocks``
that writes each block in the style of its kind. A bureau's own template follows the same
context variables (documented in ``jixiao.writers.docx``); it may move, restyle or add text
around the loop freely.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document

from jixiao.writers.docx_fonts import (
    BODY,
    BODY_FONT,
    CENTER,
    HEADING1,
    HEADING2,
    HEADING3,
    LATIN_FONT,
    LOOKS,
    SUBTITLE,
    TITLE,
    add_page_number,
    set_east_asia,
    setup_page,
    setup_styles,
)

OUT = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "writers" / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # reproducible package properties

# (kind of block, style) in the order the loop tests them; the last one is the default
KIND_STYLES = (("h1", HEADING1), ("h2", HEADING2), ("h3", HEADING3), ("center", CENTER))


def _tag(doc: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag (removed when rendered)."""
    doc.add_paragraph(tag, style=BODY)


def _line(doc: Any, text: str, style: str) -> None:
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    set_east_asia(run._element.get_or_add_rPr(), LOOKS[style].font)


def _doc_defaults(doc: Any) -> None:
    """The document-wide default run font (styles.xml rPrDefault) is 仿宋_GB2312 too."""
    rpr = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if rpr is None:
        return
    fonts = rpr.find(f"{W}rFonts")
    if fonts is None:
        fonts = rpr.makeelement(f"{W}rFonts", {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(f"{W}ascii", LATIN_FONT)
    fonts.set(f"{W}hAnsi", LATIN_FONT)
    fonts.set(f"{W}eastAsia", BODY_FONT)
    lang = rpr.find(f"{W}lang")
    if lang is None:
        lang = rpr.makeelement(f"{W}lang", {})
        rpr.append(lang)
    lang.set(f"{W}eastAsia", "zh-CN")  # Chinese glyph forms, punctuation and line breaking
    theme_lang = doc.settings.element.find(f"{W}themeFontLang")
    if theme_lang is not None:
        theme_lang.set(f"{W}eastAsia", "zh-CN")


KEEP_STYLES = frozenset(
    s.lower()
    for s in (
        BODY,
        TITLE,
        SUBTITLE,
        HEADING1,
        HEADING2,
        HEADING3,
        CENTER,
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Table Grid",
        "Header",
        "Footer",
        "Header Char",
        "Footer Char",
        "Title Char",
        "Subtitle Char",
        "Heading 1 Char",
        "Heading 2 Char",
        "Heading 3 Char",
    )
)


def _prune(doc: Any) -> None:
    """Only the styles the templates use (python-docx's default styles.xml is 350 KB, and
    parsing it is most of a report's time); no stylesWithEffects part, no thumbnail."""
    styles = doc.styles.element
    for style in list(styles.iterchildren(f"{W}style")):
        name = style.find(f"{W}name")
        if name is None or name.get(f"{W}val", "").lower() not in KEEP_STYLES:
            styles.remove(style)
    latent = styles.find(f"{W}latentStyles")
    if latent is not None:
        styles.remove(latent)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]


def build(title_comment: str) -> Any:
    doc = Document()
    _prune(doc)
    _doc_defaults(doc)
    setup_styles(doc)
    section = doc.sections[0]
    setup_page(section)
    add_page_number(section)
    body = doc.element.body
    for p in list(body.iterchildren()):
        if p.tag.endswith("}p"):
            body.remove(p)
    _line(doc, "{{ title }}", TITLE)
    _tag(doc, "{%p if subtitle %}")
    _line(doc, "{{ subtitle }}", SUBTITLE)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for b in blocks %}")
    for n, (kind, style) in enumerate(KIND_STYLES):
        _tag(doc, f'{{%p {"if" if n == 0 else "elif"} b.kind == "{kind}" %}}')
        _line(doc, "{{ b.text }}", style)
    _tag(doc, "{%p else %}")
    _line(doc, "{{ b.text }}", BODY)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    props = doc.core_properties
    props.author = props.last_modified_by = "jixiao"
    props.title = title_comment
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, title in (("自评报告.docx", "绩效自评报告模板"), ("审核意见.docx", "审核意见模板")):
        build(title).save(OUT / name)


if __name__ == "__main__":
    main()
