"""The start page: what is waiting for this user."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jixiao.model.workflow import STATUS_LABELS, Status
from jixiao.storage import rounds as rounds_store
from jixiao.storage import selectors
from jixiao.web.views.common import login_required
from jixiao.web.views.rounds import round_items

GRADE_ORDER = {g: i for i, g in enumerate(["优", "优秀", "良", "良好", "中", "一般", "差", "较差"])}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    visible = selectors.visible_records(request.user)
    by_status = dict(visible.values_list("status").annotate(n=Count("id")).order_by())
    counts = [(s.value, STATUS_LABELS[s], by_status.get(s.value, 0)) for s in Status]
    recent = visible.order_by("-updated_at", "-id")[:10]
    flagged = visible.filter(errors__gt=0).order_by("-errors", "-id")[:10]
    grades = dict(visible.exclude(grade="").values_list("grade").annotate(n=Count("id")).order_by())
    order = sorted(grades, key=lambda g: GRADE_ORDER.get(g, 99))
    chart = {"title": "复算等级分布", "labels": order, "values": [grades[g] for g in order]}
    open_rounds = rounds_store.visible_rounds(request.user).filter(closed=False).order_by("due_on")
    due = round_items(request, open_rounds[:5], timezone.localdate())
    context = {"counts": counts, "recent": recent, "flagged": flagged, "grade_chart": chart,
               "due": due}  # fmt: skip
    return render(request, "jixiao/dashboard.html", context)
