"""The bureau's review of a submitted target table (rules.md R14), and its outcome, in one
transaction: the review is kept with the version it judged, then the table is approved (优/良)
or returned (中/差) through :func:`jixiao.storage.records.apply_action`, which refuses to approve
a target table without a passing review of its current version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from jixiao.model.target_review import (
    CRITERIA,
    Criterion,
    Outcome,
    Rated,
    Tier,
    allowed_grades,
    missing,
    outcome,
    review_comment,
    suggested_grade,
)
from jixiao.model.workflow import Action, Status
from jixiao.storage import records, routing
from jixiao.storage.library import grow_from_target
from jixiao.storage.models import Record, TargetReview

TARGET_DOC_TYPE = records.TARGET_DOC_TYPE
MAX_COMMENT = 2000


def is_target(record: Record) -> bool:
    return record.doc_type == TARGET_DOC_TYPE


def can_review(user: Any, record: Record) -> bool:
    """A reviewer of the record's bureau (or an administrator), on a submitted target table."""
    return (
        is_target(record)
        and record.state is Status.SUBMITTED
        and records.can_act(user, record, Action.APPROVE)
    )


def reviews_of(record: Record) -> QuerySet[TargetReview]:
    return record.target_reviews.select_related("reviewer").order_by("at", "id")


def _check(ratings: Mapping[Criterion, Tier], grade: Tier) -> None:
    gaps = missing(ratings)
    if gaps:
        raise records.RecordError("请为以下各项评级：" + "、".join(c.label for c in gaps))
    if grade not in allowed_grades(ratings):
        worst = suggested_grade(ratings)
        raise records.RecordError(
            f"审核结果“{grade.value}”高于最低一项“{worst.value}”超过一档；"
            f"审核结果最高为“{allowed_grades(ratings)[0].value}”"
        )


def review_target(
    user: Any,
    record: Record,
    ratings: Mapping[Criterion, Tier],
    comments: Mapping[Criterion, str],
    grade: Tier,
    comment: str,
    expected_version: int,
) -> tuple[TargetReview, Record]:
    """Keep the review of ``record`` at ``expected_version`` and apply its outcome. Refused
    (:class:`records.RecordError`, nothing changed) for anyone but a reviewer of the record's
    bureau or an administrator, for a record that is not a submitted target table, for a stale
    version, for a missing rating or an overall result more than one tier above the worst."""
    if not can_review(user, record):
        raise records.NotAllowedError(
            f"“{record.title}”当前为{record.state.label}，您不能进行目标审核"
            if is_target(record)
            else f"“{record.title}”不是绩效目标表，不能进行目标审核"
        )
    _check(ratings, grade)
    notes = {c: (comments.get(c) or "").strip()[:MAX_COMMENT] for c in CRITERIA}
    comment = comment.strip()[:MAX_COMMENT]
    rated = [Rated(c, ratings[c], notes[c]) for c in CRITERIA]
    action = Action.APPROVE if outcome(grade) is Outcome.APPROVE else Action.RETURN
    with transaction.atomic(using=routing.alias()):
        current = Record.objects.select_for_update().get(pk=record.pk)
        if current.version != expected_version or current.status != record.status:
            raise records.StaleVersionError(
                f"“{record.title}”已被他人修改或处理（当前第{current.version}版）；请刷新后再审核"
            )
        review = TargetReview.objects.create(
            record=current,
            reviewer=records.actor(user),
            record_version=current.version,
            grade=grade.value,
            comment=comment,
            comments={c.value: notes[c] for c in CRITERIA if notes[c]},
            **{c.value: ratings[c].value for c in CRITERIA},
        )
        updated = records.apply_action(
            user, current, action, review_comment(rated, grade, comment), current.version
        )
        if updated.status == Status.APPROVED.value:
            grow_from_target(updated)  # the bureau's library learns the approved indicators
    return review, updated
