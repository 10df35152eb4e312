"""The bureau's target review (rules.md R14) on the web: the form with the four criteria, the
outcome (优/良 approve, 中/差 return with the comments), the review history on the panel, and who
may review. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from jixiao.model.evaluation import DocType, Evaluation, Indicator, Targets
from jixiao.model.target_review import CONSEQUENCES, Tier
from jixiao.model.workflow import Action
from jixiao.storage import records
from jixiao.storage.models import AuditEntry, Record, TargetReview, Unit
from jixiao.web import flows
from tests.web.conftest import World

D = Decimal
TARGET_ROWS = (
    Indicator(level1="产出指标", level2="数量指标", level3="耕地保护面积", target="≥1200亩",
              unit="亩", nature="正向", weight=D("10"), basis="计划标准",
              description="年度新增耕地保护面积"),
    Indicator(level1="产出指标", level2="质量指标", level3="验收合格率", target="=100%", unit="%",
              weight=D("20"), basis="行业标准"),
    Indicator(level1="产出指标", level2="成本指标", level3="亩均建设成本", target="≤0.3万元",
              unit="万元", weight=D("20"), basis="历史标准"),
    Indicator(level1="效益指标", level2="社会效益指标", level3="粮食产能", target="有效提升",
              weight=D("30")),
    Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="农户满意度",
              target="≥90%", unit="%", weight=D("10")),
)  # fmt: skip


def target_evaluation(unit: Unit, **changes: Any) -> Evaluation:
    fields: dict[str, Any] = {
        "doc_type": DocType.TARGET_TABLE, "fiscal_year": 2025, "department": unit.name,
        "project": "耕地保护与高标准农田建设", "budget_total_wan": D("850.5"),
        "targets": Targets(planned="完成耕地保护1200亩，验收合格"), "indicators": TARGET_ROWS,
    } | changes  # fmt: skip
    return Evaluation(**fields)


def make_target(world: World, who: str = "filler_a", submit: bool = True, **changes: Any) -> Record:
    """A target table of the filler's unit, created through the web's use case and submitted."""
    user = world.users[who]
    unit = user.membership.unit
    record = flows.create_from_evaluation(user, unit, target_evaluation(unit, **changes))
    if submit:
        record = records.apply_action(user, record, Action.SUBMIT, "", record.version)
    return record


def approve(world: World, target: Record) -> Record:
    """A passing review (all 优) by the bureau's reviewer."""
    response = world.client("reviewer_a").post(
        f"/targets/{target.pk}/review/", form(target.version, "优", "优", "优", "优", grade="优")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Record.objects.get(pk=target.pk)


def form(version: int, *tiers: str, grade: str, comment: str = "", **notes: str) -> dict[str, Any]:
    keys = ("completeness", "relevance", "appropriateness", "feasibility")
    data: dict[str, Any] = {"version": version, "grade": grade, "comment": comment}
    data |= {f"rating-{k}": t for k, t in zip(keys, tiers, strict=True)}
    data |= {f"comment-{k}": v for k, v in notes.items()}
    return data


def test_form_shows_the_four_criteria_with_their_questions(world: World) -> None:
    t = make_target(world)
    page = world.client("reviewer_a").get(f"/targets/{t.pk}/review/").content.decode()
    for label, word in (("完整性", "明确"), ("相关性", "部门职能"), ("适当性", "过高或过低"),
                        ("可行性", "成本效益")):  # fmt: skip
        assert f"<legend>{label}</legend>" in page and word in page
    for key in ("completeness", "relevance", "appropriateness", "feasibility"):
        assert page.count(f'name="rating-{key}"') == 4 and f'name="comment-{key}"' in page
    assert page.count('name="grade"') == 4 and 'id="review-submit"' in page
    assert "耕地保护面积" in page and "≥1200亩" in page  # the table under review
    assert 'id="no-target-review"' in page


def test_approve_needs_a_passing_review(world: World) -> None:
    t = make_target(world)
    c = world.client("reviewer_a")
    c.post(f"/evaluations/{t.pk}/action/", {"action": "approve", "version": t.version})
    assert Record.objects.get(pk=t.pk).status == "submitted"  # refused: no R14 review yet
    assert "须先完成目标审核" in c.get(f"/evaluations/{t.pk}/").content.decode()


def test_excellent_review_approves_with_the_review_kept(world: World) -> None:
    t = make_target(world)  # version 2 after the submit
    c = world.client("reviewer_a")
    data = form(t.version, "优", "优", "优", "优", grade="优", comment="目标明确")
    response = c.post(f"/targets/{t.pk}/review/", data)
    assert response.status_code == 302 and response["Location"] == f"/targets/{t.pk}/"
    fresh = Record.objects.get(pk=t.pk)
    assert fresh.status == "approved" and fresh.version == 3
    review = TargetReview.objects.get(record=t)
    assert review.reviewer is not None
    assert (review.grade, review.record_version, review.reviewer.username) == (
        "优",
        2,
        "reviewer_a",
    )
    entry = AuditEntry.objects.filter(record=t, action="approve").get()
    assert entry.comment.startswith("目标审核结果：优（直接进入下一步预算安排流程）")


def test_good_with_one_fair_criterion_is_fixed_directly_and_approved(world: World) -> None:
    # worst criterion 中 → suggestion 中; the reviewer may go one tier up to 良 (fixed on the spot)
    t = make_target(world)
    data = form(t.version, "优", "中", "良", "优", grade="良", relevance="满意度指标需细化")
    assert world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data).status_code == 302
    assert Record.objects.get(pk=t.pk).status == "approved"
    assert TargetReview.objects.get(record=t).comments == {"relevance": "满意度指标需细化"}


