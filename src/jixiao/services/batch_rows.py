"""What a batch writes per document: the row, its findings and a compact extract.

Everything here is plain data (dicts of strings, ints and ``None``) so that a result pickles
cheaply from a worker process or a Dask worker, and goes to JSON as it is.

**The row** (one per document, ``OUT``; the order of :data:`ROW_FIELDS`):

====================  ===================================================================
``path``              the file, as an absolute path (the key of a restart, with ``sha256``)
``sha256``            of the file's bytes (``null`` when the file could not be opened)
``format``            ``txt``, ``html``, ``docx``, ``pdf``, ``xlsx`` … (the file's suffix)
``doc_type``          interface.md §2 (``null`` when not recognised or unreadable)
``department``        ``region``, ``project``, ``fiscal_year``: as extracted
``ruleset``           the rule set inferred for the document
``stated_total``      the total score the document states (decimal string)
``stated_grade``      the grade it states
``recomputed_total``  the total re-scored by the rule set; ``recomputed_grade`` its band
``execution_rate_pct`` E = 全年执行数 ÷ 全年预算数 × 100 (checks.md §0), else the stated rate
``findings_total``    all findings; then one column per category (interface.md §3, closed
                      list) with its count; ``errors``, ``warnings``, ``infos`` by severity
``error``             why the file could not be read (one Chinese line), else ``null``
``seconds``           wall time of the worker on this file (not compared between runs)
====================  ===================================================================

**The findings** (``OUT.findings.jsonl``): the objects of interface.md §3, with ``sha256``
added (which version of the file they belong to).

**The extract** (``OUT.evaluations.jsonl``): what the cross-document analysis reads (path,
sha256, doc_type, department, region, year, project and its code, projects, indicator rows
with name/target/actual/values, goals, problems, grade counts, E) — about a fifth of the full
evaluation document, whose sections and locations it leaves out.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from jixiao.checks.engine import CheckRun
from jixiao.model.evaluation import Evaluation, Indicator, ProjectLine
from jixiao.model.findings import Category, Finding, Severity
from jixiao.model.numbers import fmt
from jixiao.writers.jsondoc import finding_doc

Row = dict[str, Any]

CATEGORIES: Final = tuple(c.value for c in Category)
SEVERITY_COLUMNS: Final = {Severity.ERROR: "errors", Severity.WARNING: "warnings",
                           Severity.INFO: "infos"}  # fmt: skip
ROW_FIELDS: Final = (
    "path", "sha256", "format", "doc_type", "department", "region", "project", "fiscal_year",
    "ruleset", "stated_total", "stated_grade", "recomputed_total", "recomputed_grade",
    "execution_rate_pct", "findings_total", *CATEGORIES, "errors", "warnings", "infos",
    "error", "seconds",
)  # fmt: skip
INT_FIELDS: Final = frozenset({"fiscal_year", "findings_total", *CATEGORIES, "errors",
                               "warnings", "infos"})  # fmt: skip
DECIMAL_FIELDS: Final = frozenset({"stated_total", "recomputed_total", "execution_rate_pct"})
FLOAT_FIELDS: Final = frozenset({"seconds"})
TIMING_FIELDS: Final = frozenset({"seconds"})
HUNDRED: Final = Decimal(100)
PCT: Final = Decimal("0.01")


def file_format(path: str) -> str:
    return Path(path).suffix.lower().lstrip(".") or "?"


def empty_row(path: str, sha256: str | None) -> Row:
    row: Row = dict.fromkeys(ROW_FIELDS)
    row.update(path=path, sha256=sha256, format=file_format(path), findings_total=0)
    row.update(dict.fromkeys((*CATEGORIES, *SEVERITY_COLUMNS.values()), 0))
    return row


def error_row(path: str, sha256: str | None, reason: str, seconds: float = 0.0) -> Row:
    """The row of a file that could not be read (or processed): the reason, one line."""
    row = empty_row(path, sha256)
    row.update(error=reason.replace("\n", " "), seconds=round(seconds, 4))
    return row


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def execution_rate(ev: Evaluation) -> Decimal | None:
    """E per checks.md §0: total 执行数 ÷ total 全年预算数; the stated rate when not computable."""
    budget, spent = ev.budget_total_wan, ev.executed_total_wan
    if budget is not None and spent is not None and budget > 0:
        return (spent / budget * HUNDRED).quantize(PCT)
    return ev.execution_rate_pct


def document_row(path: str, sha256: str, ev: Evaluation, run: CheckRun, seconds: float) -> Row:
    """The row of a document that was read, scored and checked."""
    row = empty_row(path, sha256)
    card = run.card
    row.update(
        doc_type=None if ev.doc_type is None else ev.doc_type.value,
        department=ev.department, region=ev.region, project=ev.project,
        fiscal_year=ev.fiscal_year, ruleset=run.ruleset,
        stated_total=_dec(ev.stated_total_score if ev.stated_total_score is not None
                          else card.stated_total),
        stated_grade=ev.stated_grade if ev.stated_grade is not None else card.stated_grade,
        recomputed_total=_dec(card.total),
        recomputed_grade=None if card.grade is None else card.grade.label,
        execution_rate_pct=_dec(execution_rate(ev)),
        findings_total=len(run.findings), seconds=round(seconds, 4),
    )  # fmt: skip
    categories = Counter(f.category.value for f in run.findings)
    severities = Counter(SEVERITY_COLUMNS[f.severity] for f in run.findings)
    row.update(categories)
    row.update(severities)
    return row


def finding_line(f: Finding, sha256: str) -> dict[str, Any]:
    """A finding of interface.md §3, with the file version it belongs to."""
    doc = finding_doc(f)
    doc["sha256"] = sha256
    return doc


def _indicator(ind: Indicator) -> dict[str, Any]:
    t, a = ind.target_parsed, ind.actual_parsed
    return {
        "group": ind.group, "level1": ind.level1, "level2": ind.level2, "name": ind.level3,
        "target": ind.target, "actual": ind.actual, "unit": ind.effective_unit,
        "direction": None if ind.direction is None else ind.direction.value,
        "target_value": _dec(t.value), "actual_value": _dec(a.value),
        "actual_unit": a.unit, "weight": _dec(ind.weight), "score": _dec(ind.score),
    }  # fmt: skip


def _project(p: ProjectLine) -> dict[str, Any]:
    return {
        "code": p.code, "name": p.name, "score": _dec(p.score), "grade": p.grade,
        "budget_wan": _dec(p.budget_wan), "executed_wan": _dec(p.executed_wan),
        "goal": p.goal, "achieved": p.achieved,
    }  # fmt: skip


def evaluation_extract(path: str, sha256: str, ev: Evaluation) -> dict[str, Any]:
    """The compact extract the cross-document analysis reads (see the module docstring)."""
    targets = ev.targets
    return {
        "path": path, "sha256": sha256,
        "doc_type": None if ev.doc_type is None else ev.doc_type.value,
        "department": ev.department, "supervisor": ev.supervisor, "region": ev.region,
        "fiscal_year": ev.fiscal_year, "project": ev.project,
        "stated_total": _dec(ev.stated_total_score), "stated_grade": ev.stated_grade,
        "execution_rate_pct": _dec(execution_rate(ev)),
        "goal": None if targets is None else targets.planned,
        "achieved": None if targets is None else targets.achieved,
        "problems": list(ev.problems),
        "grade_counts": ev.grade_counts,
        "projects": [_project(p) for p in ev.projects],
        "indicators": [_indicator(i) for i in ev.indicators],
    }  # fmt: skip


def comparable(row: Row) -> Row:
    """The row without its timing fields (two runs of one corpus compare equal on this)."""
    return {k: v for k, v in row.items() if k not in TIMING_FIELDS}
