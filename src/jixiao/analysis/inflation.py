"""Score inflation: self-scores against the execution rate and against the findings.

Per document three flags, each a plain rule with its numbers:

- ``above_rules``: the stated total exceeds the rule set's recomputation by ≥ 3 points;
- ``high_low_execution``: stated ≥ 90 while E < 80 %;
- ``high_with_errors``: stated ≥ 90 while the checks found ≥ 3 error-level problems.

Per department and per region: the documents, the mean stated and recomputed totals, the
mean gap, the mean E, the error findings per document and the flagged documents (paths).
Over the whole batch: the correlation of the self-score with E and with the error count (a
self-score that does not move with either says little).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from statistics import StatisticsError, correlation, fmean
from typing import Final

from jixiao.analysis.common import Doc

GAP: Final = Decimal(3)
HIGH: Final = Decimal(90)
LOW_E: Final = Decimal(80)
MANY_ERRORS: Final = 3
MIN_PAIRS: Final = 3
FLAG_LABELS: Final = {
    "above_rules": "自评分比按规则复算高3分以上",
    "high_low_execution": "自评90分以上而预算执行率低于80%",
    "high_with_errors": "自评90分以上而检查发现3个以上错误",
}


@dataclass(frozen=True)
class InflationFlag:
    path: str
    kind: str  # a key of FLAG_LABELS
    stated: Decimal
    recomputed: Decimal | None
    execution: Decimal | None
    errors: int


@dataclass(frozen=True)
class InflationRow:
    group: str
    docs: int
    mean_stated: Decimal | None
    mean_recomputed: Decimal | None
    mean_gap: Decimal | None
    mean_execution: Decimal | None
    errors_per_doc: Decimal
    flagged: tuple[str, ...]  # paths of documents with any flag


def flags_of(doc: Doc) -> list[InflationFlag]:
    stated, recomputed, e = doc.stated, doc.recomputed, doc.execution
    if stated is None:
        return []
    errors = doc.count("errors")
    kinds = []
    if recomputed is not None and stated - recomputed >= GAP:
        kinds.append("above_rules")
    if stated >= HIGH and e is not None and e < LOW_E:
        kinds.append("high_low_execution")
    if stated >= HIGH and errors >= MANY_ERRORS:
        kinds.append("high_with_errors")
    return [InflationFlag(doc.path, k, stated, recomputed, e, errors) for k in kinds]


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None


def _row(group: str, docs: list[Doc], flagged: set[str]) -> InflationRow:
    stated = [s for d in docs if (s := d.stated) is not None]
    recomputed = [r for d in docs if (r := d.recomputed) is not None]
    gaps = [s - r for d in docs if (s := d.stated) is not None and (r := d.recomputed) is not None]
    execution = [e for d in docs if (e := d.execution) is not None]
    errors = Decimal(sum(d.count("errors") for d in docs)) / len(docs)
    return InflationRow(
        group, len(docs), _mean(stated), _mean(recomputed), _mean(gaps), _mean(execution),
        errors.quantize(Decimal("0.01")), tuple(sorted(d.path for d in docs if d.path in flagged)),
    )  # fmt: skip


def inflation_table(docs: Iterable[Doc], key: Callable[[Doc], str | None],
                    flagged: set[str]) -> list[InflationRow]:  # fmt: skip
    """One row per group (department or region), the largest mean gap first."""
    groups: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        name = key(d)
        if d.readable and name:
            groups[name].append(d)
    rows = [_row(name, ds, flagged) for name, ds in groups.items()]
    return sorted(rows, key=lambda r: (-(r.mean_gap or Decimal(-999)), -r.docs, r.group))


def correlations(docs: Iterable[Doc]) -> dict[str, float | None]:
    """Pearson r of the self-score with E and with the error count (None: too few or flat)."""
    docs = list(docs)  # read twice
    pairs_e = [(float(s), float(e)) for d in docs if (s := d.stated) is not None
               and (e := d.execution) is not None]  # fmt: skip
    pairs_err = [(float(s), float(d.count("errors"))) for d in docs
                 if (s := d.stated) is not None]  # fmt: skip
    return {"score_vs_execution": _r(pairs_e), "score_vs_errors": _r(pairs_err)}


def _r(pairs: list[tuple[float, float]]) -> float | None:
    if len(pairs) < MIN_PAIRS:
        return None
    try:
        return round(correlation([a for a, _ in pairs], [b for _, b in pairs]), 3)
    except StatisticsError:
        return None


def mean_or_none(values: list[float]) -> float | None:
    return fmean(values) if values else None