def test_overall_more_than_one_tier_above_the_worst_is_refused(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "优", "中", "优", "优", grade="优")
    response = world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data)
    assert response.status_code == 400
    assert "审核结果“优”高于最低一项“中”超过一档" in response.content.decode()
    assert not TargetReview.objects.filter(record=t).exists()
    assert Record.objects.get(pk=t.pk).status == "submitted"


def test_a_missing_rating_is_named(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "优", "优", "优", "优", grade="优")
    del data["rating-feasibility"]
    response = world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data)
    assert response.status_code == 400 and "请为以下各项评级：可行性" in response.content.decode()
    assert not TargetReview.objects.filter(record=t).exists()


def test_fair_returns_with_the_criteria_comments(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "良", "中", "中", "良", grade="中", comment="请修改后重新提交",
                relevance="缺少细化指标", appropriateness="成本偏高")  # fmt: skip
    assert world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data).status_code == 302
    fresh = Record.objects.get(pk=t.pk)
    assert fresh.status == "returned"
    comment = AuditEntry.objects.filter(record=t, action="return").get().comment
    assert comment == (
        "目标审核结果：中（退回预算部门修改完善绩效目标后重新提交审核）。完整性：良。"
        "相关性：中，缺少细化指标。适当性：中，成本偏高。可行性：良。总体意见：请修改后重新提交"
    )
    # the department fixes and resubmits; the new version needs its own review
    filler = world.users["filler_a"]
    again = records.apply_action(filler, fresh, Action.SUBMIT, "", fresh.version)
    c = world.client("reviewer_a")
    c.post(f"/evaluations/{t.pk}/action/", {"action": "approve", "version": again.version})
    assert Record.objects.get(pk=t.pk).status == "submitted"  # the 中 review was of version 2
    approve(world, again)
    assert Record.objects.get(pk=t.pk).status == "approved"
    assert list(TargetReview.objects.filter(record=t).values_list("grade", "record_version")) == [
        ("中", 2), ("优", 4),
    ]  # fmt: skip


