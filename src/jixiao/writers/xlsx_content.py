"""An evaluation → the forms of its workbook: one per project, each with its layout.

* project documents → 项目支出绩效自评表 (R7), one per project (``group``);
* department documents → 部门整体支出绩效自评表 (R10 F-B) for the department's own rows, then a
  项目支出绩效自评表 for each project or key task that has rows of its own;
* target tables → 绩效目标表 (R12.4), one per project.

Sheet names are the projects' names, made valid for Excel (≤ 31 characters, no ``[]:*?/\\``)
and unique.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import DocType, Evaluation, Fund, ProjectLine
from jixiao.writers.base import MISSING
from jixiao.writers.xlsx_form import (
    STANDARD_PERIODS,
    CardIndex,
    Form,
    Gaps,
    Layout,
    Pct,
    Value,
    fund_labels,
    fund_row,
    indicator_row,
    total_weight,
)

SHEET_MAX: Final = 31
_SHEET_CHARS: Final = str.maketrans("[]:*?/\\", "［］：＊？／＼")
_TITLES: Final = {
    Layout.PROJECT: "项目支出绩效自评表",
    Layout.DEPARTMENT: "部门整体支出绩效自评表",
    Layout.TARGET: "绩效目标表",
}


def layout_of(ev: Evaluation) -> tuple[Layout, str | None]:
    """The document's own layout, and a warning when its type is unknown."""
    if ev.doc_type is DocType.TARGET_TABLE:
        return Layout.TARGET, None
    if ev.doc_type is not None:
        return (Layout.DEPARTMENT if ev.doc_type.is_department else Layout.PROJECT), None
    layout = Layout.PROJECT if ev.project else Layout.DEPARTMENT
    return layout, f"文档类型未识别，按{_TITLES[layout]}填写"


def sheet_names(wanted: list[str]) -> list[str]:
    """Valid, unique sheet names (Excel compares them ignoring case).

    >>> sheet_names(["怀财字[2024]7号 业务费", "表一", "表一"])
    ['怀财字［2024］7号 业务费', '表一', '表一（2）']
    >>> [len(n) for n in sheet_names(["甲" * 40, "甲" * 40])]
    [31, 31]
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in wanted:
        base = " ".join(raw.translate(_SHEET_CHARS).split()).strip("'") or "表"
        name, n = base[:SHEET_MAX], 1
        while name.casefold() in seen:
            n += 1
            tail = f"（{n}）"
            name = base[: SHEET_MAX - len(tail)] + tail
        seen.add(name.casefold())
        out.append(name)
    return out


def _year(ev: Evaluation, gaps: Gaps) -> str:
    if ev.fiscal_year is None:
        gaps.need(None, "年度")
        return f"年度：{MISSING}"
    return f"（{ev.fiscal_year}年度）"


def _project(ev: Evaluation, group: int | None) -> ProjectLine | None:
    return ev.projects[group] if group is not None and 0 <= group < len(ev.projects) else None


def _funds(ev: Evaluation, group: int | None, project: ProjectLine | None) -> list[Fund]:
    """The project's money rows; a project known only by its budget gets its total row."""
    funds = list(ev.funds_of(group))
    if funds or project is None:
        return funds or [Fund("年度资金总额", level=0)]
    return [Fund("年度资金总额", total=project.budget_wan, executed=project.executed_wan, level=0)]


def _rows(form: Form, ev: Evaluation, group: int | None, idx: CardIndex, gaps: Gaps) -> None:
    funds = _funds(ev, group, _project(ev, group)) if form.layout is not Layout.TARGET else []
    positions = {id(f): i for i, f in enumerate(ev.funds)}
    labels = fund_labels(funds, form.layout)
    for k, (f, label) in enumerate(zip(funds, labels, strict=True)):
        line = idx.funds.get(positions.get(id(f), -1))
        scored = f.level == 0 or (f.level is None and (k == 0 or line is not None))
        form.funds.append(fund_row(f, label, line, gaps, form.layout, scored))
    for i, ind in enumerate(ev.indicators):
        if ind.group == group:
            n = len(form.indicators) + 1
            form.indicators.append(indicator_row(ind, idx.indicators.get(i), gaps, form.layout, n))


def _totals(form: Form, stated: tuple[Decimal | None, str | None], computed: tuple[
        Decimal | None, str | None], gaps: Gaps) -> None:  # fmt: skip
    """总分 as stated, else as computed (a form jixiao filled, with the computed grade)."""
    total, grade = stated
    if total is None and computed[0] is not None:
        total, grade = computed
    form.total_score = gaps.need(total, "总分")
    form.grade = grade
    form.total_weight = total_weight(form)


