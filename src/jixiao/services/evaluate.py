"""Score and check files: extract, pick the rule set, run the engine and the checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.checks.engine import CheckRun, run_checks
from jixiao.checks.registry import ALL_CHECKS, BY_CODE
from jixiao.checks.spec import CheckSpec
from jixiao.model.blocks import Unreadable
from jixiao.model.evaluation import Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring.engine import score
from jixiao.services.extract import extract_path
from jixiao.services.rulesets import Selected, select


@dataclass(frozen=True)
class Checked:
    path: str
    evaluation: Evaluation
    selected: Selected
    run: CheckRun


@dataclass(frozen=True)
class Scored:
    path: str
    evaluation: Evaluation
    selected: Selected
    card: ScoreCard


def _selected(
    paths: Iterable[Path], ruleset: RuleSet | None
) -> Iterator[tuple[Path, Evaluation, Selected] | Unreadable]:
    """Each file extracted with its rule set (given, or inferred); a bad file as Unreadable."""
    for path in paths:
        extracted = extract_path(path)
        if isinstance(extracted, Unreadable):
            yield extracted
            continue
        ev = extracted.evaluation
        yield path, ev, select(ev, extracted.place, ruleset)


def score_paths(paths: Iterable[Path], ruleset: RuleSet | None = None) -> list[Scored | Unreadable]:
    """Every file scored by the given rule set or the inferred one; bad files are reported."""
    out: list[Scored | Unreadable] = []
    for item in _selected(paths, ruleset):
        if isinstance(item, Unreadable):
            out.append(item)
            continue
        path, ev, selected = item
        out.append(Scored(str(path), ev, selected, score(ev, selected.ruleset)))
    return out


def check_paths(
    paths: Iterable[Path],
    ruleset: RuleSet | None = None,
    checks: Sequence[CheckSpec] = ALL_CHECKS,
) -> list[Checked | Unreadable]:
    """Every file extracted, scored and checked; bad files are reported, the others go on."""
    out: list[Checked | Unreadable] = []
    for item in _selected(paths, ruleset):
        if isinstance(item, Unreadable):
            out.append(item)
            continue
        path, ev, selected = item
        run = run_checks(ev, selected.ruleset, checks, path=str(path))
        out.append(Checked(str(path), ev, selected, run))
    return out


def check_catalog() -> tuple[CheckSpec, ...]:
    """Every check (for `jixiao check --list` and docs/findings.md)."""
    return ALL_CHECKS


def find_check(code: str) -> CheckSpec | None:
    return BY_CODE.get(code.upper())
