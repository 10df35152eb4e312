"""What a report is made of before it becomes Word: blocks of text, tables as grids, charts.

The outlines (docx_outlines.py) fill a :class:`Draft`; the renderer (docx_render.py) turns it
into a .docx through the docxtpl template. Chapters and sub-chapters are numbered here, as they
are added, so no number can repeat (seed 003 numbers two chapters 三).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from jixiao.writers.base import MISSING

KINDS: Final = ("h1", "h2", "h3", "p", "center", "table", "chart")  # a block's kind


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as text: rows of cell texts (a merged region's text in its top-left cell),
    merged regions as (first row, first col, last row, last col), header rows in bold."""

    rows: tuple[tuple[str, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    header_rows: frozenset[int] = frozenset()
    widths_cm: tuple[float, ...] = ()
    left_cols: frozenset[int] = frozenset()  # columns of running text, aligned left

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    text: str = ""
    grid: Grid | None = None
    chart: str | None = None  # the chart's name in the charts mapping


_DIGITS: Final = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (chapters and sub-chapters, < 100).

    >>> [chinese_number(n) for n in (1, 9, 10, 12, 20, 35)]
    ['一', '九', '十', '十二', '二十', '三十五']
    """
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


@dataclass
class Draft:
    """The report being written: its blocks, its numbering and what was missing."""

    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chapter: int = 0
    section: int = 0
    item: int = 0

    def add(self, kind: str, text: str = "") -> None:
        self.blocks.append(Block(kind, text))

    def h1(self, title: str) -> None:
        """The next chapter: "一、基本情况"."""
        self.chapter += 1
        self.section = 0
        self.blocks.append(Block("h1", f"{chinese_number(self.chapter)}、{title}"))

    def annex(self, title: str) -> None:
        """An unnumbered closing part ("附件")."""
        self.blocks.append(Block("h1", title))

    def h2(self, title: str) -> None:
        """The next sub-chapter: "（一）部门职能"."""
        self.section += 1
        self.item = 0
        self.blocks.append(Block("h2", f"（{chinese_number(self.section)}）{title}"))

    def h3(self, title: str) -> None:
        self.item += 1
        self.blocks.append(Block("h3", f"{self.item}.{title}"))

    def p(self, text: str) -> None:
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(Block("p", line.strip()))

    def items(self, texts: list[str]) -> None:
        """A numbered list, "1." "2." …; an item's further lines follow as paragraphs."""
        for n, text in enumerate(texts, start=1):
            first, *rest = [t.strip() for t in text.split("\n") if t.strip()] or [MISSING]
            self.blocks.append(Block("p", f"{n}.{first}"))
            for line in rest:
                self.blocks.append(Block("p", line))

    def table(self, grid: Grid, caption: str | None = None) -> None:
        if caption:
            self.blocks.append(Block("center", caption))
        self.blocks.append(Block("table", grid=grid))

    def chart(self, name: str, caption: str) -> None:
        self.blocks.append(Block("chart", chart=name))
        self.blocks.append(Block("center", caption))

    def missing(self, what: str) -> str:
        """ "（未填报）", and a warning naming what is missing (once)."""
        message = f"{what}未填报，报告中写为“{MISSING}”"
        if message not in self.warnings:
            self.warnings.append(message)
        return MISSING

    def need(self, value: str | None, what: str) -> str:
        return value if value else self.missing(what)
