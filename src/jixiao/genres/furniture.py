"""Page furniture: what a page adds around the document, and tables it cuts in two.

Published documents carry page numbers ("— 2 —", "第 3 页 共 5 页", "2/5"), running headers in
pinyin or English ("QINGLAN XIAN MINZHENGJU") and, in text extracted from a PDF, such lines
between the rows of a table, which end the table there. :func:`tidy` removes the furniture and
joins a table that goes on after it, dropping the header row the next page repeats, so the
genre parsers see one table. Nothing else changes; every cell keeps its own location.

>>> [is_furniture(t) for t in ("— 2 —", "第 3 页 共 5 页", "2/5", "QINGLAN XIAN MINZHENGJU")]
[True, True, True, True]
>>> [is_furniture(t) for t in ("2024", "PM2.5", "一、基本情况", "100%")]
[False, False, False, False]
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from jixiao.genres.cells import key
from jixiao.genres.columns import is_fund_header, is_indicator_header
from jixiao.genres.formrows import first_text, label_of
from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, Table
from jixiao.model.text import normalize

_PAGE_NUMBER: Final = re.compile(r"^[-—–－_\s]*\d{1,3}[-—–－_\s]*$")
_PAGE_WORDS: Final = re.compile(
    r"^(?:第\s*\d{1,3}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,，/、]?\s*第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3}"
    r"|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$",
    re.IGNORECASE,
)
# A running header in pinyin or English: Latin words only, two or more of them.
_LATIN_ONLY: Final = re.compile(r"^[A-Za-z]+(?:[\s·.'-]+[A-Za-z]+)+$")
_MAX_YEARLESS: Final = 999  # "2024" alone is a year, not a page number
# Labels that open a new form: a table starting with one is not the rest of the one before.
_NEW_FORM: Final = frozenset({"code", "project", "department", "reporter", "supervisor"})


def is_furniture(text: str) -> bool:
    """A line that is a page number, a page count or a running header in Latin letters."""
    s = normalize(text).strip()
    if not s:
        return False
    if _PAGE_NUMBER.match(s):
        digits = re.sub(r"\D", "", s)
        return int(digits) <= _MAX_YEARLESS
    return bool(_PAGE_WORDS.match(s) or _LATIN_ONLY.match(s))


def _by_row(table: Table) -> list[list[Cell]]:
    """The cells starting in each row, in column order (one pass over the table)."""
    rows: list[list[Cell]] = [[] for _ in range(table.n_rows)]
    for c in table.cells:
        rows[c.row].append(c)
    return [sorted(r, key=lambda c: c.col) for r in rows]


def _furniture_row(cells: list[Cell]) -> bool:
    """A table row holding nothing but a page count or a running header (a bare number may be
    a value, so it does not count here)."""
    texts = {c.text.strip() for c in cells if c.text.strip()}
    if len(texts) != 1:
        return False
    text = normalize(texts.pop())
    return is_furniture(text) and not text.isdigit()


def _header_keys(grid: list[list[str]]) -> set[tuple[str, ...]]:
    return {tuple(key(t) for t in row) for row in grid
            if is_indicator_header(row) or is_fund_header(row)}  # fmt: skip


def _continues(first: Table, nxt: Table, grid: list[list[str]]) -> bool:
    """Whether a table is the rest of the one before it after a page break: it repeats a
    header of that table, or has its width; and it does not open a new form (项目编码,
    项目名称 … in its first row)."""
    if not grid or label_of(first_text(grid[0])) in _NEW_FORM:
        return False
    if tuple(key(t) for t in grid[0]) in _header_keys(first.grid()):
        return True
    return first.n_cols == nxt.n_cols


def _join(first: Table, nxt: Table, grid: list[list[str]]) -> Table:
    """``first`` with the rows of ``nxt`` after it; a header row ``first`` already has (the
    next page repeats it) and furniture rows are dropped."""
    repeated = _header_keys(first.grid())
    cells = list(first.cells)
    at = first.n_rows
    for r, row_cells in enumerate(_by_row(nxt)):
        if tuple(key(t) for t in grid[r]) in repeated or _furniture_row(row_cells):
            continue
        cells.extend(replace(c, row=at) for c in row_cells)
        at += 1
    return Table(tuple(cells), first.location)


def _drop_furniture_rows(table: Table) -> Table:
    rows = _by_row(table)
    keep = [r for r, cells in enumerate(rows) if not _furniture_row(cells)]
    if len(keep) == len(rows):
        return table
    cells = [replace(c, row=n) for n, r in enumerate(keep) for c in rows[r]]
    return Table(tuple(cells), table.location)


def tidy(blocks: Blocks) -> Blocks:
    """The blocks without page furniture, a table cut by it joined again."""
    out: list[Block] = []
    cut = False  # furniture was dropped since the last block kept
    changed = False
    for item in blocks.items:
        if isinstance(item, Paragraph):
            if is_furniture(item.text):
                cut = changed = True
                continue
            out.append(item)
            cut = False
            continue
        table = _drop_furniture_rows(item)
        changed = changed or table is not item
        last = out[-1] if out else None
        if cut and isinstance(last, Table) and _continues(last, table, grid := table.grid()):
            out[-1] = _join(last, table, grid)
        else:
            out.append(table)
        cut = False
    return replace(blocks, items=tuple(out)) if changed else blocks
