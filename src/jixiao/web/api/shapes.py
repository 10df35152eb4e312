"""The JSON the API answers with, beyond the CLI's own documents (writers/jsondoc.py): record
summaries, pages of them, audit entries and rule-set headers. Decimals are strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from django.db.models import QuerySet
from django.utils import timezone

from jixiao.storage.models import AuditEntry, Record

RECORDS_SCHEMA: Final = "jixiao.records/1"
RECORD_SCHEMA: Final = "jixiao.record/1"
AUDIT_SCHEMA: Final = "jixiao.audit/1"
RULESETS_SCHEMA: Final = "jixiao.rulesets/1"
CENT: Final = Decimal("0.01")


def money(value: Decimal | None) -> str | None:
    """A stored column as a decimal string with two places, the same on SQLite and PostgreSQL.

    >>> money(Decimal("97.9200")), money(Decimal("98")), money(None)
    ('97.92', '98.00', None)
    """
    return None if value is None else str(Decimal(value).quantize(CENT))


def stamp(value: Any) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()


def summary(record: Record) -> dict[str, Any]:
    """A record's indexed columns: what the list shows."""
    return {
        "id": record.pk,
        "title": record.title,
        "unit": {"id": record.unit_id, "name": record.unit.name},
        "fiscal_year": record.fiscal_year,
        "doc_type": record.doc_type or None,
        "status": record.status,
        "version": record.version,
        "score": money(record.score),
        "stated_score": money(record.stated_score),
        "grade": record.grade or None,
        "stated_grade": record.stated_grade or None,
        "execution_rate": money(record.execution_rate),
        "errors": record.errors,
        "warnings": record.warnings,
        "ruleset": record.ruleset or None,
        "updated_at": stamp(record.updated_at),
    }


def records_page(
    records: QuerySet[Record], page: int, page_size: int, schema: str = RECORDS_SCHEMA
) -> dict[str, Any]:
    count = records.count()
    start = (page - 1) * page_size
    rows = list(records[start : start + page_size]) if start < count else []
    return {
        "schema": schema,
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": [summary(r) for r in rows],
    }


def created(made: list[Record], warnings: tuple[str, ...]) -> dict[str, Any]:
    return {
        "schema": RECORDS_SCHEMA,
        "count": len(made),
        "page": 1,
        "page_size": len(made),
        "results": [summary(r) for r in made],
        "warnings": list(warnings),
    }


def audit_entry(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": stamp(entry.at),
        "user": None if entry.user is None else entry.user.get_username(),
        "action": entry.action,
        "version": entry.version,
        "comment": entry.comment,
        "before": entry.before,
        "after": entry.after,
    }


def ruleset_meta(meta: Any) -> dict[str, Any]:
    """A shipped rule set's header, as ``jixiao rules list`` shows it."""
    data: dict[str, Any] = meta.model_dump(mode="json")
    return data
