"""The evaluation document (interface.md §2): one per input file, field names = JSON keys.

Amounts are 万元 ``Decimal``. Texts are kept as written next to their parsed form: an
:class:`Indicator` holds ``target="≥50个"`` and parses it once into ``target_parsed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final

from jixiao.model.blocks import SourceInfo
from jixiao.model.indicator_value import (
    Direction,
    IndicatorValue,
    ValueKind,
    parse_nature,
    parse_value,
)
from jixiao.model.location import Location
from jixiao.model.row_input import RowInput, row_input

SCHEMA: Final = "jixiao.evaluation/1"


class DocType(StrEnum):
    PROJECT_SELF_EVAL_TABLE = "project_self_eval_table"  # 项目支出绩效自评表
    PROJECT_SELF_EVAL_REPORT = "project_self_eval_report"  # 项目支出绩效自评报告
    DEPT_SELF_EVAL_TABLE = "dept_self_eval_table"  # 部门整体支出绩效自评表
    DEPT_SELF_EVAL_REPORT = "dept_self_eval_report"  # 部门整体支出绩效自评报告
    TARGET_TABLE = "target_table"  # 项目/部门绩效目标表

    @property
    def is_department(self) -> bool:
        return self in (DocType.DEPT_SELF_EVAL_TABLE, DocType.DEPT_SELF_EVAL_REPORT)

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


DOC_TYPE_LABELS: Final[dict[DocType, str]] = {
    DocType.PROJECT_SELF_EVAL_TABLE: "项目支出绩效自评表",
    DocType.PROJECT_SELF_EVAL_REPORT: "项目支出绩效自评报告",
    DocType.DEPT_SELF_EVAL_TABLE: "部门整体支出绩效自评表",
    DocType.DEPT_SELF_EVAL_REPORT: "部门整体支出绩效自评报告",
    DocType.TARGET_TABLE: "绩效目标表",
}


@dataclass(frozen=True, slots=True)
class Fund:
    """A row of the money block: 年初预算数 / 全年预算数 / 全年执行数, in 万元."""

    name: str
    initial: Decimal | None = None
    total: Decimal | None = None
    executed: Decimal | None = None
    rate_pct: Decimal | None = None  # 执行率 as stated
    weight: Decimal | None = None  # 分值 as stated
    score: Decimal | None = None  # 得分 as stated
    level: int | None = None  # 0 = the total row (年度资金总额), 1 = 其中 rows, 2 = below
    group: int | None = None  # index in Evaluation.projects
    reason: str | None = None  # the reason cell (why execution is low …)
    source_unit: str | None = None  # "元" when the document wrote 元; values here are 万元
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A third-level indicator row, with its first and second levels filled down."""

    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    target: str | None = None  # 年度指标值, as written
    actual: str | None = None  # 实际完成值, as written
    unit: str | None = None  # the unit column, where the form has one
    nature: str | None = None  # 指标性质 as written, where the form has the column (正向, 反向…)
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分 as stated
    deviation_reason: str | None = None  # 偏差原因分析及改进措施
    completion_pct: Decimal | None = None  # 完成率 as stated
    basis: str | None = None  # 指标值确定依据
    description: str | None = None  # 绩效指标描述 / 指标解释
    group: int | None = None  # index in Evaluation.projects (the task or project)
    location: Location | None = None
    target_parsed: IndicatorValue = field(init=False, repr=False, compare=False)
    actual_parsed: IndicatorValue = field(init=False, repr=False, compare=False)
    inputs: RowInput = field(init=False, repr=False, compare=False)  # what scoring reads

    def __post_init__(self) -> None:
        t, a = parse_value(self.target), parse_value(self.actual)
        object.__setattr__(self, "target_parsed", t)
        object.__setattr__(self, "actual_parsed", a)
        nature = parse_nature(self.nature)
        inputs = row_input(t, a, self.unit, self.level2, self.level3, nature)
        object.__setattr__(self, "inputs", inputs)

    @property
    def name(self) -> str:
        return self.level3 or self.level2 or self.level1 or "（未命名指标）"

    @property
    def direction(self) -> Direction | None:
        """The target's comparator; else what the 指标性质 column says."""
        t = self.target_parsed
        if t.kind is ValueKind.QUALITATIVE:
            return Direction.QUALITATIVE
        return t.comparator or parse_nature(self.nature)

    @property
    def kind(self) -> ValueKind:
        """quantitative / qualitative from the target; an empty target falls back to the actual."""
        t = self.target_parsed
        if t.kind is ValueKind.EMPTY and self.actual_parsed.kind is ValueKind.QUALITATIVE:
            return ValueKind.QUALITATIVE
        return t.kind

    @property
    def effective_unit(self) -> str | None:
        """The target's own unit, else the unit column."""
        return self.target_parsed.unit or self.unit


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """A project (or key task) inside a department document, or one table of a multi-table file."""

    name: str
    code: str | None = None  # 项目编码
    score: Decimal | None = None
    grade: str | None = None
    budget_wan: Decimal | None = None
    executed_wan: Decimal | None = None
    goal: str | None = None
    indicator_text: str | None = None
    achieved: str | None = None
    purpose: str | None = None  # 资金用途
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Targets:
    planned: str | None = None  # 年度总体目标 / 预期目标
    achieved: str | None = None  # 实际完成情况


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One cell of the 资金支出计划 row: cumulative share spent by the end of ``period``."""

    period: str  # "3月底"
    pct: Decimal | None
    group: int | None = None
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Part:
    label: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A stated whole and its parts (其中 sentences, parent and child rows)."""

    label: str
    whole: Decimal | None
    parts: tuple[Part, ...] = ()
    closed: bool = True  # every part is named (no "…等")
    kind: str = "sum"  # "sum" or "difference"
    unit: str | None = None  # "万元" for amounts; "个", "项" for counts
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One document, as read. Unknown values are ``None``, never guessed."""

    schema: str = SCHEMA
    source: SourceInfo | None = None
    doc_type: DocType | None = None
    title: str | None = None
    title_year: int | None = None
    region: str | None = None
    department: str | None = None
    supervisor: str | None = None
    project: str | None = None
    fiscal_year: int | None = None
    stated_total_score: Decimal | None = None
    stated_total_weight: Decimal | None = None  # 分值 of the 总分 row (100 on most forms)
    stated_grade: str | None = None
    budget_initial_wan: Decimal | None = None
    budget_total_wan: Decimal | None = None
    executed_total_wan: Decimal | None = None
    execution_rate_pct: Decimal | None = None
    funds: tuple[Fund, ...] = ()
    targets: Targets | None = None
    indicators: tuple[Indicator, ...] = ()
    projects: tuple[ProjectLine, ...] = ()
    grade_counts: dict[str, int] | None = None
    sections: tuple[Section, ...] = ()
    spending_plan: tuple[PlanEntry, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # derived once, for the scoring engine: rows belong to projects; a row measures execution
    grouped: bool = field(init=False, repr=False, compare=False)
    execution_rows: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped = any(i.group is not None for i in self.indicators) or any(
            f.group is not None for f in self.funds
        )
        object.__setattr__(self, "grouped", grouped)
        named = any(i.inputs.execution_named for i in self.indicators)
        object.__setattr__(self, "execution_rows", named)

    def groups(self) -> list[int | None]:
        """The project indices the rows belong to, in order; ``[None]`` for a single form."""
        seen: dict[int | None, None] = {}
        for ind in self.indicators:
            seen.setdefault(ind.group, None)
        for fund in self.funds:
            seen.setdefault(fund.group, None)
        return list(seen) or [None]

    def indicators_of(self, group: int | None) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.group == group)

    def funds_of(self, group: int | None) -> tuple[Fund, ...]:
        return tuple(f for f in self.funds if f.group == group)
