"""Error pages: JSON in the API's one error shape under /api/, a Chinese page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from jixiao.web.api.http import ApiError, error_response


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return error_response(ApiError("not_found", "没有这个地址或这条记录"))
    return render(request, "jixiao/error.html", {"title": "页面不存在", "status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return error_response(ApiError("server_error", "服务器内部错误，已记录；请稍后再试"))
    # no request context: the database or the session may be what failed
    context = {"title": "服务器内部错误", "status": 500}
    return HttpResponse(render_to_string("jixiao/error.html", context), status=500)
