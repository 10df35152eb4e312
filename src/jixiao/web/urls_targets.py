"""URLs of the year's cycle: target tables and the indicator library (included at the site root
by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from jixiao.web.views import library, targets

urlpatterns: list[URLPattern | URLResolver] = [
    path("targets/", targets.target_list, name="target_list"),
    path("targets/new/", targets.target_new, name="target_new"),
    path("targets/<int:pk>/", targets.target_detail, name="target_detail"),
    path("targets/<int:pk>/preview/", targets.target_preview, name="target_preview"),
    path("targets/<int:pk>/row/", targets.target_row, name="target_row"),
    path("library/", library.library_list, name="library_list"),
    path("library/new/", library.library_new, name="library_new"),
    path("library/<int:pk>/edit/", library.library_edit, name="library_edit"),
    path("library/<int:pk>/delete/", library.library_delete, name="library_delete"),
    path("library/import/", library.library_import, name="library_import"),
    path("library/export.xlsx", library.library_export, name="library_export"),
    path("library/search/", library.library_search, name="library_search"),
]
