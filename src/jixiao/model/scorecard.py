"""The result of re-scoring: one line per scored row, with its rule, inputs and points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from jixiao.model.evaluation import Fund, Indicator
from jixiao.model.location import Location


@dataclass(frozen=True, slots=True)
class RuleRef:
    """Which rule gave a number: rule set, rule id, parameter path, date, 文号, file:line."""

    ruleset: str
    rule_id: str
    path: str
    effective: date
    doc: str | None = None
    origin: str | None = None

    def cite(self) -> str:
        """The form findings use: ``"national-2020 R3"``."""
        return f"{self.ruleset} {self.rule_id}"


class LineKind(StrEnum):
    INDICATOR = "indicator"  # an indicator row, scored by its direction or tier
    EXECUTION = "execution"  # the money block's total row (预算执行率, R5)


class LineStatus(StrEnum):
    COMPUTED = "computed"  # points computed by the rule set
    ADOPTED = "adopted"  # cannot be recomputed (no values); the stated points are carried
    UNSCORED = "unscored"  # neither computed nor stated, or not to be scored (zero budget)


class ScoreLine(NamedTuple):
    """One scored row. A tuple, because a province's batch builds millions of them.

    ``a`` and ``t`` are the inputs in a common unit (actual, target; for execution: executed
    and 全年预算数), ``note`` a key that :mod:`jixiao.scoring.explain` turns into words.
    """

    kind: LineKind
    position: int  # in Evaluation.indicators or Evaluation.funds (-1: the document's figures)
    row: Indicator | Fund
    method: str | None
    weight: Decimal | None
    stated: Decimal | None
    points: Decimal | None
    status: LineStatus
    rule: RuleRef | None
    a: Decimal | None = None
    t: Decimal | None = None
    met_target: bool | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def group(self) -> int | None:
        return self.row.group

    @property
    def location(self) -> Location | None:
        return self.row.location


class Grade(NamedTuple):
    label: str
    rule: RuleRef | None = None


class GroupScore(NamedTuple):
    """The total of one project (or of the whole form when ``group`` is ``None``).

    Score-card records are tuples: a batch builds one of each per document."""

    group: int | None
    name: str | None
    total: Decimal | None
    grade: Grade | None
    stated_total: Decimal | None
    stated_grade: str | None
    lines: tuple[ScoreLine, ...]
    adopted: int = 0  # lines whose stated points were carried into the total
    unscored: int = 0


class ScoreCard(NamedTuple):
    """Every group's lines and totals, then the document total next to the stated one."""

    ruleset: str
    fiscal_year: int | None
    groups: tuple[GroupScore, ...]
    total: Decimal | None
    grade: Grade | None
    stated_total: Decimal | None
    stated_grade: str | None
    total_method: str  # "sum" or "mean_of_groups"
    total_rule: RuleRef | None = None
    notes: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[ScoreLine, ...]:
        return tuple(line for g in self.groups for line in g.lines)

    def indicator_lines(self) -> tuple[ScoreLine, ...]:
        return tuple(line for line in self.lines if line.kind is LineKind.INDICATOR)
