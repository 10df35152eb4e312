"""Every write: create a record, save an edited document, apply a workflow transition, keep an
upload. Each write checks the user's rights, the record's state and its version, and leaves an
audit entry in the same transaction; a refused or failed write changes nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jixiao.model.findings import Finding, Severity
from jixiao.model.risk import risk_points
from jixiao.model.workflow import NEEDS_COMMENT, Action, Role, Status, allowed, transition
from jixiao.storage import routing
from jixiao.storage.models import (
    AuditEntry,
    FindingVerdict,
    Record,
    RecordDocument,
    RecordFinding,
    TargetReview,
    Unit,
    Upload,
)
from jixiao.storage.selectors import membership, role_of, scope_ids


class RecordError(Exception):
    """A write that was refused; ``str()`` is the Chinese message for the user."""


class NotAllowedError(RecordError):
    pass


class StaleVersionError(RecordError):
    pass


@dataclass(frozen=True)
class Summary:
    """The indexed columns of a record, computed by the caller (services.assess)."""

    title: str
    fiscal_year: int | None
    doc_type: str
    score: Decimal | None
    stated_score: Decimal | None
    grade: str
    stated_grade: str
    execution_rate: Decimal | None
    errors: int
    warnings: int
    ruleset: str
    findings: tuple[Finding, ...] = ()  # kept as rows for the review queue and dashboards
    flags: tuple[str, ...] = ()  # risk patterns (model.risk)


def _columns(s: Summary) -> dict[str, Any]:
    return {
        "title": s.title[:300],
        "fiscal_year": s.fiscal_year,
        "doc_type": s.doc_type,
        "score": _fit(s.score, 5),
        "stated_score": _fit(s.stated_score, 5),
        "grade": s.grade[:10],
        "stated_grade": s.stated_grade[:10],
        "execution_rate": _fit(s.execution_rate, 7),
        "errors": s.errors,
        "warnings": s.warnings,
        "ruleset": s.ruleset[:100],
        "flags": ",".join(s.flags)[:200],
    }


def _fit(value: Decimal | None, digits: int) -> Decimal | None:
    """A column value, or None where a document states something the column cannot hold (the
    document itself keeps the value as written)."""
    if value is None or abs(value) >= Decimal(10) ** digits:
        return None
    return value.quantize(Decimal("0.01"))


def can_create(user: Any, unit: Unit) -> bool:
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    m = membership(user)
    return role is Role.FILLER and m is not None and m.unit_id == unit.pk


def can_edit(user: Any, record: Record) -> bool:
    return record.state.editable and can_create(user, record.unit)


def can_act(user: Any, record: Record, action: Action) -> bool:
    role = role_of(user)
    if role is None or not allowed(record.state, action, role):
        return False
    if role is Role.FILLER:
        return can_create(user, record.unit)
    if role is Role.ADMIN:
        return True
    return in_bureau(user, record)  # a reviewer: only the units under their own bureau


def in_bureau(user: Any, record: Record) -> bool:
    """The record's unit is under the user's own unit (a bureau's, walked once per request)."""
    m = membership(user)
    return m is not None and record.unit_id in scope_ids(m)


def actor(user: Any) -> Any:
    """The user to keep as the author of a write; None for an anonymous or system one."""
    return user if getattr(user, "is_authenticated", False) else None


def create_record(
    user: Any, unit: Unit, document: dict[str, Any], summary: Summary, upload: Upload | None = None
) -> Record:
    if not can_create(user, unit):
        raise NotAllowedError(f"无权为“{unit.name}”填报")
    with transaction.atomic(using=routing.alias()):
        record = Record.objects.create(
            unit=unit, upload=upload, created_by=user, **_columns(summary)
        )
        RecordDocument.objects.create(record=record, document=document)
        keep_findings(record, summary.findings)
        log(record, user, "create", None, None, "上传文件" if upload else "新建")
    return record


def keep_findings(record: Record, findings: tuple[Finding, ...]) -> None:
    """Replace the record's stored findings with those of its last save, and its risk."""
    RecordFinding.objects.filter(record_id=record.pk).delete()
    seen: set[str] = set()
    rows = []
    for f in findings:
        if f.id in seen:
            continue
        seen.add(f.id)
        rows.append(RecordFinding(
            record_id=record.pk, fid=f.id, code=f.code[:60], category=f.category.value,
            severity=f.severity.value, message=f.message,
            place="" if f.location is None else f.location.describe()[:200],
            fiscal_year=record.fiscal_year, unit_id=record.unit_id,
        ))  # fmt: skip
    RecordFinding.objects.bulk_create(rows)
    refresh_risk(record)


def refresh_risk(record: Record) -> Decimal:
    """The record's queue points from its findings not marked 误报, and its patterns."""
    dismissed = FindingVerdict.objects.filter(
        record_id=record.pk, verdict=FindingVerdict.Verdict.FALSE_POSITIVE
    ).values_list("fid", flat=True)
    standing = RecordFinding.objects.filter(record_id=record.pk).exclude(fid__in=dismissed)
    severities = [Severity(s) for s in standing.values_list("severity", flat=True)]
    flags = [f for f in Record.objects.get(pk=record.pk).flags.split(",") if f]
    points = _fit(risk_points(severities, flags), 6) or Decimal(0)
    Record.objects.filter(pk=record.pk).update(risk=points)
    record.risk = points
    return points


def save_document(
    user: Any, record: Record, document: dict[str, Any], summary: Summary, expected_version: int
) -> Record:
    """Store an edited document. Refused when the record is not editable by this user, or when
    someone else saved since ``expected_version`` was read (never overwritten silently)."""
    if not can_edit(user, record):
        raise NotAllowedError(f"“{record.title}”当前为{record.state.label}，不能修改")
    with transaction.atomic(using=routing.alias()):
        current = (
            Record.objects.select_for_update(of=("self",)).select_related("doc").get(pk=record.pk)
        )
        if current.version != expected_version:
            raise StaleVersionError(
                f"“{record.title}”已被他人修改（当前第{current.version}版，您编辑的是第"
                f"{expected_version}版）；请刷新后重新修改"
            )
        before, after = diff(current.document, document)
        updated = Record.objects.filter(pk=record.pk, version=expected_version).update(
            version=expected_version + 1, updated_at=timezone.now(), **_columns(summary),
        )  # fmt: skip
        if updated != 1:
            raise StaleVersionError(f"“{record.title}”已被他人修改；请刷新后重新修改")
        RecordDocument.objects.filter(record_id=record.pk).update(document=document)
        current = Record.objects.select_related("doc").get(pk=record.pk)
        keep_findings(current, summary.findings)  # with the year and unit as saved
        log(current, user, "edit", before, after, "")
    return current


def apply_action(
    user: Any, record: Record, action: Action, comment: str, expected_version: int
) -> Record:
    comment = comment.strip()
    if not can_act(user, record, action):
        raise NotAllowedError(f"“{record.title}”当前为{record.state.label}，不能{action.label}")
    if action in NEEDS_COMMENT and not comment:
        raise RecordError(f"{action.label}须填写意见，告诉填报单位要改什么")
    with transaction.atomic(using=routing.alias()):
        current = Record.objects.select_for_update().get(pk=record.pk)
        if current.version != expected_version or current.status != record.status:
            raise StaleVersionError(f"“{record.title}”已被他人修改或处理；请刷新后再操作")
        if action is Action.APPROVE and current.doc_type == TARGET_DOC_TYPE:
            _require_target_review(current)
        new = transition(current.state, action)
        fields: dict[str, Any] = {"status": new.value, "version": current.version + 1}
        if new is Status.PUBLISHED:
            fields["published_at"] = timezone.now()
        Record.objects.filter(pk=current.pk).update(updated_at=timezone.now(), **fields)
        current.refresh_from_db()
        log(current, user, action.value, {"status": record.status}, {"status": new.value},
             comment)  # fmt: skip
    return current


TARGET_DOC_TYPE = "target_table"
PASSING_TARGET_GRADES = ("优", "良")  # rules.md R14: 优 and 良 enter budgeting; 中 and 差 do not


def _require_target_review(record: Record) -> None:
    """A target table is approved only with the bureau's R14 review of this version, rated
    优 or 良 (:mod:`jixiao.storage.target_review` records it in the same transaction)."""
    review = TargetReview.objects.filter(record_id=record.pk).order_by("-at", "-id").first()
    if review is None or review.record_version != record.version:
        raise RecordError(f"“{record.title}”须先完成目标审核（完整性、相关性、适当性、可行性）")
    if review.grade not in PASSING_TARGET_GRADES:
        raise RecordError(f"“{record.title}”目标审核结果为{review.grade}，不能通过，请退回修改")


def log(
    record: Record, user: Any, action: str, before: Any, after: Any, comment: str
) -> AuditEntry:
    """An audit entry for ``record`` at its current version (every write of every area)."""
    return AuditEntry.objects.create(
        record=record, user=actor(user), action=action, version=record.version,
        before=before, after=after, comment=comment,
    )  # fmt: skip


def diff(before: Any, after: Any, path: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """The leaves that changed, by JSON path: ``({"indicators[3].actual": "4604"}, {…: "4754"})``.

    >>> diff({"a": [1, {"b": "x"}]}, {"a": [1, {"b": "y"}], "c": 2})
    ({'a[1].b': 'x', 'c': None}, {'a[1].b': 'y', 'c': 2})
    """
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            o, n = diff(before.get(key), after.get(key), f"{path}.{key}" if path else str(key))
            old.update(o)
            new.update(n)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            o, n = diff(b, a, f"{path}[{i}]")
            old.update(o)
            new.update(n)
    elif before != after:
        old[path or "$"] = before
        new[path or "$"] = after
    return old, new


def store_upload(
    user: Any, unit: Unit, original_name: str, data: bytes, file_format: str
) -> Upload:
    """Keep an uploaded file under a generated name in the upload folder (outside the web
    root); the user's file name is only ever stored as text."""
    if not can_create(user, unit):
        raise NotAllowedError(f"无权为“{unit.name}”上传")
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stored = uuid.uuid4().hex
    target = folder / stored
    tmp = folder / f".{stored}.tmp"
    tmp.write_bytes(data)
    tmp.replace(target)
    return Upload.objects.create(
        unit=unit, original_name=original_name[:255], stored_name=stored,
        file_format=file_format, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor(user),
    )  # fmt: skip


def upload_path(upload: Upload) -> Path:
    return Path(settings.UPLOAD_DIR) / upload.stored_name
