"""URL map (interface.md §4): the paths users bookmark stay stable."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from jixiao.web.views import auth, errors, pages, public, records

admin.site.site_header = "jixiao 预算绩效管理"
admin.site.site_title = "jixiao 管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("evaluations/", records.record_list, name="record_list"),
    path("evaluations/new/", records.record_new, name="record_new"),
    path("evaluations/<int:pk>/", records.record_detail, name="record_detail"),
    path("evaluations/<int:pk>/preview/", records.record_preview, name="record_preview"),
    path("evaluations/<int:pk>/action/", records.record_action, name="record_action"),
    path(
        "evaluations/<int:pk>/download/<str:kind>/",
        records.record_download,
        name="record_download",
    ),
    path("upload/", records.upload, name="upload"),
    path("", include("jixiao.web.urls_targets")),  # /targets/, /library/
    path("", include("jixiao.web.urls_cycle")),  # target review, carry-forward, /rounds/
    path("", include("jixiao.web.urls_monitoring")),  # /monitoring/
    path("", include("jixiao.web.urls_review")),  # /review/, evidence, 复核
    path("", include("jixiao.web.urls_dashboards")),  # /dashboards/
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
    path("public/<int:pk>/download/<str:kind>/", public.public_download, name="public_download"),
    path("api/v1/", include("jixiao.web.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = errors.not_found
handler500 = errors.server_error
