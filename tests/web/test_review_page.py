"""One record's review page (/review/<pk>/): verdicts on findings kept by the finding's id,
the risk refreshed after each, the 复核 form with its blend, and the 审核意见 download.

record_a (our demo project form) has two errors: SCORE_FULL_BELOW_TARGET (row 1: 4604 of ≥4754
people, yet 10 of 10) and EXEC_POINTS_NE_RATE (execution 3694/4000 = 92.35 % should give
9.24, not 10): risk 2 × 3 = 6. Recomputed rows: 9.68 + 10 + 9 + 6 × 10 + execution 9.24 = 97.92.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import quote

import docx
from django.test import Client

from jixiao.model.workflow import Action
from jixiao.storage import records
from jixiao.storage.models import (
    AuditEntry,
    FindingVerdict,
    Record,
    RecordFinding,
    ReScore,
    RuleSetChoice,
    RuleSetFile,
)
from jixiao.web import flows
from tests.web.conftest import PASSWORD, World, demo_evaluation

HX = {"HX-Request": "true"}
FASP_YAML = """\
ruleset: {name: jia-fasp-2024, extends: gansu-2024, title: 甲市复核办法, effective: 2020-01-01,
          standing: bureau, confidence: low}
review:
  review_blend:
    values:
      2020-02-25:
        variant: fasp-40-60
        source: {title: 甲市财政局复核办法, confidence: low}
