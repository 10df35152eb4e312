"""What the web app does with one evaluation: split a file into records, score and check a
record, and sum it up in the columns storage indexes.

The stored record is the evaluation document (interface.md §2) with decimal strings; these
functions turn it back into an :class:`Evaluation`, so the web recomputes with exactly the code
the CLI runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from jixiao.checks.engine import CheckRun, run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.model.evaluation import Evaluation, ProjectLine
from jixiao.model.findings import Severity
from jixiao.model.jsonable import JsonDocumentError, evaluation_from_jsonable, to_jsonable
from jixiao.model.scorecard import LineKind, ScoreCard
from jixiao.rules.places import find_place
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring.explain import describe
from jixiao.services.batch_rows import execution_rate
from jixiao.services.rulesets import Selected, select


@dataclass(frozen=True)
class Assessed:
    """A record re-scored and checked, and the figures storage keeps in indexed columns."""

    evaluation: Evaluation
    selected: Selected
    run: CheckRun
    score: Decimal | None
    grade: str | None
    errors: int
    warnings: int
    execution_rate_pct: Decimal | None

    @property
    def card(self) -> Any:
        return self.run.card


def split_projects(ev: Evaluation) -> list[Evaluation]:
    """One evaluation per project where a file holds several forms (seed 004's seven target
    tables). A department-wide document stays whole: its groups are tasks of one evaluation,
    and its total is taken over them."""
    if ev.doc_type is not None and ev.doc_type.is_department:
        return [ev]
    groups = [g for g in ev.groups() if g is not None]
    if len(groups) < 2 or len(ev.projects) < len(groups):  # noqa: PLR2004 - "several"
        return [ev]
    return [_project_part(ev, g, ev.projects[g]) for g in groups]


def _project_part(ev: Evaluation, g: int, p: ProjectLine) -> Evaluation:
    return replace(
        ev,
        project=p.name,
        indicators=tuple(replace(i, group=None) for i in ev.indicators if i.group == g),
        funds=tuple(replace(f, group=None) for f in ev.funds if f.group == g),
        spending_plan=tuple(replace(s, group=None) for s in ev.spending_plan if s.group == g),
        projects=(replace(p, location=None),),
        stated_total_score=p.score,
        stated_grade=p.grade,
        budget_total_wan=p.budget_wan if p.budget_wan is not None else None,
        executed_total_wan=p.executed_wan,
        execution_rate_pct=None,
        breakdowns=(),
    )


def assess(ev: Evaluation, ruleset: RuleSet | None = None) -> Assessed:
    """Score and check one record by ``ruleset`` (or the one its region and year call for)."""
    place = find_place(" ".join(x for x in (ev.region, ev.department) if x), "")
    selected = select(ev, place, ruleset)
    run = run_checks(ev, selected.ruleset, ALL_CHECKS)
    card = run.card
    return Assessed(
        evaluation=ev,
        selected=selected,
        run=run,
        score=card.total,
        grade=None if card.grade is None else card.grade.label,
        errors=sum(1 for f in run.findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in run.findings if f.severity is Severity.WARNING),
        execution_rate_pct=_execution_pct(ev, card),
    )


def _execution_pct(ev: Evaluation, card: ScoreCard) -> Decimal | None:
    """E (checks.md §0) from the document's totals; for a form typed in the web, which holds
    only the money rows, from the rows the execution score was computed on (执行数 ÷ 全年预算数)."""
    stated = execution_rate(ev)
    if stated is not None:
        return stated
    rows = [
        line for line in card.lines
        if line.kind is LineKind.EXECUTION and line.a is not None and line.t
    ]  # fmt: skip
    budget = sum((line.t for line in rows if line.t is not None), Decimal(0))
    if not rows or budget <= 0:
        return None
    spent = sum((line.a for line in rows if line.a is not None), Decimal(0))
    return (spent / budget * 100).quantize(Decimal("0.01"))


def to_document(ev: Evaluation) -> dict[str, Any]:
    """The evaluation as the JSON document storage keeps (decimal strings, never floats)."""
    doc: dict[str, Any] = to_jsonable(ev)
    return doc


def from_document(doc: dict[str, Any]) -> Evaluation:
    """A stored document back into an evaluation. Raises :class:`JsonDocumentError` for a
    document that does not fit the schema (a programmer's or an editor's error, shown as such)."""
    return evaluation_from_jsonable(doc)


__all__ = [
    "Assessed",
    "JsonDocumentError",
    "assess",
    "describe",
    "from_document",
    "split_projects",
    "to_document",
]
