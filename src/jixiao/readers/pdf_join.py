"""A table that continues on the next page, joined into one :class:`Table`.

The parts are put on one column grid (the union of their column lines: the rows of one page
may not use every column line of the table). A repeated header (continuation rows equal to
the table's own first rows) is dropped. A row that the page break split is put back together:
the continuation's first row then leaves its first column(s) empty, fills only cells that the
row before filled, and leaves empty a column that the rows before it all fill (or fills one
cell only) — where a row under a merged label fills its own value columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from jixiao.model.blocks import Cell, Table
from jixiao.model.location import Location
from jixiao.readers.pdf_tables import SNAP, GridCell, PageTable, index_of, snap
from jixiao.readers.pdf_text import join_wrapped

_MAX_HEADER_ROWS: Final = 3
_RECENT_ROWS: Final = 4  # rows before a page break that show which columns are always filled
_MATCHING_EDGES: Final = 0.8  # share of column lines two parts of one table have in common


def _tolerance(table: PageTable) -> float:
    return max(3 * SNAP, 0.02 * (table.bbox[2] - table.bbox[0]))


def compatible(first: PageTable, second: PageTable) -> bool:
    """Whether ``second`` (top of a page) can continue ``first`` (bottom of the page before):
    the same left edge, and most column lines at the same places."""
    tolerance = _tolerance(first)
    if abs(first.col_edges[0] - second.col_edges[0]) > tolerance:
        return False
    fewer, more = sorted((first.col_edges, second.col_edges), key=len)
    matched = sum(1 for a in fewer if any(abs(a - b) <= tolerance for b in more))
    return matched >= _MATCHING_EDGES * len(fewer)


def _on_grid(table: PageTable, edges: list[float]) -> PageTable:
    """The table with its columns numbered on the joined grid ``edges``."""
    cells = []
    for c in table.cells:
        col = index_of(edges, table.col_edges[c.col])
        end = index_of(edges, table.col_edges[c.col + c.colspan])
        cells.append(replace(c, col=col, colspan=max(end - col, 1)))
    return PageTable(table.bbox, tuple(edges), tuple(cells))


@dataclass(slots=True)
class _Entry:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    page: int


def _row_texts(cells: Iterable[_Entry | GridCell], row: int, n_cols: int) -> list[str]:
    """The text at each column of one row, a merged cell's text wherever it reaches."""
    out = [""] * n_cols
    for c in cells:
        if c.row <= row < c.row + c.rowspan:
            for k in range(c.col, min(c.col + c.colspan, n_cols)):
                out[k] = "".join(c.text.split())
    return out


@dataclass(slots=True)
class _Builder:
    """The joined table so far."""

    n_cols: int
    entries: list[_Entry] = field(default_factory=list)
    n_rows: int = 0

    def rows(self, start: int) -> list[list[str]]:
        return [_row_texts(self.entries, r, self.n_cols) for r in range(max(start, 0), self.n_rows)]

    def covering(self, row: int, col: int) -> _Entry | None:
        return next(
            (e for e in self.entries
             if e.row <= row < e.row + e.rowspan and e.col <= col < e.col + e.colspan),
            None,
        )  # fmt: skip


def _repeated_header(first: PageTable, cont: PageTable) -> int:
    """How many first rows of ``cont`` repeat the first rows of ``first`` (0 when none)."""
    for k in range(min(_MAX_HEADER_ROWS, first.n_rows, cont.n_rows - 1), 0, -1):
        pairs = [(_row_texts(first.cells, r, first.n_cols), _row_texts(cont.cells, r, cont.n_cols))
                 for r in range(k)]  # fmt: skip
        if all(a == b and any(a) for a, b in pairs):
            return k
    return 0


def is_split_rest(recent: list[list[str]], rest: list[str]) -> bool:
    """Whether ``rest`` (a continuation's first row) is the part of the last row of ``recent``
    (the rows before the page break) that the break pushed onto the next page."""
    filled = {k for k, t in enumerate(rest) if t}
    before = {k for k, t in enumerate(recent[-1]) if t}
    if not filled or not filled < before or rest[0]:
        return False
    if len(filled) == 1 and len(rest) >= 3:  # noqa: PLR2004 - one cell goes on: a long text
        return True
    lead = min(filled)
    return any(not rest[k] and all(row[k] for row in recent) for k in range(lead, len(rest)))


def _append(builder: _Builder, table: PageTable, page: int, skip: int) -> None:
    """Add the rows of ``table`` from row ``skip`` on; a split row's rest goes to its row."""
    first_row = skip
    if builder.n_rows and table.n_rows > skip:
        recent = builder.rows(builder.n_rows - _RECENT_ROWS)
        if is_split_rest(recent, _row_texts(table.cells, skip, table.n_cols)):
            for cell in table.cells:
                target = builder.covering(builder.n_rows - 1, cell.col)
                if cell.row == skip and target is not None and cell.text:
                    target.text = join_wrapped([target.text, cell.text])
            first_row = skip + 1
    offset = builder.n_rows - first_row
    for c in table.cells:
        start, text = max(c.row, first_row), c.text if c.row >= first_row else ""
        if c.row + c.rowspan > start:  # a cell reaching past the rows left out stays, empty
            rowspan = c.row + c.rowspan - start
            builder.entries.append(_Entry(text, start + offset, c.col, rowspan, c.colspan, page))
    builder.n_rows = max(builder.n_rows, table.n_rows + offset)


def join_run(run: Sequence[tuple[int, PageTable]], number: int) -> Table:
    """One :class:`Table` from a table and its continuations on the following pages."""
    edges = snap([e for _, t in run for e in t.col_edges], _tolerance(run[0][1]))
    parts = [(page, _on_grid(t, edges) if len(run) > 1 else t) for page, t in run]
    first_page, first = parts[0]
    builder = _Builder(first.n_cols)
    for i, (page, table) in enumerate(parts):
        _append(builder, table, page, _repeated_header(first, table) if i else 0)
    cells = tuple(
        Cell(e.text, e.row, e.col, e.rowspan, e.colspan,
             Location(page=e.page, table=number, row=e.row + 1, col=e.col + 1))
        for e in sorted(builder.entries, key=lambda e: (e.row, e.col))
    )  # fmt: skip
    return Table(cells, Location(page=first_page, table=number))
