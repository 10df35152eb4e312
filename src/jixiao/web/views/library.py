"""The bureau's indicator library (指标库): list and filter, add, edit, delete, import and export
xlsx, and the search the target form's picker calls. Everyone under a bureau reads its library;
its reviewers (and administrators) change it. An entry of another bureau is not found."""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.library import BASES, DIRECTIONS, LABELS, LibraryEntry
from jixiao.model.workflow import Role
from jixiao.services import library_xlsx
from jixiao.storage import library, records, selectors
from jixiao.storage.models import Unit
from jixiao.web.views.common import login_required

PAGE_SIZE: Final = 50
MAX_IMPORT_BYTES: Final = 10 * 1024 * 1024
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bureau(request: HttpRequest) -> Unit:
    """The library to show (seeded the first time it is opened); 404 for a user under none."""
    asked = request.GET.get("bureau") or request.POST.get("bureau")
    bureau = library.library_bureau(request.user, asked)
    if bureau is None:
        raise Http404("您不属于任何财政局，没有可用的指标库")
    library.seed_library(bureau)
    return bureau


def _back(bureau: Unit, request: HttpRequest) -> str:
    """The list's address, keeping an administrator's choice of bureau."""
    if selectors.role_of(request.user) is Role.ADMIN:
        return f"/library/?{urlencode({'bureau': bureau.pk})}"
    return "/library/"


def _base(request: HttpRequest, bureau: Unit) -> dict[str, Any]:
    return {
        "bureau": bureau, "can_write": library.can_write(request.user, bureau),
        "bureaus": library.bureaus_for(request.user), "labels": LABELS,
        "directions": DIRECTIONS, "bases": BASES, "back": _back(bureau, request),
    }  # fmt: skip


@login_required
@require_GET
def library_list(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    level1 = request.GET.get("level1", "")[:100]
    level2 = request.GET.get("level2", "")[:100]
    q = request.GET.get("q", "").strip()[:100]
    rows = library.entries(request.user, bureau, level1, level2, q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    firsts, seconds = library.levels(request.user, bureau)
    params = request.GET.copy()
    params.pop("page", None)
    context = _base(request, bureau) | {
        "page": page, "level1": level1, "level2": level2, "q": q, "firsts": firsts,
        "seconds": seconds, "query": params.urlencode(),
    }  # fmt: skip
    return render(request, "jixiao/library_list.html", context)


def _posted_entry(request: HttpRequest) -> LibraryEntry:
    return LibraryEntry(**{name: str(request.POST.get(name, ""))[:5000] for name in LABELS})


def _form(request: HttpRequest, pk: int | None) -> HttpResponse:
    bureau = _bureau(request)
    row = library.get_entry(request.user, bureau, pk) if pk is not None else None
    if not library.can_write(request.user, bureau):
        return HttpResponse("只有财政局审核人或管理员可以修改指标库", status=403)
    entry = library.entry_of(row) if row is not None else LibraryEntry("", "", "")
    error = ""
    if request.method == "POST":
        entry = _posted_entry(request)
        try:
            library.save_entry(request.user, bureau, entry, pk)
        except library.LibraryError as exc:
            error = str(exc)
        else:
            messages.success(request, "已保存指标")
            return redirect(_back(bureau, request))
    context = _base(request, bureau) | {"entry": entry, "pk": pk, "error": error}
    return render(request, "jixiao/library_form.html", context, status=400 if error else 200)


@login_required
def library_new(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@login_required
def library_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        return _form(request, pk)
    except library.EntryNotFoundError:
        raise Http404("没有这个指标") from None


@login_required
@require_POST
def library_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bureau = _bureau(request)
    try:
        library.get_entry(request.user, bureau, pk)
        gone = library.delete_entry(request.user, bureau, pk)
    except library.EntryNotFoundError:
        raise Http404("没有这个指标") from None
    except library.LibraryError as exc:
        return HttpResponse(str(exc), status=403)
    messages.success(request, f"已删除指标“{gone.level3}”")
    return redirect(_back(bureau, request))


@login_required
def library_import(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    if not library.can_write(request.user, bureau):
        return HttpResponse("只有财政局审核人或管理员可以导入指标库", status=403)
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    report = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            errors = ("请选择要导入的 .xlsx 文件",)
        elif uploaded.size is not None and uploaded.size > MAX_IMPORT_BYTES:
            errors = (f"{uploaded.name}：文件过大（上限 {MAX_IMPORT_BYTES // 1024 // 1024} MB）",)
        else:
            read = library_xlsx.from_xlsx(str(uploaded.name), uploaded.read(MAX_IMPORT_BYTES + 1))
            errors, notes = read.errors, read.notes
            if not errors:
                report = library.import_entries(request.user, bureau, read.entries)
    context = _base(request, bureau) | {
        "errors": errors, "notes": notes, "report": report, "headers": library_xlsx.HEADERS,
    }  # fmt: skip
    return render(request, "jixiao/library_import.html", context, status=400 if errors else 200)


@login_required
@require_GET
def library_export(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    rows = library.entries(request.user, bureau)
    data = library_xlsx.to_xlsx(library.entry_of(r) for r in rows)
    response = HttpResponse(data, content_type=XLSX)
    name = f"指标库-{bureau.name}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"library-{bureau.pk}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def library_search(request: HttpRequest) -> HttpResponse:
    """htmx: the picker's list. With ``target`` (a target table the user may edit), each entry
    has a button that adds it as a row of that table."""
    q = request.GET.get("q", "").strip()[:100]
    target = None
    if request.GET.get("target"):
        try:
            record = selectors.get_record(request.user, request.GET["target"])
        except selectors.NotFoundError:
            raise Http404("没有这张绩效目标表") from None
        if record.doc_type == "target_table" and records.can_edit(request.user, record):
            target = record
    bureau = selectors.bureau_of(target.unit) if target is not None else None
    bureau = bureau or _bureau(request)
    if not library.can_read(request.user, bureau):
        raise Http404("没有这个指标库")
    library.seed_library(bureau)
    found = library.search(request.user, bureau, q)
    context = {"found": found, "q": q, "target": target}
    return render(request, "jixiao/_library_results.html", context)
