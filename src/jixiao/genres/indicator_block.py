"""The indicator block of a form: header row(s), indicator rows, and the 总分 row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.genres import vocab
from jixiao.genres.cells import clean, is_blank, key
from jixiao.genres.columns import ColumnMap, column_map, is_indicator_header
from jixiao.genres.draft import Draft
from jixiao.genres.formrows import first_text, label_of, number, percent, row_location
from jixiao.genres.levels import LevelCells, fill_levels
from jixiao.model.blocks import Table
from jixiao.model.evaluation import Indicator
from jixiao.model.location import Location

RowFix = Callable[[list[str], ColumnMap, Location, Draft], list[str]]
_VALUE_FIELDS = ("level3", "target", "actual", "weight", "score", "description")
_NOTE_WORDS = ("说明", "注", "备注", "填表说明")


@dataclass(frozen=True, slots=True)
class IndicatorBlock:
    indicators: list[Indicator]
    total_weight: Decimal | None
    total_score: Decimal | None
    total_location: Location | None
    end: int  # the first grid row after the block


@dataclass(frozen=True, slots=True)
class _Row:
    cells: list[str]
    location: Location


def _is_total(row: list[str]) -> bool:
    first = key(first_text(row))
    return any(first.startswith(w) for w in vocab.label_words("total_row"))


def _ends(row: list[str]) -> bool:
    first = first_text(row)
    if any(key(first).startswith(w) for w in _NOTE_WORDS):
        return True
    return label_of(first) in {"code", "project", "budget", "department"}


def _text(cm: ColumnMap, row: list[str], name: str) -> str | None:
    value = cm.cell(row, name)
    return None if value is None else clean(value)


def _indicator(
    cm: ColumnMap, row: _Row, levels: tuple[str | None, str | None], draft: Draft,
    group: int | None,
) -> Indicator:  # fmt: skip
    cells, loc = row.cells, row.location
    return Indicator(
        level1=levels[0],
        level2=levels[1],
        level3=_text(cm, cells, "level3"),
        target=_text(cm, cells, "target"),
        actual=_text(cm, cells, "actual"),
        unit=_text(cm, cells, "unit"),
        weight=number(cm.cell(cells, "weight"), loc, "分值", draft),
        score=number(cm.cell(cells, "score"), loc, "得分", draft),
        deviation_reason=_text(cm, cells, "deviation_reason"),
        completion_pct=percent(cm.cell(cells, "completion_pct"), loc, "完成率", draft),
        basis=_text(cm, cells, "basis"),
        description=_text(cm, cells, "description"),
        group=group,
        location=loc,
    )


def _header_end(grid: list[list[str]], at: int) -> int:
    end = at
    while end < len(grid) and is_indicator_header(grid[end]):
        end += 1
    return end


def read_indicator_block(
    table: Table, grid: list[list[str]], at: int, draft: Draft, group: int | None = None,
    fix: RowFix | None = None,
) -> IndicatorBlock:  # fmt: skip
    """The indicator rows under the header row(s) starting at ``at``."""
    start = _header_end(grid, at)
    cm = column_map(grid[at:start], "indicator")
    rows: list[_Row] = []
    total: tuple[Decimal | None, Decimal | None, Location] | None = None
    row = start
    while row < len(grid) and not _ends(grid[row]) and not is_indicator_header(grid[row]):
        loc = row_location(table, row)
        cells = fix(grid[row], cm, loc, draft) if fix else grid[row]
        if _is_total(cells):
            weight = number(cm.cell(cells, "weight"), loc, "分值", draft)
            total = (weight, number(cm.cell(cells, "score"), loc, "得分", draft), loc)
            row += 1
            break
        if any(not is_blank(cm.cell(cells, f)) for f in _VALUE_FIELDS):
            rows.append(_Row(cells, loc))
        row += 1
    level_cells = [
        LevelCells(_text(cm, r.cells, "level1"), _text(cm, r.cells, "level2"), r.location)
        for r in rows
    ]
    levels = fill_levels(level_cells, draft.warn)
    indicators = [_indicator(cm, r, lv, draft, group) for r, lv in zip(rows, levels, strict=True)]
    if total is None:
        return IndicatorBlock(indicators, None, None, None, row)
    return IndicatorBlock(indicators, total[0], total[1], total[2], row)
