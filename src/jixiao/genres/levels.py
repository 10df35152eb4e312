"""First- and second-level indicator names across merged cells.

A merged 一级 cell covers a block of rows, but extraction writes its text into one row only:
the first (seed 003), or the middle (seed 004, where the rows above it come out empty), and
sometimes as noise (vertical text read as ") 山泊日7小"). The rules, in order:

1. A known first-level name in the 二级 column with an empty 一级 cell is a first-level name
   the extraction shifted right (seed 003's 资金投入): it becomes the 一级, the 二级 is unknown.
2. A 一级 cell is an anchor when it is a known first-level name, or a plausible name that does
   not contradict its row's 二级 category; other text is noise (warned) and counts as empty.
3. An empty 一级 takes the anchor above (fill-down) unless the 二级 category rules it out
   (经济效益指标 cannot sit under 产出指标), then the anchor below (the block's text sat in
   its middle row), then the first level the category implies.
4. An empty 二级 takes the one above within the same 一级 block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import HAN, key
from jixiao.model.location import Location

Warn = Callable[[Location | None, str], None]
# Characters no indicator name holds: digits, Latin letters and stray signs of misread text.
_NOISE: Final = re.compile(rf"[^{HAN}（）()“”\"、]")
_SUFFIX: Final = "指标"


@dataclass(frozen=True, slots=True)
class LevelCells:
    """The 一级 and 二级 texts of one row as read (``None`` = empty)."""

    level1: str | None
    level2: str | None
    location: Location | None = None


@cache
def _standard() -> dict[str, str]:
    """Standard first levels → the word that marks them ("产出指标" → "产出")."""
    out: dict[str, str] = {}
    for rule in vocab.level2_rules():
        for name in rule.level1s:
            out[key(name)] = key(name).removesuffix(_SUFFIX)
    return out


def implied_level1(level2: str | None) -> tuple[str, ...] | None:
    """The first levels a second-level category may sit under (first = the default)."""
    if not level2:
        return None
    k = key(level2)
    for rule in vocab.level2_rules():
        if any(word in k for word in rule.keywords):
            return rule.level1s
    return None


def _consistent(level1: str, implied: tuple[str, ...] | None) -> bool:
    if implied is None:
        return True
    k = key(level1)
    return any(_standard()[key(name)] in k for name in implied)


def _fits(level1: str, implied: tuple[str, ...] | None) -> bool:
    """Whether an anchor can cover a row: a non-standard name (履职效果) covers any row."""
    return key(level1) not in _standard() or _consistent(level1, implied)


def _anchor(cells: LevelCells, warn: Warn) -> str | None:
    text = cells.level1
    if not text:
        return None
    if key(text) in vocab.label_words("level1_names"):
        return text
    if not _NOISE.search(text) and _consistent(text, implied_level1(cells.level2)):
        return text
    warn(cells.location, f"一级指标单元格“{text}”无法识别，按所在合并单元格取值")
    return None


def _shift(rows: list[LevelCells], warn: Warn) -> list[LevelCells]:
    """Rule 1, for the rows before the first 一级 value (a second-level category such as
    成本指标 may also be a first level: it is not moved)."""
    names = vocab.label_words("level1_names")
    out: list[LevelCells] = []
    for n, cells in enumerate(rows):
        if cells.level1:
            return out + rows[n:]
        text = cells.level2
        if text and key(text) in names and implied_level1(text) is None:
            if not out or out[-1].level1 != text:  # once per merged cell
                warn(
                    cells.location, f"一级指标为空，二级指标列的“{text}”是一级指标名称，按一级读取"
                )
            out.append(LevelCells(text, None, cells.location))
        else:
            out.append(cells)
    return out


def _choose(i: int, anchors: list[str | None], rows: list[LevelCells]) -> str | None:
    implied = implied_level1(rows[i].level2)
    above = next((a for a in reversed(anchors[:i]) if a), None)
    below = next((a for a in anchors[i + 1 :] if a), None)
    for candidate in (above, below):
        if candidate is not None and _fits(candidate, implied):
            return candidate
    if implied is not None:
        return implied[0]
    return above or below


def fill_levels(rows: list[LevelCells], warn: Warn) -> list[tuple[str | None, str | None]]:
    """(一级, 二级) for every row, merged cells resolved."""
    rows = _shift(rows, warn)
    anchors = [_anchor(cells, warn) for cells in rows]
    level1s = [a if a else _choose(i, anchors, rows) for i, a in enumerate(anchors)]
    out: list[tuple[str | None, str | None]] = []
    for i, cells in enumerate(rows):
        level2 = cells.level2
        same_block = i > 0 and level1s[i] == level1s[i - 1] and not anchors[i]
        if not level2 and same_block:
            level2 = out[-1][1]
        out.append((level1s[i], level2))
    return out
