"""Rounds with due dates: the bureau opens and closes them and sees who is late; a unit's filler
sees what is due and its own state. Rounds of another bureau are not found (404)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.model.rounds import Phase
from jixiao.model.workflow import Role
from jixiao.storage import records, selectors
from jixiao.storage import rounds as store
from jixiao.storage.models import Round
from jixiao.web.views.common import login_required

DUE_PAGES = {"targets": "/targets/", "monitoring": "/monitoring/", "self_eval": "/evaluations/"}


def _round_or_404(request: HttpRequest, pk: int) -> Round:
    try:
        return store.get_round(request.user, pk)
    except selectors.NotFoundError:
        raise Http404("没有这个填报轮次") from None


def _own_unit(request: HttpRequest) -> Any:
    """The filler's unit (the unit whose own state is shown), or None for bureau users."""
    m = selectors.membership(request.user)
    if m is None or selectors.role_of(request.user) is not Role.FILLER:
        return None
    return m.unit


def _counts(rows: list[store.UnitRow]) -> dict[str, int]:
    return {
        "units": len(rows),
        "in": sum(1 for r in rows if r.state.phase.is_in),
        "late": sum(1 for r in rows if r.state.phase is Phase.LATE),
        "missing": sum(1 for r in rows if r.state.phase is Phase.MISSING),
    }


def round_items(request: HttpRequest, rounds: Any, today: date) -> list[dict[str, Any]]:
    """Each round with the filler's own state, or the bureau's counts (also the start page's)."""
    unit = _own_unit(request)
    items = []
    for rnd in rounds:
        item: dict[str, Any] = {"round": rnd, "due_page": DUE_PAGES.get(rnd.kind, "/")}
        if unit is not None:
            item["mine"] = store.unit_row(rnd, unit, today)
        else:
            item["counts"] = _counts(store.round_rows(rnd, today))
        items.append(item)
    return items


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    unit = _own_unit(request)
    items = round_items(request, store.visible_rounds(request.user), today)
    context = {
        "items": items, "today": today, "unit": unit,
        "can_open": store.manageable_bureaus(request.user).exists(),
    }  # fmt: skip
    return render(request, "jixiao/rounds_list.html", context)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _posted(request: HttpRequest) -> store.RoundInput | str:
    post = request.POST
    year = selectors.int_or_none(post.get("fiscal_year", ""))
    opens_on, due_on = _date(post.get("opens_on", "")), _date(post.get("due_on", ""))
    if year is None:
        return "请填写年度"
    if opens_on is None or due_on is None:
        return "请填写开始日期和截止日期（如 2025-03-01）"
    return store.RoundInput(
        kind=post.get("kind", ""), fiscal_year=year, title=post.get("title", ""),
        opens_on=opens_on, due_on=due_on, month=selectors.int_or_none(post.get("month", "")),
    )  # fmt: skip


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    bureaus = store.manageable_bureaus(request.user)
    if not bureaus.exists():
        refused = {"refused": "只有财政局审核人可以发起填报轮次"}
        return render(request, "jixiao/rounds_new.html", refused, status=403)
    error = ""
    if request.method == "POST":
        picked = selectors.int_or_none(request.POST.get("bureau", "")) or 0
        bureau = bureaus.filter(pk=picked).first() or (
            bureaus.first() if bureaus.count() == 1 else None
        )
        data = _posted(request)
        if bureau is None:
            error = "请选择财政局"
        elif isinstance(data, str):
            error = data
        else:
            try:
                rnd = store.open_round(request.user, bureau, data)
            except records.RecordError as exc:
                error = str(exc)
            else:
                messages.success(request, f"已发起“{rnd.title}”")
                return redirect("round_detail", pk=rnd.pk)
    context: dict[str, Any] = {
        "bureaus": bureaus, "kinds": Round.Kind.choices, "error": error,
        "post": request.POST, "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "jixiao/rounds_new.html", context, status=400 if error else 200)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round_or_404(request, pk)
    today = timezone.localdate()
    unit = _own_unit(request)
    context: dict[str, Any] = {
        "round": rnd, "today": today, "unit": unit, "due_page": DUE_PAGES.get(rnd.kind, "/"),
        "can_manage": store.can_manage(request.user, rnd.bureau),
    }  # fmt: skip
    if unit is not None:
        context["mine"] = store.unit_row(rnd, unit, today)
    else:
        rows = store.round_rows(rnd, today)
        context["rows"] = rows
        context["counts"] = _counts(rows)
    return render(request, "jixiao/round_detail.html", context)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """POST ``closed=1`` closes the round, ``closed=0`` opens it again."""
    rnd = _round_or_404(request, pk)
    closed = request.POST.get("closed", "1") != "0"
    try:
        store.set_closed(request.user, rnd, closed)
    except records.RecordError as exc:
        messages.error(request, str(exc))
        context = {"round": rnd, "refused": str(exc)}
        return render(request, "jixiao/round_detail.html", context, status=403)
    messages.success(request, f"已{'关闭' if closed else '重新开启'}“{rnd.title}”")
    return redirect("round_detail", pk=rnd.pk)
