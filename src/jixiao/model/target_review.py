"""The finance bureau's review of a target table (绩效目标审核, rules.md R14): four criteria, each
rated 优/良/中/差, an overall result and its consequence for budgeting.

The suggested overall result is the **worst criterion**: a target table is only as good as its
weakest part (a complete and relevant target that cannot be carried out, or whose money does not
match it, must not enter the budget as 优). The reviewer may rate the whole **at most one tier
better** than that (say 良 where one criterion is 中 and the defect is fixed on the spot), never
more: a table with a 差 criterion is never approved.

>>> suggested_grade({Criterion.COMPLETENESS: Tier.EXCELLENT, Criterion.RELEVANCE: Tier.GOOD,
...                  Criterion.APPROPRIATENESS: Tier.EXCELLENT,
...                  Criterion.FEASIBILITY: Tier.EXCELLENT})
<Tier.GOOD: '良'>
>>> outcome(Tier.GOOD), outcome(Tier.FAIR)
(<Outcome.APPROVE: 'approve'>, <Outcome.RETURN: 'return'>)
>>> [t.value for t in allowed_grades([Tier.FAIR, Tier.EXCELLENT, Tier.GOOD, Tier.GOOD])]
['良', '中', '差']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Tier(StrEnum):
    """A rating, best first; the value is the Chinese label stored in the database."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def rank(self) -> int:
        """0 for 优 … 3 for 差."""
        return TIERS.index(self)

    @property
    def consequence(self) -> str:
        return CONSEQUENCES[self]


TIERS: Final[tuple[Tier, ...]] = (Tier.EXCELLENT, Tier.GOOD, Tier.FAIR, Tier.POOR)


class Criterion(StrEnum):
    """The four criteria of R14; the value is the column name of the stored review."""

    COMPLETENESS = "completeness"
    RELEVANCE = "relevance"
    APPROPRIATENESS = "appropriateness"
    FEASIBILITY = "feasibility"

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self]

    @property
    def question(self) -> str:
        return QUESTIONS[self]


CRITERIA: Final[tuple[Criterion, ...]] = tuple(Criterion)

CRITERION_LABELS: Final[dict[Criterion, str]] = {
    Criterion.COMPLETENESS: "完整性",
    Criterion.RELEVANCE: "相关性",
    Criterion.APPROPRIATENESS: "适当性",
    Criterion.FEASIBILITY: "可行性",
}

QUESTIONS: Final[dict[Criterion, str]] = {
    Criterion.COMPLETENESS: "绩效目标要素是否完整填列；绩效目标是否明确、清晰。",
    Criterion.RELEVANCE: (
        "绩效目标是否与部门职能、发展规划相符；是否设置了与目标相关、细化、量化的绩效指标。"
    ),
    Criterion.APPROPRIATENESS: (
        "资金与目标是否匹配：绩效目标与预算资金相比是否过高或过低，"
        "预算资金与绩效目标相比是否过多或过少。"
    ),
    Criterion.FEASIBILITY: (
        "绩效目标是否经过充分论证和合理测算；实现目标的措施是否切实可行；"
        "从成本效益看财政资金投入是否必要。"
    ),
}

CONSEQUENCES: Final[dict[Tier, str]] = {
    Tier.EXCELLENT: "直接进入下一步预算安排流程",
    Tier.GOOD: "由财政部门与预算部门直接修改完善后，进入下一步预算安排流程",
    Tier.FAIR: "退回预算部门修改完善绩效目标后重新提交审核",
    Tier.POOR: "不得进入下一步预算安排流程",
}


class Outcome(StrEnum):
    """What the review does to the target table's record."""

    APPROVE = "approve"  # 优 / 良: the table is approved and enters budgeting
    RETURN = "return"  # 中 / 差: back to the department


@dataclass(frozen=True)
class Rated:
    """One criterion's rating with the reviewer's comment on it."""

    criterion: Criterion
    tier: Tier
    comment: str = ""


def worst(tiers: Iterable[Tier]) -> Tier:
    """The lowest rating given (优 when none is given).

    >>> worst([Tier.GOOD, Tier.POOR, Tier.EXCELLENT])
    <Tier.POOR: '差'>
    """
    return max(tiers, key=lambda t: t.rank, default=Tier.EXCELLENT)


def suggested_grade(ratings: Mapping[Criterion, Tier] | Iterable[Tier]) -> Tier:
    """The overall result to propose: the worst criterion (module docstring).

    >>> suggested_grade([Tier.EXCELLENT] * 4)
    <Tier.EXCELLENT: '优'>
    >>> suggested_grade([Tier.EXCELLENT, Tier.EXCELLENT, Tier.EXCELLENT, Tier.POOR])
    <Tier.POOR: '差'>
    """
    values = ratings.values() if isinstance(ratings, Mapping) else ratings
    return worst(values)


def allowed_grades(ratings: Mapping[Criterion, Tier] | Iterable[Tier]) -> list[Tier]:
    """The overall results the reviewer may give: the suggestion, one tier better, or worse."""
    floor = suggested_grade(ratings).rank
    return [t for t in TIERS if t.rank >= floor - 1]


def outcome(grade: Tier) -> Outcome:
    """优 and 良 approve the table; 中 and 差 return it (R14 consequences)."""
    return Outcome.APPROVE if grade in (Tier.EXCELLENT, Tier.GOOD) else Outcome.RETURN


def missing(ratings: Mapping[Criterion, Tier]) -> list[Criterion]:
    """Criteria not rated yet, in R14's order."""
    return [c for c in CRITERIA if c not in ratings]


def review_comment(rated: Iterable[Rated], grade: Tier, comment: str) -> str:
    """The comment logged with the approval or the return: the result, each criterion's
    rating and comment, then the overall comment.

    >>> review_comment([Rated(Criterion.COMPLETENESS, Tier.FAIR, "缺少满意度指标")],
    ...                Tier.FAIR, "请补充后重报")
    '目标审核结果：中（退回预算部门修改完善绩效目标后重新提交审核）。完整性：中，缺少满意度指标。总体意见：请补充后重报'
    """
    parts = [f"目标审核结果：{grade.value}（{grade.consequence}）。"]
    for r in rated:
        text = r.comment.strip()
        parts.append(f"{r.criterion.label}：{r.tier.value}" + (f"，{text}。" if text else "。"))
    if comment.strip():
        parts.append(f"总体意见：{comment.strip()}")
    return "".join(parts)


def parse_tier(text: str | None) -> Tier | None:
    """A posted rating ("优" … "差"), or None for anything else.

    >>> parse_tier("良"), parse_tier("优秀")
    (<Tier.GOOD: '良'>, None)
    """
    try:
        return Tier((text or "").strip())
    except ValueError:
        return None
