"""What a check is: a small pure function from :class:`CheckInput` to :class:`Hit`s, and the
record the ``@check`` decorator makes of it (code, category, severity, title, rule, defaults).

The engine turns hits into findings, so a check cannot get its own code or severity wrong.
Thresholds a rule set may move are declared here as defaults and overridden by the rule set's
``checks.yaml`` (design.md §5.1):

    @check("SCORE_FULL_BELOW_TARGET", Category.SCORE_RULE, Severity.ERROR,
           title="未达到目标却得满分", rule="R3")
    def full_marks_below_target(inp: CheckInput) -> Iterator[Hit]: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import RuleRef


def evidence_text(value: Any) -> str:
    """Evidence values are strings: decimals without exponent, lists joined by "、"."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, list | tuple):
        return "、".join(evidence_text(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Hit:
    """One thing a check found: the Chinese message, the place, and the numbers that prove it."""

    message: str
    location: Location | None
    evidence: Mapping[str, str] = field(default_factory=dict)
    rule: RuleRef | None = None  # the exact rule that gave a number, where a score line has one


def hit(
    message: str, location: Location | None, rule: RuleRef | None = None, **evidence: Any
) -> Hit:
    """A :class:`Hit` with its evidence turned into text."""
    return Hit(message, location, {k: evidence_text(v) for k, v in evidence.items()}, rule)


CheckFunc = Callable[["CheckInput"], Iterator[Hit]]


@dataclass(frozen=True)
class CheckSpec:
    code: str
    category: Category
    severity: Severity
    title: str  # Chinese, one line: what is wrong
    rule: str  # a rules.md id ("R3", "R5.2") or "arithmetic"
    why: str  # Chinese: what the check computes and the rule behind it (`--explain`, docs)
    func: CheckFunc
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def run(self, inp: CheckInput) -> Iterator[Hit]:
        return self.func(inp)


def check(
    code: str,
    category: Category,
    severity: Severity,
    *,
    title: str,
    rule: str,
    why: str,
    **defaults: Any,
) -> Callable[[CheckFunc], CheckSpec]:
    """Declare a check. ``title`` and ``why`` are Chinese (what is wrong; how it is computed
    and on which rule). Further keyword arguments are its thresholds' defaults, which a rule
    set's ``checks.yaml`` may override (Decimal for numbers)."""

    def make(func: CheckFunc) -> CheckSpec:
        return CheckSpec(code, category, severity, title, rule, why, func, dict(defaults))

    return make


# CheckInput lives in its own module (it carries the facts checks share); imported here last so
# check modules need only `from jixiao.checks.spec import ...`.
from jixiao.checks.inputs import CheckInput  # noqa: E402

__all__ = ["CheckFunc", "CheckInput", "CheckSpec", "Hit", "check", "evidence_text", "hit"]
