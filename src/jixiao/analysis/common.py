"""The documents of a batch as the analyses read them, and the helpers they share.

A :class:`Doc` joins a batch row (services/batch_rows.py) with its extract (the third file of
a batch); an :class:`IndicatorFact` is one indicator row of one project in one year. Values
come in as JSON (decimal strings); nothing here reads files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from statistics import median
from typing import Any, Final

from jixiao.model.findings import Category, Finding, Severity
from jixiao.model.numbers import fmt
from jixiao.model.text import compact

MAD_SCALE: Final = Decimal("0.6745")  # modified z-score (Iglewicz and Hoaglin)
TOP_GRADES: Final = frozenset({"优", "优秀"})


def dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        return None
    return out if out.is_finite() else None


def norm(text: str | None) -> str:
    """Text for comparison (checks.md §0): half-width, no list prefix, spaces or punctuation."""
    return compact(text) if text else ""


@dataclass(frozen=True)
class IndicatorFact:
    path: str
    year: int
    project: str  # the project key (code, else department and name)
    name: str  # as written
    key: str  # normalised name
    target: str | None
    actual: str | None
    direction: str | None
    target_value: Decimal | None
    actual_value: Decimal | None
    unit: str | None
    actual_unit: str | None


@dataclass(frozen=True)
class Doc:
    path: str
    sha256: str | None
    row: Mapping[str, Any]
    extract: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        value = self.row.get(key)
        return self.extract.get(key) if value is None else value

    @property
    def year(self) -> int | None:
        year = self.get("fiscal_year")
        return year if isinstance(year, int) else None

    @property
    def department(self) -> str | None:
        value = self.get("department")
        return value if isinstance(value, str) and value else None

    @property
    def region(self) -> str | None:
        value = self.get("region")
        return value if isinstance(value, str) and value else None

    @property
    def stated(self) -> Decimal | None:
        return dec(self.row.get("stated_total"))

    @property
    def recomputed(self) -> Decimal | None:
        return dec(self.row.get("recomputed_total"))

    @property
    def execution(self) -> Decimal | None:
        return dec(self.row.get("execution_rate_pct"))

    def count(self, column: str) -> int:
        value = self.row.get(column)
        return value if isinstance(value, int) else 0

    @property
    def readable(self) -> bool:
        return self.row.get("error") is None

    def label(self) -> str:
        parts = [self.department or "（单位不详）", str(self.year or "年度不详")]
        return " ".join(parts)


def join_docs(rows: Iterable[Mapping[str, Any]],
              extracts: Iterable[Mapping[str, Any]]) -> list[Doc]:  # fmt: skip
    """The last row of each path, with the extract of the same file version."""
    latest: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        latest[row["path"]] = row
    by_key = {(e["path"], e.get("sha256")): e for e in extracts}
    out = []
    for path in sorted(latest):
        row = latest[path]
        extract = by_key.get((path, row.get("sha256")), {})
        out.append(Doc(path, row.get("sha256"), row, extract))
    return out


def project_key(doc: Doc, group: int | None) -> str:
    """Which project a row belongs to, across years: its code, else department + name."""
    projects = doc.extract.get("projects") or []
    if group is not None and 0 <= group < len(projects):
        p = projects[group]
        if p.get("code"):
            return f"code:{norm(p['code'])}"
        return f"name:{norm(doc.department)}|{norm(p.get('name'))}"
    return f"name:{norm(doc.department)}|{norm(doc.get('project'))}"


def indicator_facts(doc: Doc) -> list[IndicatorFact]:
    year = doc.year
    if year is None:
        return []
    out = []
    for ind in doc.extract.get("indicators") or []:
        name = ind.get("name") or ""
        key = norm(name)
        if not key:
            continue
        out.append(IndicatorFact(
            doc.path, year, project_key(doc, ind.get("group")), name, key,
            ind.get("target"), ind.get("actual"), ind.get("direction"),
            dec(ind.get("target_value")), dec(ind.get("actual_value")),
            ind.get("unit"), ind.get("actual_unit"),
        ))  # fmt: skip
    return out


def modified_z(values: list[Decimal]) -> list[Decimal] | None:
    """Median/MAD z-scores; ``None`` when the spread is zero (no outlier can be told)."""
    med = median(values)
    mad = median([abs(v - med) for v in values])
    if mad == 0:
        return None
    return [MAD_SCALE * (v - med) / mad for v in values]


def fmt_dec(value: Decimal | None, places: str = "0.01") -> str:
    """Rounded to ``places``, as plain text ("" for none)."""
    return "" if value is None else fmt(value.quantize(Decimal(places)))


def paths_text(paths: Iterable[str]) -> str:
    return "；".join(sorted(set(paths)))


def make_finding(code: str, category: Category, severity: Severity, doc: Doc, message: str,
                 evidence: dict[str, str], rule: str) -> Finding:  # fmt: skip
    """A cross-document finding (interface.md §3) attached to ``doc``, with a stable id."""
    key = json.dumps([code, doc.path, {k: v for k, v in evidence.items() if k != "z"}],
                     ensure_ascii=False, sort_keys=True)  # fmt: skip
    ruleset = doc.row.get("ruleset")
    return Finding(
        id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], code=code, category=category,
        severity=severity, message=message, evidence=evidence,
        rule=f"{ruleset} {rule}" if ruleset and rule.startswith("R") else rule, path=doc.path,
    )  # fmt: skip
