"""Run the enabled checks over one document: settings from the rule set, each check isolated,
hits turned into findings with stable ids, sorted and de-duplicated.

A check that raises is a programmer error: it becomes a :class:`CheckCrash` (never a lost run
and never a finding, whose categories are a closed list); the CLI prints crashes to stderr and
the test suite fails on any.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from jixiao.checks.inputs import CheckInput, Facts
from jixiao.checks.spec import CheckSpec, Hit
from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import Finding, Severity
from jixiao.model.scorecard import ScoreCard
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import CheckSettings
from jixiao.scoring.engine import score
from jixiao.scoring.params import params_for

# evidence keys that describe the finding rather than identify it (a re-score may move them)
_VOLATILE: Final = frozenset({"expected", "recomputed", "explanation"})


@dataclass(frozen=True)
class CheckCrash:
    code: str
    traceback: str


@dataclass(frozen=True)
class CheckRun:
    """The findings of one document, the checks that crashed, and the rule set used."""

    findings: tuple[Finding, ...]
    crashes: tuple[CheckCrash, ...]
    card: ScoreCard
    ruleset: str

    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def finding_id(code: str, hit: Hit) -> str:
    """Stable for the same finding in the same document: code, place and the evidence that
    identifies it (so a reviewer's verdict survives a re-run)."""
    where = {} if hit.location is None else hit.location.items()
    key = {k: v for k, v in hit.evidence.items() if k not in _VOLATILE}
    text = json.dumps([code, where, key], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def settings_for(spec: CheckSpec, rs: RuleSet, fiscal_year: int | None) -> dict[str, Any]:
    """The check's defaults overridden by the rule set's ``checks.<CODE>`` value."""
    merged: dict[str, Any] = {"enabled": True, **spec.defaults}
    found = rs.lookup(f"checks.{spec.code}", fiscal_year)
    if found is not None and isinstance(found.value, CheckSettings):
        merged.update(found.value.model_dump())
    return merged


def _finding(spec: CheckSpec, hit: Hit, rs: RuleSet, path: str | None) -> Finding:
    if hit.rule is not None:
        rule = hit.rule.cite()
    elif spec.rule == "arithmetic":
        rule = "arithmetic"
    else:
        rule = f"{rs.name} {spec.rule}"
    return Finding(
        id=finding_id(spec.code, hit),
        code=spec.code,
        category=spec.category,
        severity=spec.severity,
        message=hit.message,
        location=hit.location,
        evidence=dict(hit.evidence),
        rule=rule,
        path=path,
    )


def _order(f: Finding) -> tuple[int, str, str]:
    where = json.dumps(f.location.items() if f.location else {}, sort_keys=True)
    return (-f.severity.rank, f.code, where)


def run_checks(
    ev: Evaluation,
    rs: RuleSet,
    checks: Iterable[CheckSpec],
    card: ScoreCard | None = None,
    path: str | None = None,
) -> CheckRun:
    """Every enabled check on one document. Pure: never raises on a bad document."""
    card = card if card is not None else score(ev, rs)
    params = params_for(rs, ev.fiscal_year)
    facts = Facts(ev, card, params)
    findings: dict[str, Finding] = {}
    crashes: list[CheckCrash] = []
    for spec in checks:
        settings: Mapping[str, Any] = settings_for(spec, rs, ev.fiscal_year)
        if not settings.get("enabled", True):
            continue
        inp = CheckInput(ev, card, rs, params, facts, settings)
        try:
            hits = list(spec.run(inp))
        except Exception:  # noqa: BLE001 - one broken check never loses the others' findings
            crashes.append(CheckCrash(spec.code, traceback.format_exc()))
            continue
        for h in hits:
            f = _finding(spec, h, rs, path)
            findings.setdefault(f.id, f)
    ordered = tuple(sorted(findings.values(), key=_order))
    return CheckRun(ordered, tuple(crashes), card, rs.name)
