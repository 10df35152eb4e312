"""URLs of the year's cycle: targets (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
