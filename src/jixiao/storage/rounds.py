"""Rounds with due dates (填报轮次): a finance bureau opens one for its units — 2025年度目标申报,
6月运行监控, 2024年度绩效自评 — and sees who is in and who is late.

What counts as submitted, per unit (its first date; :func:`jixiao.model.rounds.round_state`
turns it into 按时 / 逾期):

- targets: the unit's target tables of the round's year that have left the draft state
  (submitted, returned, approved or published), by the date of their first ``submit`` entry;
- self_eval: the same for the unit's other records of the year (the self-evaluations);
- monitoring: the monitoring of the unit's approved (or published) target tables of the year
  whose latest month reaches the round's month, by the date it was last saved (the table keeps
  no earlier date).

Scoping: a bureau's users (reviewer, auditor) and its units' fillers see the bureau's rounds;
an administrator sees all; a round of another bureau is not found (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from jixiao.model.rounds import RoundState, round_state
from jixiao.model.workflow import Role, Status
from jixiao.storage import records, routing
from jixiao.storage.models import AuditEntry, Monitoring, Record, Round, Unit
from jixiao.storage.selectors import NotFoundError, bureau_of, membership, role_of, subtree_ids

IN_STATES = (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.PUBLISHED)
APPROVED_STATES = (Status.APPROVED.value, Status.PUBLISHED.value)
REPORTING_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH)
MAX_TITLE = 200
MONTHS = 12


class RoundError(records.RecordError):
    """A round that cannot be opened or closed; ``str()`` is the Chinese reason."""


def user_bureau(user: Any) -> Unit | None:
    """The finance bureau the user works in or answers to (None for an administrator without
    a unit, or a user outside any bureau)."""
    m = membership(user)
    return None if m is None else bureau_of(m.unit)


def visible_rounds(user: Any) -> QuerySet[Round]:
    rounds = Round.objects.select_related("bureau")
    role = role_of(user)
    if role is Role.ADMIN:
        return rounds.all()
    bureau = user_bureau(user)
    if role is None or bureau is None:
        return rounds.none()
    return rounds.filter(bureau_id=bureau.pk)


def get_round(user: Any, pk: Any) -> Round:
    try:
        return visible_rounds(user).get(pk=int(pk))
    except (Round.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(pk) from None


def can_manage(user: Any, bureau: Unit | None) -> bool:
    """A reviewer of the bureau, or an administrator, opens and closes its rounds."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    mine = user_bureau(user)
    return role is Role.REVIEWER and mine is not None and bureau is not None and mine == bureau


def manageable_bureaus(user: Any) -> QuerySet[Unit]:
    if role_of(user) is Role.ADMIN:
        return Unit.objects.filter(kind=Unit.Kind.BUREAU).order_by("name")
    bureau = user_bureau(user)
    if bureau is None or not can_manage(user, bureau):
        return Unit.objects.none()
    return Unit.objects.filter(pk=bureau.pk)


@dataclass(frozen=True)
class RoundInput:
    """A new round as typed; :func:`open_round` checks it."""

    kind: str
    fiscal_year: int
    title: str
    opens_on: date
    due_on: date
    month: int | None = None


def _validate(data: RoundInput) -> None:
    if data.kind not in Round.Kind.values:
        raise RoundError("请选择轮次类型（绩效目标申报、运行监控或绩效自评）")
    if not 2000 <= data.fiscal_year <= 2100:  # noqa: PLR2004
        raise RoundError("年度须在2000–2100之间")
    if not data.title.strip():
        raise RoundError("请填写轮次名称，如“2025年度目标申报”")
    if data.due_on < data.opens_on:
        raise RoundError("截止日期不能早于开始日期")
    if data.kind == Round.Kind.MONITORING and not (
        data.month is not None and 1 <= data.month <= MONTHS
    ):
        raise RoundError("运行监控轮次须指定监控月份（1–12月）")


def open_round(user: Any, bureau: Unit, data: RoundInput) -> Round:
    if bureau.kind != Unit.Kind.BUREAU or not can_manage(user, bureau):
        raise records.NotAllowedError(f"无权为“{bureau.name}”发起填报轮次")
    _validate(data)
    with transaction.atomic(using=routing.alias()):
        return Round.objects.create(
            bureau=bureau, kind=data.kind, fiscal_year=data.fiscal_year,
            title=data.title.strip()[:MAX_TITLE],
            month=data.month if data.kind == Round.Kind.MONITORING else None,
            opens_on=data.opens_on, due_on=data.due_on,
            created_by=records.actor(user),
        )  # fmt: skip


def set_closed(user: Any, rnd: Round, closed: bool) -> Round:
    if not can_manage(user, rnd.bureau):
        raise records.NotAllowedError(f"无权关闭“{rnd.title}”")
    with transaction.atomic(using=routing.alias()):
        Round.objects.filter(pk=rnd.pk).update(closed=closed)
    rnd.closed = closed
    return rnd


def reporting_units(bureau: Unit) -> QuerySet[Unit]:
    """The units that report in a bureau's rounds: its departments and their branch units."""
    return Unit.objects.filter(pk__in=subtree_ids(bureau), kind__in=REPORTING_KINDS).order_by(
        "name", "id"
    )


def _day(at: datetime | None) -> date | None:
    return None if at is None else timezone.localtime(at).date()


def submitted_dates(rnd: Round, unit_ids: list[int]) -> dict[int, date]:
    """unit id → the date it counts as having submitted in ``rnd`` (module docstring)."""
    if rnd.kind == Round.Kind.MONITORING:
        rows = (
            Monitoring.objects.filter(
                record__unit_id__in=unit_ids,
                record__fiscal_year=rnd.fiscal_year,
                record__doc_type=records.TARGET_DOC_TYPE,
                record__status__in=APPROVED_STATES,
                latest_month__gte=rnd.month or MONTHS,
            )
            .values("record__unit_id")
            .annotate(first=Min("updated_at"))
        )
        return {r["record__unit_id"]: d for r in rows if (d := _day(r["first"])) is not None}
    mine = Record.objects.filter(
        unit_id__in=unit_ids, fiscal_year=rnd.fiscal_year, status__in=[s.value for s in IN_STATES]
    )
    if rnd.kind == Round.Kind.TARGETS:
        mine = mine.filter(doc_type=records.TARGET_DOC_TYPE)
    else:
        mine = mine.exclude(doc_type=records.TARGET_DOC_TYPE)
    entries = (
        AuditEntry.objects.filter(record__in=mine, action="submit")
        .values("record__unit_id")
        .annotate(first=Min("at"))
    )
    return {r["record__unit_id"]: d for r in entries if (d := _day(r["first"])) is not None}


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    state: RoundState
    submitted_on: date | None


def state_of(rnd: Round, submitted_on: date | None, today: date) -> RoundState:
    return round_state(rnd.due_on, submitted_on, today, rnd.opens_on)


def round_rows(rnd: Round, today: date) -> list[UnitRow]:
    """Every reporting unit of the round's bureau with its state, late ones first (longest
    overdue first), then by name."""
    units = list(reporting_units(rnd.bureau))
    dates = submitted_dates(rnd, [u.pk for u in units])
    rows = [UnitRow(u, state_of(rnd, dates.get(u.pk), today), dates.get(u.pk)) for u in units]
    return sorted(rows, key=lambda r: (*r.state.sort_key(), r.unit.name, r.unit.pk))


def unit_row(rnd: Round, unit: Unit, today: date) -> UnitRow:
    submitted = submitted_dates(rnd, [unit.pk]).get(unit.pk)
    return UnitRow(unit, state_of(rnd, submitted, today), submitted)
