"""A finance bureau's indicator library (指标库): reads and writes, scoped like records.

- Everyone under a bureau (its departments' fillers, its reviewers and auditors) reads the
  bureau's library; an administrator reads any.
- A reviewer of the bureau, or an administrator, adds, edits, deletes and imports entries.
- A library starts from the shipped natural-resources entries the first time it is opened
  (:func:`seed_library`, idempotent), and grows from approved target tables
  (:func:`grow_from_target`).

An entry outside the user's bureau is not found (:class:`EntryNotFoundError`), never forbidden.
Each write runs in one transaction on the current database alias; a refused write changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet

from jixiao.library import LABELS, LibraryEntry, clean, direction_of, problems, starting_entries
from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import ValueKind
from jixiao.model.jsonable import JsonDocumentError, evaluation_from_jsonable
from jixiao.model.workflow import Role
from jixiao.storage import routing
from jixiao.storage.models import IndicatorEntry, Record, Unit
from jixiao.storage.selectors import bureau_of, membership, role_of

TARGET_DOC_TYPE: Final = "target_table"
EDITABLE: Final = ("field", "direction", "value", "basis", "description", "source")
SEARCH_LIMIT: Final = 30


class LibraryError(Exception):
    """A write that was refused; ``str()`` is the Chinese message for the user."""


class EntryNotFoundError(LookupError):
    """No such entry in this bureau's library (absent, or outside the user's bureau)."""


# ---- who may do what -----------------------------------------------------------------------


def library_bureau(user: Any, requested: Any = None) -> Unit | None:
    """The bureau whose library the user works with: their own; an administrator picks one
    (``requested`` is a bureau's pk), else the first by name."""
    if role_of(user) is Role.ADMIN:
        bureaus = Unit.objects.filter(kind=Unit.Kind.BUREAU).order_by("name", "pk")
        try:
            chosen = bureaus.filter(pk=int(requested)).first() if requested else None
        except (TypeError, ValueError):
            chosen = None
        return chosen or bureaus.first()
    m = membership(user)
    return None if m is None or role_of(user) is None else bureau_of(m.unit)


def bureaus_for(user: Any) -> QuerySet[Unit]:
    """The bureaus whose library the user may open (all for an administrator)."""
    if role_of(user) is Role.ADMIN:
        return Unit.objects.filter(kind=Unit.Kind.BUREAU).order_by("name", "pk")
    own = library_bureau(user)
    return Unit.objects.filter(pk=own.pk) if own is not None else Unit.objects.none()


def can_read(user: Any, bureau: Unit) -> bool:
    if role_of(user) is Role.ADMIN:
        return True
    own = library_bureau(user)
    return own is not None and own.pk == bureau.pk


def can_write(user: Any, bureau: Unit) -> bool:
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    return role is Role.REVIEWER and can_read(user, bureau)


def _require_write(user: Any, bureau: Unit) -> None:
    if not can_write(user, bureau):
        raise LibraryError(f"只有{bureau.name}的审核人或管理员可以修改指标库")


# ---- reads ---------------------------------------------------------------------------------


def entries(
    user: Any, bureau: Unit, level1: str = "", level2: str = "", q: str = ""
) -> QuerySet[IndicatorEntry]:
    """The bureau's entries the user may read, filtered; none for a user outside it."""
    if not can_read(user, bureau):
        return IndicatorEntry.objects.none()
    rows = IndicatorEntry.objects.filter(bureau=bureau)
    if level1:
        rows = rows.filter(level1=level1)
    if level2:
        rows = rows.filter(level2=level2)
    for word in q.split()[:5]:
        rows = rows.filter(
            Q(level3__icontains=word) | Q(level2__icontains=word) | Q(level1__icontains=word)
            | Q(description__icontains=word) | Q(unit__icontains=word)
            | Q(field__icontains=word)
        )  # fmt: skip
    return rows.order_by("level1", "level2", "level3", "unit", "pk")


def search(user: Any, bureau: Unit, q: str) -> list[IndicatorEntry]:
    """The picker's list: the most used first, at most SEARCH_LIMIT."""
    rows = entries(user, bureau, q=q[:100])
    return list(rows.order_by("-uses", "level1", "level2", "level3", "pk")[:SEARCH_LIMIT])


def levels(user: Any, bureau: Unit) -> tuple[list[str], list[str]]:
    """The first- and second-level names in use (the list's filters)."""
    rows = entries(user, bureau).order_by()
    first = sorted(set(rows.values_list("level1", flat=True)))
    second = sorted(set(rows.values_list("level2", flat=True)))
    return first, second


def get_entry(user: Any, bureau: Unit, pk: Any) -> IndicatorEntry:
    try:
        return entries(user, bureau).get(pk=int(pk))
    except (IndicatorEntry.DoesNotExist, TypeError, ValueError):
        raise EntryNotFoundError(pk) from None


def entry_of(row: IndicatorEntry) -> LibraryEntry:
    return LibraryEntry(**{name: getattr(row, name) for name in LABELS})


# ---- writes --------------------------------------------------------------------------------


def _name(entry: LibraryEntry) -> str:
    unit = f"（{entry.unit}）" if entry.unit else ""
    return f"{entry.level1}/{entry.level2}/{entry.level3}{unit}"


def _checked(entry: LibraryEntry) -> LibraryEntry:
    entry = clean(entry)
    wrong = problems(entry)
    if wrong:
        raise LibraryError("；".join(wrong))
    return entry


def save_entry(user: Any, bureau: Unit, entry: LibraryEntry, pk: Any = None) -> IndicatorEntry:
    """Add an entry, or change the entry ``pk``; refused when another entry has its levels
    and unit."""
    _require_write(user, bureau)
    entry = _checked(entry)
    with transaction.atomic(using=routing.alias()):
        row = get_entry(user, bureau, pk) if pk is not None else IndicatorEntry(bureau=bureau)
        same = IndicatorEntry.objects.filter(
            bureau=bureau, level1=entry.level1, level2=entry.level2, level3=entry.level3,
            unit=entry.unit,
        ).exclude(pk=row.pk)  # fmt: skip
        if same.exists():
            raise LibraryError(f"指标库中已有“{_name(entry)}”")
        for name, value in entry.as_dict().items():
            setattr(row, name, value)
        row.save()
    return row


def delete_entry(user: Any, bureau: Unit, pk: Any) -> LibraryEntry:
    _require_write(user, bureau)
    with transaction.atomic(using=routing.alias()):
        row = get_entry(user, bureau, pk)
        gone = entry_of(row)
        row.delete()
    return gone


@dataclass
class ImportReport:
    """What an import changed: names added, names updated with the fields that changed."""

    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0


def import_entries(user: Any, bureau: Unit, new: tuple[LibraryEntry, ...]) -> ImportReport:
    """Merge entries into the library: an entry with the same levels and unit is updated, any
    other added. All or nothing."""
    _require_write(user, bureau)
    checked = [_checked(e) for e in new]
    report = ImportReport()
    with transaction.atomic(using=routing.alias()):
        existing = {
            (r.level1, r.level2, r.level3, r.unit): r
            for r in IndicatorEntry.objects.select_for_update().filter(bureau=bureau)
        }
        for entry in checked:
            row = existing.get(entry.key)
            if row is None:
                row = IndicatorEntry.objects.create(bureau=bureau, **entry.as_dict())
                existing[entry.key] = row
                report.added.append(_name(entry))
                continue
            changed = [n for n in EDITABLE if getattr(row, n) != getattr(entry, n)]
            if not changed:
                report.unchanged += 1
                continue
            for name in changed:
                setattr(row, name, getattr(entry, name))
            row.save(update_fields=changed)
            report.updated.append((_name(entry), [LABELS[n] for n in changed]))
    return report


def seed_library(bureau: Unit) -> int:
    """Fill an empty library with the shipped entries; the number added (0 when the bureau
    already has entries, so a second call changes nothing)."""
    if IndicatorEntry.objects.filter(bureau=bureau).exists():
        return 0
    rows = [IndicatorEntry(bureau=bureau, **e.as_dict()) for e in starting_entries()]
    try:
        with transaction.atomic(using=routing.alias()):
            IndicatorEntry.objects.bulk_create(rows)
    except IntegrityError:  # opened twice at the same moment: the other request seeded it
        return 0
    return len(rows)


def _from_row(ind: Indicator, source: str) -> LibraryEntry | None:
    """A target row as a library entry; None for a row without its three levels."""
    t = ind.target_parsed
    unit = ind.unit or t.unit or ""
    direction = direction_of(ind.nature) or ""
    if not direction and ind.direction is not None:
        direction = direction_of(ind.direction.value) or ""
    if t.kind is ValueKind.QUANTITATIVE and t.value is not None:
        value = format(t.value, "f")
    else:
        value = (ind.target or "") if t.kind is ValueKind.QUALITATIVE else ""
    entry = clean(LibraryEntry(
        level1=ind.level1 or "", level2=ind.level2 or "", level3=ind.level3 or "",
        direction=direction, value=value[:200], unit=unit[:50], basis=(ind.basis or "")[:300],
        description=ind.description or "", source=source[:200],
    ))  # fmt: skip
    return None if problems(entry) else entry


def grow_from_target(record: Record) -> int:
    """Add an approved target table's indicator rows to its bureau's library: a row already
    there counts one use more; the number of entries added."""
    bureau = bureau_of(record.unit)
    if bureau is None or record.doc_type != TARGET_DOC_TYPE:
        return 0
    try:
        ev = evaluation_from_jsonable(record.document)
    except JsonDocumentError:
        return 0
    seed_library(bureau)  # a library first met here still starts from the shipped entries
    year = f" {record.fiscal_year}" if record.fiscal_year else ""
    source = f"已批复目标：{record.title}{year}"
    rows: dict[tuple[str, str, str, str], LibraryEntry] = {}
    for ind in ev.indicators:  # a row given twice counts once, as first written
        entry = _from_row(ind, source)
        if entry is not None:
            rows.setdefault(entry.key, entry)
    added = 0
    with transaction.atomic(using=routing.alias()):
        for key, entry in rows.items():
            level1, level2, level3, unit = key
            same = IndicatorEntry.objects.filter(
                bureau=bureau, level1=level1, level2=level2, level3=level3, unit=unit
            )
            if same.update(uses=F("uses") + 1) == 0:
                IndicatorEntry.objects.create(bureau=bureau, uses=1, **entry.as_dict())
                added += 1
    return added
