"""Ruled tables on fixed-layout pages: cell boxes → a grid with spans.

A merged cell covers several grid lines: its box becomes one cell with ``rowspan``/``colspan``
and the positions it covers are left out. :mod:`jixiao.readers.pdf_join` joins a table that
continues on the next page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from jixiao.readers.pdf_text import Line, join_wrapped, lines_from_runs

Box = tuple[float, float, float, float]  # x0, top, x1, bottom; origin top-left
SNAP: Final = 2.0  # cell edges closer than this are one grid line
_EDGE_TOLERANCE: Final = 3.0  # pdfplumber's default snap/join tolerance for ruling lines


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class PageTable:
    """A table as found on one page: its box, its column lines, its cells."""

    bbox: Box
    col_edges: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max(len(self.col_edges) - 1, 0)


def snap(values: Sequence[float], tolerance: float = SNAP) -> list[float]:
    """Distinct grid lines: values within ``tolerance`` of the previous one are the same line."""
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > tolerance:
            lines.append(value)
    return lines


def index_of(lines: Sequence[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def table_from_boxes(boxes: Sequence[Box], texts: Sequence[str]) -> PageTable | None:
    """The grid of a table from its cell boxes and their texts; ``None`` for a lone box."""
    xs = snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = snap([b[1] for b in boxes] + [b[3] for b in boxes])
    cells: list[GridCell] = []
    for (x0, top, x1, bottom), text in zip(boxes, texts, strict=True):
        row, col = index_of(ys, top), index_of(xs, x0)
        rowspan, colspan = index_of(ys, bottom) - row, index_of(xs, x1) - col
        if rowspan > 0 and colspan > 0:
            cells.append(GridCell(text, row, col, rowspan, colspan))
    if len(cells) < 2 or len(xs) < 3:  # noqa: PLR2004 - a framed paragraph or page, no table
        return None
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    cells.sort(key=lambda c: (c.row, c.col))
    return PageTable(bbox, tuple(xs), tuple(cells))


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top,
        "orientation": "h" if bottom - top < x1 - x0 else "v", "object_type": "line",
    }  # fmt: skip


def boxes_from_rulings(segments: Sequence[Box]) -> list[list[Box]]:
    """Cell boxes of each ruled table, from horizontal and vertical line segments (OFD paths,
    lines found in a scanned image), by pdfplumber's own intersection algorithm."""
    from pdfplumber import table as finder  # noqa: PLC0415

    edges = [_edge(*s) for s in segments]
    tol = _EDGE_TOLERANCE
    merged = finder.merge_edges(edges, tol, tol, tol, tol)
    merged = [e for e in merged if max(e["width"], e["height"]) >= tol]
    points = finder.edges_to_intersections(merged, tol, tol)
    return [list(t) for t in finder.cells_to_tables(finder.intersections_to_cells(points))]


def _center_in(line: Line, box: Box) -> bool:
    x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def tables_from_rulings(
    boxes: list[Line], segments: list[Box]
) -> tuple[list[PageTable], list[Line]]:
    """The ruled tables with the text boxes inside their cells, and the boxes left over."""
    ordered = sorted(boxes, key=_middle)
    middles = [_middle(b) for b in ordered]
    tables: list[PageTable] = []
    for cells in boxes_from_rulings(segments):
        texts = []
        for cell in cells:  # the boxes whose middle is in the cell's rows, then its columns
            band = ordered[bisect_left(middles, cell[1]) : bisect_right(middles, cell[3])]
            inside = [b for b in band if _center_in(b, cell)]
            texts.append(join_wrapped(line.text for line in lines_from_runs(inside)))
        table = table_from_boxes(cells, texts)
        if table is not None:
            tables.append(table)
    rest = [b for b in boxes if not any(_center_in(b, t.bbox) for t in tables)]
    return tables, rest
