"""A print-ready sheet: cells placed on a grid, then written with openpyxl in one pass.

Fonts are names only (a machine without them substitutes): 方正小标宋简体 for the title, 黑体 for
column headers, 仿宋_GB2312 for the body. Every cell of the table has a thin border, merged
ranges included; long texts wrap, and row heights are estimated from the text and the column
widths (neither Excel nor LibreOffice fits merged cells by itself). Column widths follow the
text (about 2 units per Chinese character), within each column's bounds. A4, fitted to the page
width, with the header rows of the indicator block repeated on every printed page.

Values: ``Decimal`` is written as a number shown with two decimals (``0.00``); a percentage
(:class:`Pct`) as a fraction shown with ``0.00%``, which our spreadsheet reader reads back as
the text the form shows ("92.35%"); text as text, even when it starts with "=" ("=100%").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from jixiao.writers.xlsx_form import Pct, Value

TITLE_FONT: Final = "方正小标宋简体"
HEAD_FONT: Final = "黑体"
BODY_FONT: Final = "仿宋_GB2312"
NUMBER_FORMAT: Final = "0.00"
PERCENT_FORMAT: Final = "0.00%"
WHOLE_PERCENT_FORMAT: Final = "0%"
_HUNDRED: Final = Decimal(100)
_LINE_POINTS: Final = 16.0  # one wrapped line of 10.5-pt text (LibreOffice spaces 1.5×)
_ROW_POINTS: Final = 21.0  # a one-line table row
_WIDE_CHAR: Final = 0x2E80  # CJK and full-width characters take two width units
_MAX_WIDTH: Final = 40.0
_MAX_CELL_TEXT: Final = 32_767
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Style:
    font: str
    size: float
    horizontal: str
    bold: bool = False


STYLES: Final = {
    "title": Style(TITLE_FONT, 18, "center"),
    "caption": Style(BODY_FONT, 11, "center"),
    "caption_left": Style(BODY_FONT, 11, "left"),
    "caption_right": Style(BODY_FONT, 11, "right"),
    "head": Style(HEAD_FONT, 10.5, "center"),
    "label": Style(HEAD_FONT, 10.5, "center"),
    "center": Style(BODY_FONT, 10.5, "center"),
    "text": Style(BODY_FONT, 10.5, "left"),
    "plan": Style(BODY_FONT, 10.5, "center"),
}
_CAPTIONS: Final = frozenset({"title", "caption", "caption_left", "caption_right"})
_FORMATS: Final = (None, NUMBER_FORMAT, PERCENT_FORMAT, WHOLE_PERCENT_FORMAT)


@dataclass(frozen=True, slots=True)
class Placed:
    row: int
    col: int
    value: Value
    style: str
    rows: int = 1
    cols: int = 1


def text_width(text: str) -> float:
    """Display width in Excel column units: 2 per Chinese character, about 1.1 per other."""
    return sum(2.0 if ord(ch) >= _WIDE_CHAR else 1.05 for ch in text)


def shown(value: Value) -> str:
    """The text a cell shows (for widths and heights)."""
    if isinstance(value, Pct):
        return f"{value.value:.2f}%"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value or ""


@dataclass
class Sheet:
    """The cells of one form; ``row`` is the next free row (1-based)."""

    width: int  # columns
    bounds: tuple[tuple[float, float], ...]  # (min, max) width of each column
    landscape: bool = True
    row: int = 1
    table_top: int | None = None  # first row with borders
    titles: tuple[int, int] | None = None  # rows repeated on every printed page
    cells: list[Placed] = field(default_factory=list)

    def put(self, col: int, value: Value, style: str = "center", cols: int = 1,
            rows: int = 1) -> None:  # fmt: skip
        """A cell in the current row (columns 1-based), spanning ``cols`` × ``rows``."""
        self.cells.append(Placed(self.row, col, value, style, rows, cols))

    def across(self, value: Value, style: str) -> None:
        """A caption row: one text across the width."""
        self.put(1, value, style, cols=self.width)
        self.row += 1

    def start_table(self) -> None:
        self.table_top = self.row

    def mark_titles(self, rows: int = 1) -> None:
        self.titles = (self.row, self.row + rows - 1)

    # ---- sizes ------------------------------------------------------------------------------

    def column_widths(self) -> list[float]:
        need = [lo for lo, _ in self.bounds]
        for p in self.cells:
            if p.cols == 1 and p.style not in _CAPTIONS:
                need[p.col - 1] = max(need[p.col - 1], text_width(shown(p.value)) + 2)
        return [min(w, hi, _MAX_WIDTH) for w, (_, hi) in zip(need, self.bounds, strict=True)]

    def row_heights(self, widths: list[float]) -> dict[int, float]:
        heights: dict[int, float] = {}
        for p in self.cells:
            style = STYLES[p.style]
            room = max(1.0, sum(widths[p.col - 1 : p.col - 1 + p.cols]) - 1.0)
            scale = style.size / 10.5
            lines = sum(max(1, math.ceil(text_width(part) * scale / room))
                        for part in shown(p.value).split("\n"))  # fmt: skip
            base = _ROW_POINTS * max(1.0, scale * 0.9)
            need = max(base, lines * _LINE_POINTS * scale + 8) / p.rows
            for r in range(p.row, p.row + p.rows):
                heights[r] = max(heights.get(r, 0.0), need)
        return heights

    # ---- writing ----------------------------------------------------------------------------

    def render(self, ws: Any) -> None:
        """Write the cells, merges, borders, sizes and print settings into an openpyxl sheet.

        Merges come first, on unstyled cells (openpyxl then has no borders to redraw), and
        every cell takes a named style of the workbook: one lookup instead of four style
        objects per cell, which keeps a form well under 0.1 s."""
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # noqa: PLC0415

        last = max((p.row + p.rows - 1 for p in self.cells), default=1)
        for p in self.cells:
            if p.rows > 1 or p.cols > 1:
                last_row, last_col = p.row + p.rows - 1, p.col + p.cols - 1
                ws.merge_cells(start_row=p.row, start_column=p.col, end_row=last_row,
                               end_column=last_col)  # fmt: skip
        named = register_styles(ws.parent)
        if self.table_top is not None:
            for r in range(self.table_top, last + 1):
                for c in range(1, self.width + 1):
                    ws.cell(r, c).style = named[("cell", None)]
        for p in self.cells:
            _write(ws.cell(p.row, p.col), p, named)
        widths = self.column_widths()
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = round(w, 1)
        for r, h in self.row_heights(widths).items():
            ws.row_dimensions[r].height = round(h, 1)
        self._print_setup(ws, f"A1:{get_column_letter(self.width)}{last}")

    def _print_setup(self, ws: Any, area: str) -> None:
        from openpyxl.worksheet.page import PageMargins  # type: ignore[import-untyped]  # noqa: PLC0415

        setup = ws.page_setup
        setup.paperSize = ws.PAPERSIZE_A4
        setup.orientation = "landscape" if self.landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3,
                                      footer=0.3)  # fmt: skip
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.print_area = area
        if self.titles is not None:
            ws.print_title_rows = f"{self.titles[0]}:{self.titles[1]}"
        ws.sheet_view.showGridLines = False


def cell_text(text: str) -> str:
    """Text a cell can hold: no control characters (openpyxl refuses them), at most Excel's
    32 767 characters."""
    return _CONTROL.sub("", text)[:_MAX_CELL_TEXT]


StyleKey = tuple[str, str | None]  # (style, number format)


def register_styles(book: Any) -> dict[StyleKey, str]:
    """The workbook's named styles, one per style and number format (table styles with a thin
    border on every side); registered once per workbook."""
    from openpyxl.styles import (  # type: ignore[import-untyped]  # noqa: PLC0415
        Alignment,
        Border,
        Font,
        NamedStyle,
        Side,
    )

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    names: dict[StyleKey, str] = {}
    for name, s in STYLES.items():
        formats = (None,) if name in _CAPTIONS else _FORMATS
        for number_format in formats:
            key = f"jixiao-{name}" + (f" {number_format}" if number_format else "")
            names[(name, number_format)] = key
            if key in book.named_styles:
                continue
            book.add_named_style(NamedStyle(
                name=key,
                font=Font(name=s.font, size=s.size, bold=s.bold),
                alignment=Alignment(horizontal=s.horizontal, vertical="center", wrap_text=True),
                border=Border() if name in _CAPTIONS else border,
                number_format=number_format or "General",
            ))  # fmt: skip
    names[("cell", None)] = names[("center", None)]
    return names


def _write(cell: Any, p: Placed, named: dict[StyleKey, str]) -> None:
    value = p.value
    number_format: str | None = None
    if isinstance(value, Pct):
        cell.value = float(value.value / _HUNDRED)
        whole = p.style == "plan" and value.value == value.value.to_integral_value()
        number_format = WHOLE_PERCENT_FORMAT if whole else PERCENT_FORMAT
    elif isinstance(value, Decimal):
        cell.value = float(value)
        number_format = NUMBER_FORMAT
    elif value is not None:
        cell.value = cell_text(value)
        cell.data_type = "s"  # "=100%" is a value, not a formula
    cell.style = named[(p.style, number_format)]