def test_poor_does_not_enter_budgeting(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "差", "良", "良", "良", grade="差", completeness="缺少年度总体目标")
    assert world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data).status_code == 302
    assert Record.objects.get(pk=t.pk).status == "returned"
    comment = AuditEntry.objects.filter(record=t, action="return").get().comment
    assert "目标审核结果：差（不得进入下一步预算安排流程）" in comment
    assert "完整性：差，缺少年度总体目标。" in comment


def test_stale_version_is_refused(world: World) -> None:
    t = make_target(world)
    data = form(t.version - 1, "优", "优", "优", "优", grade="优")
    response = world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data)
    assert response.status_code == 409 and "请刷新后再审核" in response.content.decode()
    assert not TargetReview.objects.filter(record=t).exists()


def test_another_bureau_gets_404(world: World) -> None:
    t = make_target(world)
    for who in ("reviewer_b", "filler_b"):
        c = world.client(who)
        assert c.get(f"/targets/{t.pk}/review/").status_code == 404
        data = form(t.version, "优", "优", "优", "优", grade="优")
        assert c.post(f"/targets/{t.pk}/review/", data).status_code == 404
    assert Record.objects.get(pk=t.pk).status == "submitted"


def test_filler_and_auditor_cannot_review(world: World) -> None:
    t = make_target(world)
    for who in ("filler_a", "auditor_a"):
        c = world.client(who)
        assert c.get(f"/targets/{t.pk}/review/").status_code == 403
        data = form(t.version, "优", "优", "优", "优", grade="优")
        response = c.post(f"/targets/{t.pk}/review/", data)
        assert response.status_code == 403 and "只有财政局审核人" in response.content.decode()
    assert not TargetReview.objects.filter(record=t).exists()
    assert Record.objects.get(pk=t.pk).status == "submitted"


