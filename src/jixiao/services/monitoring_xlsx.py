"""Monthly spending for 运行监控 from an .xlsx file: month → 当月支出 in 万元.

Two layouts are understood, on the first sheet that has one:

- two columns under a header row: ``月份 | 当月支出（万元）``, one month a row, the month written
  ``1``, ``1月``, ``1月份`` or ``一月``;
- one header row ``1月 … 12月`` with the amounts in the row below it.

Amounts are in 万元 unless the header (or a ``单位：元`` line above it) says 元; then they are
divided by 10 000. A cell may also carry its own unit ("12000元"). A 累计 column is never read
as the month's spending. A bad file never raises: the result holds Chinese errors naming the
file, the sheet and the cell, and no months at all, so nothing half-read is ever saved.

The workbook is read by the project's spreadsheet reader (:mod:`jixiao.readers.spreadsheet`:
zip-bomb guard, size limits, cells as the text people see, each with its sheet and cell) in a
child process with a memory ceiling and a time limit (:mod:`jixiao.readers.isolated`), as every
uploaded file is; this module only finds the layout in the cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Final

from jixiao.model.blocks import Blocks, Cell, Source, Unreadable
from jixiao.model.chinese_numerals import parse_chinese_numeral
from jixiao.model.numbers import parse_amount, parse_number
from jixiao.model.text import normalize
from jixiao.readers.isolated import read_isolated
from jixiao.readers.registry import READERS, reader_for
from jixiao.readers.spreadsheet import NOT_WORKBOOK

MAX_ERRORS: Final = 20
MONTH_TEXT: Final = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月?份?")
MONTH_HEADER: Final = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份?")
AMOUNT_WORDS: Final = ("支出", "金额", "执行", "万元")
TOTAL_WORDS: Final = ("合计", "总计", "累计", "小计")
BLANKS: Final = frozenset({"", "-", "—", "－", "/", "／", "无"})
SPREADSHEET: Final = "xlsx"  # the registry's reader of .xlsx, .xls and .ods
SPREADSHEET_SUFFIXES: Final = next(r.suffixes for r in READERS if r.name == SPREADSHEET)
NO_LAYOUT: Final = (
    "没有找到月度支出表：需要表头为“月份 | 当月支出（万元）”的两列，或一行“1月 … 12月”的表头"
)

Reader = Callable[[Source], Blocks | Unreadable]


@dataclass(frozen=True)
class MonthlyImport:
    """The months read (万元), or why the file was refused (then ``months`` is empty)."""

    months: dict[int, Decimal] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    sheet: str = ""
    unit: str = "万元"  # the unit the file wrote its amounts in

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Sheet:
    """A sheet as rows of cells (``None`` where a merged cell covers the position)."""

    name: str
    rows: list[list[Cell | None]]
    file: str
    errors: list[str] = field(default_factory=list)

    def error(self, cell: Cell | None, message: str) -> None:
        loc = None if cell is None else cell.location
        if loc is None or loc.row is None or not loc.cell:
            where = ""
        else:
            where = f" 第{loc.row}行{loc.cell.rstrip('0123456789')}列"
        self.errors.append(f"{self.file} 工作表“{self.name}”{where}：{message}")


def read_monthly(name: str, data: bytes, read: Reader = read_isolated) -> MonthlyImport:
    """The monthly amounts of an uploaded workbook (.xlsx, also .xls and .ods), read by the
    spreadsheet reader in a child process with limits; ``name`` names the file in messages."""
    if not data:
        return MonthlyImport(errors=(f"{name}：文件为空",))
    source = Source(name, data)
    reader = reader_for(source)
    if reader is None or reader.name != SPREADSHEET:
        named = PurePath(name).suffix.lower() in SPREADSHEET_SUFFIXES
        why = f"{NOT_WORKBOOK}，无法读取" if named else "只能导入 Excel 工作簿（.xlsx）"
        return MonthlyImport(errors=(f"{name}：{why}",))
    blocks = read(source)
    if isinstance(blocks, Unreadable):
        return MonthlyImport(errors=(blocks.reason,))
    for sheet in _sheets(name, blocks):
        found = _by_columns(sheet)
        if found is None:
            found = _by_row(sheet)
        if found is None:
            continue
        months, unit = found
        if sheet.errors:
            errors = tuple(sheet.errors[:MAX_ERRORS])
            return MonthlyImport(errors=errors, sheet=sheet.name, unit=unit)
        if not months:
            message = f"{name} 工作表“{sheet.name}”：没有填写任何月份的支出"
            return MonthlyImport(errors=(message,), sheet=sheet.name, unit=unit)
        return MonthlyImport(months=months, sheet=sheet.name, unit=unit)
    return MonthlyImport(errors=(f"{name}：{NO_LAYOUT}",))


def _sheets(name: str, blocks: Blocks) -> list[_Sheet]:
    out = []
    for table in blocks.tables():
        rows: list[list[Cell | None]] = [[None] * table.n_cols for _ in range(table.n_rows)]
        for cell in table.cells:
            rows[cell.row][cell.col] = cell
        out.append(_Sheet(table.location.sheet or "", rows, name))
    return out


def _text(cell: Cell | None) -> str:
    return "" if cell is None else normalize(cell.text).strip()


def _compact(cell: Cell | None) -> str:
    return re.sub(r"\s+", "", _text(cell))


def _unit_of(texts: list[str]) -> str:
    """元 when a header names 元 (and not 万元); else 万元."""
    joined = "".join(texts)
    if "万元" in joined or "万" in joined.replace("万元", ""):
        return "万元"
    return "元" if "元" in joined else "万元"


# --- layout 1: 月份 | 当月支出 ------------------------------------------------------------


Row = list[Cell | None]


def _column_header(rows: list[Row]) -> tuple[int, int, int] | None:
    """(row, month column, amount column) of a ``月份 | 当月支出`` header."""
    for r, row in enumerate(rows):
        texts = [_compact(v) for v in row]
        month_col = next((c for c, t in enumerate(texts) if t in ("月份", "月") or
                          t.startswith("月份")), None)  # fmt: skip
        if month_col is None:
            continue
        amounts = [
            c for c, t in enumerate(texts)
            if c != month_col and any(w in t for w in AMOUNT_WORDS) and "累计" not in t
        ]  # fmt: skip
        if amounts:
            this_month = [c for c in amounts if "当月" in texts[c] or "本月" in texts[c]]
            return r, month_col, (this_month or amounts)[0]
    return None


def _units_above(rows: list[Row], top: int) -> list[str]:
    """A "单位：元" line above the header."""
    return [_text(v) for row in rows[:top] for v in row if "单位" in _text(v)]


def _by_columns(sheet: _Sheet) -> tuple[dict[int, Decimal], str] | None:
    header = _column_header(sheet.rows)
    if header is None:
        return None
    top, month_col, amount_col = header
    unit = _unit_of([*_units_above(sheet.rows, top), _text(sheet.rows[top][amount_col])])
    months: dict[int, Decimal] = {}
    seen: dict[int, Cell | None] = {}
    for row in sheet.rows[top + 1 :]:
        month_cell, amount_cell = row[month_col], row[amount_col]
        if any(w in _compact(month_cell) for w in TOTAL_WORDS):
            continue  # a total row is not a month
        if _blank(month_cell) and _blank(amount_cell):
            continue
        month = _month_of(sheet, month_cell, amount_cell, seen)
        if month is None:
            continue
        seen[month] = month_cell
        amount = _amount(sheet, amount_cell, unit)
        if amount is not None:
            months[month] = amount
    return months, unit


def _month_of(
    sheet: _Sheet, cell: Cell | None, amount: Cell | None, seen: dict[int, Cell | None]
) -> int | None:
    """The month of a data row, or None after recording why it has none."""
    if _blank(cell):
        sheet.error(cell or amount, f"有金额“{_text(amount)}”但没有月份")
        return None
    month = _month(cell)
    if month is None:
        sheet.error(cell, f"“{_text(cell)}”不是月份（应为1–12、“1月”或“一月”）")
        return None
    if month in seen:
        first = seen[month]
        at = "" if first is None else f"（第{first.location.row}行已填）"
        sheet.error(cell, f"{month}月重复{at}")
        return None
    return month


# --- layout 2: one row 1月 … 12月 ---------------------------------------------------------


def _row_header(rows: list[Row]) -> tuple[int, dict[int, int]] | None:
    """(row, column → month) of a header row naming at least two months as "N月"."""
    for r, row in enumerate(rows):
        cols: dict[int, int] = {}
        for c, cell in enumerate(row):
            month = _month(cell) if MONTH_HEADER.fullmatch(_compact(cell)) else None
            if month is not None and month not in cols.values():
                cols[c] = month
        if len(cols) >= 2:  # noqa: PLR2004 - one "3月" alone may be a title
            return r, cols
    return None


def _by_row(sheet: _Sheet) -> tuple[dict[int, Decimal], str] | None:
    header = _row_header(sheet.rows)
    if header is None:
        return None
    top, cols = header
    below = next(
        (row for row in sheet.rows[top + 1 :] if any(not _blank(row[c]) for c in cols)), None
    )
    labels = [_text(v) for c, v in enumerate(sheet.rows[top]) if c not in cols]
    labels += _units_above(sheet.rows, top)
    if below is not None:
        labels += [_text(v) for c, v in enumerate(below) if c not in cols]
    unit = _unit_of([t for t in labels if parse_number(t) is None])
    months: dict[int, Decimal] = {}
    for c, month in cols.items():
        cell = None if below is None else below[c]
        amount = None if _blank(cell) else _amount(sheet, cell, unit)
        if amount is not None:
            months[month] = amount
    return months, unit


# --- cells ------------------------------------------------------------------------------


def _blank(cell: Cell | None) -> bool:
    return _compact(cell) in BLANKS


def _month(cell: Cell | None) -> int | None:
    """1–12 from "1", "1月", "01月份", "一月"; else None."""
    m = MONTH_TEXT.fullmatch(_compact(cell))
    if not m:
        return None
    text = m.group(1)
    parsed = Decimal(int(text)) if text.isdigit() else parse_chinese_numeral(text)
    return int(parsed) if parsed is not None and 1 <= parsed <= 12 else None  # noqa: PLR2004


def _amount(sheet: _Sheet, cell: Cell | None, unit: str) -> Decimal | None:
    """The cell in 万元 (its own unit, else the header's), or None after recording why it is
    not an amount."""
    if _blank(cell):
        return None
    found = parse_amount(_text(cell), default_unit=unit)
    if found is None:
        sheet.error(cell, f"“{_text(cell)}”不是金额")
        return None
    value = found.in_wan()
    return Decimal(format(value.normalize(), "f")) if found.unit != "万元" else value  # 1.0000 → 1
