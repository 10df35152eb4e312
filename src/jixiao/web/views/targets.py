"""Target-table pages (绩效目标表, R12): the list, a new table, the form in seed 004's layout
with live target-quality findings (R13), and rows picked from the bureau's indicator library.
Every record is fetched through the user-scoped selectors; a record that is not a target table
is not found here."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Final

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.model.evaluation import Evaluation, Indicator
from jixiao.model.numbers import parse_number
from jixiao.model.workflow import Role, actions
from jixiao.services.assess import from_document
from jixiao.storage import library, records, selectors
from jixiao.storage.models import Record, Unit
from jixiao.web import flows
from jixiao.web.present_targets import STATUS_LABELS, TargetLayout, TargetRow, target_layout
from jixiao.web.target_editing import (
    BASIS_CHOICES,
    NATURES,
    apply_target_edits,
    blank_target,
    row_from_entry,
)
from jixiao.web.views.common import (
    login_required,
    own_unit,
    paginate,
    query_without_page,
    record_or_404,
)

TARGET: Final = "target_table"
KINDS: Final = (("project", "项目绩效目标表"), ("department", "部门整体绩效目标表"))


def _target_or_404(request: HttpRequest, pk: Any) -> Record:
    record = record_or_404(request, pk)
    if record.doc_type != TARGET:
        raise Http404("没有这张绩效目标表")
    return record


def _may_create(request: HttpRequest) -> bool:
    return selectors.role_of(request.user) in (Role.FILLER, Role.ADMIN)


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    f = selectors.Filters.from_query(request.GET)
    f = replace(f, grade=None, min_score=None, max_score=None)
    rows = selectors.list_records(request.user, f).filter(doc_type=TARGET)
    context = {
        "page": paginate(request, rows), "filters": f, "query": query_without_page(request),
        "years": selectors.years(), "statuses": STATUS_LABELS.items(),
        "units": selectors.visible_units(request.user), "can_create": _may_create(request),
    }  # fmt: skip
    return render(request, "jixiao/targets_list.html", context)


def _amount(post: Any, key: str, label: str, errors: list[str]) -> Decimal | None:
    raw = str(post.get(key, "")).strip()
    if not raw:
        return None
    value = parse_number(raw)
    if value is None or not value.is_finite() or value < 0:
        errors.append(f"{label}：“{raw[:20]}”不是有效金额（万元）")
        return None
    return value


def _new_evaluation(request: HttpRequest, unit: Unit, errors: list[str]) -> Evaluation | None:
    post = request.POST
    department_form = post.get("kind") == "department"
    title = str(post.get("title", "")).strip()[:200]
    try:
        year = int(post.get("fiscal_year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:  # noqa: PLR2004
        errors.append("请填写年度（2000–2100）")
    if not department_form and not title:
        errors.append("请填写项目名称")
    labels = {"budget": "预算数", "fiscal": "其中财政资金", "other": "其他资金"}
    money = {k: _amount(post, f"money-{k}", label, errors) for k, label in labels.items()}
    if errors:
        return None
    purpose = str(post.get("money-purpose", "")).strip() or None
    return blank_target(department_form, year, title, unit.name, _region(unit), money, purpose)


def _region(unit: Unit) -> str | None:
    """The unit's region, else the nearest one above it (a department names none; its bureau
    does): the rule set is inferred from it."""
    seen: set[int] = set()
    node: Unit | None = unit
    while node is not None and node.pk not in seen:
        if node.region:
            return node.region
        seen.add(node.pk)
        node = node.parent
    return None


@login_required
def target_new(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        unit = own_unit(request)
        if unit is None or not records.can_create(request.user, unit):
            errors.append("您没有填报权限")
            status = 403
        else:
            ev = _new_evaluation(request, unit, errors)
            if ev is not None:
                record = flows.create_from_evaluation(request.user, unit, ev)
                messages.success(request, "已新建绩效目标表")
                return redirect("target_detail", pk=record.pk)
            status = 400
    elif not _may_create(request):
        errors.append("只有填报人可以新建绩效目标")
        status = 403
    context = {"errors": errors, "kinds": KINDS, "units": selectors.visible_units(request.user),
               "posted": request.POST}  # fmt: skip
    return render(request, "jixiao/targets_new.html", context, status=status)


def _context(
    request: HttpRequest, record: Record, lay: TargetLayout, errors: Any
) -> dict[str, Any]:
    role = selectors.role_of(request.user)
    allowed = [
        x for x in (actions(record.state, role) if role else [])
        if records.can_act(request.user, record, x)
    ]  # fmt: skip
    head = lay.head
    return {
        "record": record, "lay": lay, "head": head, "errors": errors,
        "editable": records.can_edit(request.user, record), "actions": allowed,
        "audit": selectors.audit_of(record), "natures": NATURES, "bases": BASIS_CHOICES,
        "status_label": STATUS_LABELS.get(record.status, record.status),
        "kind_label": KINDS[1][1] if head.department_form else KINDS[0][1],
        "row_count": max([0, *(r.index + 1 for r in lay.rows), *(i + 1 for i in lay.removed)]),
    }  # fmt: skip


def _assessed(record: Record, ev: Evaluation, indexes: Any = None, removed: Any = ()) -> Any:
    a = flows.assess_evaluation(flows.with_locations(ev), record.unit)
    return target_layout(a, indexes, removed)


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _target_or_404(request, pk)
    stored = from_document(record.document)
    if request.method != "POST":
        # as the form would store it unchanged, so the findings shown are those a save keeps
        lay = _assessed(record, apply_target_edits(stored, {}).evaluation)
        return render(request, "jixiao/target_detail.html", _context(request, record, lay, ()))
    if not records.can_edit(request.user, record):
        messages.error(request, f"“{record.title}”当前为{record.state.label}，不能修改")
        return redirect("target_detail", pk=pk)
    edited = apply_target_edits(stored, request.POST)
    lay = _assessed(record, edited.evaluation, edited.indexes, edited.removed)
    if edited.errors:
        context = _context(request, record, lay, edited.errors)
        return render(request, "jixiao/target_detail.html", context, status=400)
    try:
        version = int(request.POST.get("version", "0"))
        flows.save_edits(request.user, record, edited.evaluation, version)
    except (records.RecordError, ValueError) as exc:
        message = str(exc) if isinstance(exc, records.RecordError) else "版本号无效，请刷新后重试"
        messages.error(request, message)
        context = _context(request, record, lay, (message,))
        return render(request, "jixiao/target_detail.html", context, status=409)
    messages.success(request, "已保存")
    return redirect("target_detail", pk=pk)


@login_required
@require_POST
def target_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the posted form checked without saving; the findings come back as out-of-band
    fragments beside the rows and blocks they concern, so what the user types is left alone."""
    record = _target_or_404(request, pk)
    edited = apply_target_edits(from_document(record.document), request.POST)
    lay = _assessed(record, edited.evaluation, edited.indexes, edited.removed)
    context = {"lay": lay, "errors": edited.errors, "record": record}
    return render(request, "jixiao/_target_preview.html", context)


@login_required
@require_GET
def target_row(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one more row for the form, blank or prefilled from a library entry; the row count
    comes back out of band."""
    record = _target_or_404(request, pk)
    if not records.can_edit(request.user, record):
        return HttpResponse("当前不能修改这张绩效目标表", status=403)
    try:
        index = max(0, min(1999, int(request.GET.get("ind-count", "0"))))
    except ValueError:
        index = 0
    row = TargetRow(index, Indicator())
    if request.GET.get("entry"):
        bureau = selectors.bureau_of(record.unit)
        if bureau is None:
            raise Http404("没有这个指标")
        try:
            entry = library.get_entry(request.user, bureau, request.GET["entry"])
        except library.EntryNotFoundError:
            raise Http404("没有这个指标") from None
        row = TargetRow(index, row_from_entry(library.entry_of(entry)))
    context = {"r": row, "editable": True, "natures": NATURES, "next_count": index + 1}
    response = render(request, "jixiao/_target_row_added.html", context)
    response["HX-Trigger"] = "rows-changed"
    return response
