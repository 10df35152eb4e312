"""The self-evaluation pages: edit grid, live re-scoring, upload, new form, downloads.

record_a is our demo project form (青岚县民政局 特困人员救助供养资金, national layout):
rows 10+10+9+10+10+10+10+10+10 = 89 stated; recomputed, row 1 gives 4604/4754 × 10 = 9.68 and
execution 3694/4000 = 92.35 % × 10 = 9.24, so 89 − 10 + 9.68 + 9.24 = 97.92.
"""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.services.demo import demo_paths
from jixiao.storage.models import Record
from tests.web.conftest import World


def _demo(stem: str) -> bytes:
    return next(p for p in demo_paths() if p.stem == stem).read_bytes()


def _total(page: str) -> str:
    match = re.search(r'data-testid="total">([^<]*)<', page)
    assert match, "no total on the page"
    return match.group(1)


def test_detail_shows_rows_rules_and_findings(world: World) -> None:
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/").content.decode()
    assert _total(page) == "97.92"
    assert 'id="pts-ind-0"' in page and ">9.68<" in page  # 4604/4754 × 10
    assert "national-2020 R" in page  # the rule beside the row
    assert 'data-code="SCORE_FULL_BELOW_TARGET"' in page
    assert 'data-code="EXEC_POINTS_NE_RATE"' in page
    assert 'name="ind-0-actual"' in page  # a draft is editable by its unit


