"""URLs of the year's cycle: monitoring (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from jixiao.web.views import monitoring

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitoring/", monitoring.monitoring_list, name="monitoring_list"),
    path("monitoring/<int:pk>/", monitoring.monitoring_detail, name="monitoring_detail"),
    path("monitoring/<int:pk>/import/", monitoring.monitoring_import, name="monitoring_import"),
]
