"""File downloads: a safe ASCII-or-RFC 5987 file name built from the record, never a path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from jixiao.services.report import NotWritten
from jixiao.storage.models import Record
from jixiao.storage.records import TARGET_DOC_TYPE
from jixiao.web import flows
from jixiao.writers.base import Written

MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
KIND_NAMES = {
    "xlsx": "自评表", "docx": "自评报告", "pdf": "自评报告", "review": "审核意见",
    "target_review": "绩效目标审核意见",
}  # fmt: skip


def download_name(record: Record, kind: str, suffix: str) -> str:
    """``2024-庆城县自然资源局-自评报告.pdf``: year, title and kind, with anything that could
    act as a path or header character removed."""
    title = re.sub(r'[\\/:*?"<>|\r\n\t\x00-\x1f]+', "", record.title)[:60] or "记录"
    year = f"{record.fiscal_year}-" if record.fiscal_year else ""
    what = KIND_NAMES.get(kind, kind)
    if kind == "xlsx" and record.doc_type == TARGET_DOC_TYPE:
        what = "绩效目标表"  # the form the xlsx writer lays out for a target table (R12.4)
    return f"{year}{title}-{what}{suffix}"


def file_response(written: Written, record: Record, kind: str) -> HttpResponse:
    name = download_name(record, kind, written.suffix)
    response = HttpResponse(
        written.data, content_type=MIME.get(written.suffix, "application/octet-stream")
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{record.pk}{written.suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(
    request: HttpRequest, record: Record, kind: str, kinds: Mapping[str, str], back: str
) -> HttpResponse:
    """One of ``kinds`` of a record as a file; an output that cannot be made (no LibreOffice
    for a PDF) goes back to the page ``back`` with the reason."""
    if kind not in kinds:
        raise Http404("没有这种下载")
    written = flows.download(record, kind)
    if isinstance(written, NotWritten):
        messages.error(request, written.reason)
        return redirect(back, pk=record.pk)
    return file_response(written, record, kind)
