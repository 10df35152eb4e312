"""A unit's state in a round with a due date (填报轮次): pure dates in, no clock.

- not submitted: 未开始 before the round opens, 进行中 up to and including the due date,
  逾期未交 after it (days late = today − due date);
- submitted: 已提交 while the round still runs (today ≤ due date; the bureau may still return it),
  then 按时提交 when it came in on or before the due date, 逾期提交 when after (days late =
  submission date − due date).

>>> from datetime import date
>>> s = round_state(date(2025, 3, 31), date(2025, 4, 3), date(2025, 4, 10))
>>> s.phase.label, s.days_late
('逾期提交', 3)
>>> round_state(date(2025, 3, 31), None, date(2025, 4, 1)).label
'逾期未交1天'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final


class Phase(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    SUBMITTED = "submitted"
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    @property
    def is_late(self) -> bool:
        return self in (Phase.LATE, Phase.MISSING)

    @property
    def is_in(self) -> bool:
        return self in (Phase.SUBMITTED, Phase.ON_TIME, Phase.LATE)


PHASE_LABELS: Final[dict[Phase, str]] = {
    Phase.NOT_OPEN: "未开始",
    Phase.OPEN: "进行中",
    Phase.SUBMITTED: "已提交",
    Phase.ON_TIME: "按时提交",
    Phase.LATE: "逾期提交",
    Phase.MISSING: "逾期未交",
}

# the bureau's list: what needs chasing first
URGENCY: Final[dict[Phase, int]] = {
    Phase.MISSING: 0,
    Phase.LATE: 1,
    Phase.OPEN: 2,
    Phase.NOT_OPEN: 3,
    Phase.SUBMITTED: 4,
    Phase.ON_TIME: 5,
}


@dataclass(frozen=True)
class RoundState:
    phase: Phase
    days_late: int = 0  # 逾期提交 / 逾期未交: calendar days past the due date
    days_left: int | None = None  # 进行中 / 未开始: days until the due date (0 = due today)

    @property
    def label(self) -> str:
        """ "逾期提交3天", "进行中（剩余5天）", "按时提交" …"""
        if self.phase.is_late:
            return f"{self.phase.label}{self.days_late}天"
        if self.phase is Phase.OPEN and self.days_left is not None:
            if self.days_left == 0:
                return "进行中（今日截止）"
            return f"进行中（剩余{self.days_left}天）"
        return self.phase.label

    def sort_key(self) -> tuple[int, int]:
        """Late ones first, the longest overdue first."""
        return (URGENCY[self.phase], -self.days_late)


def round_state(
    due_on: date, submitted_on: date | None, today: date, opens_on: date | None = None
) -> RoundState:
    """The state of one unit in a round (module docstring).

    >>> d = date(2025, 3, 31)
    >>> [round_state(d, None, t, date(2025, 3, 1)).phase.label
    ...  for t in (date(2025, 2, 28), date(2025, 3, 1), d, date(2025, 4, 1))]
    ['未开始', '进行中', '进行中', '逾期未交']
    >>> [round_state(d, s, date(2025, 5, 1)).phase.label for s in (date(2025, 3, 20), d)]
    ['按时提交', '按时提交']
    >>> round_state(d, date(2025, 3, 20), date(2025, 3, 25)).phase.label
    '已提交'
    """
    if submitted_on is not None:
        late = (submitted_on - due_on).days
        if late > 0:
            return RoundState(Phase.LATE, days_late=late)
        return RoundState(Phase.SUBMITTED if today <= due_on else Phase.ON_TIME)
    left = (due_on - today).days
    if opens_on is not None and today < opens_on:
        return RoundState(Phase.NOT_OPEN, days_left=left)
    if left >= 0:
        return RoundState(Phase.OPEN, days_left=left)
    return RoundState(Phase.MISSING, days_late=-left)
