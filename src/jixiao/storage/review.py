"""The finance bureau's review of self-evaluations: the queue ranked by risk, random sampling,
the reviewer's verdicts on findings and the re-score (复核).

Reads are scoped through :mod:`jixiao.storage.selectors`; every write checks the user's rights
and leaves an audit entry in the same transaction. A verdict is kept by the finding's stable id
(``fid``), so it survives re-saves: a re-run that gives the same finding shows it again, and a
finding that is gone keeps its verdict stored but not shown.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from jixiao.model.findings import Severity
from jixiao.model.workflow import Role, Status
from jixiao.storage import routing
from jixiao.storage.models import (
    AuditEntry,
    FindingVerdict,
    Record,
    RecordFinding,
    ReScore,
)
from jixiao.storage.records import (
    TARGET_DOC_TYPE,
    NotAllowedError,
    RecordError,
    StaleVersionError,
    actor,
    in_bureau,
    log,
    refresh_risk,
)
from jixiao.storage.selectors import int_or_none, role_of, visible_records

QUEUE_STATUSES: Final = (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.PUBLISHED)
RESCORE_STATUSES: Final = (Status.SUBMITTED, Status.APPROVED)
READERS: Final = (Role.REVIEWER, Role.AUDITOR, Role.ADMIN)
TOP_CODES: Final = 3
BATCH: Final = 500  # ids per statement (SQLite's limit on bound variables)


def can_read_queue(user: Any) -> bool:
    """Reviewers and auditors of a bureau, and administrators."""
    return role_of(user) in READERS


def can_review(user: Any, record: Record) -> bool:
    """A reviewer of the record's bureau, or an administrator (auditors only read)."""
    role = role_of(user)
    return role is Role.ADMIN or (role is Role.REVIEWER and in_bureau(user, record))


def can_sample(user: Any) -> bool:
    return role_of(user) in (Role.REVIEWER, Role.ADMIN)


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters; a status the queue does not offer falls back to 已提交."""

    status: str = Status.SUBMITTED.value
    year: int | None = None
    unit: int | None = None
    sampled: bool = False

    @classmethod
    def from_query(cls, params: Any) -> QueueFilters:
        status = params.get("status") or Status.SUBMITTED.value
        if status not in {s.value for s in QUEUE_STATUSES}:
            status = Status.SUBMITTED.value
        return cls(status, int_or_none(params.get("year")), int_or_none(params.get("unit")),
                   params.get("sampled") in ("1", "on", "true"))  # fmt: skip

    def query(self) -> dict[str, str]:
        out = {"status": self.status}
        if self.year is not None:
            out["year"] = str(self.year)
        if self.unit is not None:
            out["unit"] = str(self.unit)
        if self.sampled:
            out["sampled"] = "1"
        return out


def queue(user: Any, f: QueueFilters) -> QuerySet[Record]:
    """The user's visible records awaiting review, riskiest first: the ``record_queue`` index
    (status, −risk, −id) is walked and the walk stops at a page. Target tables have their own
    review (R14) and are left out."""
    if not can_read_queue(user):
        return Record.objects.none()
    records = visible_records(user).filter(status=f.status).exclude(doc_type=TARGET_DOC_TYPE)
    if f.year is not None:
        records = records.filter(fiscal_year=f.year)
    if f.unit is not None:
        records = records.filter(unit_id=f.unit)
    if f.sampled:
        records = records.filter(sampled=True)
    return records.order_by("-risk", "-id")


def page_of(records: QuerySet[Record], number: int, size: int) -> tuple[list[Record], bool]:
    """One page without counting the set: the page's rows and whether another follows."""
    start = (max(number, 1) - 1) * size
    rows = list(records[start : start + size + 1])
    return rows[:size], len(rows) > size


@dataclass(frozen=True)
class Standing:
    """A record's findings not marked 误报: counts by severity and the most frequent error codes."""

    severities: Counter[Severity]
    top_codes: tuple[str, ...]


def standing(record_ids: Sequence[int]) -> dict[int, Standing]:
    """The standing findings of a page of records, in one query."""
    dismissed = FindingVerdict.objects.filter(
        record_id=OuterRef("record_id"), fid=OuterRef("fid"),
        verdict=FindingVerdict.Verdict.FALSE_POSITIVE,
    )  # fmt: skip
    rows = (
        RecordFinding.objects.filter(record_id__in=list(record_ids))
        .exclude(Exists(dismissed))
        .order_by()
        .values_list("record_id", "code", "severity")
    )
    severities: dict[int, Counter[Severity]] = defaultdict(Counter)
    errors: dict[int, Counter[str]] = defaultdict(Counter)
    for record_id, code, severity in rows:
        sev = Severity(severity)
        severities[record_id][sev] += 1
        if sev is Severity.ERROR:
            errors[record_id][code] += 1
    return {
        pk: Standing(
            severities.get(pk, Counter()),
            tuple(code for code, _ in errors.get(pk, Counter()).most_common(TOP_CODES)),
        )
        for pk in record_ids
    }


def findings_with_verdicts(record: Record) -> list[tuple[RecordFinding, FindingVerdict | None]]:
    """The record's current findings (its last save), each with its verdict if any."""
    verdicts = verdicts_of(record)
    found = RecordFinding.objects.filter(record_id=record.pk).order_by("id")
    return [(f, verdicts.get(f.fid)) for f in found]


def verdicts_of(record: Record) -> dict[str, FindingVerdict]:
    return {v.fid: v for v in FindingVerdict.objects.filter(record_id=record.pk)}


VERDICTS: Final = {v.value for v in FindingVerdict.Verdict}


