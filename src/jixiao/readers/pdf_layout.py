"""Fixed-layout pages (PDF, OFD, OCR) → Blocks: the part every fixed-layout reader shares.

A reader describes each page as text lines and ruled tables with their positions
(:class:`PageLayout`, points or any one unit per document, origin top-left). :func:`assemble`
then drops page furniture (page numbers, running headers and footers), joins a table that
continues on the next page, joins the lines of a paragraph that the page width (or a page
break) broke, and numbers paragraphs and tables in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.model.blocks import Block, Paragraph
from jixiao.model.location import Location
from jixiao.readers.pdf_join import compatible, join_run
from jixiao.readers.pdf_tables import PageTable
from jixiao.readers.pdf_text import Line, find_furniture, paragraphs


@dataclass(frozen=True, slots=True)
class PageLayout:
    """One page: its number (1-based), size, text lines outside tables, and tables."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    tables: tuple[PageTable, ...] = ()


# One element of the document in reading order: the page it is on, and a line or a table.
Item = tuple[int, Line | PageTable]


def _top(element: Line | PageTable) -> float:
    return element.top if isinstance(element, Line) else element.bbox[1]


def reading_order(pages: Sequence[PageLayout]) -> list[Item]:
    """Lines and tables of every page, top to bottom, page after page, furniture left out."""
    furniture = find_furniture([(p.height, p.lines) for p in pages])
    items: list[Item] = []
    for index, page in enumerate(pages):
        body: list[Line | PageTable] = [
            line for k, line in enumerate(page.lines) if (index, k) not in furniture
        ]
        body.extend(page.tables)
        body.sort(key=_top)
        items.extend((page.number, element) for element in body)
    return items


def _right_edges(pages: Sequence[PageLayout]) -> dict[int, float]:
    """Where full lines end on each page: the rightmost line end (the document's on a page
    with too few lines to tell)."""
    ends = [line.x1 for p in pages for line in p.lines]
    fallback = max(ends, default=0.0)
    return {
        p.number: max(line.x1 for line in p.lines) if len(p.lines) >= 3 else fallback  # noqa: PLR2004
        for p in pages
    }


def _group(items: list[Item]) -> list[list[Item]]:
    """Runs of lines, and runs of tables that continue one another across a page break."""
    groups: list[list[Item]] = []
    for page, element in items:
        last = groups[-1] if groups else None
        if last is not None and isinstance(element, Line) and isinstance(last[-1][1], Line):
            last.append((page, element))
            continue
        if last is not None and isinstance(element, PageTable) and _continues(last[-1], page):
            previous = last[-1][1]
            if isinstance(previous, PageTable) and compatible(previous, element):
                last.append((page, element))
                continue
        groups.append([(page, element)])
    return groups


def _continues(previous: Item, page: int) -> bool:
    return isinstance(previous[1], PageTable) and page == previous[0] + 1


def assemble(pages: Sequence[PageLayout]) -> tuple[Block, ...]:
    """Paragraphs and tables of the pages in reading order, with their locations."""
    edges = _right_edges(pages)
    blocks: list[Block] = []
    n_paragraphs = n_tables = 0
    for group in _group(reading_order(pages)):
        if isinstance(group[0][1], PageTable):
            n_tables += 1
            run = [(page, t) for page, t in group if isinstance(t, PageTable)]
            blocks.append(join_run(run, n_tables))
            continue
        lines = [(page, line) for page, line in group if isinstance(line, Line)]
        for page, text in paragraphs(lines, edges):
            n_paragraphs += 1
            blocks.append(Paragraph(text, Location(page=page, paragraph=n_paragraphs)))
    return tuple(blocks)