def test_preview_recomputes_without_saving(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    response = c.post(f"/evaluations/{pk}/preview/", {"ind-0-actual": "4754人"})
    html = response.content.decode()
    # target met: 10 points instead of 9.68; total 97.92 − 9.68 + 10 = 98.24
    assert re.search(r'id="pts-ind-0" hx-swap-oob="true">10\.00<', html)
    assert _total(html) == "98.24"
    assert 'data-code="SCORE_FULL_BELOW_TARGET"' not in html
    assert Record.objects.get(pk=pk).version == 1  # nothing saved


def test_save_changes_the_total_and_the_version(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    response = c.post(f"/evaluations/{pk}/", {"version": "1", "ind-0-actual": "4754人"})
    assert response.status_code == 302
    r = Record.objects.get(pk=pk)
    assert r.version == 2 and str(r.score) == "98.24"
    page = c.get(f"/evaluations/{pk}/").content.decode()
    assert _total(page) == "98.24"
    # the audit log in words: the row and column, before and after; parsed twins left out
    assert "指标第1行 实际完成值：4604人 → 4754人" in page and "actual_value" not in page


def test_findings_name_their_field_in_chinese(world: World) -> None:
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/").content.decode()
    assert "[score]" not in page and "自评得分" in page
    assert "· arithmetic" not in page


def test_a_bad_number_is_named_and_nothing_is_saved(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    response = c.post(f"/evaluations/{pk}/", {"version": "1", "ind-2-weight": "十分abc"})
    assert response.status_code == 400
    assert "指标第3行 分值：“十分abc”不是数字" in response.content.decode()
    assert Record.objects.get(pk=pk).version == 1


def test_stale_page_is_refused_with_409(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    assert (
        c.post(f"/evaluations/{pk}/", {"version": "1", "ind-0-actual": "4700人"}).status_code == 302
    )
    response = c.post(f"/evaluations/{pk}/", {"version": "1", "ind-0-actual": "1人"})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    assert Record.objects.get(pk=pk).document["indicators"][0]["actual"] == "4700人"


def test_rows_can_be_added_and_deleted(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    c.post(f"/evaluations/{pk}/", {"version": "1", "ind-count": "9", "add-indicator": "1"})
    r = Record.objects.get(pk=pk)
    assert len(r.document["indicators"]) == 10
    rows = [i["location"].get("row", 0) for i in r.document["indicators"][:9]]
    new = r.document["indicators"][9]["location"]
    assert new["sheet"] == "在线填报" and new["row"] > max(rows)  # numbered after the others
    c.post(f"/evaluations/{pk}/", {"version": "2", "ind-count": "10", "ind-9-delete": "1"})
    assert len(Record.objects.get(pk=pk).document["indicators"]) == 9


def test_new_blank_form(world: World) -> None:
    c = world.client("filler_a")
    data = {"doc_type": "project_self_eval_table", "title": "城乡低保资金", "fiscal_year": "2025"}
    response = c.post("/evaluations/new/", data)
    assert response.status_code == 302
    r = Record.objects.get(title="城乡低保资金")
    assert r.unit == world.dept_a and r.fiscal_year == 2025 and r.status == "draft"
    assert c.post("/evaluations/new/", {**data, "fiscal_year": "25"}).status_code == 400


def test_upload_of_several_projects_gives_one_record_each(world: World) -> None:
    c = world.client("filler_a")
    file = SimpleUploadedFile("怀来目标表.txt", _demo("huailai-2024-targets"))
    response = c.post("/upload/", {"file": file})
    assert response.status_code == 302 and response["Location"] == "/evaluations/"
    made = Record.objects.filter(unit=world.dept_a, doc_type="target_table")
    assert made.count() == 7  # seed 004's seven 绩效目标表
    assert made.filter(title__contains="地质灾害治理").exists()


def test_amounts_in_yuan_are_shown_in_wan_with_the_original(world: World) -> None:
    c = world.client("filler_a")
    file = SimpleUploadedFile("庆城.txt", _demo("qingcheng-2024-dept-self-eval"))
    response = c.post("/upload/", {"file": file})
    page = c.get(response["Location"]).content.decode()
    # 年度资金总额 全年 28308987.43 元 = 2830.898743 万元
    assert 'value="2830.898743"' in page and "原表 28308987.43 元" in page
    # rows 8 + 11 + 56.25 + 9.01 = 84.26, + execution 10 = 94.26 (stated 86.82)
    assert _total(page) == "94.26"


def test_downloads_are_real_files_with_safe_names(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    response = c.get(f"/evaluations/{pk}/download/xlsx/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{pk}.xlsx"')
    assert "filename*=UTF-8''2024-" in disposition and "/" not in disposition.split("''")[1]
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert "特困人员救助供养人数" in text and "4604人" in text  # the form as the unit filled it
    docx = c.get(f"/evaluations/{pk}/download/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert c.get(f"/evaluations/{pk}/download/exe/").status_code == 404


def test_workflow_buttons_follow_the_role(world: World) -> None:
    pk = world.record_a.pk
    filler = world.client("filler_a")
    page = filler.get(f"/evaluations/{pk}/").content.decode()
    assert 'value="submit"' in page and 'value="approve"' not in page
    assert (
        filler.post(f"/evaluations/{pk}/action/", {"action": "submit", "version": "1"}).status_code
        == 302
    )
    page = filler.get(f"/evaluations/{pk}/").content.decode()
    assert 'name="ind-0-actual"' not in page  # submitted: read-only for the unit
    reviewer = world.client("reviewer_a")
    page = reviewer.get(f"/evaluations/{pk}/").content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    reviewer.post(f"/evaluations/{pk}/action/", {"action": "return", "comment": "", "version": "2"})
    assert Record.objects.get(pk=pk).status == "submitted"  # a return needs a comment
    reviewer.post(f"/evaluations/{pk}/action/",
                  {"action": "return", "comment": "请补充偏差原因", "version": "2"})  # fmt: skip
    page = filler.get(f"/evaluations/{pk}/").content.decode()
    assert "请补充偏差原因" in page and 'name="ind-0-actual"' in page


def test_an_action_returns_to_a_local_page_only(world: World) -> None:
    pk = world.record_a.pk
    filler = world.client("filler_a")
    page = filler.get(f"/evaluations/{pk}/").content.decode()
    assert f'href="/evaluations/{pk}/evidence/"' in page and f'href="/review/{pk}/"' not in page
    evil = {"action": "submit", "version": "1", "next": "https://evil.example/"}
    r = filler.post(f"/evaluations/{pk}/action/", evil)
    assert r["Location"] == f"/evaluations/{pk}/"  # another site: back to the record
    reviewer = world.client("reviewer_a")
    assert f'href="/review/{pk}/"' in reviewer.get(f"/evaluations/{pk}/").content.decode()
    r = reviewer.post(f"/evaluations/{pk}/action/", {"action": "return", "version": "2",
                      "comment": "请补充", "next": f"/review/{pk}/"})  # fmt: skip
    assert r["Location"] == f"/review/{pk}/"
    assert Record.objects.get(pk=pk).status == "returned"


def test_audit_shows_rows_added_or_deleted_by_name_not_as_data() -> None:
    from types import SimpleNamespace  # noqa: PLC0415

    from jixiao.web.templatetags.jixiao_tags import changes  # noqa: PLC0415

    rows = [{"level3": "耕地保护面积", "target": "≥1200亩"}, {"level3": "农户满意度"}]
    entry = SimpleNamespace(before={"indicators": [*rows, {"level3": None}]},
                            after={"indicators": rows, "spending_plan": []})  # fmt: skip
    assert changes(entry) == [
        ("绩效指标", "3行（耕地保护面积、农户满意度）", "2行（耕地保护面积、农户满意度）"),
        ("资金支出计划", "（空）", "（空）"),
    ]
