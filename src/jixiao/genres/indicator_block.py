"""The indicator block of a form: header row(s), indicator rows, and the 总分 row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.genres import vocab
from jixiao.genres.cells import clean, is_blank, key
from jixiao.genres.columns import ColumnMap, column_map, is_indicator_header
from jixiao.genres.draft import Draft
from jixiao.genres.formfix import is_continuation, join_continuation
from jixiao.genres.formrows import first_text, label_of, number, percent, row_location
from jixiao.genres.levels import LevelCells, fill_levels
from jixiao.model.blocks import Table
from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import Direction, parse_nature, parse_value
from jixiao.model.location import Location

# a repair of one data row: (cells, column map, where, draft, columns the row really has)
RowFix = Callable[[list[str], ColumnMap, Location, Draft, int], list[str]]
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
    return label_of(first) in {"code", "project", "budget", "department", "reporter"}


def _text(cm: ColumnMap, row: list[str], name: str) -> str | None:
    value = cm.cell(row, name)
    return None if value is None else clean(value)


def check_nature(target: str | None, nature: str | None, loc: Location, draft: Draft) -> None:
    """Warn where a 指标性质 cell cannot be read, or contradicts the target's own comparator.
    (The model reads the direction from the column itself: ``Indicator.nature``.)"""
    if nature is None:
        return
    direction = parse_nature(nature)
    if direction is None:
        if key(nature) not in ("定量", "定量指标"):
            draft.warn(loc, f"指标性质“{nature}”无法识别，按目标值读取")
        return
    own = parse_value(target).comparator if target is not None else None
    if own is not None and direction is not Direction.QUALITATIVE and own is not direction:
        draft.warn(loc, f"指标性质“{nature}”与目标值“{target}”的比较符不一致，按目标值读取")


def _indicator(
    cm: ColumnMap, row: _Row, levels: tuple[str | None, str | None], draft: Draft,
    group: int | None,
) -> Indicator:  # fmt: skip
    cells, loc = row.cells, row.location
    target, nature = _text(cm, cells, "target"), _text(cm, cells, "nature")
    check_nature(target, nature, loc, draft)
    return Indicator(
        level1=levels[0],
        level2=levels[1],
        level3=_text(cm, cells, "level3"),
        target=target,
        nature=nature,
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


def row_widths(table: Table) -> list[int]:
    """How many columns each row really has: up to its last cell, merged cells from above
    included (a text row that lost its trailing cells is shorter than its header)."""
    widths = [0] * table.n_rows
    for c in table.cells:
        for r in range(c.row, c.row + c.rowspan):
            widths[r] = max(widths[r], c.col + c.colspan)
    return widths


@dataclass
class _Reading:
    """The rows of one block as they are read."""

    rows: list[_Row]
    total: tuple[Decimal | None, Decimal | None, Location] | None = None


def _take(cells: list[str], loc: Location, cm: ColumnMap, out: _Reading, scored: bool,
          draft: Draft) -> None:  # fmt: skip
    """One data row: an indicator, or (in a scored form) the rest of the row above."""
    if scored and out.rows and is_continuation(cells, out.rows[-1].cells, cm):
        prev = out.rows[-1]
        out.rows[-1] = _Row(join_continuation(prev.cells, cells, cm), prev.location)
        draft.warn(loc, "该行只有指标名称的文字、没有数值，是上一行折行的部分，已并入上一行")
    elif any(not is_blank(cm.cell(cells, f)) for f in _VALUE_FIELDS):
        out.rows.append(_Row(cells, loc))


def read_indicator_block(
    table: Table, grid: list[list[str]], at: int, draft: Draft, group: int | None = None,
    fix: RowFix | None = None, scored: bool = False,
) -> IndicatorBlock:  # fmt: skip
    """The indicator rows under the header row(s) starting at ``at``. ``scored``: a 自评表,
    whose every indicator row has a value, so a row of name text alone continues the one
    above (formfix.py)."""
    start = _header_end(grid, at)
    cm = column_map(grid[at:start], "indicator")
    widths = row_widths(table) if fix else []
    reading = _Reading([])
    row = start
    while row < len(grid) and not _ends(grid[row]) and not is_indicator_header(grid[row]):
        loc = row_location(table, row)
        cells = fix(grid[row], cm, loc, draft, widths[row]) if fix else grid[row]
        row += 1
        if _is_total(cells):
            weight = number(cm.cell(cells, "weight"), loc, "分值", draft)
            reading.total = (weight, number(cm.cell(cells, "score"), loc, "得分", draft), loc)
            break
        _take(cells, loc, cm, reading, scored, draft)
    rows = reading.rows
    level_cells = [
        LevelCells(_text(cm, r.cells, "level1"), _text(cm, r.cells, "level2"), r.location)
        for r in rows
    ]
    levels = fill_levels(level_cells, draft.warn)
    indicators = [_indicator(cm, r, lv, draft, group) for r, lv in zip(rows, levels, strict=True)]
    if reading.total is None:
        return IndicatorBlock(indicators, None, None, None, row)
    weight, score, where = reading.total
    return IndicatorBlock(indicators, weight, score, where, row)
