"""The running text of a document as logical lines, and its chapters.

Extracted text breaks sentences at the page width ("…指导全县自" / "然资源调查…"), puts a stray
tab into a sentence (a one-row "table"), and repeats the table of contents. :func:`lines`
undoes that; :func:`chapters` finds the chapter headings (一、二、…; 第一部分 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import HAN, key, strip_artifacts
from jixiao.model.blocks import Blocks, Paragraph, Table
from jixiao.model.chinese_numerals import parse_chinese_numeral
from jixiao.model.evaluation import Section
from jixiao.model.location import Location


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of running text and where it starts."""

    text: str
    location: Location
    truncated: bool = False  # ended in U+FFFD: the source lost the rest of the line


_TERMINAL: Final = tuple("。！？；!?;：:…")
_CONTINUATION_START: Final = tuple("，,、。；;）)”’》】")
_MARKER: Final = re.compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9]{1,2}\s*[.、．](?![0-9])"
    r"|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分|[-•·]\s)"
)
_LABEL_START: Final = re.compile(rf"^[{HAN}]{{2,12}}[：:]")
# A line this long that does not end a sentence ran into the page edge (seed 003, 40–60
# characters a line); headings and short items are shorter.
_FULL_LINE: Final = 40
_CHAPTER: Final = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]+)\s*[、.．]\s*(?P<title>.+)$")
_PART: Final = re.compile(r"^\s*第(?P<num>[一二三四五六七八九十]+)部分\s*(?P<title>.*)$")
_MAX_HEADING: Final = 30
_PAGE_NUMBER: Final = re.compile(r"\d+\s*$")
ITEM_START: Final = re.compile(
    r"^\s*(?:(?P<arabic>[0-9]{1,2})\s*[.、．](?![0-9])|[（(]\s*(?P<paren>[0-9]{1,2})\s*[)）])\s*"
)


def caption_rows(table: Table) -> list[tuple[str, Location]]:
    """The rows at the top of a table that hold one text each (one cell, or one merged cell
    across the width): a title, a year, a unit note that a spreadsheet or a Word form puts
    inside the table ("项目支出绩效自评表", "（2024年度）", "填报单位：…")."""
    out: list[tuple[str, Location]] = []
    for row in range(table.n_rows):
        texts = {c.text.strip() for c in table.row_cells(row) if c.text.strip()}
        if len(texts) != 1:
            break
        first = next(c for c in table.row_cells(row) if c.text.strip())
        if first.col != 0:
            break
        out.append((texts.pop(), replace(first.location, col=None)))
    return out


def _item_lines(item: Paragraph | Table) -> list[tuple[str, Location]]:
    if isinstance(item, Paragraph):
        return [(item.text, item.location)]
    if item.n_rows == 1:
        # A tab inside a sentence makes a one-row "table" (seed 002 item 10): its cells are
        # pieces of one line.
        cells = item.row_cells(0)
        first = cells[0].location if cells else item.location
        return [("".join(c.text for c in cells), replace(first, col=None, row=None, table=None))]
    return caption_rows(item)


def _raw_lines(blocks: Blocks) -> list[Line]:
    out: list[Line] = []
    for item in blocks.items:
        for raw, loc in _item_lines(item):
            text = strip_artifacts(raw).strip()
            if text:
                out.append(Line(text, loc, truncated=text.endswith("\ufffd")))
    return out


def _continues(prev: Line, nxt: Line) -> bool:
    """Whether ``nxt`` is the rest of ``prev``'s sentence, broken by the page width."""
    if prev.truncated or prev.text.endswith(_TERMINAL):
        return False
    if nxt.text.startswith(_CONTINUATION_START):
        return True
    if _MARKER.match(nxt.text) or _LABEL_START.match(nxt.text):
        return False
    return len(prev.text) >= _FULL_LINE


def _join(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if out and _continues(out[-1], line):
            last = out[-1]
            out[-1] = Line(last.text + line.text, last.location, line.truncated)
        else:
            out.append(line)
    return out


def _skip_contents(lines: list[Line]) -> list[Line]:
    """Drop a table of contents: from its "目录" line to where its first entry reappears."""
    words = vocab.heading_words("contents")
    for i, line in enumerate(lines):
        if key(line.text) not in words or i + 1 >= len(lines):
            continue
        first = key(_PAGE_NUMBER.sub("", lines[i + 1].text))
        for j in range(i + 2, len(lines)):
            if key(lines[j].text) == first:
                return lines[:i] + lines[j:]
    return lines


def lines(blocks: Blocks) -> list[Line]:
    """The running text, one logical line per sentence group, contents page removed."""
    return _join(_skip_contents(_raw_lines(blocks)))


def _numeral(text: str) -> int | None:
    value = parse_chinese_numeral(text)
    return None if value is None else int(value)


def _heading_candidate(text: str) -> tuple[int, bool] | None:
    """(number, is_part) for a line shaped like a chapter heading."""
    m = _PART.match(text)
    if m:
        number = _numeral(m.group("num"))
        return None if number is None else (number, True)
    m = _CHAPTER.match(text)
    if not m:
        return None
    title = m.group("title").strip()
    # A long line, or one that goes on after a full stop, is a list item ("一、优化营商环境。
    # 进一步加强…"), not a heading.
    if len(title) > _MAX_HEADING or "。" in title.rstrip("。"):
        return None
    number = _numeral(m.group("num"))
    return None if number is None else (number, False)


def chapter_starts(all_lines: list[Line]) -> list[int]:
    """Indices of the chapter headings, in order.

    Chapters count up (一、二、三 …) from the first one found; seed 003 repeats 三, so a
    repeat is allowed. A "一、" inside
    a chapter starts a sub-list (seed 002 lists 一、二、三 inside its chapter 三): while one runs,
    only the next chapter number counts. "第一部分" starts the count again.
    """
    starts: list[int] = []
    current = 0
    sublist = False
    for i, line in enumerate(all_lines):
        found = _heading_candidate(line.text)
        if found is None:
            continue
        number, is_part = found
        if is_part:
            starts.append(i)
            current, sublist = 0, False
        elif current == 0 or number == current + 1 or (number == current and not sublist):
            starts.append(i)
            current, sublist = number, False
        elif number == 1 and current >= 1:
            sublist = True
    return starts


def chapters(all_lines: list[Line]) -> list[tuple[Line, list[Line]]]:
    """Each chapter heading with the lines under it (up to the next heading)."""
    starts = chapter_starts(all_lines)
    out: list[tuple[Line, list[Line]]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(all_lines)
        out.append((all_lines[start], all_lines[start + 1 : end]))
    return out


def sections(all_lines: list[Line]) -> list[Section]:
    """Chapters as :class:`Section`; a heading with no text that ends in a page number is a
    contents entry and is left out."""
    out: list[Section] = []
    for heading, body in chapters(all_lines):
        if not body and _PAGE_NUMBER.search(heading.text):
            continue
        text = "\n".join(line.text for line in body)
        out.append(Section(heading.text, text, heading.location))
    return out


def numbered_items(body: list[Line]) -> list[list[Line]]:
    """Group lines into list items ("1." / "1、" / "（1）"), each with the lines after it."""
    items: list[list[Line]] = []
    for line in body:
        if ITEM_START.match(line.text) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return [item for item in items if ITEM_START.match(item[0].text)]


def is_heading_like(text: str) -> bool:
    """A short line that starts with a list marker: a heading at some level."""
    return bool(_MARKER.match(text)) and len(text) <= _MAX_HEADING
