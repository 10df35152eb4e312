"""Carry an approved target table forward into the year-end self-evaluation (rules.md R1.4): the
indicators scored are those of the approved table, unchanged (name, direction, value, unit,
weight); the unit fills in what was achieved.

Pure: evaluations in, evaluations or Chinese messages out; no Django, no files.

- :func:`carry_forward` builds the self-evaluation form from the target table;
- :func:`locked_changes` names every change a saved form makes to a carried field, or rows
  added and removed, so the web refuses it;
- :func:`rebase` puts the target's carried fields back on a stored form before the edits of a
  page are applied (the page shows those cells as text and does not post them).

A weight the target table leaves empty (many tables, e.g. the Hebei ones, have no 权重 column) is
not carried and may be filled in; a weight it states is locked like the rest.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator, Targets

TOTAL_ROW: Final = "年度资金总额"
# the indicator fields carried from the target table, with their Chinese names
CARRIED: Final[tuple[tuple[str, str], ...]] = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("level3", "三级指标"),
    ("target", "年度指标值"),
    ("unit", "度量单位"),
    ("nature", "指标性质"),
    ("weight", "分值"),
    ("basis", "指标值确定依据"),
    ("description", "指标解释"),
)
# the carried fields the edit grid shows as cells (locked there)
GRID_FIELDS: Final = ("level1", "level2", "level3", "target", "weight")
LOCK_NOTE: Final = "来自已批复的绩效目标（不可修改）"


def is_department_wide(target: Evaluation) -> bool:
    """A department's table as a whole (部门整体) rather than a project's: it says so in its title,
    or it names no project."""
    words = " ".join(x for x in (target.title, target.project) if x)
    return "部门整体" in words or not target.project


def target_budget(target: Evaluation) -> Decimal | None:
    """The table's 预算数: the stated budget, else its total money row, else its only project's."""
    if target.budget_total_wan is not None:
        return target.budget_total_wan
    for fund in target.funds:
        if fund.level == 0 and (fund.total is not None or fund.initial is not None):
            return fund.total if fund.total is not None else fund.initial
    if target.budget_initial_wan is not None:
        return target.budget_initial_wan
    if len(target.projects) == 1:
        return target.projects[0].budget_wan
    return None


def _carried_row(ind: Indicator) -> Indicator:
    return Indicator(
        level1=ind.level1, level2=ind.level2, level3=ind.level3, target=ind.target,
        unit=ind.unit, nature=ind.nature, weight=ind.weight, basis=ind.basis,
        description=ind.description, group=ind.group,
    )  # fmt: skip


def _funds(target: Evaluation) -> tuple[Fund, ...]:
    """The total row with the table's budget (年初 and 全年 alike: no adjustment yet; the unit
    changes 全年预算数 when the budget was adjusted in the year), then the table's other money
    rows, with nothing executed."""
    budget = target_budget(target)
    rows = [Fund(name=TOTAL_ROW, initial=budget, total=budget, level=0)]
    for f in target.funds:
        if f.level == 0:
            continue
        rows.append(Fund(name=f.name, initial=f.initial if f.initial is not None else f.total,
                         total=f.total if f.total is not None else f.initial,
                         level=f.level, group=f.group))  # fmt: skip
    return tuple(rows)


def _planned(target: Evaluation) -> str | None:
    if target.targets is not None and target.targets.planned:
        return target.targets.planned
    if len(target.projects) == 1:
        return target.projects[0].goal
    return None


def carry_forward(target: Evaluation) -> Evaluation:
    """The self-evaluation form of an approved target table: its indicators unchanged, actuals,
    scores and deviation reasons empty; the money block's total row with the table's 预算数 and
    nothing executed; the 年度总体目标 carried."""
    dept = is_department_wide(target)
    doc_type = DocType.DEPT_SELF_EVAL_TABLE if dept else DocType.PROJECT_SELF_EVAL_TABLE
    year = f"{target.fiscal_year}年度" if target.fiscal_year else ""
    if dept:
        title = f"{target.department or ''}{year}部门整体支出绩效自评表"
    else:
        title = f"{target.project}{year}项目支出绩效自评表"
    planned = _planned(target)
    projects = tuple(
        replace(p, score=None, grade=None, executed_wan=None, achieved=None, location=None)
        for p in target.projects
    )
    return Evaluation(
        doc_type=doc_type,
        title=title,
        region=target.region,
        department=target.department,
        supervisor=target.supervisor,
        project=None if dept else target.project,
        fiscal_year=target.fiscal_year,
        budget_initial_wan=target_budget(target),
        budget_total_wan=target_budget(target),
        funds=_funds(target),
        targets=None if planned is None else Targets(planned=planned),
        indicators=tuple(_carried_row(i) for i in target.indicators),
        projects=projects if target.grouped else (),
    )


def _norm(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _same(a: object, b: object) -> bool:
    """Equal as carried values: text without surrounding blanks, an empty text as nothing,
    numbers by value (10 = 10.00)."""
    return _norm(a) == _norm(b)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _target_change(i: int, old: Indicator, new: Indicator) -> list[str]:
    """What a changed 年度指标值 changes: the direction, the value, the unit — or its wording."""
    t, n = old.target_parsed, new.target_parsed
    parts = [
        label
        for label, differs in (
            ("指标方向", old.direction != new.direction),
            ("指标值", t.value != n.value),
            ("度量单位", t.unit != n.unit),
        )
        if differs
    ] or ["年度指标值"]
    shown = f"（已批复“{_shown(old.target)}”，提交“{_shown(new.target)}”）"
    return [f"指标第{i + 1}行“{old.name}”的{p}不能修改{shown}" for p in parts]


def _row_changes(i: int, old: Indicator, new: Indicator) -> list[str]:
    out: list[str] = []
    for name, label in CARRIED:
        before, after = getattr(old, name), getattr(new, name)
        if name == "weight" and before is None:
            continue  # not stated in the target table: the unit fills it in
        if _same(before, after):
            continue
        if name == "target":
            out.extend(_target_change(i, old, new))
            continue
        what = "指标名称" if name == "level3" else label
        out.append(
            f"指标第{i + 1}行“{old.name}”的{what}不能修改（已批复“{_shown(before)}”，"
            f"提交“{_shown(after)}”）"
        )
    return out


def removed_row(i: int, row: Indicator) -> str:
    return f"指标第{i + 1}行“{row.name}”来自已批复的绩效目标，不能删除"


def added_row(i: int, row: Indicator | None = None) -> str:
    name = f"“{row.name}”" if row is not None and row.level3 else ""
    return f"不能增加指标第{i + 1}行{name}：自评指标须与已批复的绩效目标一致"


def locked_changes(target: Evaluation, edited: Evaluation) -> list[str]:
    """Every change ``edited`` makes to what the approved ``target`` fixed, in Chinese: rows are
    compared by position; added and removed rows are named too. Empty when nothing carried
    changed."""
    old, new = target.indicators, edited.indicators
    out: list[str] = []
    for i in range(max(len(old), len(new))):
        if i >= len(new):
            out.append(removed_row(i, old[i]))
        elif i >= len(old):
            out.append(added_row(i, new[i]))
        else:
            out.extend(_row_changes(i, old[i], new[i]))
    return out


def rebase(target: Evaluation, current: Evaluation) -> Evaluation:
    """``current`` with the carried fields of its rows set from ``target`` (row by row), rows
    the target has added appended and rows it no longer has dropped; everything the unit fills
    in (actual, score, reason, a weight the target leaves empty) is kept."""
    rows: list[Indicator] = []
    for i, t in enumerate(target.indicators):
        if i >= len(current.indicators):
            rows.append(_carried_row(t))
            continue
        mine = current.indicators[i]
        fixed = {n: getattr(t, n) for n, _ in CARRIED if n != "weight" or t.weight is not None}
        rows.append(replace(mine, **fixed))
    return replace(current, indicators=tuple(rows))


def locked_cells(target: Evaluation) -> dict[str, dict[str, bool]]:
    """The grid cells shown as text: ``{"ind-0": {"level1": True, …}}`` (a weight only where
    the target table states one)."""
    cells: dict[str, dict[str, bool]] = {}
    for i, t in enumerate(target.indicators):
        cells[f"ind-{i}"] = {f: f != "weight" or t.weight is not None for f in GRID_FIELDS}
    return cells
