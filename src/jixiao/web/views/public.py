"""The public pages (no login): published evaluations, searchable, with their downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.storage import selectors
from jixiao.storage.models import Record
from jixiao.web import flows
from jixiao.web.present import layout
from jixiao.web.views.common import paginate, query_without_page
from jixiao.web.views.files import download

PUBLIC_DOWNLOADS = {"xlsx": "自评表", "docx": "自评报告", "pdf": "自评报告PDF"}


def _published(pk: int) -> Record:
    try:
        return selectors.get_published(pk)
    except selectors.NotFoundError:
        raise Http404("没有这条公开记录") from None


def public_list(request: HttpRequest) -> HttpResponse:
    f = selectors.Filters.from_query(request.GET)
    f = selectors.Filters(year=f.year, unit=f.unit, grade=f.grade, q=f.q)  # no status filter
    page = paginate(request, selectors.published(f))
    units = selectors.published_units()
    context = {
        "page": page, "filters": f, "query": query_without_page(request),
        "years": selectors.years(), "units": units,
        "grades": ["优", "优秀", "良", "良好", "中", "一般", "差", "较差"],
    }  # fmt: skip
    return render(request, "jixiao/public_list.html", context)


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(pk)
    a = flows.assess_record(record)
    context = {"record": record, "lay": layout(a), "ev": a.evaluation,
               "downloads": PUBLIC_DOWNLOADS}  # fmt: skip
    return render(request, "jixiao/public_detail.html", context)


def public_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return download(request, _published(pk), kind, PUBLIC_DOWNLOADS, "public_detail")
