"""HTML → Blocks with lxml.html: paragraphs and tables in document order.

- Paragraphs: the text of block elements (``p``, ``div``, ``h1``–``h6``, ``li`` …); ``br``
  separates paragraphs. Inline markup (``b``, ``span``, ``font`` …) is joined into its block.
- Tables: ``rowspan``/``colspan`` become :class:`Cell` spans and covered positions are left
  out. A table inside a cell becomes its own :class:`Table` right after the outer one, and the
  outer cell does not repeat its text. A ``caption`` is a paragraph before its table.
- ``script``, ``style``, ``head``, ``template``, ``noscript`` and comments are ignored.
- Encoding: a byte-order mark, then the declared one (``<meta charset>``, ``http-equiv``, the
  XML declaration), else detected as for text files (UTF-8, UTF-16, GB18030). A page saved as
  one file (``.mht``/``.mhtml``, MIME) is read through its HTML part.

Locations: ``paragraph`` for paragraphs; ``table``, ``row`` and ``col`` (1-based) for cells.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass, field
from typing import Any, Final

from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, Source, SourceInfo, Table
from jixiao.model.location import Location
from jixiao.readers.chinese import clean_cell, split_lines
from jixiao.readers.text import decode

SKIP: Final = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "iframe", "object", "select"}
)
BLOCK: Final = frozenset(
    {
        "html", "body", "p", "div", "section", "article", "header", "footer", "nav", "aside",
        "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "address", "figure", "figcaption", "form", "fieldset", "legend",
        "center", "hr", "details", "summary", "tr", "td", "th", "caption", "tbody", "thead",
        "tfoot",
    }
)  # fmt: skip
MAX_COLSPAN: Final = 1000  # the HTML limit
MAX_ROWSPAN: Final = 65534
_META: Final = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL: Final = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_ALIASES: Final = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
    "us-ascii": "cp1252",
}  # fmt: skip


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    found = _XML_DECL.search(head) or _META.search(head)
    if found is None:
        return None
    name = found.group(1).decode("ascii").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # An ASCII-compatible page cannot really be UTF-16; browsers ignore that label.
    return None if codec.startswith("utf-16") or codec.startswith("utf-32") else name


def decode_html(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """The page's text, the encoding used, and a problem when the declared one did not fit."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = decode(data)
        return text, encoding, ()
    declared = _declared(data)
    if declared is not None:
        try:
            return data.decode(declared), declared, ()
        except UnicodeDecodeError:
            text, encoding = decode(data)
            note = f"网页声明的编码为 {declared}，但内容不符，已按 {encoding} 读取"
            return text, encoding, (note,)
    text, encoding = decode(data)
    return text, encoding, ()


def _mime_html(data: bytes) -> bytes | None:
    """The HTML part of a single-file web page (MHTML), or ``None`` when ``data`` is not one."""
    head = data[:2048].lstrip().lower()
    if not head.startswith((b"mime-version", b"from:", b"content-type", b"subject:", b"date:")):
        return None
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                if charset and b"charset" not in payload[:2048].lower():
                    payload = f'<meta charset="{charset}">'.encode("ascii") + payload
                return payload
    return None


def _tag(el: Any) -> str | None:
    """The lower-case tag of an element; ``None`` for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


def _span(el: Any, name: str, limit: int) -> int:
    digits = re.match(r"\s*(\d+)", el.get(name) or "")
    value = int(digits.group(1)) if digits and len(digits.group(1)) < 7 else 1  # noqa: PLR2004
    return min(max(value, 1), limit)


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of nested tables), sections in source order."""
    rows: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in {"thead", "tbody", "tfoot"}:
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


@dataclass
class _Walker:
    """Walks the tree once, collecting blocks in order."""

    items: list[Block] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        for line in split_lines(text):
            clean = clean_cell(line, collapse=True)
            if clean:
                self.paragraphs += 1
                self.items.append(Paragraph(clean, Location(paragraph=self.paragraphs)))

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag is None or tag in SKIP:
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        block = tag in BLOCK
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()

    def table(self, el: Any) -> None:
        for caption in (c for c in el if _tag(c) == "caption"):
            self.buffer.append(_cell_text(caption, []))
            self.flush()
        self.tables += 1
        number = self.tables
        nested: list[Any] = []
        cells = _grid(_rows(el), number, nested)
        self.items.append(Table(tuple(cells), Location(table=number)))
        for inner in nested:
            self.table(inner)


def _collect(el: Any, out: list[str], nested: list[Any]) -> None:
    for child in el:
        tag = _tag(child)
        if tag is not None and tag not in SKIP:
            if tag == "table":
                nested.append(child)
            elif tag == "br":
                out.append("\n")
            else:
                block = tag in BLOCK
                out.append("\n" if block else "")
                out.append(child.text or "")
                _collect(child, out, nested)
                out.append("\n" if block else "")
        out.append(child.tail or "")


def _cell_text(cell: Any, nested: list[Any]) -> str:
    out = [cell.text or ""]
    _collect(cell, out, nested)
    return clean_cell("".join(out), collapse=True)


def _grid(rows: list[Any], number: int, nested: list[Any]) -> list[Cell]:
    """Cells placed on the grid as browsers do: each goes to the first column of its row that
    no ``rowspan`` from above still covers."""
    cells: list[Cell] = []
    active: list[tuple[int, int, int]] = []  # (first col, end col, last row) of rowspans
    for r, tr in enumerate(rows):
        covered = [(a, b) for a, b, last in active if last >= r]
        active = [x for x in active if x[2] >= r]
        col = 0
        for td in (c for c in tr if _tag(c) in {"td", "th"}):
            col = _free_col(col, covered)
            colspan = _span(td, "colspan", MAX_COLSPAN)
            rowspan = min(_span(td, "rowspan", MAX_ROWSPAN), len(rows) - r)
            loc = Location(table=number, row=r + 1, col=col + 1)
            text = _cell_text(td, nested)
            cells.append(Cell(text, r, col, rowspan, colspan, loc))
            if rowspan > 1:
                active.append((col, col + colspan, r + rowspan - 1))
            col += colspan
    return cells


def _free_col(col: int, covered: list[tuple[int, int]]) -> int:
    moved = True
    while moved:
        moved = False
        for start, end in covered:
            if start <= col < end:
                col, moved = end, True
    return col


def read(source: Source) -> Blocks:
    # lxml has no type information; format libraries load only when a file needs them
    from lxml import etree  # type: ignore[import-untyped]  # noqa: PLC0415
    from lxml import html as lxml_html  # noqa: PLC0415

    data = _mime_html(source.data) or source.data
    text, _, problems = decode_html(data)
    info = SourceInfo(path=source.name, format="html")
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments
        return Blocks((), info, problems)
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return Blocks(tuple(walker.items), info, problems)
