"""The admin pages of the year's cycle: rounds and the indicator library are edited here too;
what the workflow writes (target reviews, monitoring, evidence, verdicts, re-scores, stored
findings) is shown read-only, so it only ever changes through the pages that log it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jixiao.storage.models import (
    Evidence,
    FindingVerdict,
    IndicatorEntry,
    Monitoring,
    RecordFinding,
    ReScore,
    Round,
    TargetReview,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never changed here: the workflow pages write these, with the audit log."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "bureau", "kind", "fiscal_year", "month", "opens_on", "due_on",
                    "closed")  # fmt: skip
    list_filter = ("kind", "fiscal_year", "closed")
    search_fields = ("title", "bureau__name")


@admin.register(IndicatorEntry)
class IndicatorEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("level3", "level1", "level2", "direction", "value", "unit", "bureau", "uses",
                    "source")  # fmt: skip
    list_filter = ("bureau", "level1")
    search_fields = ("level3", "level2", "description")


@admin.register(TargetReview)
class TargetReviewAdmin(ReadOnlyAdmin):
    list_display = ("record", "grade", "completeness", "relevance", "appropriateness",
                    "feasibility", "reviewer", "at")  # fmt: skip
    list_filter = ("grade",)


@admin.register(Monitoring)
class MonitoringAdmin(ReadOnlyAdmin):
    list_display = ("record", "latest_month", "light", "plan_light", "progress_value",
                    "updated_at")  # fmt: skip
    list_filter = ("light",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("record", "row_key", "upload", "uploaded_by", "at")


@admin.register(FindingVerdict)
class FindingVerdictAdmin(ReadOnlyAdmin):
    list_display = ("record", "code", "verdict", "user", "at")
    list_filter = ("verdict",)


@admin.register(ReScore)
class ReScoreAdmin(ReadOnlyAdmin):
    list_display = ("record", "self_total", "review_total", "final_total", "blend", "reviewer",
                    "at")  # fmt: skip


@admin.register(RecordFinding)
class RecordFindingAdmin(ReadOnlyAdmin):
    list_display = ("record", "code", "category", "severity", "place", "fiscal_year")
    list_filter = ("severity", "category", "fiscal_year")
    search_fields = ("code",)
