"""OFD (GB/T 33190-2016, the national fixed-layout format) → Blocks, with our own small parser.

An .ofd is a zip of XML: ``OFD.xml`` names each document's ``Document.xml`` (``DocBody/
DocRoot``), which lists its pages (``Pages/Page@BaseLoc``) and the default page size
(``CommonData/PageArea/PhysicalBox``). A page's ``Content.xml`` holds ``TextObject``s (each
``TextCode`` places characters from X/Y with ``DeltaX`` steps, relative to the object's
``Boundary`` and through its ``CTM``) and ``PathObject``s (``AbbreviatedData``: M/S/L/C
commands). Characters become lines and paragraphs as in a PDF; horizontal and vertical path
segments are ruling lines, and where they form a grid pdfplumber's intersection algorithm
gives the cells (merged cells included), so tables come back as in a PDF, joined across pages.

Not read: template pages (``TemplatePage``, the usual place of running headers and footers),
annotations, attachments and signatures; curves and diagonal lines; images — an OFD without
any text (a scan) is refused with a reason. Positions are converted from millimetres to
points. ``easyofd`` was not used: it unzips into the working directory, pulls in PyMuPDF and
reportlab, and rebuilds neither lines nor tables.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any, Final

from jixiao.model.blocks import Blocks, Source, SourceInfo
from jixiao.readers.errors import ReadError
from jixiao.readers.pdf_layout import PageLayout, assemble
from jixiao.readers.pdf_tables import Box, tables_from_rulings
from jixiao.readers.pdf_text import Line, lines_from_runs

CORRUPT: Final = "OFD文件损坏或不完整，无法读取"
ENCRYPTED: Final = "OFD已加密，无法读取"
NO_TEXT: Final = "此OFD中没有文字（可能是扫描件），无法读取"
PT_PER_MM: Final = 72 / 25.4
_DEFAULT_BOX: Final = (0.0, 0.0, 210.0, 297.0)  # A4, mm
_ASCENT: Final = 0.88  # share of the font size above the baseline
_STRAIGHT: Final = 0.2  # mm: a segment this close to level (or plumb) is a ruling line
_NUMBER: Final = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Final[Matrix] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(zf: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # noqa: PLC0415

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(zf.read(name), parser)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ReadError(CORRUPT) from exc


def _find(root: Any, *path: str) -> Any:
    """The first element at a path of local names (namespace prefixes vary between tools)."""
    nodes = [root]
    for name in path:
        nodes = [c for n in nodes for c in n if _local(c) == name]
    return nodes[0] if nodes else None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def _member(zf: zipfile.ZipFile, base: str, loc: str) -> str:
    """A BaseLoc/DocRoot as a zip member name: absolute from the package root, else relative
    to the folder of the file that names it."""
    loc = loc.strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    path = posixpath.normpath(path)
    names = {n.lower(): n for n in zf.namelist()}
    return names.get(path.lower(), path)


def _box(text: str | None, default: tuple[float, ...]) -> tuple[float, ...]:
    values = _numbers(text)
    return tuple(values) if len(values) == 4 else default  # noqa: PLR2004


def _matrix(text: str | None) -> Matrix:
    v = _numbers(text)
    return (v[0], v[1], v[2], v[3], v[4], v[5]) if len(v) == 6 else _IDENTITY  # noqa: PLR2004


def _apply(m: Matrix, x: float, y: float, origin: tuple[float, float]) -> tuple[float, float]:
    return origin[0] + m[0] * x + m[2] * y + m[4], origin[1] + m[1] * x + m[3] * y + m[5]


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY steps; ``g N d`` stands for N steps of d."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _chars(obj: Any) -> Iterator[Line]:
    """One line-box per character of a TextObject, in mm on the page."""
    bounds = _box(obj.get("Boundary"), (0.0, 0.0, 0.0, 0.0))
    m = _matrix(obj.get("CTM"))
    scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5 or 1.0
    advance = float(obj.get("Size") or 3.5)  # object space
    size = advance * scale  # on the page
    for code in obj:
        if _local(code) != "TextCode" or not code.text:
            continue
        x, y = float(code.get("X") or 0), float(code.get("Y") or 0)
        steps = _deltas(code.get("DeltaX"))
        for i, char in enumerate(code.text):
            px, py = _apply(m, x, y, (bounds[0], bounds[1]))
            step = steps[i] if i < len(steps) else advance
            if not char.isspace():
                yield Line(
                    char, px, py - _ASCENT * size, px + step * scale, py + (1 - _ASCENT) * size
                )
            x += step


def _segments(obj: Any) -> Iterator[Box]:
    """Level and plumb segments of a PathObject's M/S/L/C commands, in mm on the page."""
    bounds = _box(obj.get("Boundary"), (0.0, 0.0, 0.0, 0.0))
    m = _matrix(obj.get("CTM"))
    data = _find(obj, "AbbreviatedData")
    tokens = (data.text or "").split() if data is not None else []
    start = current = None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op in {"M", "S", "L"} and i + 2 < len(tokens):
            point = _apply(m, float(tokens[i + 1]), float(tokens[i + 2]), (bounds[0], bounds[1]))
            if op == "L" and current is not None:
                yield from _straight(current, point)
            else:
                start = point
            current = point
            i += 3
        elif op == "C" and start is not None and current is not None:
            yield from _straight(current, start)
            current = start
            i += 1
        else:
            i += 1  # Q, B, A and their operands: curves are no ruling lines


