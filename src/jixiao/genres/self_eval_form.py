"""The scored 自评表 (部门整体 and 项目支出, R7 / R10 layouts): labels, money block, targets,
indicator block and 总分, in whatever order the table holds them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jixiao.genres.cells import clean, join_fragments, strip_unit_code
from jixiao.genres.columns import count_fields, is_fund_header, is_indicator_header
from jixiao.genres.common import (
    department_of,
    find_score_grade,
    first_lines,
    fiscal_year_of,
    grade_of,
    sentences,
    year_in,
)
from jixiao.genres.draft import Draft
from jixiao.genres.formfix import split_run_together
from jixiao.genres.formrows import label_of, pairs, row_location
from jixiao.genres.funds import fund_breakdowns, read_fund_block
from jixiao.genres.indicator_block import read_indicator_block
from jixiao.genres.narrative import Line, lines
from jixiao.model.blocks import Blocks, Paragraph, Table
from jixiao.model.evaluation import ProjectLine, Targets

# header labels of a form, each a Draft field of the same name
_HEADER_FIELDS = frozenset({"department", "supervisor", "project"})
_ORG_FIELDS = frozenset({"department", "supervisor", "reporter"})


@dataclass
class _Targets:
    planned: str | None = None
    achieved: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # a header-style row: label → column
    reporter: str | None = None  # 填报单位: the department when no other label names it


def _label_columns(row: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for col, text in enumerate(row):
        name = label_of(text)
        if name in {"planned", "achieved"}:
            out.setdefault(name, col)  # a merged label repeats: its first column
    return out


def _read_targets(row: list[str], state: _Targets) -> bool:
    """Targets as "预期目标 | text" rows, or a header row naming both with the texts below."""
    if state.columns:
        cols = sorted(state.columns.items(), key=lambda kv: kv[1])
        for n, (name, col) in enumerate(cols):
            end = cols[n + 1][1] if n + 1 < len(cols) else len(row)
            setattr(state, name, join_fragments(row[col:end]) or None)
        state.columns = {}
        return True
    found = {name: values for name, values in pairs(row) if name in {"planned", "achieved"}}
    if not found:
        return False
    if all(not values for values in found.values()):
        state.columns = _label_columns(row)
        return True
    for name, values in found.items():
        if values:
            setattr(state, name, join_fragments(values))
    return True


def _label_value(name: str, text: str) -> str:
    value = clean(text)
    return strip_unit_code(value) if name in _ORG_FIELDS else value


def _read_labels(row: list[str], draft: Draft, state: _Targets) -> None:
    for name, values in pairs(row):
        if not values:
            continue
        if name in _HEADER_FIELDS:
            draft.set_once(name, _label_value(name, values[0]))
        elif name == "reporter" and state.reporter is None:
            state.reporter = _label_value(name, values[0])
        elif name == "grade":
            draft.set_once("stated_grade", grade_of(values[0]))


def is_self_eval_form(table: Table) -> bool:
    """A scored form: an indicator header with results (实际完成值 or 得分), or with a money
    block (a target table has neither)."""
    grid = table.grid()
    headers = [r for r in grid if is_indicator_header(r)]
    if not headers:
        return False
    scored = any(count_fields(r, "indicator") & {"actual", "score"} for r in headers)
    return scored or any(is_fund_header(r) for r in grid)


def read_form(table: Table, draft: Draft, context: list[str]) -> None:
    """Read one 自评表 into the draft. ``context`` = the text around it (unit notes)."""
    grid = table.grid()
    targets = _Targets()
    row = 0
    while row < len(grid):
        cells = grid[row]
        if is_fund_header(cells) and not draft.funds:
            block = read_fund_block(table, grid, row, context, draft)
            draft.funds.extend(block.funds)
            row = max(block.end, row + 1)
            continue
        if is_indicator_header(cells):
            ind = read_indicator_block(table, grid, row, draft, None, split_run_together, True)
            draft.indicators.extend(ind.indicators)
            draft.set_once("stated_total_score", ind.total_score)
            draft.set_once("stated_total_weight", ind.total_weight)
            row = max(ind.end, row + 1)
            continue
        if not _read_targets(cells, targets):
            _read_labels(cells, draft, targets)
        row += 1
    draft.set_once("department", targets.reporter)
    if targets.planned or targets.achieved:
        draft.targets = Targets(targets.planned, targets.achieved)
    _totals(draft)
    draft.breakdowns.extend(fund_breakdowns(draft.funds))
    if not draft.indicators:
        draft.warn(row_location(table, 0), "自评表中未找到绩效指标行")


def _totals(draft: Draft) -> None:
    total = next((f for f in draft.funds if f.level == 0), None)
    if total is None:
        return
    draft.set_once("budget_initial_wan", total.initial)
    draft.set_once("budget_total_wan", total.total)
    draft.set_once("executed_total_wan", total.executed)
    draft.set_once("execution_rate_pct", total.rate_pct)


def context_of(blocks: Blocks, table: Table, before: int = 4) -> list[str]:
    """The paragraphs just before a table (its caption and unit note) and its own lines."""
    items = list(blocks.items)
    at = next(i for i, b in enumerate(items) if b is table)
    return [b.text for b in items[max(0, at - before) : at] if isinstance(b, Paragraph)]


def form_tables(blocks: Blocks) -> list[Table]:
    return [t for t in blocks.tables() if is_self_eval_form(t)]


def read_label_lines(lines: list[Line], draft: Draft) -> None:
    """Label lines outside the table ("填报单位：青岚县民政局")."""
    reporter: str | None = None
    for line in lines:
        label, sep, value = clean(line.text).replace(":", "：").partition("：")
        name = label_of(label) if sep else None
        if name is None or not value.strip():
            continue
        if name in _HEADER_FIELDS:
            draft.set_once(name, _label_value(name, value.strip()))
        elif name == "reporter":
            reporter = reporter or _label_value(name, value.strip())
        elif name == "grade":
            draft.set_once("stated_grade", grade_of(value))
    draft.set_once("department", reporter)


def _narrative_score(all_lines: list[Line], draft: Draft) -> None:
    """A form's conclusion line ("自评结论：综合评分86.82分，评价等级为良"): its grade, and
    its score where the form has no 总分."""
    for line in all_lines:
        for sentence in sentences(line.text):
            score, grade = find_score_grade(sentence)
            if grade is not None:
                draft.set_once("stated_total_score", score)
                draft.set_once("stated_grade", grade)
                return


def read_label_tables(
    blocks: Blocks, form: Table, draft: Draft, after: Table | None = None
) -> None:
    """The form's header labels (项目名称, 主管部门 …) when a note line ("金额单位：万元")
    cut them off into a table of their own before the form (after the ``after`` form, where a
    file holds several)."""
    state = _Targets()
    started = after is None
    for item in blocks.items:
        if item is form:
            break
        if item is after:
            started = True
        elif started and isinstance(item, Table):
            for row in item.grid():
                _read_labels(row, draft, state)
    draft.set_once("department", state.reporter)


def _form_project(sub: Draft, table: Table, n: int) -> ProjectLine:
    """One form of a file of several, as a project line with the figures it states."""
    targets = sub.targets
    return ProjectLine(
        name=sub.project or f"第{n + 1}张自评表",
        score=sub.stated_total_score,
        grade=sub.stated_grade,
        budget_wan=sub.budget_total_wan,
        executed_wan=sub.executed_total_wan,
        goal=targets.planned if targets else None,
        achieved=targets.achieved if targets else None,
        location=table.location,
    )


def read_forms(blocks: Blocks, tables: list[Table], draft: Draft) -> None:
    """A file of several 自评表 (one per project): each form read on its own, its rows and
    money in its group, its name, total, grade and money on its project line. The file as a
    whole states no total, so the document-level figures stay unset."""
    previous: Table | None = None
    for table in tables:
        sub = Draft(doc_type=draft.doc_type)
        read_label_tables(blocks, table, sub, after=previous)
        read_form(table, sub, context_of(blocks, table))
        previous = table
        if not sub.indicators:  # the whole unit's money (a department form before its tasks')
            _merge_document_form(sub, draft)
            continue
        n = len(draft.projects)
        draft.projects.append(_form_project(sub, table, n))
        draft.indicators.extend(replace(i, group=n) for i in sub.indicators)
        draft.funds.extend(replace(f, group=n) for f in sub.funds)
        draft.breakdowns.extend(sub.breakdowns)
        draft.warnings.extend(w for w in sub.warnings if w not in draft.warnings)
        for name in ("department", "supervisor"):
            draft.set_once(name, getattr(sub, name))


_DOCUMENT_FIELDS = (
    "department", "supervisor", "project", "stated_total_score", "stated_total_weight",
    "stated_grade", "budget_initial_wan", "budget_total_wan", "executed_total_wan",
    "execution_rate_pct", "targets",
)  # fmt: skip


def _merge_document_form(sub: Draft, draft: Draft) -> None:
    """A form without indicator rows states the document's own money and figures."""
    draft.funds.extend(sub.funds)
    draft.breakdowns.extend(sub.breakdowns)
    for name in _DOCUMENT_FIELDS:
        draft.set_once(name, getattr(sub, name))
    draft.warnings.extend(w for w in sub.warnings if w not in draft.warnings)


