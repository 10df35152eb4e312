"""Word (.docx, .docm) → Blocks: body paragraphs and tables in body order.

python-docx opens the package; the body XML is walked directly (``w:p``, ``w:tbl``, and the
content of block-level content controls ``w:sdt``), because its high-level API repeats a merged
cell at every position it covers and leaves out text inside content controls.

- Merged cells: ``w:gridSpan`` (and the legacy ``w:hMerge``) give ``colspan``; a ``w:vMerge``
  "restart" cell and the "continue" cells under it give one cell with ``rowspan``. Each merged
  region is one :class:`Cell` at its top-left; ``w:gridBefore`` shifts a row to the right.
- A table inside a cell becomes its own :class:`Table` right after the outer one; the outer
  cell does not repeat its text.
- Text boxes (``w:txbxContent``): their paragraphs follow the paragraph that anchors them (in a
  cell, their text joins the cell's). Word stores each box twice (DrawingML and a VML
  fallback); the fallback is skipped.
- Soft line breaks split a body paragraph into paragraphs; inside a cell, lines are joined.
- Headers, footers, footnotes and comments are page furniture and are not read; deleted text
  of tracked changes is left out.

Locations: ``paragraph`` (counted over the document) for paragraphs; ``table``, ``row`` and
``col`` (1-based) for cells. A .docx has no fixed pages.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Final

from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, Source, SourceInfo, Table
from jixiao.model.location import Location
from jixiao.readers.chinese import join_lines, normalise_spaces, split_lines
from jixiao.readers.errors import ReadError

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
SDT, SDT_CONTENT, CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
TXBX = _W + "txbxContent"
_BREAKS: Final = frozenset({_W + "br", _W + "cr"})
_SPACES: Final = frozenset({_W + "tab", _W + "ptab"})
_SKIPPED: Final = frozenset({_MC + "Fallback", _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr"})
_CONTAINERS: Final = frozenset({SDT, SDT_CONTENT, CUSTOM_XML, _W + "ins", _W + "moveTo"})
_MAIN_TYPES: Final = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
NOT_DOCX: Final = "不是有效的 Word 文档（.docx）"
DAMAGED: Final = "Word 文档已损坏（压缩内容无法解开），无法读取"
ENCRYPTED: Final = "文件已加密，无法读取"
_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")


def refuse_non_zip(data: bytes, not_valid: str) -> None:
    """A password-protected Office file is a compound (OLE) file holding an encrypted package;
    anything else that is not a zip is not a valid OOXML file."""
    if data.startswith(_OLE) and _ENCRYPTED_STREAM in data:
        raise ReadError(ENCRYPTED)
    if not data.startswith(b"PK\x03\x04"):
        raise ReadError(not_valid)


def _children(container: Any) -> list[Any]:
    """Block-level children (paragraphs, tables, cells, rows), looking through content
    controls, custom XML and tracked insertions."""
    out: list[Any] = []
    for child in container:
        if child.tag in _CONTAINERS:
            out.extend(_children(child))
        else:
            out.append(child)
    return out


def _inline(el: Any, out: list[str], boxes: list[Any]) -> None:
    """Text of a paragraph's runs in order; text boxes are set aside in ``boxes``."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag in _BREAKS:
            out.append("\n")
        elif tag in _SPACES:
            out.append(" ")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == TXBX:
            boxes.append(child)
        else:
            _inline(child, out, boxes)


def paragraph_text(p: Any, boxes: list[Any]) -> str:
    out: list[str] = []
    _inline(p, out, boxes)
    return normalise_spaces("".join(out))


def _val(el: Any, name: str) -> str | None:
    pr = el.find(_W + name)
    return None if pr is None else (pr.get(_W + "val") or "")


