"""The read endpoints. A record comes only through the user-scoped selectors, so one outside
the caller's scope is 404, like the pages; the documents are those the CLI writes."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from jixiao.model.workflow import actions
from jixiao.services.assess import from_document
from jixiao.services.rulesets import list_rulesets
from jixiao.storage import records, selectors
from jixiao.storage.models import Record
from jixiao.web import flows
from jixiao.web.api import query, shapes
from jixiao.web.api.http import Call, respond
from jixiao.writers.jsondoc import evaluation_doc, finding_doc, scorecard_doc


def evaluation_list(call: Call) -> HttpResponse:
    f = query.filters(call.request.GET)
    p = query.paging(call.request.GET)
    return respond(shapes.records_page(selectors.list_records(call.user, f), p.page, p.page_size))


def public_list(call: Call) -> HttpResponse:
    f = query.filters(call.request.GET, with_status=False)
    p = query.paging(call.request.GET)
    return respond(shapes.records_page(selectors.published(f), p.page, p.page_size))


def allowed_actions(user: Any, record: Record) -> list[str]:
    role = selectors.role_of(user)
    mine = actions(record.state, role) if role is not None else []
    return [a.value for a in mine if records.can_act(user, record, a)]


def detail(user: Any, record: Record) -> dict[str, Any]:
    """A record's summary, what the caller may do with it, and its evaluation document exactly
    as ``jixiao extract --format json`` writes it."""
    return {
        "schema": shapes.RECORD_SCHEMA,
        **shapes.summary(record),
        "editable": records.can_edit(user, record),
        "actions": allowed_actions(user, record),
        "evaluation": evaluation_doc(from_document(record.document)),
    }


def evaluation_detail(call: Call, pk: int) -> HttpResponse:
    return respond(detail(call.user, selectors.get_record(call.user, pk)))


def source_path(record: Record) -> str | None:
    """What stands where the CLI puts the file's path: the uploaded file's name, or null for a
    record typed in the web."""
    return (
        None if record.upload_id is None or record.upload is None else record.upload.original_name
    )


def evaluation_score(call: Call, pk: int) -> HttpResponse:
    record = selectors.get_record(call.user, pk)
    a = flows.assess_record(record)
    warnings = (*a.selected.warnings, *a.evaluation.warnings)
    return respond(scorecard_doc(a.card, source_path(record), a.selected.reason, warnings))


def evaluation_findings(call: Call, pk: int) -> HttpResponse:
    record = selectors.get_record(call.user, pk)
    a = flows.assess_record(record)
    path = source_path(record)
    return respond({"findings": [{**finding_doc(f), "path": path} for f in a.run.findings]})


def evaluation_audit(call: Call, pk: int) -> HttpResponse:
    record = selectors.get_record(call.user, pk)
    entries = [shapes.audit_entry(e) for e in selectors.audit_of(record)]
    return respond({"schema": shapes.AUDIT_SCHEMA, "record": record.pk, "results": entries})


def rulesets(call: Call) -> HttpResponse:
    metas = [shapes.ruleset_meta(m) for m in list_rulesets()]
    return respond({"schema": shapes.RULESETS_SCHEMA, "results": metas})
