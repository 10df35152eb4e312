"""URLs of the year's cycle: target review (R14), carry-forward into the self-evaluation (R1.4)
and rounds with due dates (included at the site root by jixiao.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from jixiao.web.views import cycle, rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("targets/<int:pk>/review/", cycle.target_review, name="target_review"),
    path("targets/<int:pk>/self-eval/", cycle.carry, name="target_carry"),
    path("targets/<int:pk>/opinion.docx", cycle.target_opinion, name="target_opinion"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
]