def _int(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    raw = None if found is None else found.get(_W + "val")
    return int(raw) if raw is not None and raw.isdigit() and len(raw) < 5 else default  # noqa: PLR2004


@dataclass
class _Region:
    """A cell being built: a merged region grows down and right as rows come."""

    row: int
    col: int
    colspan: int
    lines: list[str]
    rowspan: int = 1

    def cell(self, number: int) -> Cell:
        loc = Location(table=number, row=self.row + 1, col=self.col + 1)
        return Cell(join_lines(self.lines), self.row, self.col, self.rowspan, self.colspan, loc)


@dataclass
class _Body:
    items: list[Block] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def blocks(self, container: Any) -> None:
        for child in _children(container):
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        for line in split_lines(paragraph_text(p, boxes)):
            text = line.strip()
            if text:
                self.paragraphs += 1
                self.items.append(Paragraph(text, Location(paragraph=self.paragraphs)))
        for box in boxes:
            self.blocks(box)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        number = self.tables
        nested: list[Any] = []
        regions = _regions(tbl, nested)
        self.items.append(Table(tuple(r.cell(number) for r in regions), Location(table=number)))
        for inner in nested:
            self.table(inner)


def _cell_lines(tc: Any, nested: list[Any]) -> list[str]:
    """A cell's paragraphs (and text boxes in it) as lines; nested tables set aside."""
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == TBL:
            nested.append(child)
        elif child.tag == P:
            boxes: list[Any] = []
            lines.extend(split_lines(paragraph_text(child, boxes)))
            for box in boxes:
                lines.extend(_cell_lines(box, nested))
    return lines


def _regions(tbl: Any, nested: list[Any]) -> list[_Region]:
    regions: list[_Region] = []
    open_merges: dict[int, _Region] = {}  # grid column → vertical merge started above
    rows = [tr for tr in _children(tbl) if tr.tag == TR]
    for r, tr in enumerate(rows):
        col = _int(tr, f"{_W}trPr/{_W}gridBefore", 0)
        previous: _Region | None = None
        for tc in (c for c in _children(tr) if c.tag == TC):
            pr = tc.find(_W + "tcPr")
            span = 1 if pr is None else max(1, _int(pr, _W + "gridSpan", 1))
            vmerge = None if pr is None else _val(pr, "vMerge")
            hmerge = None if pr is None else _val(pr, "hMerge")
            lines = _cell_lines(tc, nested)
            above = open_merges.get(col)
            if vmerge not in {None, "restart"} and above and above.row + above.rowspan == r:
                above.rowspan += 1
                above.lines.extend(lines)
                target = above
            elif hmerge not in {None, "restart"} and previous is not None:
                previous.colspan += span
                previous.lines.extend(lines)
                target = previous
            else:
                target = _Region(r, col, span, lines)
                regions.append(target)
                for k in range(col, col + span):
                    open_merges.pop(k, None)
                if vmerge == "restart":
                    open_merges[col] = target
            previous = target
            col += span
    return regions


def _document_element(data: bytes) -> Any:
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415
    from docx.oxml.parser import parse_xml  # noqa: PLC0415
    from docx.package import Package  # noqa: PLC0415

    try:
        part = Package.open(BytesIO(data)).main_document_part
        if part.content_type not in _MAIN_TYPES:
            raise ReadError(NOT_DOCX)
        element = getattr(part, "element", None)
        if element is None:  # a .docm main part is loaded as a plain part
            element = parse_xml(part.blob)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:
        raise ReadError(NOT_DOCX) from exc
    except (zlib.error, EOFError, NotImplementedError) as exc:  # a damaged or odd zip member
        raise ReadError(DAMAGED) from exc
    if element.tag != _W + "document":
        raise ReadError(NOT_DOCX)
    return element


def read(source: Source) -> Blocks:
    from jixiao.readers.zipguard import check_zip  # noqa: PLC0415

    refuse_non_zip(source.data, NOT_DOCX)
    check_zip(source.data, source.name)
    element = _document_element(source.data)
    body = _Body()
    container = element.find(_W + "body")
    if container is not None:
        body.blocks(container)
    info = SourceInfo(path=source.name, format="docx")
    return Blocks(tuple(body.items), info, ())
