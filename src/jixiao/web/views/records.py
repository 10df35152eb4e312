"""Self-evaluation pages: list, create, upload, the edit grid with live re-scoring, workflow
actions and downloads. Every record is fetched through the user-scoped selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jixiao.model.evaluation import DOC_TYPE_LABELS, DocType, Evaluation
from jixiao.model.workflow import STATUS_LABELS, Action, actions
from jixiao.services.assess import from_document
from jixiao.services.carry import LOCK_NOTE, locked_cells
from jixiao.storage import records, selectors
from jixiao.storage.models import Record
from jixiao.web import flows
from jixiao.web.editing import apply_edits
from jixiao.web.present import layout
from jixiao.web.views.common import (
    login_required,
    own_unit,
    paginate,
    query_without_page,
    record_or_404,
)
from jixiao.web.views.files import download

GRADES = ["优", "优秀", "良", "良好", "中", "一般", "差", "较差"]
EDIT_DOC_TYPES = [(t.value, DOC_TYPE_LABELS[t]) for t in DocType if t is not DocType.TARGET_TABLE]


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    f = selectors.Filters.from_query(request.GET)
    page = paginate(request, selectors.list_records(request.user, f))
    context = {
        "page": page, "filters": f, "query": query_without_page(request),
        "years": selectors.years(), "units": selectors.visible_units(request.user),
        "statuses": STATUS_LABELS.items(), "grades": GRADES,
    }  # fmt: skip
    return render(request, "jixiao/record_list.html", context)


@login_required
def record_new(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        unit = own_unit(request)
        try:
            doc_type = DocType(request.POST.get("doc_type", ""))
            year = int(request.POST.get("fiscal_year", ""))
        except ValueError:
            doc_type, year = DocType.PROJECT_SELF_EVAL_TABLE, 0
        title = request.POST.get("title", "").strip()[:200]
        if unit is None or not records.can_create(request.user, unit):
            error = "您没有填报权限"
        elif not title or not 2000 <= year <= 2100:  # noqa: PLR2004
            error = "请填写名称和年度（2000–2100）"
        else:
            record = flows.create_from_evaluation(
                request.user, unit, flows.blank(doc_type, year, title, unit)
            )
            return redirect("record_detail", pk=record.pk)
    context = {"doc_types": EDIT_DOC_TYPES, "error": error,
               "units": selectors.visible_units(request.user)}  # fmt: skip
    return render(request, "jixiao/record_new.html", context, status=400 if error else 200)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        unit = own_unit(request)
        uploaded = request.FILES.get("file")
        if unit is None or not records.can_create(request.user, unit):
            error = "您没有填报权限"
        elif uploaded is None:
            error = "请选择要上传的文件"
        elif uploaded.size is not None and uploaded.size > _limit():
            error = f"{uploaded.name}：文件过大（上限 {_limit() // 1024 // 1024} MB）"
        else:
            result = flows.create_from_upload(
                request.user, unit, str(uploaded.name), uploaded.read(_limit() + 1)
            )
            if isinstance(result, str):
                error = result
            else:
                for w in result.warnings[:5]:
                    messages.warning(request, w)
                if len(result.records) == 1:
                    return redirect("record_detail", pk=result.records[0].pk)
                messages.info(request, f"文件包含{len(result.records)}个项目，已分别建立记录")
                return redirect("record_list")
    context = {"error": error, "units": selectors.visible_units(request.user)}
    return render(request, "jixiao/upload.html", context, status=400 if error else 200)


def _limit() -> int:
    from django.conf import settings  # noqa: PLC0415

    return int(settings.MAX_UPLOAD_BYTES)


def _lock(record: Record) -> Evaluation | None:
    """The approved target table a carried self-evaluation is locked to (R1.4), if any."""
    if record.target_id is None:
        return None
    target = Record.objects.select_related("doc").get(pk=record.target_id)
    return from_document(target.document)


def _detail_context(
    request: HttpRequest, record: Record, a: Any, errors: Any, lock: Evaluation | None = None
) -> dict[str, Any]:
    role = selectors.role_of(request.user)
    allowed = [
        x for x in (actions(record.state, role) if role else [])
        if records.can_act(request.user, record, x)
    ]  # fmt: skip
    return {
        "record": record, "lay": layout(a), "ev": a.evaluation, "errors": errors,
        "editable": records.can_edit(request.user, record), "actions": allowed,
        "audit": selectors.audit_of(record), "downloads": flows.DOWNLOADS,
        "doc_type_label": DOC_TYPE_LABELS.get(a.evaluation.doc_type, "")
        if a.evaluation.doc_type else "",
        "carried_from": record.target if record.target_id else None,
        "lock": {} if lock is None else locked_cells(lock), "lock_note": LOCK_NOTE,
    }  # fmt: skip


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request, pk)
    lock = _lock(record)
    if request.method != "POST":
        a = flows.assess_record(record)
        context = _detail_context(request, record, a, (), lock)
        return render(request, "jixiao/record_detail.html", context)
    if not records.can_edit(request.user, record):
        messages.error(request, f"“{record.title}”当前为{record.state.label}，不能修改")
        return redirect("record_detail", pk=pk)
    edited = apply_edits(from_document(record.document), request.POST, lock)
    if edited.errors:
        a = flows.assess_evaluation(edited.evaluation, record.unit)
        context = _detail_context(request, record, a, edited.errors, lock)
        return render(request, "jixiao/record_detail.html", context, status=400)
    try:
        version = int(request.POST.get("version", "0"))
        flows.save_edits(request.user, record, edited.evaluation, version)
    except records.RecordError as exc:
        messages.error(request, str(exc))
        a = flows.assess_evaluation(edited.evaluation, record.unit)
        context = _detail_context(request, record, a, (str(exc),), lock)
        return render(request, "jixiao/record_detail.html", context, status=409)
    messages.success(request, "已保存")
    return redirect("record_detail", pk=pk)


@login_required
@require_POST
def record_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the posted grid re-scored without saving; the points, totals and findings come
    back as out-of-band fragments, so what the user is typing is left alone."""
    record = record_or_404(request, pk)
    edited = apply_edits(from_document(record.document), request.POST, _lock(record))
    a = flows.assess_evaluation(edited.evaluation, record.unit)
    context = {"lay": layout(a), "errors": edited.errors, "record": record}
    return render(request, "jixiao/_preview.html", context)


@login_required
@require_POST
def record_action(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request, pk)
    try:
        action = Action(request.POST.get("action", ""))
        version = int(request.POST.get("version", "0"))
    except ValueError:
        raise Http404("没有这个操作") from None
    try:
        records.apply_action(request.user, record, action, request.POST.get("comment", ""), version)
    except records.RecordError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{action.label}")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)  # a local path only (the review page, the target page)
    return redirect("record_detail", pk=pk)


@login_required
def record_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    record = record_or_404(request, pk)
    return download(request, record, kind, flows.DOWNLOADS, "record_detail")
