"""Writes: workflow transitions, version checks, the audit log, and refusals that change nothing.
Each test runs on SQLite and on PostgreSQL (``world`` → ``backend``)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.model.workflow import Action, Status
from jixiao.services.assess import from_document
from jixiao.storage import records
from jixiao.storage.models import AuditEntry, Record
from jixiao.web import flows
from tests.web.conftest import World


def _edit_first_actual(record: Record, actual: str) -> object:
    ev = from_document(record.document)
    rows = list(ev.indicators)
    rows[0] = replace(rows[0], actual=actual)
    return replace(ev, indicators=tuple(rows))


def test_create_writes_columns_and_an_audit_entry(world: World) -> None:
    r = Record.objects.get(pk=world.record_a.pk)
    # 97.92 = rows 89 − 10 + 9.68 (4604/4754 × 10) + 9.24 (3694/4000 = 92.35 % × 10)
    assert r.score == Decimal("97.92")
    assert r.stated_score == Decimal("99")
    assert r.status == Status.DRAFT.value and r.version == 1
    assert r.fiscal_year == 2024
    assert list(r.audit.values_list("action", flat=True)) == ["create"]


def test_save_bumps_version_and_logs_before_and_after(world: World) -> None:
    r = world.record_a
    first = from_document(r.document).indicators[0]
    ev = _edit_first_actual(r, "4700人")
    saved, _ = flows.save_edits(world.users["filler_a"], r, ev, expected_version=1)  # type: ignore[arg-type]
    assert saved.version == 2
    entry = AuditEntry.objects.filter(record=r, action="edit").get()
    # the cell as written and its parsed value (a derived key of the document) both changed
    assert entry.before == {"indicators[0].actual": first.actual,
                            "indicators[0].actual_value": "4604"}  # fmt: skip
    assert entry.after == {"indicators[0].actual": "4700人", "indicators[0].actual_value": "4700"}
    assert entry.user == world.users["filler_a"]


def test_stale_version_is_refused_and_nothing_changes(world: World) -> None:
    r = world.record_a
    flows.save_edits(world.users["filler_a"], r, _edit_first_actual(r, "4700人"), 1)  # type: ignore[arg-type]
    stale = Record.objects.get(pk=r.pk)
    with pytest.raises(records.StaleVersionError, match="已被他人修改"):
        flows.save_edits(world.users["filler_a"], stale, _edit_first_actual(r, "1人"), 1)  # type: ignore[arg-type]
    now = Record.objects.get(pk=r.pk)
    assert now.version == 2
    assert now.document["indicators"][0]["actual"] == "4700人"
    assert AuditEntry.objects.filter(record=r, action="edit").count() == 1


def test_workflow_path_and_who_may_do_what(world: World) -> None:
    u = world.users
    r = records.apply_action(u["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    assert r.state is Status.SUBMITTED
    # the unit cannot approve its own record; another bureau's reviewer cannot either
    for who in ("filler_a", "reviewer_b", "auditor_a"):
        with pytest.raises(records.NotAllowedError):
            records.apply_action(u[who], r, Action.APPROVE, "", r.version)
    with pytest.raises(records.RecordError, match="须填写意见"):
        records.apply_action(u["reviewer_a"], r, Action.RETURN, "  ", r.version)
    r = records.apply_action(u["reviewer_a"], r, Action.RETURN, "请补充偏差原因", r.version)
    assert r.state is Status.RETURNED
    r = records.apply_action(u["filler_a"], r, Action.SUBMIT, "", r.version)
    r = records.apply_action(u["reviewer_a"], r, Action.APPROVE, "", r.version)
    r = records.apply_action(u["reviewer_a"], r, Action.PUBLISH, "", r.version)
    assert r.state is Status.PUBLISHED and r.published_at is not None
    log = list(r.audit.values_list("action", "comment"))
    assert log == [("create", "新建"), ("submit", ""), ("return", "请补充偏差原因"), ("submit", ""),
                   ("approve", ""), ("publish", "")]  # fmt: skip


def test_submitted_or_published_record_cannot_be_edited(world: World) -> None:
    u = world.users
    r = records.apply_action(u["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    with pytest.raises(records.NotAllowedError, match="不能修改"):
        flows.save_edits(u["filler_a"], r, _edit_first_actual(r, "1人"), r.version)  # type: ignore[arg-type]
    r = records.apply_action(u["reviewer_a"], r, Action.APPROVE, "", r.version)
    r = records.apply_action(u["reviewer_a"], r, Action.PUBLISH, "", r.version)
    with pytest.raises(records.NotAllowedError):
        flows.save_edits(u["filler_a"], r, _edit_first_actual(r, "1人"), r.version)  # type: ignore[arg-type]
    # only a return opens it again
    r = records.apply_action(u["reviewer_a"], r, Action.RETURN, "数据有误", r.version)
    saved, _ = flows.save_edits(u["filler_a"], r, _edit_first_actual(r, "4700人"), r.version)  # type: ignore[arg-type]
    assert saved.document["indicators"][0]["actual"] == "4700人"


def test_action_on_a_stale_view_is_refused(world: World) -> None:
    u = world.users
    r = world.record_a
    records.apply_action(u["filler_a"], r, Action.SUBMIT, "", 1)
    with pytest.raises(records.RecordError):  # the page still showed version 1 (a draft)
        records.apply_action(u["filler_a"], r, Action.SUBMIT, "", 1)
    assert Record.objects.get(pk=r.pk).version == 2


def test_other_unit_cannot_create_or_upload(world: World) -> None:
    ev = from_document(world.record_a.document)
    with pytest.raises(records.NotAllowedError):
        flows.create_from_evaluation(world.users["filler_b"], world.dept_a, ev)
    with pytest.raises(records.NotAllowedError):
        records.store_upload(world.users["reviewer_a"], world.dept_a, "a.txt", b"x", "txt")


def test_a_failed_save_leaves_the_stored_document_alone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit write fails after the document was updated (a disk full, a lost connection):
    the document, the version and the log roll back together."""
    r = world.record_a

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(records, "log", broken)
    with pytest.raises(OSError, match="disk full"):
        flows.save_edits(world.users["filler_a"], r, _edit_first_actual(r, "1人"), 1)  # type: ignore[arg-type]
    after = Record.objects.get(pk=r.pk)
    assert after.document["indicators"][0]["actual"] == "4604人" and after.version == 1
    assert not AuditEntry.objects.filter(record=r, action="edit").exists()


def test_an_absurd_score_does_not_break_the_save(world: World) -> None:
    """A document can state anything; the indexed columns take what fits and the document
    keeps the rest as written."""
    s = records.Summary(
        title="x" * 400, fiscal_year=2024, doc_type="", score=Decimal("1e20"),
        stated_score=Decimal("123456789"), grade="", stated_grade="优秀优秀优秀优秀优秀优秀",
        execution_rate=Decimal("1e12"), errors=0, warnings=0, ruleset="",
    )  # fmt: skip
    saved = records.save_document(world.users["filler_a"], world.record_a, {"a": "1"}, s, 1)
    assert saved.score is None and saved.stated_score is None and saved.execution_rate is None
    assert len(saved.title) == 300 and saved.version == 2
