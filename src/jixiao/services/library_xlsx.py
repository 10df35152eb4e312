"""The indicator library as an xlsx workbook: export the entries, import a filled-in sheet.

One sheet, one header row (:data:`HEADERS`), one entry per row. Import reads the workbook with
our spreadsheet reader (in its isolated child process, like every upload) and turns each row
into a :class:`~jixiao.library.LibraryEntry`; a row that cannot be an entry is named by file,
sheet and row, in Chinese, and then nothing of the file is taken (``Imported.errors``).
Pure of Django: storage merges the entries into a bureau's library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from jixiao.library import LABELS, LibraryEntry, clean, problems
from jixiao.model.blocks import Blocks, Source, Table, Unreadable
from jixiao.readers.isolated import read_isolated
from jixiao.writers.table_xlsx import table_xlsx
from jixiao.writers.xlsx_sheet import cell_text

SHEET: Final = "指标库"
FIELDS: Final = ("field", "level1", "level2", "level3", "direction", "value", "unit", "basis",
                 "description", "source")  # fmt: skip
HEADERS: Final = tuple(LABELS[f] for f in FIELDS)
HEADER_ALIASES: Final = {
    "指标值确定依据": ("指标值设定依据",), "指标解释": ("绩效指标描述", "指标说明"),
    "参考指标值": ("指标值",), "行业/领域": ("行业", "领域"),
}  # fmt: skip
SPREADSHEETS: Final = frozenset({"xlsx", "xls", "ods"})
MAX_ENTRIES: Final = 10_000
MAX_ERRORS: Final = 50  # listed; the count says how many more
_HEADER_ROWS: Final = 5  # the header is among a sheet's first rows (a title may come first)


@dataclass(frozen=True)
class Imported:
    """A workbook read: its entries, or the reasons it is refused (then ``entries`` is empty)."""

    entries: tuple[LibraryEntry, ...]
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # sheets left out, and why


def to_xlsx(entries: Iterable[LibraryEntry]) -> bytes:
    """The entries as a workbook: the header row, then one row per entry, all cells text."""
    columns = [(header, "text") for header in HEADERS]
    rows = ([cell_text(e.as_dict()[f]) or None for f in FIELDS] for e in entries)
    return table_xlsx(SHEET, columns, rows)


def from_xlsx(name: str, data: bytes) -> Imported:
    """A workbook's entries, read in the isolated reader; never raises on a bad file."""
    blocks = read_isolated(Source(name, data))
    if isinstance(blocks, Unreadable):
        return Imported((), (blocks.reason,))
    if blocks.source.format not in SPREADSHEETS:
        return Imported((), (f"{name}：不是 Excel 工作簿，请上传 .xlsx 文件",))
    return from_blocks(name, blocks)


def _column_of(header: str) -> str | None:
    text = "".join(header.split())
    for f, label in zip(FIELDS, HEADERS, strict=True):
        if text == label or text in HEADER_ALIASES.get(label, ()):
            return f
    return None


def _header(grid: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and field → column, when a row names the three levels."""
    for r, row in enumerate(grid[:_HEADER_ROWS]):
        columns: dict[str, int] = {}
        for c, text in enumerate(row):
            f = _column_of(text)
            if f is not None and f not in columns:
                columns[f] = c
        if all(k in columns for k in ("level1", "level2", "level3")):
            return r, columns
    return None


def _sheet_row(table: Table, r: int) -> int:
    """The sheet's own row number (1-based) of the table's row ``r``."""
    rows = [c.location.row for c in table.row_cells(r) if c.location.row is not None]
    return rows[0] if rows else r + 1


@dataclass
class _Reading:
    name: str
    entries: list[tuple[LibraryEntry, str]]  # with the place it came from
    errors: list[str]
    notes: list[str]


def _read_table(table: Table, reading: _Reading) -> None:
    sheet = table.location.sheet or f"表{table.location.table or 1}"
    grid = table.grid(fill_merged=False)
    found = _header(grid)
    if found is None:
        reading.notes.append(f"工作表“{sheet}”没有“一级指标、二级指标、三级指标”表头，未读取")
        return
    top, columns = found
    for r in range(top + 1, len(grid)):
        row = grid[r]
        values = {f: row[c] if c < len(row) else "" for f, c in columns.items()}
        if not any(v.strip() for v in values.values()):
            continue
        place = f"{reading.name} 工作表“{sheet}” 第{_sheet_row(table, r)}行"
        entry = clean(LibraryEntry(**{f: values.get(f, "") for f in FIELDS}))
        wrong = problems(entry)
        if wrong:
            reading.errors.append(f"{place}：{'；'.join(wrong)}")
        else:
            reading.entries.append((entry, place))


def _doubles(reading: _Reading) -> None:
    seen: dict[tuple[str, str, str, str], str] = {}
    for entry, place in reading.entries:
        first = seen.setdefault(entry.key, place)
        if first != place:
            unit = f"（单位：{entry.unit}）" if entry.unit else ""
            reading.errors.append(
                f"{place}：指标“{entry.level1}/{entry.level2}/{entry.level3}”{unit}与"
                f"{first.removeprefix(reading.name + ' ')}重复"
            )


def from_blocks(name: str, blocks: Blocks) -> Imported:
    """The entries of a read workbook: every sheet with the header row is read."""
    reading = _Reading(name, [], [], list(blocks.problems))
    for table in blocks.tables():
        _read_table(table, reading)
    _doubles(reading)
    if not reading.errors and len(reading.entries) > MAX_ENTRIES:
        reading.errors.append(f"{name}：指标超过{MAX_ENTRIES}条，请分批导入")
    if not reading.errors and not reading.entries:
        reading.errors.append(
            f"{name}：没有读到指标（须有含“{'、'.join(HEADERS[1:4])}”的表头行，其下每行一个指标）"
        )
    if reading.errors:
        errors = reading.errors[:MAX_ERRORS]
        if len(reading.errors) > MAX_ERRORS:
            errors.append(f"另有{len(reading.errors) - MAX_ERRORS}处错误未列出")
        return Imported((), tuple(errors), tuple(reading.notes))
    return Imported(tuple(e for e, _ in reading.entries), (), tuple(reading.notes))
