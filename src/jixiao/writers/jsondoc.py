"""The JSON shapes of the contract: the evaluation document and the score card."""

from __future__ import annotations

from typing import Any, Final

from jixiao.model.evaluation import Evaluation, Indicator
from jixiao.model.findings import Finding
from jixiao.model.jsonable import to_jsonable
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import GroupScore, ScoreCard, ScoreLine
from jixiao.scoring.explain import completion_pct, describe

SCORECARD_SCHEMA: Final = "jixiao.scorecard/1"


def evaluation_doc(ev: Evaluation) -> dict[str, Any]:
    doc: dict[str, Any] = to_jsonable(ev)
    return doc


def _line(line: ScoreLine) -> dict[str, Any]:
    row = line.row
    rate = completion_pct(line)
    out: dict[str, Any] = {
        "kind": line.kind.value,
        "position": line.position,
        "name": line.name,
        "location": None if line.location is None else line.location.items(),
        "method": line.method,
        "rule": None if line.rule is None else line.rule.cite(),
        "rule_source": None if line.rule is None else line.rule.doc,
        "weight": to_jsonable(line.weight),
        "stated": to_jsonable(line.stated),
        "points": to_jsonable(line.points),
        "status": line.status.value,
        "a": to_jsonable(line.a),
        "t": to_jsonable(line.t),
        "met_target": line.met_target,
        "completion_pct": None if rate is None else fmt(rate.quantize(rate.__class__("0.01"))),
        "explanation": describe(line),
    }
    if isinstance(row, Indicator):
        out.update(group=row.group, level1=row.level1, level2=row.level2, target=row.target,
                   actual=row.actual)  # fmt: skip
    else:
        out.update(group=row.group)
    return out


def _group(g: GroupScore) -> dict[str, Any]:
    return {
        "group": g.group,
        "name": g.name,
        "total": to_jsonable(g.total),
        "grade": None if g.grade is None else g.grade.label,
        "stated_total": to_jsonable(g.stated_total),
        "stated_grade": g.stated_grade,
        "adopted": g.adopted,
        "unscored": g.unscored,
        "lines": [_line(line) for line in g.lines],
    }


def scorecard_doc(
    card: ScoreCard, path: str | None, reason: str | None, warnings: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``jixiao score --format json``: per row the rule, inputs and points; totals beside the
    stated ones."""
    return {
        "schema": SCORECARD_SCHEMA,
        "path": path,
        "ruleset": card.ruleset,
        "ruleset_reason": reason,
        "fiscal_year": card.fiscal_year,
        "total": to_jsonable(card.total),
        "grade": None if card.grade is None else card.grade.label,
        "grade_rule": None
        if card.grade is None or card.grade.rule is None
        else (card.grade.rule.cite()),
        "stated_total": to_jsonable(card.stated_total),
        "stated_grade": card.stated_grade,
        "total_method": card.total_method,
        "notes": list(card.notes),
        "warnings": list(warnings),
        "groups": [_group(g) for g in card.groups],
    }


def finding_doc(f: Finding) -> dict[str, Any]:
    """One finding, exactly the object of interface.md §3."""
    return {
        "path": f.path,
        "id": f.id,
        "code": f.code,
        "category": f.category.value,
        "severity": f.severity.value,
        "message": f.message,
        "location": None if f.location is None else f.location.items(),
        "evidence": dict(f.evidence),
        "rule": f.rule,
    }
