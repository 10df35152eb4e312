"""Log in (throttled) and out."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jixiao.storage.models import LoginFailure


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _throttled(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(at__gte=since).filter(
        Q(username=username) | Q(address=address)
    )
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else "/"


def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = _address(request)
        if _throttled(username, address):
            error = f"登录失败次数过多，请{settings.LOGIN_WINDOW_SECONDS // 60}分钟后再试"
            status = 429
        else:
            user = authenticate(
                request, username=username, password=request.POST.get("password", "")
            )
            if user is not None:
                login(request, user)
                return redirect(_next(request))
            LoginFailure.objects.create(username=username, address=address)
            error = "用户名或密码不正确"
            status = 401
    username = request.POST.get("username", "")[:150] if request.method == "POST" else ""
    context = {"error": error, "next": _next(request), "username": username}
    return render(request, "jixiao/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
