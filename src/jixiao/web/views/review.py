"""The finance bureau's review: the queue ranked by risk with a reproducible random sample, one
record's review page (verdicts on its findings, its evidence, the re-score) and its 审核意见.

Reviewers of the record's bureau and administrators act; auditors read; anyone else (a unit's
filler, another bureau) is told the page does not exist.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.model.evaluation import DocType, Indicator
from jixiao.model.numbers import fmt, parse_number, round_points
from jixiao.model.risk import reasons
from jixiao.model.scorecard import LineKind
from jixiao.model.workflow import STATUS_LABELS, actions
from jixiao.services.assess import Assessed
from jixiao.services.review import (
    MEAN_OF_GROUPS,
    NO_BLEND,
    blend,
    blend_of,
    grade_of_final,
    missing_evidence,
    review_total,
    row_key,
)
from jixiao.storage import evidence, records, review, selectors
from jixiao.storage.models import Record, ReScore
from jixiao.web import flows
from jixiao.web.views.common import login_required, record_or_404
from jixiao.web.views.files import file_response
from jixiao.writers.review import Rescore, Verdict, write_review

PAGE_SIZE = 50
MAX_SEED = 2**31 - 1


def _queue_or_404(request: HttpRequest) -> None:
    if not review.can_read_queue(request.user):
        raise Http404("没有这个页面")


def _record(request: HttpRequest, pk: Any) -> Record:
    _queue_or_404(request)
    return record_or_404(request, pk)


@dataclass
class QueueRow:
    record: Record
    reasons: list[str]


def _reasons(record: Record, standing: review.Standing) -> list[str]:
    flags = [f for f in record.flags.split(",") if f]
    return reasons(flags, standing.severities, standing.top_codes, record.stated_score,
                   record.score, record.execution_rate)  # fmt: skip


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _queue_or_404(request)
    f = review.QueueFilters.from_query(request.GET)
    number = _positive(request.GET.get("page")) or 1
    rows, more = review.page_of(review.queue(request.user, f), number, PAGE_SIZE)
    standing = review.standing([r.pk for r in rows])
    query = urlencode(f.query())
    context = {
        "rows": [QueueRow(r, _reasons(r, standing[r.pk])) for r in rows],
        "filters": f, "query": query, "number": number, "more": more,
        "offset": (number - 1) * PAGE_SIZE,
        "statuses": [(s.value, STATUS_LABELS[s]) for s in review.QUEUE_STATUSES],
        "years": selectors.years(), "units": selectors.visible_units(request.user),
        "can_sample": review.can_sample(request.user), "seed": secrets.randbelow(1_000_000),
    }  # fmt: skip
    return render(request, "jixiao/review_queue.html", context)


def _positive(value: Any) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


@login_required
@require_POST
def review_sample(request: HttpRequest) -> HttpResponse:
    _queue_or_404(request)
    f = review.QueueFilters.from_query(request.POST)
    back = f"/review/?{urlencode(f.query())}"
    if not review.can_sample(request.user):
        return HttpResponse("只有财政局审核人可以抽样复核", status=403)
    seed = _positive(request.POST.get("seed"))
    count = _positive(request.POST.get("count"))
    percent = parse_number(request.POST.get("percent") or "")
    if seed is None or seed > MAX_SEED:
        messages.error(request, "请填写随机种子（1 至 2147483647 的整数）")
        return redirect(back)
    if count is None and (percent is None or not 0 < percent <= 100):  # noqa: PLR2004
        messages.error(request, "请填写抽取条数，或抽取比例（0–100%）")
        return redirect(back)
    pool = review.queue(request.user, review.QueueFilters(f.status, f.year, f.unit))
    chosen, size = review.sample(request.user, pool, seed, count, None if count else percent)
    how = f"{count}条" if count else f"{fmt(percent)}%"
    messages.success(
        request,
        f"按随机种子{seed}从符合条件的{size}条记录中抽取{how}，抽中{len(chosen)}条，已标记“抽样”",
    )
    return redirect(f"/review/?{urlencode({**f.query(), 'sampled': '1'})}")


@dataclass
class ScoreRow:
    """One row of the 复核 form: the self-score, the recomputed points (the prefill) and the
    reviewer's points; ``n`` numbers the inputs ``row-<n>-review`` and ``row-<n>-note``."""

    n: int
    key: str
    name: str
    weight: Decimal
    stated: Decimal | None
    computed: Decimal | None
    text: str
    note: str = ""
    points: Decimal | None = None  # the reviewer's, once parsed
    error: str = ""
    group: int = 0  # index of the card's group (a department form's task block)

    def stored(self) -> review.RowScore:
        stated = "" if self.stated is None else fmt(self.stated)
        return review.RowScore(self.key, self.name, fmt(self.weight), stated,
                               fmt(self.points), self.note)  # fmt: skip

    def parse(self) -> None:
        value = parse_number(self.text)
        if value is None:
            self.error = f"“{self.name}”：请填写复核分（数字）"
        elif value < 0:
            self.error = f"“{self.name}”的复核分不能为负数"
        elif round_points(value) > self.weight:
            self.error = f"“{self.name}”的复核分{self.text}超过分值{fmt(self.weight)}分"
        else:
            self.points = round_points(value)