def test_only_a_submitted_target_table_is_reviewed(world: World) -> None:
    # a self-evaluation is not a target table: 404 here
    records.apply_action(world.users["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    assert (
        world.client("reviewer_a").get(f"/targets/{world.record_a.pk}/review/").status_code == 404
    )
    # an approved table can be looked at, not reviewed again
    t = approve(world, make_target(world))
    c = world.client("reviewer_a")
    page = c.get(f"/targets/{t.pk}/review/").content.decode()
    assert 'id="review-refused"' in page and 'id="target-review-form"' not in page
    response = c.post(
        f"/targets/{t.pk}/review/", form(t.version, "差", "差", "差", "差", grade="差")
    )
    assert response.status_code == 409 and Record.objects.get(pk=t.pk).status == "approved"
    # a draft is not even visible to the bureau
    draft = make_target(world, submit=False)
    assert c.get(f"/targets/{draft.pk}/review/").status_code == 404


def test_admin_may_review(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "良", "良", "良", "良", grade="良")
    assert world.client("admin").post(f"/targets/{t.pk}/review/", data).status_code == 302
    assert Record.objects.get(pk=t.pk).status == "approved"


def test_anonymous_is_sent_to_login_and_csrf_is_enforced(world: World) -> None:
    t = make_target(world)
    response = Client().get(f"/targets/{t.pk}/review/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["reviewer_a"])
    data = form(t.version, "优", "优", "优", "优", grade="优")
    assert c.post(f"/targets/{t.pk}/review/", data).status_code == 403
    assert not TargetReview.objects.filter(record=t).exists()


def _panel(world: World, who: str, record: Record) -> str:
    request = RequestFactory().get(f"/targets/{record.pk}/")
    request.user = world.users[who]
    record = Record.objects.get(pk=record.pk)
    return render_to_string("jixiao/_target_review_panel.html", {"record": record}, request)


def test_panel_shows_the_history_with_consequences_escaped(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "良", "中", "良", "良", grade="中", comment="<script>alert(1)</script>",
                relevance="<b>指标</b>")  # fmt: skip
    world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data)
    html = _panel(world, "filler_a", t)
    assert 'data-grade="中"' in html and CONSEQUENCES[Tier.FAIR] in html
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "&lt;b&gt;指标&lt;/b&gt;" in html and "reviewer_a" in html
    assert 'id="target-review-link"' not in html  # returned: nothing to review now


def test_panel_consequence_texts_match_the_model(world: World) -> None:
    # the panel spells the consequences out (templates cannot look them up): keep them equal
    for tier in Tier:
        t = make_target(world)
        TargetReview.objects.create(
            record=t, reviewer=world.users["reviewer_a"], record_version=t.version,
            completeness=tier.value, relevance=tier.value, appropriateness=tier.value,
            feasibility=tier.value, grade=tier.value,
        )  # fmt: skip
        assert tier.consequence in _panel(world, "reviewer_a", t)


def test_panel_offers_review_to_the_bureau_and_carry_forward_to_the_unit(world: World) -> None:
    t = make_target(world)
    assert 'id="target-review-link"' in _panel(world, "reviewer_a", t)
    assert 'id="target-review-link"' not in _panel(world, "filler_a", t)
    assert 'id="carry-forward"' not in _panel(world, "filler_a", t)  # not approved yet
    approved = approve(world, t)
    assert 'id="carry-forward"' in _panel(world, "filler_a", approved)
    assert 'id="carry-forward"' not in _panel(world, "reviewer_a", approved)
    assert 'id="target-review-link"' not in _panel(world, "reviewer_a", approved)


def test_target_page_shows_the_panel_after_the_review(world: World) -> None:
    t = make_target(world)
    data = form(t.version, "优", "良", "优", "优", grade="良", comment="同意")
    response = world.client("reviewer_a").post(f"/targets/{t.pk}/review/", data, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="target-review-panel"' in page
    assert 'data-grade="良"' in page and "目标审核结果：良" in page  # the success message
    filler_page = world.client("filler_a").get(f"/targets/{t.pk}/").content.decode()
    assert 'id="carry-forward"' in filler_page


def test_an_approved_target_grows_the_bureaus_library(world: World) -> None:
    from jixiao.storage.models import IndicatorEntry  # noqa: PLC0415

    target = make_target(world)
    mine = IndicatorEntry.objects.filter(bureau=world.bureau_a, level3="耕地保护面积")
    assert not mine.exists()
    approve(world, target)
    entry = mine.get()  # the approved row, now the bureau's to pick from
    assert entry.source == f"已批复目标：{target.title} 2025" and entry.uses == 1
    assert entry.unit == "亩"
    # a returned target teaches the library nothing
    other = make_target(world, title="第二张目标表")
    world.client("reviewer_a").post(
        f"/targets/{other.pk}/review/",
        form(other.version, "中", "中", "中", "中", grade="中", comment="请修改"),
    )
    assert mine.get().uses == 1


def test_the_review_opinion_downloads_for_the_unit_and_the_bureau(world: World) -> None:
    from io import BytesIO  # noqa: PLC0415
    from urllib.parse import quote  # noqa: PLC0415

    import docx  # noqa: PLC0415

    target = make_target(world)
    url = f"/targets/{target.pk}/opinion.docx"
    assert world.client("filler_a").get(url).status_code == 404  # not reviewed yet
    world.client("reviewer_a").post(
        f"/targets/{target.pk}/review/",
        form(target.version, "良", "良", "中", "良", grade="中", comment="请修改后重新申报",
             appropriateness="满意度目标过高"),
    )  # fmt: skip
    page = world.client("filler_a").get(f"/targets/{target.pk}/").content.decode()
    assert f'href="{url}"' in page
    response = world.client("filler_a").get(url)
    assert response.status_code == 200
    name = quote(f"2025-{target.title}-绩效目标审核意见.docx")
    assert name in response["Content-Disposition"]
    d = docx.Document(BytesIO(response.content))
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    assert ["审核人", "reviewer_a"] in cells
    assert next(r for r in cells if r[0] == "适当性")[2:] == ["中", "满意度目标过高"]
    assert world.client("reviewer_a").get(url).status_code == 200
    assert world.client("filler_b").get(url).status_code == 404  # another bureau's unit
    assert world.client("reviewer_b").get(url).status_code == 404
