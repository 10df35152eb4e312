"""The life of a self-evaluation record: states, roles and the transitions allowed between them.

Pure data and two small functions, shared by storage (which applies a transition and logs it)
and the web (which offers only the buttons a user may press).

>>> allowed(Status.DRAFT, Action.SUBMIT, Role.FILLER)
True
>>> allowed(Status.SUBMITTED, Action.APPROVE, Role.FILLER)
False
>>> transition(Status.SUBMITTED, Action.RETURN)
<Status.RETURNED: 'returned'>
>>> [a.value for a in actions(Status.APPROVED, Role.REVIEWER)]
['return', 'publish']
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def editable(self) -> bool:
        """Only a draft or a returned record can be changed; the others must be returned first."""
        return self in (Status.DRAFT, Status.RETURNED)


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "已提交",
    Status.RETURNED: "已退回",
    Status.APPROVED: "已审核",
    Status.PUBLISHED: "已公开",
}


class Role(StrEnum):
    FILLER = "filler"  # 填报人: a unit's staff
    REVIEWER = "reviewer"  # 审核人: the finance bureau
    AUDITOR = "auditor"  # 只读: auditors, researchers
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Final[dict[Role, str]] = {
    Role.FILLER: "填报人",
    Role.REVIEWER: "审核人",
    Role.AUDITOR: "只读",
    Role.ADMIN: "管理员",
}


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Final[dict[Action, str]] = {
    Action.SUBMIT: "提交",
    Action.RETURN: "退回",
    Action.APPROVE: "审核通过",
    Action.PUBLISH: "公开",
}

# (from, action) → (to, roles that may do it). Anything not listed is refused.
TRANSITIONS: Final[dict[tuple[Status, Action], tuple[Status, frozenset[Role]]]] = {
    (Status.DRAFT, Action.SUBMIT): (Status.SUBMITTED, frozenset({Role.FILLER, Role.ADMIN})),
    (Status.RETURNED, Action.SUBMIT): (Status.SUBMITTED, frozenset({Role.FILLER, Role.ADMIN})),
    (Status.SUBMITTED, Action.RETURN): (Status.RETURNED, frozenset({Role.REVIEWER, Role.ADMIN})),
    (Status.SUBMITTED, Action.APPROVE): (Status.APPROVED, frozenset({Role.REVIEWER, Role.ADMIN})),
    (Status.APPROVED, Action.RETURN): (Status.RETURNED, frozenset({Role.REVIEWER, Role.ADMIN})),
    (Status.APPROVED, Action.PUBLISH): (Status.PUBLISHED, frozenset({Role.REVIEWER, Role.ADMIN})),
    (Status.PUBLISHED, Action.RETURN): (Status.RETURNED, frozenset({Role.REVIEWER, Role.ADMIN})),
}

# A return always needs a comment: the unit must know what to fix.
NEEDS_COMMENT: Final = frozenset({Action.RETURN})


def allowed(status: Status, action: Action, role: Role) -> bool:
    entry = TRANSITIONS.get((status, action))
    return entry is not None and role in entry[1]


def transition(status: Status, action: Action) -> Status:
    """The state after ``action``; raises KeyError for a transition the table does not have
    (callers check :func:`allowed` first)."""
    return TRANSITIONS[(status, action)][0]


def actions(status: Status, role: Role) -> list[Action]:
    """What ``role`` may do to a record in ``status``, in the table's order."""
    return [a for (s, a), (_, roles) in TRANSITIONS.items() if s is status and role in roles]
