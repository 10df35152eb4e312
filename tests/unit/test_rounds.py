"""A unit's state in a round, from hand-chosen dates (no clock)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.rounds import Phase, RoundState, round_state

OPENS = date(2025, 3, 1)
DUE = date(2025, 3, 31)


def test_submitted_three_days_after_the_due_date_is_late_by_three() -> None:
    # due 31 March, in on 3 April: 1, 2, 3 April → 3 days late, whatever today is
    s = round_state(DUE, date(2025, 4, 3), date(2025, 4, 10), OPENS)
    assert s == RoundState(Phase.LATE, days_late=3)
    assert s.label == "逾期提交3天"


def test_submitted_on_the_due_date_is_on_time() -> None:
    s = round_state(DUE, DUE, date(2025, 4, 10), OPENS)
    assert s.phase is Phase.ON_TIME and s.days_late == 0 and s.label == "按时提交"


def test_submitted_while_the_round_runs_is_just_submitted() -> None:
    assert round_state(DUE, date(2025, 3, 20), date(2025, 3, 25), OPENS).phase is Phase.SUBMITTED
    assert round_state(DUE, date(2025, 3, 20), DUE, OPENS).phase is Phase.SUBMITTED
    assert round_state(DUE, date(2025, 3, 20), date(2025, 4, 1), OPENS).phase is Phase.ON_TIME


def test_not_submitted() -> None:
    # before 1 March: not open; 1–31 March: open, with the days left; from 1 April: missing
    assert round_state(DUE, None, date(2025, 2, 28), OPENS).phase is Phase.NOT_OPEN
    open_ = round_state(DUE, None, date(2025, 3, 26), OPENS)
    assert open_ == RoundState(Phase.OPEN, days_left=5) and open_.label == "进行中（剩余5天）"
    assert round_state(DUE, None, DUE, OPENS).label == "进行中（今日截止）"
    # 10 April: 1 … 10 April → 10 days overdue
    missing = round_state(DUE, None, date(2025, 4, 10), OPENS)
    assert missing == RoundState(Phase.MISSING, days_late=10) and missing.label == "逾期未交10天"


def test_late_across_a_leap_day() -> None:
    # due 28 Feb 2024, in on 1 March 2024: 29 Feb and 1 March → 2 days
    assert round_state(date(2024, 2, 28), date(2024, 3, 1), date(2024, 3, 5)).days_late == 2


def test_late_ones_sort_first_longest_overdue_first() -> None:
    states = [
        RoundState(Phase.ON_TIME), RoundState(Phase.LATE, days_late=3),
        RoundState(Phase.OPEN, days_left=2), RoundState(Phase.MISSING, days_late=4),
        RoundState(Phase.MISSING, days_late=9), RoundState(Phase.SUBMITTED),
    ]  # fmt: skip
    ordered = sorted(states, key=RoundState.sort_key)
    assert [(s.phase, s.days_late) for s in ordered] == [
        (Phase.MISSING, 9), (Phase.MISSING, 4), (Phase.LATE, 3), (Phase.OPEN, 0),
        (Phase.SUBMITTED, 0), (Phase.ON_TIME, 0),
    ]  # fmt: skip


days = st.integers(min_value=-400, max_value=400)


@given(days, days)
def test_days_late_is_the_calendar_difference(sub: int, now: int) -> None:
    submitted, today = DUE + timedelta(days=sub), DUE + timedelta(days=now)
    s = round_state(DUE, submitted, today)
    assert s.phase.is_in
    assert s.days_late == max(0, sub)
    assert (s.phase is Phase.LATE) == (sub > 0)
    m = round_state(DUE, None, today)
    assert (m.phase is Phase.MISSING) == (now > 0)
    assert m.days_late == max(0, now)
