"""Target review (rules.md R14) and the carry-forward of an approved target table into the
year-end self-evaluation (R1.4). Records are fetched through the scoped selectors: a target
table outside the user's scope is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.model.target_review import (
    CRITERIA,
    TIERS,
    Criterion,
    Rated,
    Tier,
    allowed_grades,
    parse_tier,
    suggested_grade,
)
from jixiao.model.workflow import Role
from jixiao.services.assess import from_document
from jixiao.storage import carry as carrying
from jixiao.storage import records, selectors
from jixiao.storage import target_review as reviewing
from jixiao.storage.models import Record
from jixiao.web import flows
from jixiao.web.views.common import login_required, record_or_404
from jixiao.web.views.files import file_response
from jixiao.writers.target_review import write_target_review

REVIEWER_ROLES = (Role.REVIEWER, Role.ADMIN)


def _target_or_404(request: HttpRequest, pk: int) -> Record:
    record = record_or_404(request, pk)
    if not reviewing.is_target(record):
        raise Http404("没有这张绩效目标表")
    return record


def _posted(request: HttpRequest) -> tuple[dict[Criterion, Tier], dict[Criterion, str]]:
    ratings: dict[Criterion, Tier] = {}
    comments: dict[Criterion, str] = {}
    for c in CRITERIA:
        tier = parse_tier(request.POST.get(f"rating-{c.value}"))
        if tier is not None:
            ratings[c] = tier
        comments[c] = request.POST.get(f"comment-{c.value}", "")
    return ratings, comments


def _form_context(
    record: Record,
    ratings: dict[Criterion, Tier],
    comments: dict[Criterion, str],
    grade: Tier | None,
    comment: str,
) -> dict[str, Any]:
    ev = from_document(record.document)
    suggested = suggested_grade(ratings) if len(ratings) == len(CRITERIA) else None
    return {
        "record": record, "ev": ev, "tiers": TIERS,
        "criteria": [
            {"key": c.value, "label": c.label, "question": c.question,
             "rating": ratings.get(c), "comment": comments.get(c, "")}
            for c in CRITERIA
        ],
        "grade": grade or suggested, "suggested": suggested, "comment": comment,
        "allowed": allowed_grades(ratings) if suggested else list(TIERS),
        "reviews": reviewing.reviews_of(record),
    }  # fmt: skip


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "jixiao/target_review.html", context, status=status)


@login_required
def target_review(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the R14 form; POST a review, which approves (优/良) or returns (中/差) the table."""
    record = _target_or_404(request, pk)
    if selectors.role_of(request.user) not in REVIEWER_ROLES:
        refused = "只有财政局审核人可以进行目标审核"
        return _page(request, {"record": record, "refused": refused}, 403)
    if request.method != "POST":
        context = _form_context(record, {}, {}, None, "")
        if not reviewing.can_review(request.user, record):
            state = record.state.label
            context["refused"] = f"“{record.title}”当前为{state}，只有已提交的绩效目标表可以审核"
        return _page(request, context)
    ratings, comments = _posted(request)
    grade = parse_tier(request.POST.get("grade"))
    comment = request.POST.get("comment", "")
    context = _form_context(record, ratings, comments, grade, comment)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    if grade is None:
        context["errors"] = ["请选择审核结果（优、良、中、差）"]
        return _page(request, context, 400)
    try:
        review, _ = reviewing.review_target(
            request.user, record, ratings, comments, grade, comment, version
        )
    except records.NotAllowedError as exc:
        context["errors"] = [str(exc)]
        return _page(request, context, 409)
    except records.StaleVersionError as exc:
        context["errors"] = [str(exc)]
        return _page(request, context, 409)
    except records.RecordError as exc:
        context["errors"] = [str(exc)]
        return _page(request, context, 400)
    messages.success(request, f"目标审核结果：{review.grade}（{Tier(review.grade).consequence}）")
    return redirect(f"/targets/{record.pk}/")


@login_required
@require_POST
def carry(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: make (or open) the year-end self-evaluation of an approved target table."""
    target = _target_or_404(request, pk)
    if not carrying.can_carry(request.user, target):
        refused = carrying.refusal(target)
        status = 409 if target.status not in carrying.CARRIABLE else 403
        return _page(request, {"record": target, "refused": refused}, status)
    try:
        made, created = flows.carry_target(request.user, target)
    except records.RecordError as exc:
        return _page(request, {"record": target, "refused": str(exc)}, 409)
    if created:
        messages.success(request, "已按批复的绩效目标生成年度自评表，请填写实际完成值")
    return redirect("record_detail", pk=made.pk)


@login_required
def target_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau's 绩效目标审核意见 (.docx) of the latest review: for the unit and the bureau."""
    record = _target_or_404(request, pk)
    latest = reviewing.reviews_of(record).select_related("reviewer").last()
    if latest is None:
        raise Http404("这张绩效目标表尚未审核")
    rated = [Rated(c, Tier(getattr(latest, c.value)), latest.comments.get(c.value, ""))
             for c in CRITERIA]  # fmt: skip
    who = latest.reviewer
    written = write_target_review(
        from_document(record.document), rated, Tier(latest.grade), latest.comment,
        flows.assess_record(record).run.findings,
        reviewer=(who.get_full_name() or who.username) if who is not None else "",
        reviewed_on=timezone.localtime(latest.at).date(),
    )  # fmt: skip
    return file_response(written, record, "target_review")
