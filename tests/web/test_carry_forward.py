"""Carry-forward of an approved target table into the year-end self-evaluation (rules.md R1.4),
and the locked edit grid: carried cells are text, rows cannot be added or deleted, and a forged
post that changes them is refused with 400 and the reason. SQLite and PostgreSQL."""

from __future__ import annotations

import re

from django.test import Client

from jixiao.model.workflow import Action
from jixiao.storage import records
from jixiao.storage.models import Record
from tests.web.conftest import World
from tests.web.test_target_review import _panel, approve, make_target


def _carry(world: World, target: Record, who: str = "filler_a") -> Record:
    response = world.client(who).post(f"/targets/{target.pk}/self-eval/")
    assert response.status_code == 302, response.content.decode()[:1000]
    made = Record.objects.filter(target=target).get()
    assert response["Location"] == f"/evaluations/{made.pk}/"
    return made


def test_carry_forward_copies_the_approved_indicators_exactly(world: World) -> None:
    target = approve(world, make_target(world))
    made = _carry(world, target)
    assert made.doc_type == "project_self_eval_table" and made.status == "draft"
    assert made.unit == world.dept_a and made.fiscal_year == 2025
    doc = made.document
    rows = [(i["level1"], i["level2"], i["level3"], i["target"], i["unit"], i["weight"])
            for i in doc["indicators"]]  # fmt: skip
    # by hand from the approved table: 5 rows, in order, weights 10+20+20+30+10 = 90
    assert rows == [
        ("产出指标", "数量指标", "耕地保护面积", "≥1200亩", "亩", "10"),
        ("产出指标", "质量指标", "验收合格率", "=100%", "%", "20"),
        ("产出指标", "成本指标", "亩均建设成本", "≤0.3万元", "万元", "20"),
        ("效益指标", "社会效益指标", "粮食产能", "有效提升", None, "30"),
        ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "%", "10"),
    ]
    first = doc["indicators"][0]
    assert (first["direction"], first["target_value"], first["nature"]) == (">=", "1200", "正向")
    assert (first["basis"], first["description"]) == ("计划标准", "年度新增耕地保护面积")
    assert all(i["actual"] is None and i["score"] is None for i in doc["indicators"])
    assert doc["funds"][0]["name"] == "年度资金总额" and doc["funds"][0]["total"] == "850.5"
    assert doc["funds"][0]["executed"] is None
    assert doc["targets"]["planned"] == "完成耕地保护1200亩，验收合格"
    audit = made.audit.get(action="create")
    assert "由已批复的绩效目标" in audit.comment


def test_a_second_request_opens_the_same_self_evaluation(world: World) -> None:
    target = approve(world, make_target(world))
    first = _carry(world, target)
    again = world.client("filler_a").post(f"/targets/{target.pk}/self-eval/")
    assert again["Location"] == f"/evaluations/{first.pk}/"
    assert Record.objects.filter(target=target).count() == 1
    panel = _panel(world, "filler_a", target)
    assert 'id="carry-forward"' not in panel and f'href="/evaluations/{first.pk}/"' in panel


def test_published_target_carries_too(world: World) -> None:
    target = approve(world, make_target(world))
    published = records.apply_action(
        world.users["reviewer_a"], target, Action.PUBLISH, "", target.version
    )
    assert published.status == "published"
    assert _carry(world, published).target_id == target.pk


def test_only_approved_targets_carry(world: World) -> None:
    c = world.client("filler_a")
    draft = make_target(world, submit=False)
    submitted = make_target(world)
    returned = records.apply_action(
        world.users["reviewer_a"], make_target(world), Action.RETURN, "请修改", 2
    )
    for t in (draft, submitted, returned):
        response = c.post(f"/targets/{t.pk}/self-eval/")
        assert response.status_code == 409, t.status
        assert "批复（审核通过）后才能生成年度自评表" in response.content.decode()
    # a self-evaluation is not a target table
    assert c.post(f"/targets/{world.record_a.pk}/self-eval/").status_code == 404
    assert not Record.objects.filter(target__isnull=False).exists()


def test_only_the_units_filler_carries(world: World) -> None:
    target = approve(world, make_target(world))
    for who in ("reviewer_a", "auditor_a"):
        response = world.client(who).post(f"/targets/{target.pk}/self-eval/")
        assert response.status_code == 403 and "的填报人可以生成" in response.content.decode()
    for who in ("filler_b", "reviewer_b", "branch_a"):  # outside: not found
        assert world.client(who).post(f"/targets/{target.pk}/self-eval/").status_code == 404
    assert Client().post(f"/targets/{target.pk}/self-eval/").status_code == 302  # to login
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["filler_a"])
    assert c.post(f"/targets/{target.pk}/self-eval/").status_code == 403
    assert world.client("filler_a").get(f"/targets/{target.pk}/self-eval/").status_code == 405
    assert not Record.objects.filter(target=target).exists()


