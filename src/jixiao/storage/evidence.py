"""佐证材料: files attached to a record's indicator rows.

A unit's filler attaches files while the record is theirs to change (草稿 or 已退回; a submitted
record is frozen for its review, like its document). Files are accepted by their content, never
by their name: PDF, JPEG and PNG images, Word (.docx) and Excel (.xlsx), within the upload limit.
Everyone who may see the record sees its files; anyone else is told there is no such file.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any, Final

from django.db import transaction
from django.db.models import QuerySet

from jixiao.storage import routing
from jixiao.storage.models import Evidence, Record
from jixiao.storage.records import NotAllowedError, RecordError, can_edit, log, store_upload
from jixiao.storage.selectors import NotFoundError, visible_records

KINDS: Final = {
    "pdf": "PDF",
    "jpg": "JPEG 图片",
    "png": "PNG 图片",
    "docx": "Word",
    "xlsx": "Excel",
}
MIME: Final = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MB: Final = 1024 * 1024


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def sniff(data: bytes) -> str | None:
    """What the bytes are, among the kinds accepted as evidence (a key of :data:`KINDS`)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_file(name: str, data: bytes, limit: int) -> str | RecordError:
    """The file's kind, or why it is refused (naming the file)."""
    if not data:
        return RecordError(f"{name}：文件为空")
    if len(data) > limit:
        return RecordError(f"{name}：文件过大（{len(data) / MB:.1f} MB，上限 {limit / MB:.0f} MB）")
    kind = sniff(data)
    if kind is None:
        accepted = "、".join(KINDS.values())
        return RecordError(f"{name}：不支持的文件类型，佐证材料只接受 {accepted}")
    return kind


def can_attach(user: Any, record: Record) -> bool:
    """The record's own unit (its filler) or an administrator, while the record is editable."""
    return can_edit(user, record)


def attach(
    user: Any, record: Record, row_key: str, row_name: str, name: str, data: bytes, note: str,
    limit: int,
) -> Evidence:  # fmt: skip
    """Keep a file as evidence for one indicator row (``row_key``, checked by the caller to be
    one of the record's rows), with an audit entry, in one transaction."""
    if not can_attach(user, record):
        raise NotAllowedError(f"“{record.title}”当前为{record.state.label}，不能上传佐证材料")
    kind = check_file(name, data, limit)
    if isinstance(kind, RecordError):
        raise kind
    with transaction.atomic(using=routing.alias()):
        upload = store_upload(user, record.unit, name, data, kind)
        kept = Evidence.objects.create(
            record=record, row_key=row_key[:400], upload=upload, note=note.strip()[:300],
            uploaded_by=upload.uploaded_by,
        )  # fmt: skip
        log(
            record, user, "evidence", None,
            {"row": row_key, "file": upload.original_name, "size": upload.size},
            f"为“{row_name}”上传佐证材料：{upload.original_name}"[:2000],
        )  # fmt: skip
    return kept


def evidence_of(record: Record) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(record_id=record.pk)
        .select_related("upload", "uploaded_by")
        .order_by("row_key", "id")
    )


def evidenced_keys(record: Record) -> set[str]:
    return set(Evidence.objects.filter(record_id=record.pk).values_list("row_key", flat=True))


def get_evidence(user: Any, pk: Any) -> Evidence:
    """A file of a record the user may see; else :class:`NotFoundError` (never "forbidden")."""
    try:
        return (
            Evidence.objects.select_related("upload", "record")
            .filter(record_id__in=visible_records(user).values("pk"))
            .get(pk=int(pk))
        )
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(pk) from None
