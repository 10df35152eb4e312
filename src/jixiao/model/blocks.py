"""The neutral document every reader produces: paragraphs and tables in reading order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.model.location import Location


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """The file an evaluation came from."""

    path: str | None = None
    sha256: str | None = None
    format: str | None = None
    pages: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    location: Location = field(default_factory=Location)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    location: Location = field(default_factory=Location)


@dataclass(frozen=True, slots=True)
class Table:
    """A grid of cells; merged cells keep their span, :meth:`grid` resolves them."""

    cells: tuple[Cell, ...]
    location: Location = field(default_factory=Location)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self, fill_merged: bool = True) -> list[list[str]]:
        """Rows of texts; a merged cell's text fills every position it covers (or only its
        top-left one with ``fill_merged=False``).

        >>> t = Table((Cell("产出指标", 0, 0, rowspan=2), Cell("数量", 0, 1), Cell("质量", 1, 1)))
        >>> t.grid()
        [['产出指标', '数量'], ['产出指标', '质量']]
        """
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + (c.rowspan if fill_merged else 1)):
                for k in range(c.col, c.col + (c.colspan if fill_merged else 1)):
                    out[r][k] = c.text
        return out

    def row_cells(self, row: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Blocks:
    """A read document: its blocks in order, and what the reader could not read."""

    items: tuple[Block, ...]
    source: SourceInfo = field(default_factory=SourceInfo)
    problems: tuple[str, ...] = ()

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.items if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.items if isinstance(b, Table))

    def text(self) -> str:
        """All paragraph text, one paragraph a line (tables left out)."""
        return "\n".join(p.text for p in self.paragraphs())


@dataclass(frozen=True, slots=True)
class Source:
    """A file's name and bytes: what every reader takes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be opened at all (exit code 2; the other files go on)."""

    name: str
    reason: str  # Chinese, for the user
