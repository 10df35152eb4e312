"""运行监控 in storage: only approved (or published) target tables enter the year. The unit's
filler writes each month's spending and progress notes per indicator; the bureau reads who is
behind. Every write checks rights, state and version and leaves an audit entry (action
``monitor``) in the same transaction; the light of the latest month is kept beside the months
so lists sort and count without recomputing.

The arithmetic is :mod:`jixiao.model.monitoring`; the thresholds come from the record's rule
set, which the caller (the web) looks up and passes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from jixiao.model.evaluation import PlanEntry
from jixiao.model.jsonable import JsonDocumentError, evaluation_from_jsonable
from jixiao.model.monitoring import MONTHS, MonthStatus, Thresholds, assess, budget_of
from jixiao.model.workflow import Status
from jixiao.storage import routing
from jixiao.storage.models import Monitoring, Record
from jixiao.storage.records import (
    TARGET_DOC_TYPE,
    NotAllowedError,
    RecordError,
    StaleVersionError,
    actor,
    can_create,
    diff,
    log,
)
from jixiao.storage.selectors import NotFoundError, visible_records

MONITORED_STATES: Final = (Status.APPROVED.value, Status.PUBLISHED.value)
NO_DATA: Final = "none"  # the filter value for targets without a light (未填报)
NOTE_FIELDS: Final = ("progress", "cause", "measure")  # 进展情况, 偏差原因, 改进措施
MAX_NOTE: Final = 2000
LIGHT_ORDER: Final = {"red": 0, "yellow": 1, NO_DATA: 2, "green": 3}

__all__ = [
    "NotAllowedError", "NotFoundError", "RecordError", "StaleVersionError",
]  # fmt: skip


@dataclass(frozen=True)
class Note:
    """A progress note on one indicator of the target (目标进度)."""

    indicator: str
    progress: str = ""  # 进展情况
    cause: str = ""  # 偏差原因
    measure: str = ""  # 改进措施

    def as_json(self) -> dict[str, str]:
        return {
            "indicator": self.indicator[:400],
            "progress": self.progress.strip()[:MAX_NOTE],
            "cause": self.cause.strip()[:MAX_NOTE],
            "measure": self.measure.strip()[:MAX_NOTE],
        }

    @property
    def empty(self) -> bool:
        return not (self.progress.strip() or self.cause.strip() or self.measure.strip())


@dataclass(frozen=True)
class Target:
    """What monitoring reads from an approved target table's document."""

    budget: Decimal | None
    plan: tuple[PlanEntry, ...]
    indicators: tuple[str, ...]


def is_monitored(record: Record) -> bool:
    """Only approved (or published) target tables enter the year."""
    return record.doc_type == TARGET_DOC_TYPE and record.status in MONITORED_STATES


def monitored_records(user: Any) -> QuerySet[Record]:
    """The approved target tables the user may see (their unit's, or their bureau's)."""
    return visible_records(user).filter(doc_type=TARGET_DOC_TYPE, status__in=MONITORED_STATES)


