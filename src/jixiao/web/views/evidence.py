"""佐证材料 pages: a record's indicator rows with their files and, for the unit's filler while the
record is a draft or returned, an upload form per row; downloads for everyone who may see the
record (its unit, its bureau's reviewers and auditors, administrators), 404 for anyone else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao.model.evaluation import Indicator
from jixiao.services.review import missing_evidence, row_key
from jixiao.storage import evidence, records, review, selectors
from jixiao.storage.models import Evidence, Record
from jixiao.web import flows
from jixiao.web.views.common import login_required, record_or_404


@dataclass
class EvidenceRow:
    n: int
    key: str
    row: Indicator
    full_marks: bool
    missing: bool  # full marks and no file
    files: list[Evidence] = field(default_factory=list)


def _rows(record: Record) -> list[EvidenceRow]:
    a = flows.assess_record(record)
    kept = list(evidence.evidence_of(record))
    missing = {f.evidence["indicator"] for f in missing_evidence(a.card, {e.row_key for e in kept})}
    out: list[EvidenceRow] = []
    seen: dict[str, EvidenceRow] = {}
    for n, ind in enumerate(a.evaluation.indicators):
        key = row_key(ind)
        full = ind.weight is not None and ind.weight > 0 and ind.score == ind.weight
        row = EvidenceRow(n, key, ind, full, key in missing)
        if key not in seen:  # two rows with the same levels share their files
            seen[key] = row
            row.files = [e for e in kept if e.row_key == key]
        out.append(row)
    return out


def _limit() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


def _context(request: HttpRequest, record: Record, error: str = "") -> dict[str, Any]:
    return {
        "record": record, "rows": _rows(record), "error": error,
        "can_attach": evidence.can_attach(request.user, record),
        "reviewer": review.can_read_queue(request.user),
        "limit_mb": _limit() // 1024 // 1024, "kinds": "、".join(evidence.KINDS.values()),
    }  # fmt: skip


@login_required
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request, pk)
    if request.method != "POST":
        return render(request, "jixiao/evidence_page.html", _context(request, record))
    if not evidence.can_attach(request.user, record):
        message = (
            f"“{record.title}”当前为{record.state.label}，只有本单位填报人在草稿或退回时可以上传"
        )
        return render(
            request, "jixiao/evidence_page.html", _context(request, record, message), status=403
        )
    error = _upload(request, record)
    if error:
        return render(
            request, "jixiao/evidence_page.html", _context(request, record, error), status=400
        )
    return redirect(f"/evaluations/{record.pk}/evidence/")


def _upload(request: HttpRequest, record: Record) -> str:
    """Store the posted file for the posted row; the reason in Chinese when it is refused."""
    key = request.POST.get("row_key", "")
    rows = {r.key: r for r in _rows(record)}
    uploaded = request.FILES.get("file")
    if key not in rows:
        return "该指标行已不存在，请刷新页面后重新上传"
    if uploaded is None:
        return "请选择要上传的佐证材料"
    name = str(uploaded.name)
    if uploaded.size is not None and uploaded.size > _limit():
        return f"{name}：文件过大（上限 {_limit() // 1024 // 1024} MB）"
    try:
        evidence.attach(
            request.user, record, key, rows[key].row.name, name, uploaded.read(_limit() + 1),
            request.POST.get("note", ""), _limit(),
        )  # fmt: skip
    except records.RecordError as exc:
        return str(exc)
    messages.success(request, f"已为“{rows[key].row.name}”上传佐证材料：{name}")
    return ""


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        kept = evidence.get_evidence(request.user, pk)
    except selectors.NotFoundError:
        raise Http404("没有这个文件") from None
    path = Path(records.upload_path(kept.upload))
    if not path.is_file():
        raise Http404("文件已不存在")
    kind = kept.upload.file_format
    response = HttpResponse(
        path.read_bytes(), content_type=evidence.MIME.get(kind, "application/octet-stream")
    )
    name = re.sub(r'[\\/:*?"<>|\r\n\t\x00-\x1f]+', "", kept.upload.original_name) or "file"
    response["Content-Disposition"] = (
        f"attachment; filename=\"evidence-{kept.pk}.{kind}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
