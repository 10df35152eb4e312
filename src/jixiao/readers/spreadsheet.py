"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) → Blocks with python-calamine: one Table per sheet.

- Each visible worksheet, in workbook order, becomes one :class:`Table`: its used range without
  fully empty rows and columns at the edges; empty cells inside are kept. Hidden sheets are not
  read (nobody sees them in Excel), and a problem says so. A title row (one text across the
  width) stays a row of the table: genre parsers handle it.
- Merged ranges become ``rowspan``/``colspan``; the covered positions are left out. calamine
  reports merged ranges for .xlsx and .xls only, so .ods merges are not seen.
- Values are the text people see: a number is its shortest exact text (2830.898743 stays
  "2830.898743", 100.0 is "100"); in an .xlsx, a cell with a percent format shows as one
  (0.9235 → "92.35%"), other number formats are not applied (.xls/.ods: none are); dates are
  ISO text ("2024-03-01", "2024-03-01 10:30:00"); booleans TRUE/FALSE. No
  float arithmetic: a number goes from its ``repr`` to :class:`~decimal.Decimal` to text.
  Formulas give their cached value (a file saved without one, as openpyxl writes, reads empty).
- Limits: 100 000 rows and 500 columns per sheet (fewer rows on wide sheets, at most 1 000 000
  positions), and reading stops after 1 000 consecutive empty rows; each cut is a problem.
  calamine holds a sheet's whole used range in memory (a stray value in XFD1048576 asks for
  17 billion cells and aborts the process), so an .xlsx sheet's extent is measured from its XML
  first; a sheet too large for calamine is streamed with openpyxl instead.

Locations: ``sheet``, ``cell`` ("C12"), ``table`` (one per sheet, counted over the file), and
``row``/``col`` as the sheet numbers them (1-based, so ``row=12, col=3`` is C12).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from io import BytesIO
from itertools import islice
from typing import Any, Final

from jixiao.model.blocks import Blocks, Cell, Source, SourceInfo, Table
from jixiao.model.location import Location
from jixiao.readers.chinese import clean_cell
from jixiao.readers.docx import ENCRYPTED, refuse_non_zip
from jixiao.readers.errors import ReadError
from jixiao.readers.xlsx_xml import Extent, Merge, sheet_extents

MAX_ROWS: Final = 100_000
MAX_COLS: Final = 500
MAX_POSITIONS: Final = 1_000_000  # cells of one table (~370 bytes each in memory)
MAX_EMPTY_RUN: Final = 1_000
MAX_DENSE: Final = 4_000_000  # cells calamine may allocate for one sheet (~32 bytes each)
NOT_WORKBOOK: Final = "不是有效的 Excel 工作簿（.xlsx/.xls/.ods）"
_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")


def column_letters(col: int) -> str:
    """0-based column number → Excel letters (0 → A, 26 → AA)."""
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def value_text(value: Any) -> str:
    """The text of a cell value, as people see it (number formats are not applied; percent
    formats of .xlsx cells are, by :func:`percent_text`)."""
    if value is None or isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    return _time_text(value)


