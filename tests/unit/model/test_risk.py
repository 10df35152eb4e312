"""The review queue's points and reasons for stored records (model.risk)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D  # noqa: N817 - short in tables of figures

from jixiao.model.findings import Severity
from jixiao.model.risk import patterns, reasons, risk_points


def test_inflated_self_score_with_low_execution_gets_both_patterns() -> None:
    # seed 003 style: stated 99 vs 93.01 recomputed (5.99 ≥ 3 above); execution 57.9 % < 80
    # with a self-score ≥ 90
    assert patterns(D("99"), D("93.01"), D("57.9"), full_marks=False) == (
        "SELF_ABOVE_COMPUTED",
        "HIGH_SELF_LOW_EXEC",
    )


def test_near_misses_get_no_pattern() -> None:
    # 2.99 above the recomputed total is under the 3-point threshold; 89.99 is not "high";
    # execution of exactly 80 % is not "low"
    assert patterns(D("95.99"), D("93.00"), D("80"), full_marks=False) == ()
    assert patterns(D("89.99"), D("89.99"), D("10"), full_marks=False) == ()
    assert patterns(None, D("90"), None, full_marks=True) == ("ALL_FULL_MARKS",)


def test_points_weigh_findings_and_patterns() -> None:
    # 2 errors × 3 + 1 warning × 1 + 2 infos × 0.25 = 7.5, + SELF_ABOVE_COMPUTED 3
    # + ALL_FULL_MARKS 2 = 12.5
    sev = [Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.INFO]
    assert risk_points(sev, ("SELF_ABOVE_COMPUTED", "ALL_FULL_MARKS")) == D("12.5")
    assert risk_points([], ()) == D(0)


def test_reasons_read_as_sentences_most_serious_first() -> None:
    got = reasons(
        ("SELF_ABOVE_COMPUTED", "HIGH_SELF_LOW_EXEC"),
        Counter({Severity.ERROR: 2, Severity.WARNING: 1}),
        ["GRADE_NE_COMPUTED×1"],
        D("99.00"), D("93.01"), D("57.90"),  # as the record's columns keep them
    )  # fmt: skip
    assert got == [
        "自评99分，按规则复算93.01分，高出5.99分",
        "自评99分，而预算执行率仅57.9%",
        "2个错误（GRADE_NE_COMPUTED×1）",
        "1个警告",
    ]
