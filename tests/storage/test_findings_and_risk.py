"""Findings kept per record, verdicts by stable id, the queue's risk points, and the R14 guard
on approving a target table. Each test runs on SQLite and on PostgreSQL (``world``)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.model.evaluation import DocType, Evaluation, Indicator
from jixiao.model.workflow import Action, Status
from jixiao.services.assess import from_document
from jixiao.storage import records
from jixiao.storage.models import FindingVerdict, Record, RecordFinding, TargetReview
from jixiao.web import flows
from tests.web.conftest import World


def _codes(record: Record) -> dict[str, str]:
    return dict(RecordFinding.objects.filter(record=record).values_list("code", "fid"))


def _meet_target(record: Record) -> Evaluation:
    """The demo form with 4754 served instead of 4604: the target ≥4754人 is met."""
    ev = from_document(Record.objects.get(pk=record.pk).document)
    rows = [replace(i, actual="4754人") if i.actual == "4604人" else i for i in ev.indicators]
    return replace(ev, indicators=tuple(rows))


def test_findings_are_rows_and_risk_counts_them(world: World) -> None:
    r = Record.objects.get(pk=world.record_a.pk)
    # the demo form has two errors: execution points that do not follow the rate, and full
    # marks on a row that missed its target (4604 of ≥4754); 2 × 3 = 6 points, no pattern
    # (self-score 99 vs 97.92 recomputed is 1.08 above; execution 92.35 % is not low)
    assert set(_codes(r)) == {"EXEC_POINTS_NE_RATE", "SCORE_FULL_BELOW_TARGET"}
    assert r.risk == Decimal("6") and r.flags == ""
    row = RecordFinding.objects.filter(record=r).first()
    assert row is not None and row.fiscal_year == 2024 and row.unit_id == world.dept_a.pk


def test_false_positive_lowers_risk_and_survives_a_resave(world: World) -> None:
    r = Record.objects.get(pk=world.record_a.pk)
    fid = _codes(r)["EXEC_POINTS_NE_RATE"]
    FindingVerdict.objects.create(record=r, fid=fid, code="EXEC_POINTS_NE_RATE",
                                  verdict=FindingVerdict.Verdict.FALSE_POSITIVE)  # fmt: skip
    assert records.refresh_risk(r) == Decimal("3")  # one error left standing
    # the unit meets the target: that finding goes; the dismissed one comes back with the same
    # id (same code, place and evidence) and still does not count
    saved, _ = flows.save_edits(world.users["filler_a"], r, _meet_target(r), r.version)
    codes = _codes(saved)
    assert codes == {"EXEC_POINTS_NE_RATE": fid}
    assert Record.objects.get(pk=r.pk).risk == Decimal("0")


def _target(world: World) -> Record:
    ev = Evaluation(
        doc_type=DocType.TARGET_TABLE, fiscal_year=2025, department=world.dept_a.name,
        project="耕地保护", title="耕地保护",
        indicators=(Indicator(level1="产出指标", level2="数量指标", level3="耕地保护面积",
                              target="≥1200亩", weight=Decimal(90)),),
    )  # fmt: skip
    rec = flows.create_from_evaluation(world.users["filler_a"], world.dept_a, ev)
    return records.apply_action(world.users["filler_a"], rec, Action.SUBMIT, "", rec.version)


def _review(rec: Record, grade: str, version: int) -> None:
    TargetReview.objects.create(
        record=rec, record_version=version, completeness=grade, relevance=grade,
        appropriateness=grade, feasibility=grade, grade=grade,
    )  # fmt: skip


def test_target_table_is_approved_only_after_a_passing_review(world: World) -> None:
    rec = _target(world)
    reviewer = world.users["reviewer_a"]
    with pytest.raises(records.RecordError, match="须先完成目标审核"):
        records.apply_action(reviewer, rec, Action.APPROVE, "", rec.version)
    _review(rec, "中", rec.version)  # R14: 中 means revise and resubmit
    with pytest.raises(records.RecordError, match="目标审核结果为中"):
        records.apply_action(reviewer, rec, Action.APPROVE, "", rec.version)
    _review(rec, "良", rec.version - 1)  # a review of an older version does not count
    with pytest.raises(records.RecordError, match="须先完成目标审核"):
        records.apply_action(reviewer, rec, Action.APPROVE, "", rec.version)
    _review(rec, "优", rec.version)
    done = records.apply_action(reviewer, rec, Action.APPROVE, "", rec.version)
    assert done.state is Status.APPROVED


def test_a_form_typed_in_the_web_gets_its_execution_rate_and_patterns(world: World) -> None:
    from jixiao.model.evaluation import Fund  # noqa: PLC0415

    rows = tuple(
        Indicator(level1="产出指标", level2="数量指标", level3=f"指标{n}", target="≥10个",
                  actual="10个", weight=Decimal(30), score=Decimal(30))
        for n in (1, 2, 3)
    )  # fmt: skip
    ev = Evaluation(
        doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2025, project="测试项目",
        department=world.dept_a.name, stated_total_score=Decimal(100), indicators=rows,
        funds=(Fund(name="年度资金总额", total=Decimal(100), executed=Decimal(60),
                    weight=Decimal(10), score=Decimal(10), level=0),),
    )  # fmt: skip
    rec = Record.objects.get(pk=flows.create_from_evaluation(world.users["filler_a"],
                                                             world.dept_a, ev).pk)  # fmt: skip
    # only the money row: E = 60 ÷ 100 = 60 %; rows 3 × 30 = 90 + execution 0.6 × 10 = 6 → 96
    assert rec.execution_rate == Decimal("60.00") and rec.score == Decimal("96.00")
    # self 100 ≥ 90 with E 60 % < 80 %; all three rows at full weight; 100 − 96 = 4 ≥ 3 above
    assert set(rec.flags.split(",")) == {"SELF_ABOVE_COMPUTED", "HIGH_SELF_LOW_EXEC",
                                         "ALL_FULL_MARKS"}  # fmt: skip


def test_findings_take_the_year_the_record_is_saved_with(world: World) -> None:
    r = Record.objects.get(pk=world.record_a.pk)
    ev = replace(from_document(r.document), fiscal_year=2025)  # the year corrected 2024 → 2025
    flows.save_edits(world.users["filler_a"], r, ev, r.version)
    years = set(RecordFinding.objects.filter(record=r).values_list("fiscal_year", flat=True))
    assert years == {2025}
