"""The review queue (checks.md §11): documents ranked by a visible weighted count.

points = 3 × errors + 1 × warnings + 0.25 × infos, over the document's own findings and the
cross-document findings attached to it, plus 1 per score-inflation flag. Every entry shows the
counts behind its points and its most frequent codes; ties go by path. Unreadable files are
not ranked (they are listed apart).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from jixiao.analysis.common import Doc
from jixiao.analysis.inflation import InflationFlag
from jixiao.model.findings import Finding, Severity
from jixiao.model.risk import WEIGHTS

FLAG_WEIGHT: Final = Decimal(1)
TOP_CODES: Final = 3


@dataclass(frozen=True)
class RiskEntry:
    rank: int
    path: str
    department: str | None
    region: str | None
    year: int | None
    points: Decimal
    errors: int
    warnings: int
    infos: int
    cross_findings: int
    inflation_flags: int
    top_codes: str  # "CODE×n、CODE×n"


def _points(errors: int, warnings: int, infos: int, flags: int) -> Decimal:
    return (WEIGHTS[Severity.ERROR] * errors + WEIGHTS[Severity.WARNING] * warnings
            + WEIGHTS[Severity.INFO] * infos + FLAG_WEIGHT * flags)  # fmt: skip


def review_queue(
    docs: Iterable[Doc],
    cross: Iterable[Finding],
    flags: Iterable[InflationFlag],
    codes: Mapping[str, Counter[str]],
) -> list[RiskEntry]:
    """``codes``: path → the codes of the document's own findings, with their counts."""
    cross_by: dict[str, list[Finding]] = {}
    for f in cross:
        cross_by.setdefault(f.path or "", []).append(f)
    flags_by = Counter(f.path for f in flags)
    entries = []
    for d in docs:
        if not d.readable:
            continue
        own = cross_by.get(d.path, [])
        sev = Counter(f.severity for f in own)
        errors = d.count("errors") + sev[Severity.ERROR]
        warnings = d.count("warnings") + sev[Severity.WARNING]
        infos = d.count("infos") + sev[Severity.INFO]
        all_codes = Counter(codes.get(d.path, Counter())) + Counter(f.code for f in own)
        top = "、".join(f"{c}×{n}" for c, n in all_codes.most_common(TOP_CODES))
        points = _points(errors, warnings, infos, flags_by[d.path])
        entries.append((points, d, errors, warnings, infos, len(own), flags_by[d.path], top))
    entries.sort(key=lambda e: (-e[0], e[1].path))
    return [
        RiskEntry(i, d.path, d.department, d.region, d.year, p, e, w, n, c, fl, top)
        for i, (p, d, e, w, n, c, fl, top) in enumerate(entries, start=1)
    ]
