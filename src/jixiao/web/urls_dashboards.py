"""URLs of the year's cycle: dashboards (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from jixiao.web.views import dashboards

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboards/", dashboards.dashboard_page, name="dashboards"),
    path("dashboards/<slug:chart>.xlsx", dashboards.dashboard_xlsx, name="dashboard_xlsx"),
]