def set_verdict(
    user: Any, record: Record, fid: str, verdict: str | None, comment: str = ""
) -> FindingVerdict | None:
    """Mark one of the record's current findings 已核实 or 误报 (``None``: undo), then refresh
    the record's risk points. Refused for a finding the last save no longer has."""
    if not can_review(user, record):
        raise NotAllowedError(f"无权核实“{record.title}”的问题")
    if verdict is not None and verdict not in VERDICTS:
        raise RecordError("核实结论只能是“已核实”或“误报”")
    with transaction.atomic(using=routing.alias()):
        finding = RecordFinding.objects.filter(record_id=record.pk, fid=fid).first()
        if finding is None:
            raise StaleVersionError("该问题已不在最新的检查结果中，请刷新页面")
        old = FindingVerdict.objects.filter(record_id=record.pk, fid=fid).first()
        before = None if old is None else {"fid": fid, "verdict": old.verdict}
        kept: FindingVerdict | None = None
        if verdict is None:
            if old is not None:
                old.delete()
        else:
            kept, _ = FindingVerdict.objects.update_or_create(
                record_id=record.pk, fid=fid,
                defaults={"code": finding.code, "verdict": verdict,
                          "comment": comment.strip()[:2000], "user": actor(user)},
            )  # fmt: skip
        refresh_risk(record)
        after = None if verdict is None else {"fid": fid, "verdict": verdict}
        log(record, user, "verdict", before, after, f"{finding.code} {comment.strip()}"[:2000])
    return kept


def draw(ids: Iterable[int], seed: int, count: int | None, percent: Decimal | None) -> list[int]:
    """The sample: ``count`` records, or ``percent`` % of them rounded up, drawn with ``seed``
    from the ids in ascending order, so the same seed over the same set gives the same sample.

    >>> draw(range(1, 11), 7, 3, None) == draw(range(1, 11), 7, 3, None)
    True
    >>> len(draw(range(1, 11), 7, None, Decimal("25")))  # 25 % of 10 = 2.5 → 3
    3
    """
    pool = sorted(set(ids))
    if count is None:
        share = percent if percent is not None else Decimal(0)
        count = math.ceil(Decimal(len(pool)) * share / 100)
    count = max(0, min(count, len(pool)))
    return sorted(random.Random(seed).sample(pool, count))  # a sample, not a secret


def sample(
    user: Any, records: QuerySet[Record], seed: int, count: int | None, percent: Decimal | None
) -> tuple[list[int], int]:
    """Mark a reproducible random sample of ``records`` (the user's filtered queue) 抽中复核;
    the ids drawn and the size of the set they were drawn from."""
    if not can_sample(user):
        raise NotAllowedError("只有财政局审核人可以抽样复核")
    pool = list(records.order_by().values_list("pk", flat=True))
    chosen = draw(pool, seed, count, percent)
    with transaction.atomic(using=routing.alias()):
        entries = []
        for start in range(0, len(chosen), BATCH):
            part = chosen[start : start + BATCH]
            Record.objects.filter(pk__in=part).update(sampled=True)
            for pk, version in Record.objects.filter(pk__in=part).values_list("pk", "version"):
                entries.append(AuditEntry(
                    record_id=pk, user=actor(user), action="sample", version=version,
                    after={"sampled": True, "seed": seed}, comment=f"随机抽样复核（种子{seed}）",
                ))  # fmt: skip
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return chosen, len(pool)


@dataclass(frozen=True)
class RowScore:
    """One row of a re-score, as decimal strings (stored as is)."""

    key: str
    name: str
    weight: str
    stated: str  # the self-score ("" when the form states none)
    review: str
    note: str = ""

    def stored(self) -> dict[str, str]:
        return {"key": self.key, "name": self.name, "weight": self.weight, "self": self.stated,
                "review": self.review, "note": self.note[:500]}  # fmt: skip


def save_rescore(
    user: Any, record: Record, rows: Sequence[RowScore], totals: tuple[str, str, str],
    blend: str, comment: str, expected_version: int,
) -> ReScore:  # fmt: skip
    """Keep a re-score: rows, (self, review, final) totals and how the final was reached.
    Refused when a row's review points exceed its weight, or the record changed meanwhile."""
    if not can_review(user, record):
        raise NotAllowedError(f"无权复核“{record.title}”")
    if record.state not in RESCORE_STATUSES:
        raise NotAllowedError(f"“{record.title}”当前为{record.state.label}，不能复核")
    for row in rows:
        if Decimal(row.review) > Decimal(row.weight) or Decimal(row.review) < 0:
            raise RecordError(f"“{row.name}”的复核分{row.review}应在0至分值{row.weight}之间")
    self_total, review_total, final_total = totals
    with transaction.atomic(using=routing.alias()):
        current = Record.objects.select_for_update().get(pk=record.pk)
        if current.version != expected_version or current.status != record.status:
            raise StaleVersionError(f"“{record.title}”已被他人修改或处理；请刷新后再复核")
        kept = ReScore.objects.create(
            record=current, reviewer=actor(user), record_version=current.version,
            rows=[r.stored() for r in rows], self_total=self_total, review_total=review_total,
            final_total=final_total, blend=blend[:100], comment=comment.strip()[:5000],
        )  # fmt: skip
        after = {"review_total": review_total, "final_total": final_total}
        log(current, user, "rescore", None, after, comment.strip()[:2000])
    return kept


def latest_rescore(record: Record) -> ReScore | None:
    return (
        ReScore.objects.filter(record_id=record.pk)
        .select_related("reviewer")
        .order_by("-at", "-id")
        .first()
    )
