"""Score (and, later, check) files: extract, pick the rule set, run the engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jixiao.model.blocks import Unreadable
from jixiao.model.evaluation import Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring.engine import score
from jixiao.services.extract import extract_path
from jixiao.services.rulesets import Selected, select


@dataclass(frozen=True)
class Scored:
    path: str
    evaluation: Evaluation
    selected: Selected
    card: ScoreCard


def score_paths(paths: Iterable[Path], ruleset: RuleSet | None = None) -> list[Scored | Unreadable]:
    """Every file scored by the given rule set or the inferred one; bad files are reported."""
    out: list[Scored | Unreadable] = []
    for path in paths:
        extracted = extract_path(path)
        if isinstance(extracted, Unreadable):
            out.append(extracted)
            continue
        ev = extracted.evaluation
        selected = select(ev, extracted.place, ruleset)
        out.append(Scored(str(path), ev, selected, score(ev, selected.ruleset)))
    return out
