"""Cross-document analysis of a batch (checks.md §11, `jixiao analyze`): pure, no I/O.

Input: the batch rows, the per-document extracts and the per-document findings, as JSON
objects (services/batch_rows.py); output: an :class:`Analysis` — cross-document findings in the
format of interface.md §3 (each attached to the newer or the outlying document, naming the
documents behind it in ``evidence.documents``), score-inflation tables by department and
region, and the review queue. Layering: this package imports the standard library and
``jixiao.model`` only; services/analyze.py reads the files and writes the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from jixiao.analysis.common import Doc, indicator_facts, join_docs
from jixiao.analysis.inflation import (
    InflationFlag,
    InflationRow,
    correlations,
    flags_of,
    inflation_table,
)
from jixiao.analysis.peers import document_outliers, peer_groups, share_findings, target_outliers
from jixiao.analysis.reuse import row_findings, text_findings
from jixiao.analysis.risk import RiskEntry, review_queue
from jixiao.analysis.targets import target_findings
from jixiao.model.findings import Category, Finding

__all__ = ["LEFT_OUT", "Analysis", "InflationFlag", "InflationRow", "RiskEntry", "analyze"]

LEFT_OUT: Final = (
    ("TARGET_NOT_CARRIED_FORWARD", "需把自评表与批复的绩效目标表按项目编码逐行配对；批量结果中"
     "两者的项目编码常缺失，配对不可靠，留待网页端按已审核的目标表核对"),
    ("REPORT_VS_PROJECT_TABLES", "需同一年度的部门报告与各项目自评表成套报送；批量文件无法确认"
     "是否成套"),
    ("SCORE_VS_REVIEW", "需财政复核得分，文件本身不含"),
    ("FULL_MARKS_NO_EVIDENCE", "需佐证材料附件，仅网页端可知"),
)  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    documents: int
    unreadable: tuple[tuple[str, str], ...]  # path, reason
    findings: tuple[Finding, ...]  # cross-document, by code then path
    by_department: tuple[InflationRow, ...]
    by_region: tuple[InflationRow, ...]
    flags: tuple[InflationFlag, ...]
    correlations: Mapping[str, float | None]
    risk: tuple[RiskEntry, ...]
    categories: Mapping[str, int]  # the documents' own findings per category
    cross_codes: Mapping[str, int]  # cross-document findings per code


def _codes(findings: Iterable[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for f in findings:
        out.setdefault(f["path"], Counter())[f["code"]] += 1
    return out


def _cross(docs: list[Doc]) -> list[Finding]:
    readable = [d for d in docs if d.readable]
    by_path = {d.path: d for d in readable}
    facts = [f for d in readable for f in indicator_facts(d)]
    groups = peer_groups(readable)
    found = (
        target_findings(facts, by_path) + text_findings(readable) + row_findings(facts, by_path)
        + document_outliers(groups) + target_outliers(groups, facts) + share_findings(groups)
    )  # fmt: skip
    return sorted(found, key=lambda f: (f.code, f.path or "", f.id))


def analyze(
    rows: Iterable[Mapping[str, Any]],
    extracts: Iterable[Mapping[str, Any]],
    findings: Iterable[Mapping[str, Any]] = (),
) -> Analysis:
    """Every cross-document analysis over one batch (the last row of each path)."""
    docs = join_docs(rows, extracts)
    cross = _cross(docs)
    flags = [f for d in docs if d.readable for f in flags_of(d)]
    flagged = {f.path for f in flags}
    categories = Counter({c.value: sum(d.count(c.value) for d in docs) for c in Category})
    return Analysis(
        documents=len(docs),
        unreadable=tuple((d.path, str(d.row.get("error"))) for d in docs if not d.readable),
        findings=tuple(cross),
        by_department=tuple(inflation_table(docs, lambda d: d.department, flagged)),
        by_region=tuple(inflation_table(docs, lambda d: d.region, flagged)),
        flags=tuple(flags),
        correlations=correlations(d for d in docs if d.readable),
        risk=tuple(review_queue(docs, cross, flags, _codes(findings))),
        categories=dict(categories),
        cross_codes=dict(Counter(f.code for f in cross)),
    )
