"""Outliers among peers (checks.md §11): documents of one region and fiscal year compared.

- ``TARGET_PEER_OUTLIER``: a target value far from its peers' for the same indicator (by
  normalised name and unit), one value per document;
- ``EXEC_PEER_OUTLIER``: the execution rate E; ``SCORE_PEER_OUTLIER``: the self-score;
- ``TOP_GRADE_SHARE_HIGH``: a department's share of top-grade (优/优秀) projects against its
  peers' shares.

Far = a modified z-score (0.6745 × (x − median) ÷ MAD) beyond ±3.5, among at least five
documents, and a real difference besides: 5 points of score, 10 points of E, half the median
for a target (peers that all sit within a point of each other make any small step an
"outlier" by z alone). When the MAD is zero no outlier is told. Each finding names the
peers' median and the peer documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from statistics import median
from typing import Final

from jixiao.analysis.common import (
    TOP_GRADES,
    Doc,
    IndicatorFact,
    fmt_dec,
    make_finding,
    modified_z,
    norm,
    paths_text,
)
from jixiao.model.findings import Category, Finding, Severity

Z_LIMIT: Final = Decimal("3.5")
MIN_PEERS: Final = 5
SHARE_FLOOR: Final = Decimal("0.9")  # a top-grade share worth a look at all
SHARE_MARGIN: Final = Decimal("0.2")  # above the peers' median by at least this
MIN_GRADED: Final = 5  # projects graded, for a share to mean something

Group = tuple[str, int]  # (region, fiscal year)


def peer_groups(docs: Iterable[Doc]) -> dict[Group, list[Doc]]:
    groups: dict[Group, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.readable and d.region is not None and d.year is not None:
            groups[d.region, d.year].append(d)
    return groups


def _outliers(
    values: list[tuple[Doc, Decimal]], min_diff: Decimal | None = None
) -> list[tuple[Doc, Decimal, Decimal, list[Doc]]]:
    """(doc, value, z, peers) for each outlier among ``values``; ``min_diff`` from the median
    at least (default: half the median's size)."""
    if len(values) < MIN_PEERS:
        return []
    zs = modified_z([v for _, v in values])
    if zs is None:
        return []
    med = median([v for _, v in values])
    floor = min_diff if min_diff is not None else abs(med) / 2
    out = []
    for (doc, value), z in zip(values, zs, strict=True):
        if abs(z) > Z_LIMIT and abs(value - med) >= floor:
            out.append((doc, value, z, [d for d, _ in values if d is not doc]))
    return out


def _evidence(
    value: Decimal, z: Decimal, med: Decimal, peers: list[Doc], group: Group
) -> dict[str, str]:
    return {"value": fmt_dec(value), "peer_median": fmt_dec(med), "z": fmt_dec(z, "0.1"),
            "region": group[0], "year": str(group[1]), "peers": str(len(peers)),
            "documents": paths_text(p.path for p in peers)}  # fmt: skip


Metric = Callable[[Doc], Decimal | None]
DOC_METRICS: Final[tuple[tuple[str, Category, str, str, Metric, Decimal], ...]] = (
    ("EXEC_PEER_OUTLIER", Category.EXECUTION, "预算执行率", "%", lambda d: d.execution,
     Decimal(10)),
    ("SCORE_PEER_OUTLIER", Category.GRADE, "自评得分", "分", lambda d: d.stated, Decimal(5)),
)  # fmt: skip


def document_outliers(groups: dict[Group, list[Doc]]) -> list[Finding]:
    out = []
    for group, docs in sorted(groups.items()):
        for code, category, label, unit, metric, min_diff in DOC_METRICS:
            values = [(d, v) for d in docs if (v := metric(d)) is not None]
            med = median([v for _, v in values]) if values else Decimal(0)
            for doc, value, z, peers in _outliers(values, min_diff):
                side = "高于" if z > 0 else "低于"
                message = (f"{label}{fmt_dec(value)}{unit}远{side}{group[0]}{group[1]}年同类"
                           f"{len(peers)}份文件的中位数{fmt_dec(med)}{unit}")  # fmt: skip
                evidence = _evidence(value, z, med, peers, group)
                out.append(make_finding(code, category, Severity.INFO, doc, message, evidence,
                                        "batch"))  # fmt: skip
    return out


def _first_target(facts: Iterable[IndicatorFact]) -> dict[tuple[str, str, str], Decimal]:
    """(path, indicator, unit) → the document's first target value for it."""
    out: dict[tuple[str, str, str], Decimal] = {}
    for f in facts:
        if f.target_value is not None:
            out.setdefault((f.path, f.key, norm(f.unit)), f.target_value)
    return out


def target_outliers(groups: dict[Group, list[Doc]], facts: list[IndicatorFact]) -> list[Finding]:
    by_doc = _first_target(facts)
    group_of = {d.path: g for g, docs in groups.items() for d in docs}
    docs = {d.path: d for ds in groups.values() for d in ds}
    series: dict[tuple[Group, str, str], list[tuple[Doc, Decimal]]] = defaultdict(list)
    for (path, key, unit), value in by_doc.items():
        if path in group_of:
            series[group_of[path], key, unit].append((docs[path], value))
    names = {(f.path, f.key): f.name for f in facts}
    out = []
    for (group, key, unit), values in sorted(series.items(), key=lambda kv: kv[0]):
        med = median([v for _, v in values]) if values else Decimal(0)
        for doc, value, z, peers in _outliers(values):
            name = names[doc.path, key]
            message = (
                f"指标“{name}”的目标值{fmt_dec(value)}{unit}与{group[0]}{group[1]}年同一指标的"
                f"{len(peers)}份文件相差悬殊（中位数{fmt_dec(med)}{unit}）"
            )
            evidence = {"indicator": name, "unit": unit, **_evidence(value, z, med, peers, group)}
            out.append(make_finding("TARGET_PEER_OUTLIER", Category.INDICATOR_QUALITY,
                                    Severity.INFO, doc, message, evidence, "batch"))  # fmt: skip
    return out


def top_grade_share(doc: Doc) -> tuple[int, int] | None:
    """(top-grade projects, graded projects) from the grade counts or the project list."""
    counts = doc.extract.get("grade_counts")
    if isinstance(counts, dict) and counts:
        total = sum(v for v in counts.values() if isinstance(v, int))
        top = sum(v for k, v in counts.items() if k in TOP_GRADES and isinstance(v, int))
    else:
        grades = [p.get("grade") for p in doc.extract.get("projects") or [] if p.get("grade")]
        total, top = len(grades), sum(1 for g in grades if g in TOP_GRADES)
    return (top, total) if total >= MIN_GRADED else None


def share_findings(groups: dict[Group, list[Doc]]) -> list[Finding]:
    out = []
    for group, docs in sorted(groups.items()):
        shares = [(d, s) for d in docs if (s := top_grade_share(d)) is not None]
        for doc, (top, total) in shares:
            share = Decimal(top) / Decimal(total)
            peers = [(d, Decimal(t) / Decimal(n)) for d, (t, n) in shares if d is not doc]
            if share < SHARE_FLOOR or len(peers) < MIN_PEERS - 1:
                continue
            med = median([s for _, s in peers])
            if share - med < SHARE_MARGIN:
                continue
            pct, peer_pct = fmt_dec(share * 100, "0.1"), fmt_dec(med * 100, "0.1")
            message = (
                f"{top}/{total}个项目评为优秀（{pct}%），同地区同年度{len(peers)}个单位的"
                f"中位数为{peer_pct}%"
            )
            evidence = {"top": str(top), "graded": str(total), "share": fmt_dec(share, "0.001"),
                        "peer_median": fmt_dec(med, "0.001"), "region": group[0],
                        "year": str(group[1]), "peers": str(len(peers)),
                        "documents": paths_text(d.path for d, _ in peers)}  # fmt: skip
            out.append(make_finding("TOP_GRADE_SHARE_HIGH", Category.GRADE, Severity.INFO, doc,
                                    message, evidence, "batch"))  # fmt: skip
    return out
