"""The target form (绩效目标表, R12): an evaluation → what the form shows, and posted fields →
an evaluation.

Field names: ``head-<field>`` (项目名称 ``head-project``, 项目编码 ``head-code``, 主管部门
``head-supervisor``, 实施单位 ``head-department``, 年度 ``head-fiscal_year``, 年度总体目标
``head-goal``, 指标权重合计 ``head-stated_total_weight``), the money block ``money-budget``,
``money-fiscal``, ``money-other``, ``money-purpose``, the plan ``plan-0`` … ``plan-3`` (3月底,
6月底, 10月底, 12月底, cumulative %), and the rows ``ind-<i>-<field>`` with ``ind-count``.

Where the document keeps it: 预算数 in ``budget_total_wan`` (and the project's ``budget_wan``),
with 财政资金/其他资金 as fund rows under it and as a breakdown (so the arithmetic check adds them
up); 资金用途 in the project's ``purpose`` (a department's form: a section "资金用途"); the goal in
``targets.planned`` and the project's ``goal``. A row's 指标值 keeps its comparator and unit
("≥90%"): a value typed as "90" with 指标性质 ≥ and unit % is stored as "≥90%", so the checks
read what the form means. A number that cannot be read is reported with its place, in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final

from jixiao.library import BASES, DIRECTIONS, LibraryEntry, direction_of
from jixiao.model.evaluation import (
    Breakdown,
    DocType,
    Evaluation,
    Fund,
    Indicator,
    Part,
    PlanEntry,
    ProjectLine,
    Section,
    Targets,
)
from jixiao.model.indicator_value import ValueKind, parse_value
from jixiao.model.location import Location
from jixiao.model.numbers import parse_number
from jixiao.web.flows import ONLINE_SHEET
from jixiao.web.present_targets import (
    BUDGET,
    FISCAL,
    OTHER,
    PERIOD_MONTHS,
    PERIODS,
    PURPOSE_HEADING,
    fund_named,
    head_of,
    is_department_form,
    month_of,
    nature_shown,
    plan_entry,
    symbol_of,
    unit_shown,
)

MAX_ROWS: Final = 2000
MIN_YEAR, MAX_YEAR = 2000, 2100
NATURES: Final = DIRECTIONS
BASIS_CHOICES: Final = BASES
IND_TEXT: Final = ("level1", "level2", "level3", "basis", "description")
IND_FIELDS: Final = (*IND_TEXT, "nature", "target", "unit", "weight", "delete")
DEFAULT_TOTAL_WEIGHT: Final = Decimal(90)  # R13.9: indicators 90, budget execution 10
SKELETON: Final = (  # the R12 tree as the seed's form lays it out (成本 under 产出, R12.1 option)
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
)  # fmt: skip


@dataclass(frozen=True)
class TargetEdited:
    evaluation: Evaluation
    errors: tuple[str, ...]
    indexes: tuple[int, ...]  # the form's row number of each kept indicator, in order
    removed: tuple[int, ...] = ()  # rows ticked for deletion


def compose_target(value: str | None, nature: str, unit: str) -> str | None:
    """The 指标值 as stored: the comparator of 指标性质 and the unit added where the typed
    value has none.

    >>> compose_target("90", "≥", "%"), compose_target("≥100 百分比", "≥", "")
    ('≥90%', '≥100 百分比')
    >>> compose_target("健全", "定性", "")
    '健全'
    """
    if not value:
        return None
    p = parse_value(value)
    if p.kind is not ValueKind.QUANTITATIVE or p.value is None:
        return value
    out = value
    if nature in ("≥", "≤", "=") and p.comparator is None:
        out = nature + out
    if unit and p.unit is None:
        out = out + unit
    return out


def _kept(old: str | None, posted: str | None, shown: str) -> str | None:
    """A field as stored: unchanged where the form only showed what was there."""
    return old if (posted or "") == shown else posted


class _Cells:
    """Reads posted cells, collecting the errors (the place and the column, in Chinese)."""

    def __init__(self, post: Any) -> None:
        self.post = post
        self.errors: list[str] = []

    def text(self, key: str, old: str | None) -> str | None:
        if key not in self.post:
            return old
        return str(self.post.get(key, "")).strip() or None

    def number(self, key: str, old: Decimal | None, where: str, label: str,
               strip: str = "") -> Decimal | None:  # fmt: skip
        if key not in self.post:
            return old
        raw = str(self.post.get(key, "")).strip()
        bare = raw.rstrip(strip).strip() if strip else raw
        if bare in ("", "/", "—", "-"):
            return None
        value = parse_number(bare)
        if value is None or not value.is_finite():
            self.errors.append(f"{where} {label}：“{raw[:20]}”不是数字")
            return old
        return value


class _Rows:
    def __init__(self, ev: Evaluation, cells: _Cells) -> None:
        self.ev, self.cells = ev, cells
        self.rows: list[Indicator] = []
        self.indexes: list[int] = []
        self.removed: list[int] = []
        self.count = len(ev.indicators)

    def read(self) -> None:
        try:
            count = int(self.cells.post.get("ind-count", self.count))
        except (TypeError, ValueError):
            count = self.count
        self.count = max(0, min(MAX_ROWS, count))
        for i in range(self.count):
            if self.cells.post.get(f"ind-{i}-delete"):
                self.removed.append(i)
                continue
            row = self._row(i)
            if row is not None:
                self.rows.append(row)
                self.indexes.append(i)

    def _row(self, i: int) -> Indicator | None:
        old = self.ev.indicators[i] if i < len(self.ev.indicators) else None
        cells, key = self.cells, f"ind-{i}-"
        if old is None and not any(str(cells.post.get(key + f, "")).strip() for f in IND_FIELDS):
            return None  # a blank new row
        base = old or Indicator(location=self.next_row())
        where = f"指标第{i + 1}行"
        changes: dict[str, Any] = {f: cells.text(key + f, getattr(base, f)) for f in IND_TEXT}
        changes["weight"] = cells.number(key + "weight", base.weight, where, "权重")
        shown_nature, shown_unit = nature_shown(base), unit_shown(base)
        nature = cells.text(key + "nature", shown_nature) or ""
        unit = cells.text(key + "unit", shown_unit) or ""
        value = cells.text(key + "target", base.target)
        if direction_of(nature) is None:
            cells.errors.append(f"{where} 指标性质：“{nature[:10]}”应为{'、'.join(NATURES)}")
            nature = shown_nature
        same = value == base.target and nature == shown_nature and unit == shown_unit
        target = base.target if same else compose_target(value, nature, unit)
        self._agree(where, nature, target)
        changes["target"] = target
        changes["nature"] = _kept(base.nature, nature, shown_nature)
        changes["unit"] = _kept(base.unit, unit, shown_unit)
        return replace(base, **changes)

    def _agree(self, where: str, nature: str, target: str | None) -> None:
        cmp = parse_value(target).comparator if target else None
        if nature in ("≥", "≤", "=") and cmp is not None and symbol_of(cmp.value) != nature:
            self.cells.errors.append(f"{where}：指标性质“{nature}”与指标值“{target}”的比较符不一致")

    def next_row(self, skip: int = 0) -> Location:
        """A free row number on the 在线填报 sheet (``skip`` more for several new places)."""
        places = [r.location for r in (*self.ev.indicators, *self.rows)]
        places += [f.location for f in self.ev.funds]
        used = [loc.row for loc in places if loc is not None and loc.sheet == ONLINE_SHEET]
        return Location(sheet=ONLINE_SHEET, row=max((u for u in used if u), default=0) + 1 + skip)


def _money(ev: Evaluation, cells: _Cells) -> dict[str, Decimal | None]:
    head = head_of(ev)
    out: dict[str, Decimal | None] = {}
    cells_of = (("budget", "预算数", head.budget), ("fiscal", "其中财政资金", head.fiscal),
                ("other", "其他资金", head.other))  # fmt: skip
    for key, label, old in cells_of:
        value = cells.number(f"money-{key}", old, "资金", label)
        if value is not None and value < 0:
            cells.errors.append(f"资金 {label}：“{value}”不能为负数")
            value = old
        out[key] = value
    return out


def _funds(ev: Evaluation, money: dict[str, Decimal | None], rows: _Rows) -> tuple[Fund, ...]:
    out: list[Fund] = []
    new_places = 0
    for name, key, level in ((BUDGET, "budget", 0), (FISCAL, "fiscal", 1), (OTHER, "other", 1)):
        if money[key] is None:
            continue
        old = fund_named(ev, name)
        loc = old.location if old is not None else None
        if loc is None:
            loc = rows.next_row(skip=new_places)
            new_places += 1
        out.append(Fund(name=name, total=money[key], level=level, location=loc))
    return tuple(out)


def _breakdowns(ev: Evaluation, money: dict[str, Decimal | None]) -> tuple[Breakdown, ...]:
    others = tuple(b for b in ev.breakdowns if b.label != BUDGET)
    if money["budget"] is None or (money["fiscal"] is None and money["other"] is None):
        return others
    parts = (Part(FISCAL, money["fiscal"] or Decimal(0)), Part(OTHER, money["other"] or Decimal(0)))
    return (*others, Breakdown(BUDGET, money["budget"], parts, unit="万元",
                               location=Location(sheet=ONLINE_SHEET, field="budget")))  # fmt: skip


def _plan(ev: Evaluation, cells: _Cells) -> tuple[PlanEntry, ...]:
    group = 0 if ev.projects else None  # the plan belongs to the form's one project
    out: list[PlanEntry] = []
    for i, period in enumerate(PERIODS):
        old = plan_entry(ev, period)
        old_pct = old.pct if old is not None else None
        pct = cells.number(f"plan-{i}", old_pct, f"资金支出计划 {period}", "比例", strip="%％")
        if pct is not None:
            loc = old.location if old is not None else None
            out.append(PlanEntry(period=period, pct=pct, group=group, location=loc))
    extra = tuple(e for e in ev.spending_plan if month_of(e.period) not in PERIOD_MONTHS)
    return (*out, *extra)


def department_title(department: str | None, year: int | None) -> str:
    return f"{department or ''}{year or ''}年度部门整体绩效目标"


def _head(ev: Evaluation, cells: _Cells) -> dict[str, Any]:
    head: dict[str, Any] = {
        f: cells.text(f"head-{f}", getattr(ev, f)) for f in ("supervisor", "department")
    }
    old_year = Decimal(ev.fiscal_year) if ev.fiscal_year is not None else None
    year = cells.number("head-fiscal_year", old_year, "表头", "年度")
    head["fiscal_year"] = _year(year, ev.fiscal_year, cells)
    head["stated_total_weight"] = cells.number(
        "head-stated_total_weight", ev.stated_total_weight, "表头", "指标权重合计"
    )
    if not is_department_form(ev):
        head["project"] = cells.text("head-project", ev.project) or ev.project
    elif ev.title == department_title(ev.department, ev.fiscal_year):
        head["title"] = department_title(head["department"], head["fiscal_year"])
    return head


def _year(value: Decimal | None, old: int | None, cells: _Cells) -> int | None:
    if value is None:
        return None
    if value != value.to_integral_value() or not MIN_YEAR <= value <= MAX_YEAR:
        cells.errors.append(f"表头 年度：“{value}”不是有效年度")
        return old
    return int(value)


def _project_and_goal(ev: Evaluation, cells: _Cells, head: dict[str, Any],
                      budget: Decimal | None) -> dict[str, Any]:  # fmt: skip
    old = head_of(ev)
    goal = cells.text("head-goal", old.goal)
    purpose = cells.text("money-purpose", old.purpose)
    out: dict[str, Any] = {"targets": replace(ev.targets or Targets(), planned=goal)}
    if is_department_form(ev):
        sections = [s for s in ev.sections if s.heading != PURPOSE_HEADING]
        if purpose:
            sections.append(Section(PURPOSE_HEADING, purpose))
        out["sections"] = tuple(sections)
        return out
    name = head.get("project") or ev.project or ""
    first = ev.projects[0] if ev.projects else ProjectLine(name=name)
    code = cells.text("head-code", first.code)
    project = replace(first, name=name, code=code, budget_wan=budget, goal=goal, purpose=purpose)
    out["projects"] = (project, *ev.projects[1:])
    return out


def apply_target_edits(ev: Evaluation, post: Any) -> TargetEdited:
    """The target table with the posted fields applied; rows added or deleted as asked."""
    cells = _Cells(post)
    rows = _Rows(ev, cells)
    rows.read()
    if post.get("add-indicator"):
        last = rows.rows[-1] if rows.rows else Indicator(level1="产出指标", level2="数量指标")
        rows.rows.append(Indicator(level1=last.level1, level2=last.level2,
                                   location=rows.next_row()))  # fmt: skip
        rows.indexes.append(rows.count)
    head = _head(ev, cells)
    money = _money(ev, cells)
    changes = _project_and_goal(ev, cells, head, money["budget"])
    new = replace(
        ev, indicators=tuple(rows.rows), funds=_funds(ev, money, rows),
        breakdowns=_breakdowns(ev, money), spending_plan=_plan(ev, cells),
        budget_total_wan=money["budget"], **head, **changes,
    )  # fmt: skip
    return TargetEdited(new, tuple(cells.errors), tuple(rows.indexes), tuple(rows.removed))


def blank_target(
    department_form: bool, year: int, name: str, unit_name: str, region: str | None,
    money: dict[str, Decimal | None], purpose: str | None,
) -> Evaluation:  # fmt: skip
    """A new target table: the header and money typed on the new form, the R12 rows to fill."""
    rows = tuple(Indicator(level1=l1, level2=l2, location=Location(sheet=ONLINE_SHEET, row=n))
                 for n, (l1, l2) in enumerate(SKELETON, start=1))  # fmt: skip
    title = f"{unit_name}{year}年度部门整体绩效目标" if department_form else name
    ev = Evaluation(
        doc_type=DocType.TARGET_TABLE, fiscal_year=year, department=unit_name, region=region,
        project=None if department_form else name, title=title, indicators=rows,
        projects=() if department_form else (ProjectLine(name=name),),
        stated_total_weight=DEFAULT_TOTAL_WEIGHT,
    )  # fmt: skip
    post = {f"money-{k}": "" if v is None else str(v) for k, v in money.items()}
    post["money-purpose"] = purpose or ""
    return apply_target_edits(ev, post).evaluation


def row_from_entry(entry: LibraryEntry) -> Indicator:
    """A new target row from a library entry: levels, 指标性质, 指标值, unit, basis, text."""
    return Indicator(
        level1=entry.level1 or None, level2=entry.level2 or None, level3=entry.level3 or None,
        nature=entry.direction or None, target=entry.target or None, unit=entry.unit or None,
        basis=entry.basis or None, description=entry.description or None,
    )  # fmt: skip
