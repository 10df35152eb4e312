"""URLs of the year's cycle: review (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from jixiao.web.views import evidence, review

urlpatterns: list[URLPattern | URLResolver] = [
    path("review/", review.review_queue, name="review_queue"),
    path("review/sample/", review.review_sample, name="review_sample"),
    path("review/<int:pk>/", review.review_page, name="review_page"),
    path("review/<int:pk>/verdict/", review.review_verdict, name="review_verdict"),
    path("review/<int:pk>/rescore/", review.review_rescore, name="review_rescore"),
    path("review/<int:pk>/opinion.docx", review.review_opinion, name="review_opinion"),
    path("evaluations/<int:pk>/evidence/", evidence.evidence_page, name="evidence_page"),
    path("evidence/<int:pk>/download/", evidence.evidence_download, name="evidence_download"),
]
