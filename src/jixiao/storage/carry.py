"""The self-evaluation carried forward from an approved target table (rules.md R1.4): made once
per target table by the unit's filler, linked to it through ``Record.target``.

The form itself is built by :mod:`jixiao.services.carry` (pure); this module checks the rights
and the target's state and keeps the link in the same transaction as the new record.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jixiao.model.workflow import Role, Status
from jixiao.storage import records, routing
from jixiao.storage.models import AuditEntry, Record
from jixiao.storage.selectors import membership, role_of

CARRIABLE = (Status.APPROVED.value, Status.PUBLISHED.value)


def carried_of(target: Record) -> Record | None:
    """The self-evaluation already made from ``target`` (the first, should there be several)."""
    return Record.objects.filter(target_id=target.pk).order_by("id").first()


def can_carry(user: Any, target: Record) -> bool:
    """The unit's filler (or an administrator), on an approved or published target table."""
    if target.doc_type != records.TARGET_DOC_TYPE or target.status not in CARRIABLE:
        return False
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    m = membership(user)
    return role is Role.FILLER and m is not None and m.unit_id == target.unit_id


def refusal(target: Record) -> str:
    if target.doc_type != records.TARGET_DOC_TYPE:
        return f"“{target.title}”不是绩效目标表"
    if target.status not in CARRIABLE:
        return f"“{target.title}”当前为{target.state.label}，批复（审核通过）后才能生成年度自评表"
    return f"只有“{target.unit.name}”的填报人可以生成年度自评表"


def carry_to_self_eval(
    user: Any, target: Record, document: dict[str, Any], summary: records.Summary
) -> tuple[Record, bool]:
    """The self-evaluation of ``target``: the one already made, or a new record holding
    ``document`` linked to the target. Returns (record, created)."""
    if not can_carry(user, target):
        raise records.NotAllowedError(refusal(target))
    with transaction.atomic(using=routing.alias()):
        locked = Record.objects.select_for_update().get(pk=target.pk)  # one carry at a time
        if locked.status not in CARRIABLE:
            raise records.NotAllowedError(refusal(locked))
        existing = carried_of(locked)
        if existing is not None:
            return existing, False
        made = records.create_record(user, locked.unit, document, summary)
        Record.objects.filter(pk=made.pk).update(target=locked)
        AuditEntry.objects.filter(record_id=made.pk, action="create").update(
            comment=f"由已批复的绩效目标“{locked.title}”生成（R1.4）"
        )
        made.target = locked
    return made, True
