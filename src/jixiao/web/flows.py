"""The web's use cases, joining services (extract, score, check, write) and storage (records).

Views and the API call these; each is a few lines over the two layers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

from jixiao.model.blocks import Unreadable
from jixiao.model.evaluation import DocType, Evaluation
from jixiao.model.location import Location
from jixiao.model.risk import full_marks, patterns
from jixiao.services import upload as uploads
from jixiao.services.assess import Assessed, assess, from_document, to_document
from jixiao.services.carry import carry_forward, locked_changes
from jixiao.services.report import NotWritten, render
from jixiao.storage import carry as carrying
from jixiao.storage import records
from jixiao.storage.models import Record, Unit
from jixiao.web.rules import ruleset_for
from jixiao.writers.base import Written

ONLINE_SHEET = "在线填报"


def summary_of(a: Assessed) -> records.Summary:
    ev = a.evaluation
    title = ev.project or ev.title or ev.department or "（未命名）"
    if ev.doc_type is not None and ev.doc_type.is_department and ev.department:
        year = f"{ev.fiscal_year}年度" if ev.fiscal_year else ""
        title = f"{ev.department}{year}部门整体支出绩效自评"
    return records.Summary(
        title=title,
        fiscal_year=ev.fiscal_year,
        doc_type=ev.doc_type.value if ev.doc_type is not None else "",
        score=a.score,
        stated_score=ev.stated_total_score,
        grade=a.grade or "",
        stated_grade=ev.stated_grade or "",
        execution_rate=a.execution_rate_pct,
        errors=a.errors,
        warnings=a.warnings,
        ruleset=a.selected.ruleset.name,
        findings=a.run.findings,
        flags=patterns(
            ev.stated_total_score, a.score, a.execution_rate_pct, full_marks=full_marks(a.card)
        ),
    )


def with_locations(ev: Evaluation) -> Evaluation:
    """Every row gets a place, so findings can be shown beside it: rows typed in the web (or
    read without one) are numbered on the 在线填报 sheet."""
    n = 0

    def place(loc: Location | None) -> Location:
        nonlocal n
        n += 1
        return loc if loc is not None else Location(sheet=ONLINE_SHEET, row=n)

    inds = tuple(replace(i, location=place(i.location)) for i in ev.indicators)
    funds = tuple(replace(f, location=place(f.location)) for f in ev.funds)
    return replace(ev, indicators=inds, funds=funds)


def assess_evaluation(ev: Evaluation, unit: Unit) -> Assessed:
    return assess(ev, ruleset_for(unit, ev.fiscal_year))


def assess_record(record: Record) -> Assessed:
    return assess_evaluation(from_document(record.document), record.unit)


def create_from_evaluation(user: Any, unit: Unit, ev: Evaluation, upload: Any = None) -> Record:
    ev = with_locations(ev)
    a = assess_evaluation(ev, unit)
    return records.create_record(user, unit, to_document(ev), summary_of(a), upload)


@dataclass(frozen=True)
class UploadResult:
    records: list[Record]
    warnings: tuple[str, ...]


def create_from_upload(user: Any, unit: Unit, name: str, data: bytes) -> UploadResult | str:
    """An uploaded file → its records (one per project), or the Chinese reason it was refused.
    The file is kept only when it was read."""
    if not records.can_create(user, unit):
        return f"无权为“{unit.name}”上传"
    accepted = uploads.accept(name, data, settings.MAX_UPLOAD_BYTES)
    if isinstance(accepted, Unreadable):
        return accepted.reason
    parsed = uploads.parse_upload(name, data, accepted)
    if isinstance(parsed, Unreadable):
        return parsed.reason
    stored = records.store_upload(user, unit, name, data, accepted.file_format)
    made = [create_from_evaluation(user, unit, ev, stored) for ev in parsed.evaluations]
    return UploadResult(made, parsed.warnings)


def blank(doc_type: DocType, year: int, title: str, unit: Unit) -> Evaluation:
    """A new, empty form: the national framework's first-level rows to fill in."""
    is_dept = doc_type.is_department
    return Evaluation(
        doc_type=doc_type,
        fiscal_year=year,
        department=unit.name,
        region=unit.region or None,
        project=None if is_dept else title,
        title=title,
    )


def save_edits(
    user: Any, record: Record, ev: Evaluation, expected_version: int
) -> tuple[Record, Assessed]:
    """Store an edited evaluation. A form carried from an approved target table keeps the
    target's rows (R1.4): any change to them is refused, whichever way it came (page or API)."""
    if record.target_id is not None:
        target = Record.objects.select_related("doc").get(pk=record.target_id)
        changed = locked_changes(from_document(target.document), ev)
        if changed:
            raise records.RecordError("；".join(changed))
    ev = with_locations(ev)
    a = assess_evaluation(ev, record.unit)
    saved = records.save_document(user, record, to_document(ev), summary_of(a), expected_version)
    return saved, a


def carry_target(user: Any, target: Record) -> tuple[Record, bool]:
    """The year-end self-evaluation of an approved target table (R1.4): the one already made,
    or a new one carrying the targets unchanged. Returns (record, created)."""
    existing = carrying.carried_of(target)
    if existing is not None:
        return existing, False
    ev = with_locations(carry_forward(from_document(target.document)))
    summary = summary_of(assess_evaluation(ev, target.unit))
    return carrying.carry_to_self_eval(user, target, to_document(ev), summary)


DOWNLOADS = {"xlsx": "自评表", "docx": "自评报告", "pdf": "自评报告PDF", "review": "审核意见"}


def download(record: Record, kind: str) -> Written | NotWritten:
    ev = from_document(record.document)
    a = assess_evaluation(ev, record.unit)
    return render(ev, kind, a.selected.ruleset, record.title)