def _straight(a: tuple[float, float], b: tuple[float, float]) -> Iterator[Box]:
    (x0, y0), (x1, y1) = sorted((a, b))
    if abs(y1 - y0) <= _STRAIGHT and abs(x1 - x0) > _STRAIGHT:
        yield (x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
    elif abs(x1 - x0) <= _STRAIGHT and abs(y1 - y0) > _STRAIGHT:
        top, bottom = sorted((y0, y1))
        yield ((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)


def _pt(line: Line) -> Line:
    k = PT_PER_MM
    return Line(line.text, line.x0 * k, line.top * k, line.x1 * k, line.bottom * k)


def _page(zf: zipfile.ZipFile, name: str, number: int, default: tuple[float, ...]) -> PageLayout:
    root = _parse(zf, name)
    area = _find(root, "Area", "PhysicalBox")
    box = _box(area.text if area is not None else None, default)
    chars: list[Line] = []
    segments: list[Box] = []
    for element in root.iter():
        kind = _local(element)
        if kind == "TextObject":
            chars.extend(_pt(c) for c in _chars(element))
        elif kind == "PathObject":
            k = PT_PER_MM
            segments.extend(
                (x0 * k, y0 * k, x1 * k, y1 * k) for x0, y0, x1, y1 in _segments(element)
            )
    tables, rest = tables_from_rulings(chars, segments)
    width, height = box[2] * PT_PER_MM, box[3] * PT_PER_MM
    return PageLayout(number, width, height, tuple(lines_from_runs(rest)), tuple(tables))


def _documents(zf: zipfile.ZipFile) -> Iterator[str]:
    root = _parse(zf, _member(zf, "", "OFD.xml"))
    for body in (c for c in root if _local(c) == "DocBody"):
        doc_root = _find(body, "DocRoot")
        if doc_root is not None and doc_root.text:
            yield _member(zf, "", doc_root.text)


def _layouts(zf: zipfile.ZipFile) -> list[PageLayout]:
    layouts: list[PageLayout] = []
    for doc_name in _documents(zf):
        document = _parse(zf, doc_name)
        area = _find(document, "CommonData", "PageArea", "PhysicalBox")
        default = _box(area.text if area is not None else None, _DEFAULT_BOX)
        base = posixpath.dirname(doc_name)
        pages = _find(document, "Pages")
        for page in (p for p in (pages if pages is not None else ()) if _local(p) == "Page"):
            name = _member(zf, base, page.get("BaseLoc") or "")
            layouts.append(_page(zf, name, len(layouts) + 1, default))
    if not layouts:
        raise ReadError(CORRUPT)
    return layouts


def read(source: Source) -> Blocks:
    from jixiao.readers.zipguard import check_zip  # noqa: PLC0415

    check_zip(source.data, source.name)
    with zipfile.ZipFile(BytesIO(source.data)) as zf:
        if any(posixpath.basename(n).lower() == "encryptions.xml" for n in zf.namelist()):
            raise ReadError(ENCRYPTED)
        layouts = _layouts(zf)
    if not any(p.lines or p.tables for p in layouts):
        raise ReadError(NO_TEXT)
    info = SourceInfo(path=source.name, format="ofd", pages=len(layouts))
    return Blocks(assemble(layouts), info)
