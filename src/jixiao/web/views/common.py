"""What the views share: login required, a record or 404, pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from jixiao.storage import selectors
from jixiao.storage.models import Record, Unit

PAGE_SIZE = 50

View = Callable[..., HttpResponse]


def login_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"/login/?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapped


def record_or_404(request: HttpRequest, pk: Any) -> Record:
    try:
        return selectors.get_record(request.user, pk)
    except selectors.NotFoundError:
        raise Http404("没有这条记录") from None


def own_unit(request: HttpRequest) -> Unit | None:
    """The unit a new record is for: the user's own; an administrator picks one."""
    m = selectors.membership(request.user)
    if m is not None:
        return m.unit
    pk = request.POST.get("unit")
    return selectors.visible_units(request.user).filter(pk=pk).first() if pk else None


def paginate(request: HttpRequest, records: QuerySet[Record]) -> Page[Record]:
    paginator = Paginator(records, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
