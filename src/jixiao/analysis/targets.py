"""Targets over the years (checks.md §11): set below last year's actual, never moving, met
exactly every year.

The same indicator of the same project is followed across fiscal years: the project by its
code, else by department and project name; the indicator by its normalised name. A year's
target may come from its 绩效目标表 and its actual from its 自评表; each finding is attached
to the newest document and names the older ones.

Decisions beyond checks.md: targets below last year's actual and targets that never move are
looked for on quantities only (people, 亩, 公里 …), not on rates in %, which are capped and
conventionally kept (及时率 ≥95 %); "below" means at or below an actual that beat its own
target last year (strictly below when last year's target is unknown); a target with "=" that
is met exactly every year is what "=" asks for, so it does not count as landing on target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from jixiao.analysis.common import Doc, IndicatorFact, make_finding, norm, paths_text
from jixiao.model.findings import Category, Finding, Severity

RISING: Final = frozenset({">=", ">"})
RUN: Final = 3  # years running
HUNDRED: Final = Decimal(100)


@dataclass
class YearFacts:
    target: IndicatorFact | None = None
    actual: IndicatorFact | None = None


Series = dict[int, YearFacts]


def series(facts: Iterable[IndicatorFact]) -> dict[tuple[str, str], Series]:
    """(project, indicator) → year → the row giving the target and the row giving the actual."""
    out: dict[tuple[str, str], Series] = defaultdict(dict)
    for f in facts:
        year = out[f.project, f.key].setdefault(f.year, YearFacts())
        if f.target_value is not None and year.target is None:
            year.target = f
        if f.actual_value is not None and year.actual is None:
            year.actual = f
    return out


def _same_unit(target: IndicatorFact, actual: IndicatorFact) -> bool:
    a_unit = actual.actual_unit or actual.unit
    return a_unit is None or target.unit is None or norm(a_unit) == norm(target.unit)


def _quantity(f: IndicatorFact) -> bool:
    return f.direction in RISING and f.unit != "%" and f.actual_unit != "%"


def _below_last(t: IndicatorFact, last: IndicatorFact) -> bool:
    if not _quantity(t) or t.target_value is None or last.actual_value is None:
        return False
    if not _same_unit(t, last):
        return False
    if last.target_value is None:
        return t.target_value < last.actual_value
    return last.actual_value > last.target_value and t.target_value <= last.actual_value


def below_last_actual(all_series: dict[tuple[str, str], Series],
                      docs: dict[str, Doc]) -> list[Finding]:  # fmt: skip
    out = []
    for years in all_series.values():
        for year, facts in sorted(years.items()):
            last = years.get(year - 1)
            t = facts.target
            if t is None or last is None or last.actual is None or not _below_last(t, last.actual):
                continue
            a = last.actual
            message = (f"指标“{t.name}”{year}年目标{t.target}不高于{year - 1}年实际完成"
                       f"{a.actual}：目标定得偏低")  # fmt: skip
            evidence = {"indicator": t.name, "project": t.project, "target": t.target or "",
                        "last_actual": a.actual or "", "last_year": str(year - 1),
                        "documents": a.path}  # fmt: skip
            out.append(make_finding("TARGET_BELOW_LAST_ACTUAL", Category.INDICATOR_QUALITY,
                                    Severity.WARNING, docs[t.path], message, evidence,
                                    "R3, R14"))  # fmt: skip
    return out


Step = Callable[[YearFacts, YearFacts | None], bool]


def _runs(years: Series, step: Step) -> list[list[int]]:
    """Maximal runs of consecutive years, each year passing ``step(facts, previous in the
    run)``, at least RUN long."""
    runs: list[list[int]] = []
    current: list[int] = []
    for year in sorted(years):
        previous = years[current[-1]] if current and current[-1] == year - 1 else None
        if previous is not None and step(years[year], previous):
            current.append(year)
            continue
        if len(current) >= RUN:
            runs.append(current)
        current = [year] if step(years[year], None) else []
    if len(current) >= RUN:
        runs.append(current)
    return runs


def _exceeds_unchanged(facts: YearFacts, previous: YearFacts | None) -> bool:
    a = facts.actual
    if a is None or a.target_value is None or a.actual_value is None:
        return False
    if not _quantity(a) or a.actual_value <= a.target_value:
        return False
    return previous is None or (
        previous.actual is not None and previous.actual.target_value == a.target_value
    )


def _exact(facts: YearFacts, previous: YearFacts | None) -> bool:
    a = facts.actual
    if a is None or a.actual_value is None or a.direction == "=":
        return False
    on_target = a.target_value is not None and a.actual_value == a.target_value
    return on_target or (a.actual_unit == "%" and a.actual_value == HUNDRED)


def _run_finding(years: Series, run: list[int], code: str, docs: dict[str, Doc]) -> Finding:
    rows = [years[y].actual for y in run]
    facts = [r for r in rows if r is not None]
    newest = facts[-1]
    targets = "、".join(f"{f.year}:{f.target}" for f in facts)
    actuals = "、".join(f"{f.year}:{f.actual}" for f in facts)
    evidence = {"indicator": newest.name, "project": newest.project, "years": f"{run[0]}–{run[-1]}",
                "targets": targets, "actuals": actuals,
                "documents": paths_text(f.path for f in facts[:-1])}  # fmt: skip
    if code == "TARGET_UNCHANGED_YEARS":
        message = (f"指标“{newest.name}”连续{len(run)}年目标均为{newest.target}，实际每年都超过"
                   f"目标（{actuals}）：目标未随实际调整")  # fmt: skip
        return make_finding(code, Category.INDICATOR_QUALITY, Severity.INFO, docs[newest.path],
                            message, evidence, "R14")  # fmt: skip
    message = f"指标“{newest.name}”连续{len(run)}年实际完成恰好等于目标或100%（{actuals}）"
    return make_finding(code, Category.SCORE_RULE, Severity.INFO, docs[newest.path], message,
                        evidence, "batch")  # fmt: skip


def year_runs(all_series: dict[tuple[str, str], Series], docs: dict[str, Doc]) -> list[Finding]:
    out = []
    for years in all_series.values():
        for run in _runs(years, _exceeds_unchanged):
            out.append(_run_finding(years, run, "TARGET_UNCHANGED_YEARS", docs))
        for run in _runs(years, _exact):
            out.append(_run_finding(years, run, "RESULT_EXACT_EVERY_YEAR", docs))
    return out


def target_findings(facts: Iterable[IndicatorFact], docs: dict[str, Doc]) -> list[Finding]:
    all_series = series(facts)
    return below_last_actual(all_series, docs) + year_runs(all_series, docs)