"""


def submitted(world: World, record: Record | None = None) -> Record:
    record = record or world.record_a
    record.refresh_from_db()
    return records.apply_action(world.users["filler_a"], record, Action.SUBMIT, "", record.version)


def fid_of(record: Record, code: str) -> str:
    return RecordFinding.objects.get(record=record, code=code).fid


def verdict(c: Client, record: Record, fid: str, value: str, **extra: str) -> Any:
    form = {"fid": fid, "verdict": value, **extra}
    response = c.post(f"/review/{record.pk}/verdict/", form, headers=HX)
    return response


def test_page_shows_findings_evidence_rescore_and_workflow(world: World) -> None:
    r = submitted(world)
    page = world.client("reviewer_a").get(f"/review/{r.pk}/").content.decode()
    assert (
        'data-code="SCORE_FULL_BELOW_TARGET"' in page and 'data-code="EXEC_POINTS_NE_RATE"' in page
    )
    assert page.count('data-testid="confirm"') == 2 and page.count('data-testid="dismiss"') == 2
    # eight rows state 10 of 10 and have no file
    assert page.count('data-testid="missing-evidence"') == 8
    assert "满分但无佐证材料" in page
    # the 复核 form, prefilled with the recomputed points
    assert 'name="row-0-review" id="row-0-review" value="9.68"' in page
    assert 'name="row-9-review" id="row-9-review" value="9.24"' in page  # execution
    assert "全国规则未规定加权，复核分即为结果" in page
    assert 'id="action-approve"' in page and 'id="action-return"' in page
    assert 'action="/evaluations/' in page and f'href="/evaluations/{r.pk}/evidence/"' in page


def test_auditor_reads_only(world: World) -> None:
    r = submitted(world)
    c = world.client("auditor_a")
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert 'data-code="SCORE_FULL_BELOW_TARGET"' in page
    assert 'data-testid="confirm"' not in page and 'name="row-0-review"' not in page
    assert 'id="action-approve"' not in page
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    assert verdict(c, r, fid, "false_positive").status_code == 403
    assert c.post(f"/review/{r.pk}/rescore/", {"version": "2"}).status_code == 403
    assert not FindingVerdict.objects.exists() and not ReScore.objects.exists()


def test_outside_the_bureau_or_the_role_is_404(world: World) -> None:
    r = submitted(world)
    for who in ("reviewer_b", "filler_b", "filler_a", "nobody"):
        c = world.client(who)
        assert c.get(f"/review/{r.pk}/").status_code == 404, who
        assert c.get(f"/review/{r.pk}/opinion.docx").status_code == 404, who
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    assert verdict(world.client("reviewer_b"), r, fid, "false_positive").status_code == 404
    draft = world.record_b  # a draft is the unit's own business
    assert world.client("reviewer_b").get(f"/review/{draft.pk}/").status_code == 404
    anonymous = Client().get(f"/review/{r.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_a_verdict_refreshes_the_risk(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    response = verdict(c, r, fid, "false_positive", comment="人数按动态管理口径")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="verdict">误报<' in html and 'data-testid="undo"' in html
    assert 'id="risk" hx-swap-oob="true"' in html and 'data-testid="risk">3.00<' in html
    r.refresh_from_db()
    assert r.risk == 3  # 6 − 3: the dismissed error no longer counts
    assert AuditEntry.objects.filter(record=r, action="verdict").count() == 1
    verdict(c, r, fid, "undo")
    r.refresh_from_db()
    assert r.risk == 6 and not FindingVerdict.objects.exists()
    verdict(c, r, fid, "confirmed")
    r.refresh_from_db()
    assert r.risk == 6  # a confirmed finding still counts
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert 'data-testid="verdict">已核实<' in page


def test_the_verdict_survives_a_resave_and_hides_when_the_finding_goes(world: World) -> None:
    r = submitted(world)
    reviewer, filler = world.client("reviewer_a"), world.client("filler_a")
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    verdict(reviewer, r, fid, "false_positive")
    r.refresh_from_db()
    back = {"action": "return", "version": str(r.version), "comment": "请核实人数"}
    reviewer.post(f"/evaluations/{r.pk}/action/", back)
    r.refresh_from_db()
    assert r.status == "returned"
    # the unit saves the same document again: the findings are rebuilt with the same ids
    assert filler.post(f"/evaluations/{r.pk}/", {"version": str(r.version)}).status_code == 302
    r.refresh_from_db()
    assert fid_of(r, "SCORE_FULL_BELOW_TARGET") == fid and r.risk == 3
    page = reviewer.get(f"/review/{r.pk}/").content.decode()
    assert f'id="f-{fid}"' in page and 'data-testid="verdict">误报<' in page
    # the unit corrects the row (target met): the finding is gone, its verdict stays stored
    filler.post(f"/evaluations/{r.pk}/", {"version": str(r.version), "ind-0-actual": "4754人"})
    r.refresh_from_db()
    assert not RecordFinding.objects.filter(record=r, fid=fid).exists()
    assert FindingVerdict.objects.filter(record=r, fid=fid).exists()
    page = reviewer.get(f"/review/{r.pk}/").content.decode()
    assert f'id="f-{fid}"' not in page
    assert 'data-testid="verdict">误报<' not in page
    assert r.risk == 3  # EXEC_POINTS_NE_RATE alone


def test_a_finding_that_is_gone_or_a_bad_verdict_is_refused(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    gone = verdict(c, r, "0000000000000000", "false_positive")
    assert gone.status_code == 409
    assert "该问题已不在最新的检查结果中" in gone.content.decode()
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    assert verdict(c, r, fid, "maybe").status_code == 400
    assert not FindingVerdict.objects.exists()


def test_verdicts_need_the_csrf_token_and_escape_comments(world: World) -> None:
    r = submitted(world)
    fid = fid_of(r, "SCORE_FULL_BELOW_TARGET")
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="reviewer_a", password=PASSWORD)
    form = {"fid": fid, "verdict": "false_positive"}
    assert strict.post(f"/review/{r.pk}/verdict/", form).status_code == 403
    c = world.client("reviewer_a")
    verdict(c, r, fid, "confirmed", comment="<script>alert(1)</script>")
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page


def _prefilled(page: str) -> dict[str, str]:
    import re  # noqa: PLC0415

    return dict(re.findall(r'name="(row-\d+-review)" id="row-\d+-review" value="([^"]*)"', page))


def test_rescore_without_blend(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    form = _prefilled(c.get(f"/review/{r.pk}/").content.decode())
    assert len(form) == 10  # nine indicator rows and execution
    response = c.post(f"/review/{r.pk}/rescore/", {**form, "version": str(r.version),
                                                   "row-0-note": "按实际人数"})  # fmt: skip
    assert response.status_code == 302
    kept = ReScore.objects.get(record=r)
    # 9.68 + 10 + 9 + 6 × 10 + 9.24 = 97.92; the national set does not blend
    assert (kept.self_total, kept.review_total, kept.final_total) == ("99", "97.92", "97.92")
    assert kept.blend == "全国规则未规定加权，复核分即为结果"
    assert kept.rows[0] == {"key": "产出指标/数量指标/特困人员救助供养人数",
                            "name": "特困人员救助供养人数", "weight": "10", "self": "10",
                            "review": "9.68", "note": "按实际人数"}  # fmt: skip
    assert AuditEntry.objects.filter(record=r, action="rescore").count() == 1
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert 'data-testid="final-total">97.92<' in page
    assert 'name="row-0-note" value="按实际人数"' in page  # the form shows the last re-score


def test_review_points_above_the_weight_are_refused(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    form = _prefilled(c.get(f"/review/{r.pk}/").content.decode())
    response = c.post(f"/review/{r.pk}/rescore/",
                      {**form, "row-0-review": "11", "version": str(r.version)})  # fmt: skip
    assert response.status_code == 400
    assert "“特困人员救助供养人数”的复核分11超过分值10分" in response.content.decode()
    bad = c.post(f"/review/{r.pk}/rescore/", {**form, "row-1-review": "十分好",
                                               "version": str(r.version)})  # fmt: skip
    assert bad.status_code == 400 and "请填写复核分" in bad.content.decode()
    assert not ReScore.objects.exists()


def test_rescore_blends_as_the_bureau_rule_set_says(world: World) -> None:
    own = RuleSetFile.objects.create(bureau=world.bureau_a, name="jia-fasp-2024", text=FASP_YAML)
    RuleSetChoice.objects.create(bureau=world.bureau_a, year_from=2020, own=own)
    ev = demo_evaluation("qingcheng-2024-dept-self-eval")
    record = flows.create_from_evaluation(world.users["filler_a"], world.dept_a, ev)
    r = submitted(world, record)
    c = world.client("reviewer_a")
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert "自评×0.4 + 复核×0.6" in page
    form = _prefilled(page)
    c.post(f"/review/{r.pk}/rescore/", {**form, "version": str(r.version)})
    kept = ReScore.objects.get(record=r)
    # rows as recomputed (seed 003): 94.26; self 86.82:
    # 0.4 × 86.82 + 0.6 × 94.26 = 34.728 + 56.556 = 91.284 → 91.28
    assert (kept.self_total, kept.review_total, kept.final_total) == ("86.82", "94.26", "91.28")
    assert kept.blend.endswith("= 91.284，保留两位小数为91.28")


def test_rescore_refused_when_stale_or_not_under_review(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    form = _prefilled(c.get(f"/review/{r.pk}/").content.decode())
    stale = c.post(f"/review/{r.pk}/rescore/", {**form, "version": "1"})
    assert stale.status_code == 409 and "已被他人修改或处理" in stale.content.decode()
    records.apply_action(world.users["reviewer_a"], r, Action.RETURN, "请修改", r.version)
    r.refresh_from_db()
    back = c.post(f"/review/{r.pk}/rescore/", {**form, "version": str(r.version)})
    assert back.status_code == 409 and "不能复核" in back.content.decode()
    assert not ReScore.objects.exists()


def _text(data: bytes) -> str:
    doc = docx.Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_opinion_carries_verdicts_evidence_and_rescore(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    verdict(c, r, fid_of(r, "SCORE_FULL_BELOW_TARGET"), "false_positive", comment="口径不同")
    verdict(c, r, fid_of(r, "EXEC_POINTS_NE_RATE"), "confirmed")
    form = _prefilled(c.get(f"/review/{r.pk}/").content.decode())
    c.post(f"/review/{r.pk}/rescore/", {**form, "version": str(r.version)})
    response = c.get(f"/review/{r.pk}/opinion.docx")
    assert response.status_code == 200
    assert quote(f"{r.fiscal_year}-{r.title}-审核意见.docx") in response["Content-Disposition"]
    text = _text(response.content)
    assert "经核实为误报（1项，不计入统计）" in text
    assert "【EXEC_POINTS_NE_RATE】" in text and "（已核实）" in text
    assert "核实说明：口径不同" in text
    # 1 error left + 8 missing-evidence warnings (+ what else the checks found) are counted
    assert "满分但无佐证材料" in text
    assert "复核评分" in text and "最终得分：97.92分" in text
    # auditors read the opinion too
    assert world.client("auditor_a").get(f"/review/{r.pk}/opinion.docx").status_code == 200


def test_a_department_form_takes_the_mean_of_its_task_blocks(world: World) -> None:
    ev = demo_evaluation("jingxing-2025-dept-self-eval")
    r = submitted(world, flows.create_from_evaluation(world.users["filler_a"], world.dept_a, ev))
    c = world.client("reviewer_a")
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert "各任务块复核分之和的平均" in page
    c.post(f"/review/{r.pk}/rescore/", {**_prefilled(page), "version": str(r.version)})
    kept = ReScore.objects.get(record=r)
    # six task blocks recomputed 95.79 ×5 and 93.79: (5 × 95.79 + 93.79) / 6 = 572.74 / 6
    # = 95.4567 → 95.46, the same as the recomputed total; Hebei does not blend
    assert (kept.self_total, kept.review_total, kept.final_total) == ("100", "95.46", "95.46")


def test_rescore_needs_the_token_and_escapes_notes(world: World) -> None:
    r = submitted(world)
    c = world.client("reviewer_a")
    form = {**_prefilled(c.get(f"/review/{r.pk}/").content.decode()), "version": str(r.version)}
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="reviewer_a", password=PASSWORD)
    assert strict.post(f"/review/{r.pk}/rescore/", form).status_code == 403
    assert not ReScore.objects.exists()
    evil = "<script>alert(2)</script>"
    c.post(f"/review/{r.pk}/rescore/", {**form, "row-0-note": evil, "comment": evil})
    page = c.get(f"/review/{r.pk}/").content.decode()
    assert evil not in page and "&lt;script&gt;alert(2)" in page
