"""Rows of a scored 自评表 as text extraction leaves them: cells run together, cells split over
lines. A row is repaired only where one reading fits; otherwise it stays as it is, warned.

* **Run together.** A row with fewer cells than its header, whose values do not fit their
  columns (a value in the 三级指标 column, "10 9.68" in 分值), has one cell holding two or more
  texts separated by spaces. When exactly one cell splits into the missing number of cells and
  the row then fits, it is split.
* **Split over lines.** A wrapped name leaves a row with only text in the name columns and no
  value at all ("" | "" | "供养人数" | "" …). In a scored form every indicator has a value, so
  such a row is the rest of the row above and is joined to it.

>>> from jixiao.genres.columns import column_map
>>> header = ["一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"]
>>> cm = column_map([header], "indicator")
>>> fits(["产出指标", "数量指标", "人数", "≥5人", "10", "9.5"], cm)
True
>>> fits(["产出指标", "数量指标 人数", "≥5人", "10", "9.5", ""], cm)
False
"""

from __future__ import annotations

import re
from typing import Final

from jixiao.genres.cells import HAN, clean, is_blank
from jixiao.genres.columns import ColumnMap
from jixiao.genres.draft import Draft
from jixiao.model.location import Location
from jixiao.model.numbers import ocr_digits, parse_number
from jixiao.model.text import normalize

VALUE_FIELDS: Final = ("target", "actual", "unit", "weight", "score", "completion_pct")
TEXT_FIELDS: Final = ("level2", "level3", "description", "basis", "deviation_reason")
_NUMBER_FIELDS: Final = ("weight", "score")
# a value where a name belongs: a comparator or a number first ("≥4754人", "95", "100%")
_VALUE_LIKE: Final = re.compile(r"^(?:[≥≤=<>]|\d+(?:\.\d+)?\s*%?$)")
_HAN_END: Final = re.compile(f"[{HAN}]$")
_HAN_START: Final = re.compile(f"^[{HAN}]")


def _numeric(text: str) -> bool:
    s = clean(text)
    return parse_number(s) is not None or ocr_digits(s) is not None


def fits(cells: list[str], cm: ColumnMap) -> bool:
    """Whether a row's texts fit their columns: no value in the 三级指标 column, numbers in
    分值 and 得分."""
    name = cm.cell(cells, "level3")
    if name is not None and _VALUE_LIKE.match(normalize(clean(name))):
        return False
    return all((text := cm.cell(cells, f)) is None or _numeric(text) for f in _NUMBER_FIELDS)


def _readings(cells: list[str], present: int, short: int) -> list[list[str]]:
    """The ways the row's cells can be split to fill the missing columns: one cell split into
    ``short + 1`` pieces, or every cell that holds spaces split at them."""
    row = cells[:present]
    pad = [""] * (len(cells) - present - short)
    out: list[list[str]] = []
    for i, text in enumerate(row):
        pieces = text.split()
        if len(pieces) == short + 1:
            out.append([*row[:i], *pieces, *row[i + 1 :], *pad])
    every = [p for text in row for p in (text.split() if " " in text.strip() else [text])]
    if len(every) == len(row) + short:
        out.append([*every, *pad])
    return out


def split_run_together(
    cells: list[str], cm: ColumnMap, loc: Location, draft: Draft, present: int
) -> list[str]:
    """The row with its run-together cells split, when exactly one reading fits (module doc).
    ``present`` = how many columns the row really has (a short row lacks its last ones)."""
    width = max((c + 1 for cols in cm.spans.values() for c in cols), default=0)
    short = min(width, len(cells)) - present
    numbers = [c for f in _NUMBER_FIELDS for c in cm.spans.get(f, ())]
    reaches = present > max(numbers, default=-1)  # only a trailing text cell is missing
    if short <= 0 or (reaches and fits(cells, cm)):
        return cells
    found: list[list[str]] = []
    for trial in _readings(cells, present, short):
        if fits(trial, cm) and trial not in found:
            found.append(trial)
    if len(found) == 1:
        joined = [t for t in cells[:present] if " " in t.strip()]
        draft.warn(loc, f"单元格“{'”“'.join(joined)}”是几格连在一起，按空格拆开读取")
        return found[0]
    draft.warn(loc, f"该行比表头少{short}格，数值与表头对不上，按原样读取")
    return cells


def _same(a: str | None, b: str | None) -> bool:
    return clean(a or "") == clean(b or "")


def _new_text(cells: list[str], prev: list[str], cm: ColumnMap, name: str) -> bool:
    text = cm.cell(cells, name)
    return text is not None and not _same(text, cm.cell(prev, name))


def is_continuation(cells: list[str], prev: list[str], cm: ColumnMap) -> bool:
    """A row with new text only in name columns that the row above fills too, and no value."""
    if any(not is_blank(cm.cell(cells, f)) for f in VALUE_FIELDS):
        return False
    level1 = cm.cell(cells, "level1")
    if level1 is not None and not _same(level1, cm.cell(prev, "level1")):
        return False
    new = [f for f in TEXT_FIELDS if _new_text(cells, prev, cm, f)]
    return bool(new) and all(cm.cell(prev, f) is not None for f in new)


def _joined(left: str, right: str) -> str:
    glue = "" if _HAN_END.search(left) and _HAN_START.search(right) else " "
    return left + glue + right


def join_continuation(prev: list[str], cells: list[str], cm: ColumnMap) -> list[str]:
    """The row above with the continuation's texts added to its name cells."""
    out = list(prev)
    for f in TEXT_FIELDS:
        more, have = cm.cell(cells, f), cm.cell(prev, f)
        if more is None or have is None or _same(more, have):
            continue
        cols = cm.spans[f]
        out[cols[0]] = _joined(clean(have), clean(more))
        for c in cols[1:]:
            if c < len(out):
                out[c] = ""
    return out