def score_rows(a: Assessed, posted: Any = None) -> list[ScoreRow]:
    """Every scored row with a weight (indicators, then execution as the card lists them),
    prefilled with the recomputed points, or read from the posted form. A target table is
    reviewed against R14 instead (no rows)."""
    out: list[ScoreRow] = []
    if a.evaluation.doc_type is DocType.TARGET_TABLE:
        return out
    for g, group in enumerate(a.card.groups):
        for line in group.lines:
            if line.weight is None or line.weight <= 0:
                continue
            if line.kind is LineKind.INDICATOR and isinstance(line.row, Indicator):
                key, name = row_key(line.row), line.name
            else:
                key, name = f"execution/{line.name}", f"预算执行率（{line.name}）"
            prefill = line.points if line.points is not None else line.stated
            row = ScoreRow(len(out), key, name, line.weight, line.stated, line.points,
                           "" if prefill is None else fmt(prefill), group=g)  # fmt: skip
            if posted is not None:
                row.text = str(posted.get(f"row-{row.n}-review", "")).strip()[:20]
                row.note = str(posted.get(f"row-{row.n}-note", "")).strip()[:500]
                row.parse()
            out.append(row)
    return out


def _page_context(
    request: HttpRequest, record: Record, a: Assessed, rows: list[ScoreRow] | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    role = selectors.role_of(request.user)
    allowed = [
        x for x in (actions(record.state, role) if role else [])
        if records.can_act(request.user, record, x)
    ]  # fmt: skip
    weights = blend_of(a.selected.ruleset, record.fiscal_year)
    can_review = review.can_review(request.user, record)
    standing = review.standing([record.pk])[record.pk]
    latest = review.latest_rescore(record)
    rows = rows if rows is not None else _as_last_time(score_rows(a), latest, record)
    return {
        "record": record, "ev": a.evaluation, "card": a.card, "ruleset": a.selected.ruleset.name,
        "findings": review.findings_with_verdicts(record),
        "missing": missing_evidence(a.card, evidence.evidenced_keys(record)),
        "reasons": _reasons(record, standing), "actions": allowed,
        "can_review": can_review,
        "can_rescore": can_review and record.state in review.RESCORE_STATUSES and bool(rows),
        "rows": rows, "errors": errors or [],
        "blend_rule": NO_BLEND if weights is None
        else f"自评×{fmt(weights.self_share)} + 复核×{fmt(weights.review_share)}",
        "latest": latest,
        "total_rule": "各任务块复核分之和的平均" if a.card.total_method == MEAN_OF_GROUPS
        else "各项复核分之和",
    }  # fmt: skip


def _as_last_time(rows: list[ScoreRow], latest: ReScore | None, record: Record) -> list[ScoreRow]:
    """The form prefilled with the last re-score of this version, where its rows still match."""
    if latest is None or latest.record_version != record.version or len(latest.rows) != len(rows):
        return rows
    for row, kept in zip(rows, latest.rows, strict=True):
        if kept.get("key") != row.key:
            return rows
    for row, kept in zip(rows, latest.rows, strict=True):
        row.text, row.note = str(kept.get("review", row.text)), str(kept.get("note", ""))
    return rows


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    a = flows.assess_record(record)
    return render(request, "jixiao/review_page.html", _page_context(request, record, a))


VERDICT_INPUTS = {"confirmed": "confirmed", "false_positive": "false_positive", "undo": None}


@login_required
@require_POST
def review_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: mark one finding 已核实 or 误报 (or undo); the finding's block and the record's
    risk come back. Without htmx, back to the page."""
    record = _record(request, pk)
    if not review.can_review(request.user, record):
        return HttpResponse("只读用户不能核实问题", status=403)
    fid = request.POST.get("fid", "")[:64]
    choice = request.POST.get("verdict", "")
    if choice not in VERDICT_INPUTS:
        return HttpResponse("核实结论只能是“已核实”“误报”或“撤销”", status=400)
    error = ""
    try:
        review.set_verdict(
            request.user, record, fid, VERDICT_INPUTS[choice], request.POST.get("comment", "")
        )
    except records.RecordError as exc:
        error = str(exc)
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        anchor = f"#f-{fid}" if re.fullmatch(r"[0-9a-f]{1,64}", fid) else ""
        return redirect(f"/review/{record.pk}/{anchor}")
    record.refresh_from_db()
    found = [(f, v) for f, v in review.findings_with_verdicts(record) if f.fid == fid]
    context = {
        "record": record,
        "found": found,
        "error": error,
        "can_review": True,
        "reasons": _reasons(record, review.standing([record.pk])[record.pk]),
    }
    return render(request, "jixiao/_review_verdict.html", context, status=409 if error else 200)


@login_required
@require_POST
def review_rescore(request: HttpRequest, pk: int) -> HttpResponse:
    """The 复核 form: per row the review points (≤ the row's weight), the total, the blend."""
    record = _record(request, pk)
    if not review.can_review(request.user, record):
        return HttpResponse("只读用户不能复核", status=403)
    a = flows.assess_record(record)
    rows = score_rows(a, request.POST)
    errors = [r.error for r in rows if r.error]
    if not rows:
        errors.append("该记录没有可复核的计分行")
    if errors:
        context = _page_context(request, record, a, rows, errors)
        return render(request, "jixiao/review_page.html", context, status=400)
    total = review_total([(r.group, r.points or Decimal(0)) for r in rows], a.card.total_method)
    self_total = a.card.stated_total
    final, how = blend(self_total, total, blend_of(a.selected.ruleset, record.fiscal_year))
    try:
        version = int(request.POST.get("version", "0"))
        review.save_rescore(
            request.user, record, [r.stored() for r in rows],
            ("" if self_total is None else fmt(self_total), fmt(total), fmt(final)),
            how, request.POST.get("comment", ""), version,
        )  # fmt: skip
    except (records.RecordError, ValueError) as exc:
        message = str(exc) if isinstance(exc, records.RecordError) else "页面已过期，请刷新"
        context = _page_context(request, record, a, rows, [message])
        return render(request, "jixiao/review_page.html", context, status=409)
    messages.success(request, f"已保存复核：复核总分{fmt(total)}分，最终得分{fmt(final)}分")
    return redirect(f"/review/{record.pk}/#rescore")


def _sheet(kept: ReScore, rs: Any, year: int | None) -> Rescore:
    rows = tuple(
        (r.get("name", ""), r.get("weight", ""), r.get("self", ""), r.get("review", ""),
         r.get("note", ""))
        for r in kept.rows
    )  # fmt: skip
    grade = grade_of_final(Decimal(kept.final_total), rs, year) if kept.final_total else ""
    who = kept.reviewer.get_full_name() or kept.reviewer.username if kept.reviewer else ""
    return Rescore(rows, kept.self_total, kept.review_total, kept.final_total, kept.blend, grade,
                   who, kept.comment)  # fmt: skip


@login_required
def review_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    a = flows.assess_record(record)
    rs = a.selected.ruleset
    verdicts = {fid: Verdict(v.verdict, v.comment) for fid, v in review.verdicts_of(record).items()}
    kept = review.latest_rescore(record)
    written = write_review(
        a.evaluation, a.card, a.run.findings, rs.name, verdicts=verdicts,
        evidence=missing_evidence(a.card, evidence.evidenced_keys(record)),
        rescore=None if kept is None else _sheet(kept, rs, record.fiscal_year),
    )  # fmt: skip
    return file_response(written, record, "review")
