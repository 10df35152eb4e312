"""绩效目标表 (project target tables, Hebei layout of seed 004, R12): several per file.

Each table (or each 项目编码 block of a table) is one project: code, name, budget, 资金用途,
资金支出计划, 绩效目标 and the indicator rows (一级/二级/三级, 绩效指标描述, 指标值, 指标值确定
依据). Rows and plan entries carry ``group`` = the project's index in ``projects``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import clean, join_fragments, key
from jixiao.genres.columns import ColumnMap, is_indicator_header
from jixiao.genres.common import department_of, fiscal_year_of, title_line, year_in
from jixiao.genres.draft import Draft
from jixiao.genres.formrows import group_label_of, pairs, row_location
from jixiao.genres.indicator_block import read_indicator_block
from jixiao.genres.narrative import lines, sections
from jixiao.genres.plan import plan_entries, project_code
from jixiao.model.blocks import Blocks, Table
from jixiao.model.evaluation import DocType, Evaluation, ProjectLine
from jixiao.model.indicator_value import parse_value
from jixiao.model.location import Location
from jixiao.model.numbers import parse_amount
from jixiao.model.text import strip_list_prefix

_TABLE_TITLE: Final = re.compile(r"绩\s*效\s*目\s*标\s*(?:申\s*报\s*|审\s*核\s*)?表\s*$")
_HEADING_LOOKBACK: Final = 3  # the table's title is among the paragraphs just before it
_MIN_SHIFTED: Final = 3  # a shifted row still holds a name, a value and a basis
_SAME_NAME: Final = 0.5
_NAME_FIELDS: Final = ("level2", "level3", "description")  # the name columns, left to right
_LABELS: Final = {
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "指标描述",
}  # similarity above which a cell is a corrupted copy of the title


@dataclass
class _Project:
    """What one table says about its project."""

    code_pieces: list[str] = field(default_factory=list)
    name_cell: str | None = None
    budget: str | None = None
    purpose: str | None = None
    goal: str | None = None
    plan_row: int | None = None
    pending_group: str | None = None  # a group label's field for the next row
    location: Location | None = None


def _heading(blocks: Blocks, table: Table) -> str | None:
    """The project name from the title above the table ("1. X绩效目标表" → X)."""
    items = list(blocks.items)
    at = next(i for i, b in enumerate(items) if b is table)
    for item in reversed(items[max(0, at - _HEADING_LOOKBACK) : at]):
        if isinstance(item, Table):
            return None
        text = " ".join(item.text.split())  # as written, runs of spaces made one
        if _TABLE_TITLE.search(text):
            name = _TABLE_TITLE.sub("", strip_list_prefix(text)).strip()
            return name or None
    return None


def _name(heading: str | None, cell: str | None) -> str | None:
    """The project's name from the 项目名称 cell or the title above the table. Extraction
    garbles long merged cells ("土地出记 | 上业务" for 土地出让业务): a cell that is part of
    the title, or a corrupted copy of it, gives way to the title; a title about something
    else (the document's own) gives way to the cell."""
    if heading is None or cell is None:
        return heading or cell
    h, c = key(heading), key(cell)
    if c in h:  # the same name, or a truncated one: the title as written
        return heading
    if h in c:
        return cell
    return heading if SequenceMatcher(None, h, c).ratio() >= _SAME_NAME else cell


def _read_labels(row: list[str], n: int, state: _Project) -> None:
    found = pairs(row)
    pending = state.pending_group
    if pending and not found and any(clean(c) for c in row) and getattr(state, pending) is None:
        setattr(state, pending, join_fragments(row))
    state.pending_group = next((g for c in row[:1] if (g := group_label_of(c))), None)
    for name, values in found:
        if name == "code":
            state.code_pieces = values
        elif name == "project" and values:
            state.name_cell = join_fragments(values)
        elif name == "budget" and values and state.budget is None:
            state.budget = values[0]
        elif name in {"purpose", "goal"} and values:
            setattr(state, name, join_fragments(values))
        elif name == "plan" and state.plan_row is None:  # a merged label repeats below
            state.plan_row = n


def _realign(
    cells: list[str], cm: ColumnMap, loc: Location, draft: Draft, _present: int
) -> list[str]:
    """A row whose cells slid left (seed 004 table 2: "经济效益指 对经济发展 对经济发展带来
    效果 | ≥100% | 依据"): the last two texts are the value and its basis, the form's last
    columns. The text before them goes to the name columns (二级, 三级, 描述) when it splits at
    its spaces into exactly one piece per column (the first line of each cell, run together);
    otherwise it is kept whole as the 二级 text."""
    if not (cm.has("target") and cm.has("basis")) or cm.cell(cells, "target"):
        return cells
    if cm.cell(cells, "basis"):
        return cells
    level1_cols = set(cm.spans.get("level1", ()))
    rest = [(i, c.strip()) for i, c in enumerate(cells) if clean(c) and i not in level1_cols]
    if len(rest) < _MIN_SHIFTED or parse_value(clean(rest[-2][1])).comparator is None:
        return cells
    width = max([len(cells), *(c + 1 for cols in cm.spans.values() for c in cols)])
    out = [cells[i] if i in level1_cols and i < len(cells) else "" for i in range(width)]
    out[cm.spans["target"][0]] = rest[-2][1]
    out[cm.spans["basis"][0]] = rest[-1][1]
    names = [f for f in _NAME_FIELDS if cm.has(f)]
    pieces = [p for _, text in rest[:-2] for p in text.split()]
    if len(pieces) == len(names) > 1:
        for name, piece in zip(names, pieces, strict=True):
            out[cm.spans[name][0]] = piece
        columns = "、".join(_LABELS[n] for n in names)
        draft.warn(loc, f"该行单元格错位，按末两格读取指标值与依据，其余文字按空格分入{columns}")
        return out
    level2 = " ".join(clean(t) for _, t in rest[:-2])
    out[cm.spans["level2"][0] if cm.has("level2") else 1] = level2
    draft.warn(loc, f"该行单元格错位，按末两格读取指标值与依据；“{level2}”未能分成二级、三级指标")
    return out


def _budget(text: str | None, loc: Location, draft: Draft) -> Decimal | None:
    if text is None:
        return None
    amount = parse_amount(clean(text).replace(" ", ""))
    if amount is None:
        draft.warn(loc, f"预算数“{clean(text)}”不是数字")
        return None
    return amount.in_wan()


def _segments(grid: list[list[str]]) -> list[tuple[int, int]]:
    """Row ranges of the projects in one table: a new 项目编码/项目名称 row after an indicator
    block starts the next project (tables the reader joined)."""
    starts = [0]
    seen_indicators = False
    for n, row in enumerate(grid):
        labels = {name for name, _ in pairs(row)}
        if labels & {"code", "project"} and seen_indicators:
            starts.append(n)
            seen_indicators = False
        seen_indicators = seen_indicators or is_indicator_header(row)
    return list(zip(starts, [*starts[1:], len(grid)], strict=True))


def _read_project(
    blocks: Blocks, table: Table, grid: list[list[str]], rows: tuple[int, int], draft: Draft
) -> None:
    group = len(draft.projects)
    state = _Project(location=row_location(table, rows[0]))
    row = rows[0]
    while row < rows[1]:
        if is_indicator_header(grid[row]):
            block = read_indicator_block(table, grid[: rows[1]], row, draft, group, _realign)
            draft.indicators.extend(block.indicators)
            row = max(block.end, row + 1)
            continue
        _read_labels(grid[row], row, state)
        row += 1
    if state.plan_row is not None and state.plan_row + 1 < rows[1]:
        loc = row_location(table, state.plan_row + 1)
        periods, values = grid[state.plan_row][1:], grid[state.plan_row + 1]
        draft.spending_plan.extend(plan_entries(periods, values, group, loc, draft))
    assert state.location is not None
    name = _name(_heading(blocks, table) if rows[0] == 0 else None, state.name_cell)
    draft.projects.append(
        ProjectLine(
            name=name or "（未写项目名称）",
            code=project_code(state.code_pieces, state.location, draft),
            budget_wan=_budget(state.budget, state.location, draft),
            goal=state.goal,
            purpose=state.purpose,
            location=state.location,
        )
    )
    if name is None:
        draft.warn(state.location, "未找到项目名称")


def is_target_table(table: Table) -> bool:
    grid = table.grid()
    labels = {name for row in grid for name, _ in pairs(row)}
    return any(is_indicator_header(r) for r in grid) and bool(
        labels & {"code", "project", "budget", "plan", "goal"}
    )


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.TARGET_TABLE)
    all_lines = lines(blocks)
    words = vocab.heading_fields("doc_titles")["target_table"]
    title = title_line(all_lines, words) or (all_lines[0] if all_lines else None)
    if title is not None:
        draft.title = title.text
        draft.title_year = year_in(title.text)
    # a target table is set for the year its title names; the text cites earlier years' plans
    draft.fiscal_year = draft.title_year or fiscal_year_of(line.text for line in all_lines)
    draft.department = department_of(all_lines)
    draft.sections.extend(sections(all_lines))
    for table in blocks.tables():
        if not is_target_table(table):
            continue
        grid = table.grid()
        for rows in _segments(grid):
            _read_project(blocks, table, grid, rows, draft)
    if not draft.projects:
        draft.warn(None, "未找到绩效目标表（项目编码、预算数或指标表头）")
    return draft.build(blocks)