def test_grid_shows_carried_cells_as_text(world: World) -> None:
    made = _carry(world, approve(world, make_target(world)))
    page = world.client("filler_a").get(f"/evaluations/{made.pk}/").content.decode()
    assert 'id="carried-note"' in page and "来自已批复的绩效目标（不可修改）" in page
    for field in ("level1", "level2", "level3", "target", "weight"):
        assert f'name="ind-0-{field}"' not in page
    for field in ("actual", "score", "deviation_reason"):
        assert f'name="ind-0-{field}"' in page
    assert page.count('data-carried="true"') == 5 * 5  # five carried cells on each of 5 rows
    assert 'name="add-indicator"' not in page and 'name="ind-0-delete"' not in page


def test_filling_in_actuals_saves_and_scores(world: World) -> None:
    made = _carry(world, approve(world, make_target(world)))
    c = world.client("filler_a")
    data = {"version": made.version, "ind-count": "5", "ind-0-actual": "1100亩",
            "fund-0-executed": "800"}  # fmt: skip
    response = c.post(f"/evaluations/{made.pk}/", data)
    assert response.status_code == 302
    fresh = Record.objects.get(pk=made.pk)
    assert fresh.version == made.version + 1
    assert fresh.document["indicators"][0]["actual"] == "1100亩"
    assert fresh.document["indicators"][0]["target"] == "≥1200亩"
    page = c.get(f"/evaluations/{made.pk}/").content.decode()
    # ratio: 1100 / 1200 × 10 = 9.1666… → 9.17
    assert re.search(r'id="pts-ind-0"[^>]*>9\.17<', page)


def _refused(world: World, made: Record, data: dict[str, str]) -> str:
    post = {"version": str(made.version), "ind-count": "5"} | data
    response = world.client("filler_a").post(f"/evaluations/{made.pk}/", post)
    assert response.status_code == 400, data
    fresh = Record.objects.get(pk=made.pk)
    assert fresh.version == made.version and fresh.document == made.document
    return response.content.decode()


def test_forged_change_to_a_carried_target_is_refused(world: World) -> None:
    made = _carry(world, approve(world, make_target(world)))
    page = _refused(world, made, {"ind-0-target": "≥1000亩", "ind-0-actual": "1100亩"})
    assert "指标第1行“耕地保护面积”的指标值不能修改（已批复“≥1200亩”，提交“≥1000亩”）" in page
    page = _refused(world, made, {"ind-0-weight": "30"})
    assert "指标第1行“耕地保护面积”的分值不能修改（已批复“10”，提交“30”）" in page
    page = _refused(world, made, {"ind-0-level3": "耕地面积"})
    assert "的指标名称不能修改" in page
    page = _refused(world, made, {"ind-1-target": "≥100%"})
    assert "指标第2行“验收合格率”的指标方向不能修改" in page
    page = _refused(world, made, {"ind-0-unit": "公顷"})
    assert "的度量单位不能修改（已批复“亩”，提交“公顷”）" in page


def test_forged_row_added_or_deleted_is_refused(world: World) -> None:
    made = _carry(world, approve(world, make_target(world)))
    page = _refused(world, made, {"ind-4-delete": "1"})
    assert "指标第5行“农户满意度”来自已批复的绩效目标，不能删除" in page
    page = _refused(world, made, {"add-indicator": "1"})
    assert "不能增加指标第6行" in page
    # a larger row count alone adds nothing: the form keeps exactly the carried rows
    c = world.client("filler_a")
    data = {"version": str(made.version), "ind-count": "9", "ind-7-level3": "多出一行"}
    assert c.post(f"/evaluations/{made.pk}/", data).status_code == 302
    assert len(Record.objects.get(pk=made.pk).document["indicators"]) == 5


def test_preview_names_a_forged_change(world: World) -> None:
    made = _carry(world, approve(world, make_target(world)))
    response = world.client("filler_a").post(
        f"/evaluations/{made.pk}/preview/", {"ind-count": "5", "ind-0-target": "≥1000亩"}
    )
    assert "的指标值不能修改" in response.content.decode()


def test_department_wide_target_gives_a_department_form(world: World) -> None:
    target = approve(world, make_target(world, project=None, title="甲市民政局部门整体绩效目标表"))
    made = _carry(world, target)
    assert made.doc_type == "dept_self_eval_table"
    assert made.document["indicators"][0]["level3"] == "耕地保护面积"


def test_an_ordinary_self_evaluation_is_not_locked(world: World) -> None:
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/").content.decode()
    assert 'name="ind-0-level3"' in page and 'name="add-indicator"' in page
    assert 'id="carried-note"' not in page and "data-carried" not in page


def test_the_api_refuses_a_change_to_a_carried_target_too(world: World) -> None:
    from tests.web.test_api import api, put_json  # noqa: PLC0415 - the API's own helpers

    made = _carry(world, approve(world, make_target(world)))
    doc = Record.objects.get(pk=made.pk).document
    doc["indicators"][0]["target"] = "≥1000亩"  # approved: ≥1200亩
    c = api(world, "filler_a")
    r = put_json(c, f"/api/v1/evaluations/{made.pk}/", {"version": made.version, "evaluation": doc})
    assert r.status_code == 400, r.content
    assert "指标值不能修改（已批复“≥1200亩”，提交“≥1000亩”）" in r.json()["error"]["message"]
    assert Record.objects.get(pk=made.pk).version == made.version  # nothing saved
