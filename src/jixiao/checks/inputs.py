"""What every check reads: the evaluation, its score card, the rule set in force, the check's
own settings, and facts several checks share (computed once per document, on first use)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from jixiao.model.evaluation import Evaluation, Fund, Indicator
from jixiao.model.numbers import HUNDRED
from jixiao.model.scorecard import LineKind, ScoreCard, ScoreLine
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import Band
from jixiao.scoring.execution import document_rate
from jixiao.scoring.params import ScoringParams


class Facts:
    """Facts of one document that several checks need; each computed once, when first asked."""

    def __init__(self, ev: Evaluation, card: ScoreCard, params: ScoringParams) -> None:
        self.ev, self.card, self.params = ev, card, params

    @cached_property
    def execution(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """E (checks.md §0): (executed, budget, rate %) of the whole document; ``None`` when the
        document gives no amounts or a zero budget."""
        found = document_rate(self.ev, self.params)
        if found is None or found[1] <= 0:
            return None
        executed, budget = found
        return executed, budget, executed / budget * HUNDRED

    @cached_property
    def lines_by_position(self) -> dict[int, ScoreLine]:
        """The score line of each indicator row, by its position in ``indicators``."""
        return {line.position: line for line in self.card.lines if line.kind is LineKind.INDICATOR}

    def line_of(self, position: int) -> ScoreLine | None:
        return self.lines_by_position.get(position)

    @cached_property
    def total_fund(self) -> Fund | None:
        """The money block's total row of a single form (level 0, else the first row)."""
        funds = [f for f in self.ev.funds if f.group is None]
        return next((f for f in funds if f.level == 0), funds[0] if funds else None)

    @cached_property
    def text(self) -> str:
        """The narrative: sections, goals and results, problems, one block per line."""
        ev = self.ev
        parts = [f"{s.heading}\n{s.text}" for s in ev.sections]
        if ev.targets is not None:
            parts += [ev.targets.planned or "", ev.targets.achieved or ""]
        parts += list(ev.problems)
        return "\n".join(p for p in parts if p)

    @property
    def bands(self) -> tuple[Band, ...]:
        return self.params.grade_bands

    @property
    def top_band(self) -> Band:
        return self.params.grade_bands[0]


@dataclass(frozen=True)
class CheckInput:
    """One check's view of one document. ``settings`` are the check's own thresholds."""

    evaluation: Evaluation
    card: ScoreCard
    ruleset: RuleSet
    params: ScoringParams
    facts: Facts
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ev(self) -> Evaluation:
        return self.evaluation

    def setting(self, name: str) -> Any:
        """A threshold of this check: the rule set's value, else the check's default."""
        return self.settings[name]

    def indicators(self) -> list[tuple[int, Indicator, ScoreLine | None]]:
        """Each indicator row with its position and its score line."""
        return [(i, ind, self.facts.line_of(i)) for i, ind in enumerate(self.evaluation.indicators)]
