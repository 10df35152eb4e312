"""URLs of the year's cycle: cycle (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
