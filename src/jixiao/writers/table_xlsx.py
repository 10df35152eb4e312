"""A table as an .xlsx workbook (openpyxl): a bold header row, then one row per item; numbers
stay numbers with a number format, text stays text (never a formula, even when it starts with
"="), the header row frozen and the columns sized to their text. Optional notes (how a table was
sampled, say) go to a second sheet, 说明, so the first sheet holds only the table.

Columns are ``(header, kind)``; kind ``text``, ``int`` (format ``0``) or ``decimal`` (a
``Decimal``, written exactly as its digits, format ``0.00``). ``None`` leaves the cell empty.

>>> sheet_title("2025年度/等级:分布[全部]")
'2025年度等级分布全部'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any, Final

from jixiao.writers.xlsx_sheet import cell_text, text_width

Column = tuple[str, str]  # (header, kind)
FORMATS: Final = {"int": "0", "decimal": "0.00", "text": "@"}
NOTES_SHEET: Final = "说明"
_BAD_TITLE: Final = re.compile(r"[\[\]:*?/\\]")
_MAX_TITLE: Final = 31
_MIN_WIDTH: Final = 8.0
_MAX_WIDTH: Final = 60.0
_WIDTH_SAMPLE: Final = 200  # rows looked at to size a column


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters."""
    return _BAD_TITLE.sub("", text)[:_MAX_TITLE] or "Sheet1"


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "decimal":
        return value if isinstance(value, Decimal) else Decimal(str(value))
    return cell_text(str(value))


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[float]:
    widths = [text_width(header) + 2 for header, _ in columns]
    for row in rows[:_WIDTH_SAMPLE]:
        for k, value in enumerate(row):
            widths[k] = max(widths[k], text_width("" if value is None else str(value)) + 2)
    return [min(max(w, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def table_xlsx(
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
) -> bytes:
    """The workbook's bytes: sheet ``title`` with the header and the rows; notes, if any, on a
    second sheet."""
    import openpyxl  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # noqa: PLC0415

    table = [list(row) for row in rows]
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet_title(title))
    for k, width in enumerate(_widths(columns, table), start=1):
        ws.column_dimensions[get_column_letter(k)].width = round(width, 1)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for header, _ in columns:
        cell = WriteOnlyCell(ws, value=cell_text(header))
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for row in table:
        ws.append(
            [_cell(ws, WriteOnlyCell, v, kind) for v, (_, kind) in zip(row, columns, strict=True)]
        )
    if notes:
        side = book.create_sheet(NOTES_SHEET)
        side.column_dimensions["A"].width = _MAX_WIDTH * 2
        for note in notes:
            side.append([_cell(side, WriteOnlyCell, note, "text")])
    book.properties.title = title
    book.properties.creator = "jixiao"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(ws: Any, make: Any, value: Any, kind: str) -> Any:
    value = _value(value, kind)
    if value is None or (kind == "text" and not value.startswith("=")):
        return value  # a plain value: openpyxl makes the cell itself, faster
    cell = make(ws, value=value)
    if kind == "text":
        cell.data_type = "s"  # "=1+1" typed into a title is text, not a formula
    else:
        cell.number_format = FORMATS[kind]
    return cell