def get_target(user: Any, pk: Any) -> Record:
    """An approved target table in the user's scope; anything else is not found."""
    try:
        return monitored_records(user).select_related("doc").get(pk=int(pk))
    except (Record.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(pk) from None


def target_of(record: Record) -> Target:
    try:
        ev = evaluation_from_jsonable(record.document)
    except JsonDocumentError:
        return Target(None, (), ())
    plan = tuple(p for p in ev.spending_plan if p.group in (None, 0))
    return Target(budget_of(ev), plan, tuple(i.name for i in ev.indicators))


def monitoring_of(record: Record) -> Monitoring:
    """The record's monitoring row, or an unsaved empty one (version 0: nothing entered yet)."""
    found = Monitoring.objects.filter(record_id=record.pk).first()
    return found if found is not None else Monitoring(record=record, version=0)


def months_of(mon: Monitoring) -> dict[int, Decimal]:
    """The stored months back as numbers (a malformed entry is left out, never guessed)."""
    out: dict[int, Decimal] = {}
    for key, text in (mon.months or {}).items():
        try:
            month, amount = int(key), Decimal(str(text))
        except (ValueError, InvalidOperation):
            continue
        if 1 <= month <= MONTHS and amount.is_finite():
            out[month] = amount
    return out


def statuses(record: Record, mon: Monitoring, thresholds: Thresholds) -> tuple[MonthStatus, ...]:
    target = target_of(record)
    return assess(target.budget, months_of(mon), target.plan, thresholds)


def can_fill(user: Any, record: Record) -> bool:
    """The unit's own filler (or an administrator), on an approved target table."""
    return is_monitored(record) and can_create(user, record.unit)


def save_monitoring(
    user: Any,
    record: Record,
    months: Mapping[int, Decimal],
    notes: Iterable[Note],
    thresholds: Thresholds,
    expected_version: int,
) -> Monitoring:
    """Store the months and notes, recompute the latest light, log it; all or nothing."""
    if not can_fill(user, record):
        if not is_monitored(record):
            raise NotAllowedError(f"“{record.title}”不是已审核的绩效目标，不能填报运行监控")
        raise NotAllowedError(f"无权填报“{record.title}”的运行监控")
    new_months = {str(m): format(a, "f") for m, a in sorted(months.items()) if 1 <= m <= MONTHS}
    new_notes = [n.as_json() for n in notes if not n.empty]
    with transaction.atomic(using=routing.alias()):
        current = (
            Record.objects.select_for_update(of=("self",)).select_related("doc").get(pk=record.pk)
        )
        if not is_monitored(current):
            raise NotAllowedError(f"“{record.title}”当前为{current.state.label}，不能填报运行监控")
        mon = Monitoring.objects.select_for_update().filter(record_id=record.pk).first()
        have = 0 if mon is None else mon.version
        if have != expected_version:
            raise StaleVersionError(
                f"“{record.title}”的运行监控已被他人修改（当前第{have}版，您编辑的是第"
                f"{expected_version}版）；请刷新后重新填写"
            )
        before = {"months": {}, "notes": []} if mon is None else {
            "months": mon.months, "notes": mon.notes}  # fmt: skip
        if mon is None:
            mon = Monitoring(record=current, version=0)
        mon.months, mon.notes = new_months, new_notes
        _summarise(mon, statuses(current, mon, thresholds))
        mon.version = have + 1
        mon.updated_by = actor(user)
        mon.save(force_insert=have == 0)
        old, new = diff(before, {"months": new_months, "notes": new_notes})
        latest = f"填报至{mon.latest_month}月" if mon.latest_month else "清空各月支出"
        log(current, user, "monitor", old, new, f"运行监控：{latest}")
    return mon


def _summarise(mon: Monitoring, lines: tuple[MonthStatus, ...]) -> None:
    """The latest month's figures, kept in the row's columns."""
    last = lines[-1] if lines else None
    mon.latest_month = None if last is None else last.month
    mon.light = "" if last is None or last.light is None else last.light.value
    mon.plan_light = "" if last is None or last.plan_light is None else last.plan_light.value
    value = None if last is None else last.value
    mon.progress_value = value if value is not None and abs(value) < Decimal(10) ** 7 else None


# --- the lists ------------------------------------------------------------------------------


def _ordered(records: QuerySet[Record]) -> QuerySet[Record]:
    """Red first, then yellow, then those without a light (未填报), then green; the worst
    value first within a light."""
    order = Case(
        When(monitoring__light="red", then=Value(LIGHT_ORDER["red"])),
        When(monitoring__light="yellow", then=Value(LIGHT_ORDER["yellow"])),
        When(monitoring__light="green", then=Value(LIGHT_ORDER["green"])),
        default=Value(LIGHT_ORDER[NO_DATA]),
        output_field=IntegerField(),
    )
    return (
        records.select_related("monitoring")
        .annotate(light_order=order)
        .order_by(
            "light_order",
            F("monitoring__progress_value").asc(nulls_last=True),
            "unit__name",
            "title",
            "id",
        )
    )


def _light_filter(light: str | None) -> Q:
    if light in ("red", "yellow", "green"):
        return Q(monitoring__light=light)
    if light == NO_DATA:
        return Q(monitoring__isnull=True) | Q(monitoring__light="")
    return Q()


def targets(user: Any, year: int | None = None, light: str | None = None) -> QuerySet[Record]:
    """The approved targets the user may see, who is behind first."""
    records = monitored_records(user)
    if year is not None:
        records = records.filter(fiscal_year=year)
    return _ordered(records.filter(_light_filter(light)))


def behind(user: Any, year: int | None) -> QuerySet[Record]:
    """The bureau's list of who is behind: red, then yellow, then those with no data."""
    records = monitored_records(user)
    if year is not None:
        records = records.filter(fiscal_year=year)
    return _ordered(records.exclude(monitoring__light="green"))


def light_counts(user: Any, year: int | None = None) -> dict[str, int]:
    """How many targets per light (``none`` = no light yet), for the counts at the top."""
    records = monitored_records(user)
    if year is not None:
        records = records.filter(fiscal_year=year)
    counts = records.aggregate(
        red=Count("pk", filter=Q(monitoring__light="red")),
        yellow=Count("pk", filter=Q(monitoring__light="yellow")),
        green=Count("pk", filter=Q(monitoring__light="green")),
        total=Count("pk"),
    )
    counts[NO_DATA] = counts["total"] - counts["red"] - counts["yellow"] - counts["green"]
    return {k: int(v) for k, v in counts.items()}
