"""The raw XML of an .xlsx, read before calamine: each sheet's extent, merged ranges and
percent-formatted cells.

calamine holds a sheet's whole used range in memory (a stray value in XFD1048576 asks for
17 billion cells and aborts the process), so the extent is measured from the sheet's XML first,
in 1 MB chunks; calamine also gives no number formats, so the cells whose style shows a
percentage are found here too (styles.xml: the built-in 0% and 0.00%, and custom formats with
a % outside quotes).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Final

_REF: Final = re.compile(rb"<(?:\w+:)?(c|row)\b[^>]*?\sr=\"([A-Z]{0,3})([0-9]{1,7})\"")
_MERGE: Final = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\sref=\"([A-Z]+[0-9]+):([A-Z]+[0-9]+)\"")
# a cell's reference and style index (Excel and openpyxl write r= before s=)
_STYLED: Final = re.compile(
    rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*?\ss=\"([0-9]+)\""
)
_PERCENT_FORMATS: Final = frozenset({9, 10})  # built-in 0% and 0.00%
A1: Final = re.compile(r"([A-Z]+)([0-9]+)")
Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first col), (last row, last col)


def column_number(letters: str) -> int:
    """Excel letters → 0-based column number (A → 0, AA → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML."""
    from lxml import etree  # type: ignore[import-untyped]  # noqa: PLC0415

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    book = etree.fromstring(z.read("xl/workbook.xml"), parser)
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in book.iter("{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        out[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return out


@dataclass
class Extent:
    rows: tuple[int, int] = (1 << 30, -1)
    cols: tuple[int, int] = (1 << 30, -1)
    merges: list[Merge] = field(default_factory=list)
    percent: set[tuple[int, int]] = field(default_factory=set)  # cells formatted as 0%, 0.00% …

    @property
    def dense(self) -> int:
        height = max(0, self.rows[1] - self.rows[0] + 1)
        width = max(1, self.cols[1] - self.cols[0] + 1)
        return height * width

    def see(self, kind: bytes, letters: bytes, digits: bytes) -> None:
        row = int(digits) - 1
        self.rows = (min(self.rows[0], row), max(self.rows[1], row))
        if kind == b"c" and letters:
            col = column_number(letters.decode("ascii"))
            self.cols = (min(self.cols[0], col), max(self.cols[1], col))


def _measure(z: zipfile.ZipFile, member: str, percent_styles: frozenset[int]) -> Extent:
    """Rows and columns a sheet's cells reach, its merged ranges and its percent-formatted
    cells, from the raw XML."""
    extent, tail = Extent(), b""
    with z.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            for m in _REF.finditer(text):
                extent.see(m.group(1), m.group(2), m.group(3))
            for m in _MERGE.finditer(text):
                extent.merges.append(_merge_range(m.group(1), m.group(2)))
            if percent_styles:
                for m in _STYLED.finditer(text):
                    if int(m.group(3)) in percent_styles:
                        col = column_number(m.group(1).decode("ascii"))
                        extent.percent.add((int(m.group(2)) - 1, col))
            tail = text[-512:]
    extent.merges = sorted(set(extent.merges))
    return extent


def _percent_styles(z: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell styles whose number format shows a percentage: the built-in 0% and
    0.00%, and custom formats with a % outside quotes."""
    from lxml import etree  # noqa: PLC0415

    try:
        xml = z.read("xl/styles.xml")
    except KeyError:
        return frozenset()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    custom = {
        int(f.get("numFmtId", "-1"))
        for f in root.iter("{*}numFmt")
        if "%" in re.sub(r'"[^"]*"|\\.', "", f.get("formatCode", ""))
    }
    percent = _PERCENT_FORMATS | custom
    xfs = next(root.iter("{*}cellXfs"), None)
    if xfs is None:
        return frozenset()
    return frozenset(
        i for i, xf in enumerate(xfs.iter("{*}xf")) if int(xf.get("numFmtId", "0")) in percent
    )


def _merge_range(first: bytes, last: bytes) -> Merge:
    def point(ref: bytes) -> tuple[int, int]:
        m = A1.fullmatch(ref.decode("ascii"))
        assert m is not None
        return int(m.group(2)) - 1, column_number(m.group(1))

    return point(first), point(last)


def sheet_extents(data: bytes) -> dict[str, Extent]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            parts = _sheet_parts(z)
            names = set(z.namelist())
            styles = _percent_styles(z)
            return {
                name: _measure(z, part, styles) for name, part in parts.items() if part in names
            }
    # a damaged member (zlib.error), an unsupported zip feature: calamine says what is wrong
    except (KeyError, zipfile.BadZipFile, SyntaxError, OSError, ValueError, zlib.error,
            NotImplementedError, EOFError):  # fmt: skip
        return {}
