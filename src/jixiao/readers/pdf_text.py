"""Lines of fixed-layout text → paragraphs; page furniture; wrapped text joined.

>>> join_wrapped(["特困人员救助供养", "人数"])
'特困人员救助供养人数'
>>> join_wrapped(["Table", "Grid", "2024", "年", "13073024P00", "008110001Q"])
'Table Grid 2024年13073024P00008110001Q'
>>> squeeze("项 目 名 称 2024 年")
'项目名称 2024 年'
>>> [is_page_number(t) for t in ("3", "- 3 -", "第 3 页 共 9 页", "3/9", "30%")]
[True, True, True, True, False]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

HAN: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_GAP: Final = re.compile(
    rf"(?<=[{HAN}，。；：、！？（）“”《》])[ \t]+(?=[{HAN}，。；：、！？（）“”《》])"
)
_SPACES: Final = re.compile(r"[ \t\u00a0\u3000]+")
# A line that ends one of these ends its paragraph.
_SENTENCE_END: Final = tuple("。；：！？;:!?")
# A line that starts with a list marker or a heading number starts a paragraph.
_LIST_START: Final = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]"
    r"|[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]"
    r"|[0-9]+\s*(?:[、．)）]|\.(?!\d))"
    r"|[①-⑳⑴-⒇❶-❿]"
    r"|第[一二三四五六七八九十百0-9]+[章节条部分篇]"
    r"|[•·●○▪■□◆◇★☆\-–—]\s*)"
)
_PAGE_NUMBER: Final = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
_DIGITS: Final = re.compile(r"\d+")
_MARGIN: Final = 0.12  # top and bottom share of the page where headers and footers live
_GAP_FACTOR: Final = 1.2  # a vertical gap above this many line heights starts a paragraph
_INDENT_FACTOR: Final = 1.0  # a line indented by this many line heights starts a paragraph
_FULL_FACTOR: Final = 3.5  # a line ending within this many line heights of the edge is full
_GAP_SPLIT: Final = 2.0  # a gap of this many line heights splits a line into two pieces
_GAP_SPACE: Final = 0.3  # a gap of this many line heights between runs is a space
_SAME_LINE: Final = 0.5  # runs overlapping by this share of their height are one line


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page (origin top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def squeeze(text: str) -> str:
    """Runs of spaces made one, and no space between two Chinese characters."""
    return _HAN_GAP.sub("", _SPACES.sub(" ", text)).strip()


def _glue(left: str, right: str) -> str:
    """The separator between two pieces of one text broken over lines: a space between Latin
    words only (Chinese writes none, and a number or code broken in a narrow cell is one)."""
    a, b = left[-1:], right[:1]
    if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
        return "" if a.isdigit() and b.isdigit() else " "
    return ""


def join_wrapped(parts: Iterable[str]) -> str:
    """Lines of one cell or paragraph joined: no space between Chinese characters."""
    out = ""
    for raw in parts:
        part = squeeze(raw)
        if part:
            out = f"{out}{_glue(out, part)}{part}" if out else part
    return out


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def starts_paragraph(text: str) -> bool:
    return bool(_LIST_START.match(text))


def _continues(prev: Line, line: Line, right: float, same_page: bool) -> bool:
    """Whether ``line`` goes on the paragraph that ``prev`` ends."""
    if prev.text.rstrip().endswith(_SENTENCE_END) or starts_paragraph(line.text):
        return False
    height = max(prev.height, line.height)
    if prev.x1 < right - _FULL_FACTOR * height:
        return False  # a short line ends its paragraph (a title, the last line)
    if same_page and line.top - prev.bottom > _GAP_FACTOR * height:
        return False
    return line.x0 <= prev.x0 + _INDENT_FACTOR * height  # an indented line starts one


def paragraphs(lines: Sequence[tuple[int, Line]], right: dict[int, float]) -> list[tuple[int, str]]:
    """Paragraph texts with the page each starts on, from consecutive lines (page, line)."""
    out: list[tuple[int, list[str]]] = []
    previous: tuple[int, Line] | None = None
    for page, line in lines:
        if previous is not None and _continues(
            previous[1], line, right.get(previous[0], previous[1].x1), previous[0] == page
        ):
            out[-1][1].append(line.text)
        else:
            out.append((page, [line.text]))
        previous = (page, line)
    return [(page, text) for page, parts in out if (text := join_wrapped(parts))]


def _margin_lines(height: float, lines: Sequence[Line]) -> list[int]:
    """Indexes of the lines in the top or bottom margin band of a page."""
    top, bottom = height * _MARGIN, height * (1 - _MARGIN)
    return [k for k, line in enumerate(lines) if line.bottom <= top or line.top >= bottom]


def find_furniture(pages: Sequence[tuple[float, Sequence[Line]]]) -> set[tuple[int, int]]:
    """(page index, line index) of page numbers and of running headers and footers: a margin
    line whose text (digits aside) recurs on at least half of the pages, and at least two."""
    candidates = [
        (i, k) for i, (height, lines) in enumerate(pages) for k in _margin_lines(height, lines)
    ]

    def shape(i: int, k: int) -> str:
        return _DIGITS.sub("#", squeeze(pages[i][1][k].text))

    per_shape = Counter(s for _, s in {(i, shape(i, k)) for i, k in candidates})
    threshold = max(2, (len(pages) + 1) // 2)
    return {
        (i, k)
        for i, k in candidates
        if is_page_number(pages[i][1][k].text) or per_shape[shape(i, k)] >= threshold
    }


def _same_line(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= _SAME_LINE * min(a.height, b.height)


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def _piece(runs: list[Line]) -> Line:
    text = runs[0].text
    for before, run in pairwise(runs):
        gap = run.x0 - before.x1 > _GAP_SPACE * run.height
        text += (" " if gap else "") + run.text
    top, bottom = min(r.top for r in runs), max(r.bottom for r in runs)
    return Line(squeeze(text), runs[0].x0, top, runs[-1].x1, bottom)


def lines_from_runs(runs: list[Line]) -> list[Line]:
    """Runs grouped into lines, left to right; a wide gap splits a line into two pieces (the
    two fields of "填报单位：…        金额单位：万元")."""
    rows: list[list[Line]] = []
    anchor: Line | None = None  # the tallest run of the current line
    for run in sorted(runs, key=lambda r: (_middle(r), r.x0)):
        if anchor is not None and _same_line(anchor, run):
            rows[-1].append(run)
            anchor = run if run.height > anchor.height else anchor
        else:
            rows.append([run])
            anchor = run
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        piece = [row[0]]
        for run in row[1:]:
            if run.x0 - piece[-1].x1 > _GAP_SPLIT * run.height:
                lines.append(_piece(piece))
                piece = []
            piece.append(run)
        lines.append(_piece(piece))
    return [line for line in lines if line.text]
