"""运行监控 pages (rules.md R5.7, R12.4): the list of approved targets with their lights (who is
behind first), one target's months with both warnings, progress notes per indicator, and the
import of monthly spending from .xlsx. Only approved (or published) target tables are
monitored; the unit's filler writes, the bureau reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.model.monitoring import LIGHT_LABELS, MONTHS, Light, shown
from jixiao.model.numbers import parse_amount
from jixiao.model.workflow import Role
from jixiao.services.monitoring_xlsx import read_monthly
from jixiao.storage import monitoring as store
from jixiao.storage import selectors
from jixiao.storage.models import Monitoring, Record
from jixiao.web.rules import thresholds_for
from jixiao.web.views.common import login_required, paginate, query_without_page

LIGHT_CHOICES: Final = [
    *((light.value, label) for light, label in LIGHT_LABELS.items()),
    (store.NO_DATA, "未填报"),
]
MONTH_FIELDS: Final = [(m, f"m{m}", f"{m}月") for m in range(1, MONTHS + 1)]


# --- list -----------------------------------------------------------------------------------


@login_required
def monitoring_list(request: HttpRequest) -> HttpResponse:
    year = selectors.int_or_none(request.GET.get("year"))
    light = request.GET.get("light") or None
    light = light if light in dict(LIGHT_CHOICES) else None
    page = paginate(request, store.targets(request.user, year, light))
    rows = [_row(r) for r in page.object_list]
    role = selectors.role_of(request.user)
    context = {
        "page": page, "rows": rows, "year": year, "light": light,
        "years": selectors.years(), "lights": LIGHT_CHOICES,
        "counts": store.light_counts(request.user, year), "query": query_without_page(request),
        "is_filler": role is Role.FILLER,
    }  # fmt: skip
    return render(request, "jixiao/monitoring_list.html", context)


def _row(record: Record) -> dict[str, Any]:
    try:
        mon: Monitoring | None = record.monitoring
    except Monitoring.DoesNotExist:
        mon = None
    return {"record": record, "mon": mon, "light": _light(mon.light if mon else ""),
            "plan_light": _light(mon.plan_light if mon else "")}  # fmt: skip


def _light(value: str) -> Light | None:
    return Light(value) if value in {x.value for x in Light} else None


# --- one target -----------------------------------------------------------------------------


def _target_or_404(request: HttpRequest, pk: int) -> Record:
    try:
        return store.get_target(request.user, pk)
    except selectors.NotFoundError:
        raise Http404("没有这项已审核的绩效目标") from None


@dataclass
class Posted:
    """What the form sent, kept to show it again when it is refused."""

    months: dict[int, Decimal]
    texts: dict[int, str]
    notes: list[store.Note]
    errors: list[str]


def _posted(request: HttpRequest, indicators: tuple[str, ...]) -> Posted:
    months: dict[int, Decimal] = {}
    texts: dict[int, str] = {}
    errors: list[str] = []
    for month, name, label in MONTH_FIELDS:
        text = request.POST.get(name, "").strip()[:50]
        texts[month] = text
        if not text:
            continue
        amount = parse_amount(text)
        if amount is None:
            errors.append(f"{label}当月支出：“{text}”不是金额（万元）")
        else:
            months[month] = amount.in_wan()
    notes = [
        store.Note(name, *(request.POST.get(f"note-{i}-{f}", "") for f in store.NOTE_FIELDS))
        for i, name in enumerate(indicators)
    ]
    return Posted(months, texts, notes, errors)


def _note_rows(indicators: tuple[str, ...], notes: list[dict[str, str]]) -> list[dict[str, Any]]:
    """One row per indicator of the target with its stored note (matched by name, in order)."""
    left = list(notes)
    rows = []
    for i, name in enumerate(indicators):
        found = next((n for n in left if n.get("indicator") == name), None)
        if found is not None:
            left.remove(found)
        rows.append({"i": i, "indicator": name, **{f: (found or {}).get(f, "") for f in
                                                   store.NOTE_FIELDS}})  # fmt: skip
    return rows


def _context(
    request: HttpRequest, record: Record, mon: Monitoring, posted: Posted | None = None,
    import_errors: tuple[str, ...] = (),
) -> dict[str, Any]:  # fmt: skip
    target = store.target_of(record)
    rule = thresholds_for(record)
    lines = store.statuses(record, mon, rule.thresholds)
    stored = {m: format(a, "f") for m, a in store.months_of(mon).items()}
    texts = posted.texts if posted is not None else stored
    notes = [n.as_json() for n in posted.notes] if posted is not None else list(mon.notes or [])
    return {
        "record": record, "mon": mon, "target": target, "lines": lines, "rule": rule,
        "red_below": shown(rule.thresholds.red_below),
        "yellow_below": shown(rule.thresholds.yellow_below),
        "budget": None if target.budget is None else format(target.budget, "f"),
        "inputs": [(m, name, label, texts.get(m, "")) for m, name, label in MONTH_FIELDS],
        "notes": _note_rows(target.indicators, notes),
        "can_fill": store.can_fill(request.user, record),
        "errors": posted.errors if posted is not None else [], "import_errors": import_errors,
        "max_mb": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
    }  # fmt: skip


@login_required
def monitoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _target_or_404(request, pk)
    mon = store.monitoring_of(record)
    if request.method != "POST":
        return render(request, "jixiao/monitoring_detail.html", _context(request, record, mon))
    if not store.can_fill(request.user, record):
        context = _context(request, record, mon)
        context["errors"] = ["您只能查看，不能填报运行监控（由项目单位填报）"]
        return render(request, "jixiao/monitoring_detail.html", context, status=403)
    posted = _posted(request, store.target_of(record).indicators)
    if posted.errors:
        context = _context(request, record, mon, posted)
        return render(request, "jixiao/monitoring_detail.html", context, status=400)
    return _save(request, record, mon, posted.months, posted.notes, posted, "已保存运行监控")


def _save(
    request: HttpRequest, record: Record, mon: Monitoring, months: dict[int, Decimal],
    notes: list[store.Note], posted: Posted | None, done: str,
) -> HttpResponse:  # fmt: skip
    version = selectors.int_or_none(request.POST.get("version"))
    try:
        store.save_monitoring(
            request.user, record, months, notes, thresholds_for(record).thresholds,
            -1 if version is None else version,
        )  # fmt: skip
    except store.RecordError as exc:
        context = _context(request, record, mon, posted)
        context["errors"] = [str(exc)]
        status = 409 if isinstance(exc, store.StaleVersionError) else 403
        return render(request, "jixiao/monitoring_detail.html", context, status=status)
    messages.success(request, done)
    return redirect("monitoring_detail", pk=record.pk)


@login_required
@require_POST
def monitoring_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Months from an .xlsx: those in the file replace what was entered for them, the other
    months and the notes stay. A bad file is refused whole, with its errors shown."""
    record = _target_or_404(request, pk)
    mon = store.monitoring_of(record)
    uploaded = request.FILES.get("file")
    refused = _refusal(request, record, uploaded)
    if refused is not None or uploaded is None:
        message, status = refused or ("请选择要导入的 xlsx 文件", 400)
        context = _context(request, record, mon, import_errors=(message,))
        return render(request, "jixiao/monitoring_detail.html", context, status=status)
    name = str(uploaded.name)
    result = read_monthly(name, uploaded.read(int(settings.MAX_UPLOAD_BYTES) + 1))
    if not result.ok:
        context = _context(request, record, mon, import_errors=result.errors)
        return render(request, "jixiao/monitoring_detail.html", context, status=400)
    months = {**store.months_of(mon), **result.months}
    notes = [store.Note(n.get("indicator", ""), n.get("progress", ""), n.get("cause", ""),
                        n.get("measure", "")) for n in (mon.notes or [])]  # fmt: skip
    unit = "，金额单位为元，已折算为万元" if result.unit == "元" else ""
    done = f"已从 {name}（工作表“{result.sheet}”）导入{len(result.months)}个月的支出{unit}"
    return _save(request, record, mon, months, notes, None, done)


def _refusal(request: HttpRequest, record: Record, uploaded: Any) -> tuple[str, int] | None:
    """Why an import is refused before the file is read, and the status."""
    limit = int(settings.MAX_UPLOAD_BYTES)
    if not store.can_fill(request.user, record):
        return "您只能查看，不能导入运行监控数据（由项目单位填报）", 403
    if uploaded is None:
        return "请选择要导入的 xlsx 文件", 400
    if uploaded.size is not None and uploaded.size > limit:
        return f"{uploaded.name}：文件过大（上限 {limit // 1024 // 1024} MB）", 400
    return None