def fill_form_document(blocks: Blocks, draft: Draft) -> None:
    """A document that is a 自评表 (with its caption): labels, the form, title and year."""
    all_lines = lines(blocks)
    heads = first_lines(all_lines)
    tables = form_tables(blocks)
    if len(tables) > 1:
        read_forms(blocks, tables, draft)
    elif tables:
        read_label_tables(blocks, tables[0], draft)
        read_form(tables[0], draft, context_of(blocks, tables[0]))
    else:
        draft.warn(None, "未找到自评表（资金表头与绩效指标表头）")
    if draft.projects:  # several forms: a 自评等级 or 项目名称 line belongs to one of them
        labels = Draft()
        read_label_lines(all_lines, labels)
        for name in ("department", "supervisor"):
            draft.set_once(name, getattr(labels, name))
    else:
        read_label_lines(all_lines, draft)  # after the form: its 实施单位 outranks a 填报单位 line
        if draft.stated_grade is None:
            _narrative_score(all_lines, draft)
    title = next((ln for ln in heads if "表" in ln.text), heads[0] if heads else None)
    if title is not None:
        draft.title = title.text
    draft.title_year = next((y for ln in heads if (y := year_in(ln.text)) is not None), None)
    # the caption's year ("（2024年度）") is the year the form evaluates
    draft.fiscal_year = draft.title_year or fiscal_year_of(ln.text for ln in all_lines)
    draft.set_once("department", department_of(all_lines))
