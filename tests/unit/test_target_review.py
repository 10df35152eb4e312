"""The target review of rules.md R14: four criteria, four tiers, the suggested overall result
(the worst criterion), how far the reviewer may rate above it (one tier), and the outcome."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.target_review import (
    CONSEQUENCES,
    CRITERIA,
    QUESTIONS,
    TIERS,
    Criterion,
    Outcome,
    Rated,
    Tier,
    allowed_grades,
    missing,
    outcome,
    parse_tier,
    review_comment,
    suggested_grade,
)

C, R, A, F = CRITERIA
EX, GOOD, FAIR, POOR = TIERS


def test_the_four_criteria_and_their_questions() -> None:
    assert [c.label for c in CRITERIA] == ["完整性", "相关性", "适当性", "可行性"]
    assert "明确" in QUESTIONS[Criterion.COMPLETENESS]
    assert "部门职能" in QUESTIONS[Criterion.RELEVANCE]
    assert "过高或过低" in QUESTIONS[Criterion.APPROPRIATENESS]  # money vs target
    assert "成本效益" in QUESTIONS[Criterion.FEASIBILITY]


def test_consequences_follow_r14() -> None:
    assert "直接进入" in CONSEQUENCES[EX]
    assert "直接修改完善" in CONSEQUENCES[GOOD]
    assert "重新提交" in CONSEQUENCES[FAIR]
    assert "不得进入" in CONSEQUENCES[POOR]


def test_outcome_approves_good_and_excellent_only() -> None:
    assert [outcome(t) for t in TIERS] == [
        Outcome.APPROVE, Outcome.APPROVE, Outcome.RETURN, Outcome.RETURN,
    ]  # fmt: skip


def test_suggested_grade_is_the_worst_criterion() -> None:
    # 优 优 优 优 → 优; 优 良 优 优 → 良; one 差 among 优 → 差
    assert suggested_grade({C: EX, R: EX, A: EX, F: EX}) is EX
    assert suggested_grade({C: EX, R: GOOD, A: EX, F: EX}) is GOOD
    assert suggested_grade({C: EX, R: EX, A: EX, F: POOR}) is POOR
    assert suggested_grade({C: GOOD, R: FAIR, A: GOOD, F: GOOD}) is FAIR


def test_reviewer_may_rate_one_tier_above_the_worst_never_more() -> None:
    # worst 中: 良 allowed (fixed on the spot), 优 not
    assert allowed_grades({C: EX, R: FAIR, A: EX, F: EX}) == [GOOD, FAIR, POOR]
    # worst 差: at best 中, so a table with a 差 criterion is never approved
    assert allowed_grades({C: POOR, R: EX, A: EX, F: EX}) == [FAIR, POOR]
    assert allowed_grades({C: EX, R: EX, A: EX, F: EX}) == list(TIERS)


@given(st.lists(st.sampled_from(TIERS), min_size=4, max_size=4))
def test_suggestion_is_a_given_rating_and_none_is_worse(tiers: list[Tier]) -> None:
    s = suggested_grade(tiers)
    assert s in tiers and all(t.rank <= s.rank for t in tiers)
    allowed = allowed_grades(tiers)
    assert s in allowed and all(t.rank >= s.rank - 1 for t in allowed)
    if any(t is POOR for t in tiers):
        assert all(outcome(g) is Outcome.RETURN for g in allowed)


def test_missing_criteria_in_r14_order() -> None:
    assert missing({R: EX}) == [C, A, F]
    assert missing({C: EX, R: EX, A: EX, F: EX}) == []


def test_review_comment_names_every_criterion_and_its_comment() -> None:
    rated = [Rated(C, GOOD, ""), Rated(R, FAIR, "指标未细化"), Rated(A, GOOD), Rated(F, GOOD)]
    text = review_comment(rated, FAIR, " 请细化后重报 ")
    assert text.startswith("目标审核结果：中（退回预算部门修改完善绩效目标后重新提交审核）。")
    assert "完整性：良。相关性：中，指标未细化。适当性：良。可行性：良。" in text
    assert text.endswith("总体意见：请细化后重报")


def test_parse_tier_accepts_only_the_four_labels() -> None:
    assert [parse_tier(x) for x in ("优", " 差 ")] == [EX, POOR]
    assert [parse_tier(x) for x in ("", None, "A", "优秀")] == [None] * 4