def percent_text(value: float) -> str:
    """A number shown with a percent format, as people see it: 0.9235 → "92.35%" (exact:
    the float's shortest text times 100, no binary arithmetic).

    >>> percent_text(0.9235), percent_text(1), percent_text(0.05)
    ('92.35%', '100%', '5%')
    """
    if isinstance(value, bool):
        return value_text(value)
    try:
        shown = Decimal(repr(value)) * 100
    except InvalidOperation:
        return value_text(value)
    text = format(shown, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _time_text(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return clean_cell(str(value))  # timedelta ("1:30:00") and anything newer


def _number_text(value: float) -> str:
    try:
        text = format(Decimal(repr(value)), "f")
    except InvalidOperation:
        return repr(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


# ---- from rows of values to a table --------------------------------------------------------


@dataclass
class _Sheet:
    name: str
    number: int
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    percent: set[tuple[int, int]] = field(default_factory=set)

    def take(self, rows: Iterator[tuple[int, list[Any]]], first_col: int, width: int) -> None:
        """Non-empty texts of the rows (absolute row number, values from ``first_col``)."""
        limit = min(MAX_ROWS, max(1, MAX_POSITIONS // max(1, min(width, MAX_COLS))))
        if width > MAX_COLS:
            self.problems.append(f"工作表“{self.name}”超过{MAX_COLS}列，只读取了前{MAX_COLS}列")
        empty_run = 0
        for read_rows, (row, values) in enumerate(rows, start=1):
            if read_rows > limit:
                self.problems.append(f"工作表“{self.name}”超过{limit}行，只读取了前{limit}行")
                return
            found = False
            for k, value in enumerate(values[:MAX_COLS]):
                if (row, first_col + k) in self.percent and isinstance(value, int | float):
                    text = percent_text(value)
                else:
                    text = value_text(value)
                if text:
                    self.texts[(row, first_col + k)] = text
                    found = True
            empty_run = 0 if found else empty_run + 1
            if empty_run >= MAX_EMPTY_RUN:
                self.problems.append(
                    f"工作表“{self.name}”第{row + 2 - MAX_EMPTY_RUN}行起连续{MAX_EMPTY_RUN}行为空，"
                    "其后的内容未读取"
                )
                return

    def table(self, merges: list[Merge]) -> Table | None:
        if not self.texts:
            return None
        top = min(r for r, _ in self.texts)
        bottom = max(r for r, _ in self.texts)
        left = min(c for _, c in self.texts)
        right = max(c for _, c in self.texts)
        anchors, covered = _clip_merges(merges, (top, left, bottom, right))
        cells: list[Cell] = []
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) in covered:
                    continue
                rowspan, colspan, origin = anchors.get((r, c), (1, 1, (r, c)))
                ref = f"{column_letters(c)}{r + 1}"
                loc = Location(sheet=self.name, table=self.number, row=r + 1, col=c + 1, cell=ref)
                text = self.texts.get(origin, "")
                cells.append(Cell(text, r - top, c - left, rowspan, colspan, loc))
        span = f"{column_letters(left)}{top + 1}:{column_letters(right)}{bottom + 1}"
        return Table(tuple(cells), Location(sheet=self.name, table=self.number, cell=span))


def _clip_merges(
    merges: list[Merge], area: tuple[int, int, int, int]
) -> tuple[dict[tuple[int, int], tuple[int, int, tuple[int, int]]], set[tuple[int, int]]]:
    """Merged ranges cut to the table's area: anchor → (rowspan, colspan, the range's own
    top-left, whose text it shows), and the positions the anchors cover."""
    top, left, bottom, right = area
    anchors: dict[tuple[int, int], tuple[int, int, tuple[int, int]]] = {}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merges:
        a, b = max(r0, top), max(c0, left)
        z, y = min(r1, bottom), min(c1, right)
        if a > z or b > y or (a, b) in covered or (a, b) in anchors:
            continue
        anchors[(a, b)] = (z - a + 1, y - b + 1, (r0, c0))
        covered.update((r, c) for r in range(a, z + 1) for c in range(b, y + 1) if (r, c) != (a, b))
    return anchors, covered


# ---- reading ------------------------------------------------------------------------------


def _calamine_rows(sheet: Any) -> tuple[Iterator[tuple[int, list[Any]]], int, int]:
    """Rows of a calamine sheet with their absolute row numbers, the first column, the width.

    python-calamine 0.9's ``iter_rows`` starts at row 0 of the sheet (not at the used range)
    but at the used range's first column; the leading rows are skipped here.
    """
    start = sheet.start
    if start is None:
        return iter(()), 0, 0
    first_row, first_col = start
    rows = islice(sheet.iter_rows(), first_row, None)
    return enumerate(rows, start=first_row), first_col, sheet.width


def _streamed_rows(
    data: bytes, name: str, extent: Extent
) -> tuple[Iterator[tuple[int, list[Any]]], int, int]:
    """Rows of one .xlsx sheet streamed by openpyxl, for sheets too large for calamine; the
    extent is the measured one (openpyxl trusts the sheet's own, often missing, dimension)."""
    import openpyxl  # type: ignore[import-untyped]  # noqa: PLC0415

    book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    width, height = max(1, extent.cols[1] + 1), max(1, extent.rows[1] + 1)
    rows = book[name].iter_rows(
        min_row=1, max_row=height, max_col=min(width, MAX_COLS + 1), values_only=True
    )
    return ((r, list(values)) for r, values in enumerate(rows)), 0, width


def _open(data: bytes) -> Any:
    import python_calamine as pc  # noqa: PLC0415

    try:
        return pc.CalamineWorkbook.from_filelike(BytesIO(data))
    except pc.PasswordError as exc:
        raise ReadError(ENCRYPTED) from exc
    except (pc.CalamineError, ValueError, OSError) as exc:
        raise ReadError(NOT_WORKBOOK) from exc


def _visible(book: Any) -> Iterator[tuple[int, str, bool]]:
    """(index, name, visible) of each worksheet (chart and macro sheets are left out)."""
    import python_calamine as pc  # noqa: PLC0415

    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ == pc.SheetTypeEnum.WorkSheet:
            yield index, meta.name, meta.visible == pc.SheetVisibleEnum.Visible


def _read_sheet(
    book: Any, data: bytes, index: int, sheet: _Sheet, extent: Extent | None
) -> Table | None:
    import python_calamine as pc  # noqa: PLC0415

    if extent is not None and extent.dense > MAX_DENSE:
        rows, first_col, width = _streamed_rows(data, sheet.name, extent)
        sheet.take(rows, first_col, width)
        return sheet.table(extent.merges)
    try:
        found = book.get_sheet_by_index(index)
    except pc.CalamineError:
        sheet.problems.append(f"工作表“{sheet.name}”已损坏，无法读取")
        return None
    rows, first_col, width = _calamine_rows(found)
    sheet.take(rows, first_col, width)
    last = found.end[0] if found.start is not None and found.end is not None else -1
    if extent is not None and extent.rows[1] - last >= MAX_EMPTY_RUN:
        sheet.problems.append(
            f"工作表“{sheet.name}”第{last + 2}至{extent.rows[1] + 1}行只有空单元格或格式，未读取"
        )
    merges = [((a, b), (c, d)) for (a, b), (c, d) in found.merged_cell_ranges or []]
    return sheet.table(merges)


def _kind(source: Source) -> str:
    """The kind of workbook: xls (a compound file), ods or xlsx. Encrypted files and bytes that
    are no workbook are refused."""
    from jixiao.readers.zipguard import check_zip  # noqa: PLC0415

    data = source.data
    if data.startswith(_OLE):
        if _ENCRYPTED_STREAM in data:
            raise ReadError(ENCRYPTED)  # a password-protected .xlsx is a compound file
        return "xls"
    refuse_non_zip(data, NOT_WORKBOOK)
    check_zip(data, source.name)
    return "ods" if b"application/vnd.oasis.opendocument.spreadsheet" in data[:256] else "xlsx"


def read(source: Source) -> Blocks:
    kind = _kind(source)
    extents = sheet_extents(source.data) if kind == "xlsx" else {}
    book = _open(source.data)
    tables: list[Table] = []
    problems: list[str] = []
    for index, name, visible in _visible(book):
        if not visible:
            problems.append(f"工作表“{name}”是隐藏的工作表，未读取")
            continue
        extent = extents.get(name)
        sheet = _Sheet(name, len(tables) + 1, percent=extent.percent if extent else set())
        table = _read_sheet(book, source.data, index, sheet, extent)
        problems.extend(sheet.problems)
        if table is not None:
            tables.append(table)
    info = SourceInfo(path=source.name, format=kind)
    return Blocks(tuple(tables), info, tuple(problems))
