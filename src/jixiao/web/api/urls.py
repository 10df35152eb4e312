"""API routes under /api/v1/ (docs/api.md). Anything else under the prefix is a JSON 404."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from jixiao.web.api import reads, writes
from jixiao.web.api.http import endpoint, not_found

urlpatterns: list[URLPattern] = [
    path(
        "evaluations/",
        endpoint(GET=reads.evaluation_list, POST=writes.evaluation_create),
        name="api_evaluations",
    ),
    path(
        "evaluations/<int:pk>/",
        endpoint(GET=reads.evaluation_detail, PUT=writes.evaluation_update),
        name="api_evaluation",
    ),
    path(
        "evaluations/<int:pk>/score/",
        endpoint(GET=reads.evaluation_score),
        name="api_evaluation_score",
    ),
    path(
        "evaluations/<int:pk>/findings/",
        endpoint(GET=reads.evaluation_findings),
        name="api_evaluation_findings",
    ),
    path(
        "evaluations/<int:pk>/actions/",
        endpoint(POST=writes.evaluation_action),
        name="api_evaluation_actions",
    ),
    path(
        "evaluations/<int:pk>/audit/",
        endpoint(GET=reads.evaluation_audit),
        name="api_evaluation_audit",
    ),
    path("rulesets/", endpoint(GET=reads.rulesets), name="api_rulesets"),
    path(
        "public/evaluations/",
        endpoint(public=True, GET=reads.public_list),
        name="api_public_evaluations",
    ),
    re_path(r"^(?P<rest>.*)$", not_found, name="api_not_found"),
]
