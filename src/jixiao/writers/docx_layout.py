"""Laying out a form's rows on one grid of columns: cells with spans, merged regions, and
the column edges shared by the indicator block and the money block (each keeps its own
widths; the table's grid is the union of their edges)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import Final


class Rows:
    """Rows being laid out on a fixed number of columns, with their merged regions."""

    def __init__(self, n_cols: int) -> None:
        self.n = n_cols
        self.rows: list[tuple[str, ...]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.headers: set[int] = set()

    def add(
        self, cells: Sequence[str], spans: Sequence[int] | None = None, header: bool = False
    ) -> int:
        """One row; ``spans`` = how many columns each cell covers (the last takes the rest)."""
        spans = list(spans) if spans is not None else [1] * len(cells)
        spans[-1] = self.n - sum(spans[:-1])
        row = len(self.rows)
        out: list[str] = []
        col = 0
        for cell, span in zip(cells, spans, strict=True):
            out += [cell] + [""] * (span - 1)
            if span > 1:
                self.merges.append((row, col, row, col + span - 1))
            col += span
        self.rows.append(tuple(out))
        if header:
            self.headers.add(row)
        return row

    def merge_down(self, first: int, last: int, col: int, span: int = 1) -> None:
        """One merged region over rows ``first``..``last`` and ``span`` columns from ``col``
        (replacing the rows' own horizontal merges there)."""
        if last <= first:
            return
        right = col + span - 1
        self.merges = [
            m for m in self.merges if not (first <= m[0] <= last and m[1] == col and m[3] == right)
        ]
        self.merges.append((first, col, last, right))


_CJK_START: Final = 0x2E80  # CJK radicals onwards: full-width characters


def text_width_cm(text: str) -> float:
    """About how wide a text is at 10.5 pt: a Chinese character 0.4 cm, a digit 0.21 cm."""
    return sum(0.4 if ord(c) >= _CJK_START else 0.21 for c in text)


def level_runs(values: Sequence[object]) -> list[tuple[int, int]]:
    """(first, last) of each run of equal, non-empty values."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if values[start] and i - 1 > start:
                runs.append((start, i - 1))
            start = i
    return runs


_SNAP_CM: Final = 0.3  # money and indicator column edges closer than this are one edge


def grid_bounds(layouts: Sequence[Sequence[float]]) -> list[float]:
    """The column edges of a table holding several layouts (indicator block, money block):
    the first layout's edges, plus each other edge not within a snap of one already there.

    >>> grid_bounds([[2.0, 2.0], [1.0, 3.0], [2.1, 1.9]])
    [0, 1.0, 2.0, 4.0]
    """
    edges = [0, *accumulate(layouts[0])]
    for layout in layouts[1:]:
        for edge in accumulate(layout):
            if min(abs(edge - e) for e in edges) > _SNAP_CM:
                edges.append(edge)
    return sorted(edges)


def spans_of(widths: Sequence[float], bounds: Sequence[float]) -> list[int]:
    """How many grid columns each column of a layout covers (its edges snapped to the grid)."""
    index = [0]
    for edge in accumulate(widths):
        index.append(min(range(len(bounds)), key=lambda i: abs(bounds[i] - edge)))
    return [b - a for a, b in pairwise(index)]