def self_eval_form(ev: Evaluation, group: int | None, layout: Layout, idx: CardIndex,
                   gaps: Gaps) -> Form:  # fmt: skip
    """A 自评表 (R7 or F-B) of the document (``group`` None) or of one of its projects."""
    project = _project(ev, group)
    form = Form(layout, "", _TITLES[layout], _year(ev, gaps), ev.fiscal_year)
    form.department = gaps.need(
        ev.department, "实施单位" if layout is Layout.PROJECT else "部门名称"
    )
    targets = ev.targets
    if project is None:
        form.project = gaps.need(ev.project, "项目名称") if layout is Layout.PROJECT else None
        form.supervisor = gaps.need(ev.supervisor, "主管部门") if form.project else None
        planned, achieved = (targets.planned, targets.achieved) if targets else (None, None)
        stated = (ev.stated_total_score, ev.stated_grade)
    else:
        form.project = project.name
        form.supervisor = gaps.need(ev.supervisor or ev.department, "主管部门")
        planned, achieved = project.goal, project.achieved
        stated = (project.score, project.grade)
    form.planned = gaps.need(planned, "年度总体目标的预期目标")
    form.achieved = gaps.need(achieved, "年度总体目标的实际完成情况")
    _rows(form, ev, group, idx, gaps)
    _totals(form, stated, idx.total(group), gaps)
    return form


def _plan(ev: Evaluation, group: int | None, gaps: Gaps) -> list[tuple[str, Value]]:
    entries = [p for p in ev.spending_plan if p.group == group]
    if not entries:
        gaps.need(None, "资金支出计划")
        return [(period, None) for period in STANDARD_PERIODS]
    return [
        (p.period, Pct(p.pct) if p.pct is not None else gaps.need(None, f"资金支出计划{p.period}"))
        for p in entries
    ]


def target_form(ev: Evaluation, group: int | None, gaps: Gaps) -> Form:
    project = _project(ev, group)
    name = project.name if project is not None else ev.project
    form = Form(Layout.TARGET, "", f"{name or ''}绩效目标表", _year(ev, gaps), ev.fiscal_year)
    form.department = gaps.need(ev.department, "单位名称")
    form.project = gaps.need(name, "项目名称")
    form.code = gaps.need(project.code if project else None, "项目编码")
    form.budget = gaps.need(project.budget_wan if project else ev.budget_total_wan, "预算数")
    form.purpose = gaps.need(project.purpose if project else None, "资金用途")
    goal = project.goal if project else (ev.targets.planned if ev.targets else None)
    form.goal = gaps.need(goal, "绩效目标")
    form.plan = _plan(ev, group, gaps)
    _rows(form, ev, group, CardIndex.of(None), gaps)
    if not form.indicators:
        gaps.need(None, "绩效指标")
    return form


def _group_order(ev: Evaluation) -> list[int | None]:
    """The document's own form first, then the projects in order; a target table has one
    per project even when a project has no rows yet."""
    groups = ev.groups()
    if ev.doc_type is DocType.TARGET_TABLE and ev.projects:
        rows = [i.group for i in ev.indicators] + [f.group for f in ev.funds]
        rows += [p.group for p in ev.spending_plan]
        own = [None] if None in rows else []
        groups = [
            *dict.fromkeys([*own, *range(len(ev.projects)), *(g for g in groups if g is not None)])
        ]
    return sorted(groups, key=lambda g: -1 if g is None else g)


def forms_of(ev: Evaluation, idx: CardIndex) -> tuple[list[Form], list[str]]:
    """The forms of the workbook, and every warning about what they leave blank."""
    layout, note = layout_of(ev)
    warnings = [note] if note else []
    groups = _group_order(ev)
    forms: list[Form] = []
    for group in groups:
        project = _project(ev, group)
        where = "" if len(groups) == 1 else f"{_TITLES[layout]}："
        if project is not None and len(groups) > 1:
            where = f"项目“{project.name}”："
        gaps = Gaps(where)
        if layout is Layout.TARGET:
            form = target_form(ev, group, gaps)
        elif group is None:
            form = self_eval_form(ev, None, layout, idx, gaps)
        else:
            form = self_eval_form(ev, group, Layout.PROJECT, idx, gaps)
        if group is None and not form.indicators and len(groups) > 1:
            form.note = "绩效指标见各项目（任务）工作表"
        elif not form.indicators and layout is not Layout.TARGET:
            gaps.need(None, "绩效指标")
        forms.append(form)
        warnings.extend(gaps.warnings)
    names = sheet_names(
        [_sheet_title(ev, f, g, len(groups)) for f, g in zip(forms, groups, strict=True)]
    )
    for form, name in zip(forms, names, strict=True):
        form.sheet = name
    return forms, warnings


def _sheet_title(ev: Evaluation, form: Form, group: int | None, count: int) -> str:
    project = _project(ev, group)
    if count > 1 and project is not None:
        return project.name
    if count > 1 and group is not None:
        return f"项目{group + 1}"
    return _TITLES[form.layout]
