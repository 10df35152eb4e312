"""The target-table pages (/targets/): list, new, the form in seed 004's layout with live R13
findings, rows from the library, save with the version check, and who may see and do what.

The bureau of ``world`` is in 河北省 (甲市财政局, 河北省石家庄市), so a new table is checked by the
hebei-2019 rule set, whose 绩效目标表 carries a 资金支出计划 row (R12.4: form_has_plan).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.services.demo import demo_paths
from jixiao.storage.models import Record, RecordFinding
from jixiao.storage.selectors import bureau_of
from tests.web.conftest import World, stored_state

SKELETON_ROWS = 9  # the R12 rows a new table starts with (target_editing.SKELETON)
PLAN_OK = ("25", "50", "75", "100")  # four of seed 004's tables: cumulative, 100 % at 12月底


def _new(client: Client, **fields: str) -> Record:
    data = {"kind": "project", "fiscal_year": "2025", "title": "耕地保护监测项目",
            "money-budget": "100", "money-fiscal": "80", "money-other": "20",
            "money-purpose": "耕地卫片图斑核查与外业测量"} | fields  # fmt: skip
    response = client.post("/targets/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Record.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def _rows(*rows: dict[str, str], plan: tuple[str, ...] = PLAN_OK) -> dict[str, str]:
    """A post that replaces the skeleton rows by ``rows`` and sets the plan."""
    data = {f"ind-{i}-delete": "1" for i in range(SKELETON_ROWS)}
    for n, row in enumerate(rows, start=SKELETON_ROWS):
        data |= {f"ind-{n}-{k}": v for k, v in row.items()}
    data["ind-count"] = str(SKELETON_ROWS + len(rows))
    data |= {f"plan-{i}": v for i, v in enumerate(plan)}
    data["head-goal"] = "完成全县2000个卫片图斑核查，耕地保护目标落实到地块"
    return data


QUANTITY = {"level1": "产出指标", "level2": "数量指标", "level3": "卫片图斑核查数量",
            "nature": "≥", "target": "2000", "unit": "个", "weight": "40", "basis": "计划标准",
            "description": "核查的卫片图斑个数"}  # fmt: skip
QUALITY = {"level1": "产出指标", "level2": "质量指标", "level3": "调查核实准确率",
           "nature": "≥", "target": "95", "unit": "%", "weight": "30",
           "basis": "行业标准"}  # fmt: skip
SATISFIED = {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "服务对象满意度",
             "nature": "≥", "target": "90", "unit": "%", "weight": "20",
             "basis": "历史标准"}  # fmt: skip


def _save(client: Client, record: Record, data: dict[str, str], version: int = 1) -> Any:
    return client.post(f"/targets/{record.pk}/", {"version": str(version)} | data)


def _codes(record: Record) -> set[str]:
    return set(RecordFinding.objects.filter(record=record).values_list("code", flat=True))


@pytest.fixture
def filler(world: World) -> Client:
    return world.client("filler_a")


def test_a_new_project_table_is_made_with_the_money_block_and_the_r12_rows(
    world: World, filler: Client
) -> None:
    record = _new(filler)
    assert record.doc_type == "target_table" and record.unit == world.dept_a
    assert record.title == "耕地保护监测项目" and record.fiscal_year == 2025
    doc = record.document
    assert doc["budget_total_wan"] == "100"
    assert [(f["name"], f["total"], f["level"]) for f in doc["funds"]] == [
        ("预算数", "100", 0), ("财政资金", "80", 1), ("其他资金", "20", 1)
    ]  # fmt: skip
    assert doc["projects"][0]["purpose"] == "耕地卫片图斑核查与外业测量"
    assert [(r["level1"], r["level2"]) for r in doc["indicators"]][:2] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标")
    ]  # fmt: skip
    assert len(doc["indicators"]) == SKELETON_ROWS and doc["stated_total_weight"] == "90"
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    for element in (
        'id="money-block"',
        'id="plan-row"',
        'id="goal-block"',
        'id="ind-rows"',
        'name="money-fiscal"',
        'name="plan-3"',
        'name="ind-0-nature"',
        'list="basis-choices"',
        'id="library-q"',
        'id="target-review-panel"',
    ):
        assert element in page, element
    for period in ("3月底", "6月底", "10月底", "12月底"):
        assert period in page
    # nothing typed yet: R13.2 names the empty values, R12.4 the missing plan
    assert {"PLACEHOLDER_OR_EMPTY_TARGET", "SPEND_PLAN_MISSING"} <= _codes(record)


def test_a_department_table_has_no_project(world: World, filler: Client) -> None:
    record = _new(filler, kind="department", title="")
    assert record.title == "甲市民政局2025年度部门整体绩效目标"
    doc = record.document
    assert doc["project"] is None and doc["projects"] == []
    assert {"heading": "资金用途", "text": "耕地卫片图斑核查与外业测量"}.items() <= (
        next(s for s in doc["sections"] if s["heading"] == "资金用途").items()
    )
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert "部门整体绩效目标表" in page and 'name="head-project"' not in page


def test_the_new_form_refuses_what_it_cannot_use(world: World, filler: Client) -> None:
    response = filler.post("/targets/new/", {"kind": "project", "fiscal_year": "1999",
                                             "title": "", "money-budget": "很多"})  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写年度（2000–2100）" in text and "请填写项目名称" in text
    assert "预算数：“很多”不是有效金额（万元）" in text
    assert not Record.objects.filter(doc_type="target_table").exists()
    assert world.client("reviewer_a").post("/targets/new/", {}).status_code == 403
    assert world.client("reviewer_a").get("/targets/new/").status_code == 403


def test_a_well_set_table_saves_clean(world: World, filler: Client) -> None:
    """2000个 ≥, 95 % ≥, satisfaction ≥90 %, weights 40 + 30 + 20 = 90 = the stated 90, plan
    25/50/75/100, 预算数 100 = 80 + 20: no R13 finding, no spending-plan finding."""
    record = _new(filler)
    response = _save(filler, record, _rows(QUANTITY, QUALITY, SATISFIED))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.version == 2
    doc = record.document
    assert [r["target"] for r in doc["indicators"]] == ["≥2000个", "≥95%", "≥90%"]
    assert [p["pct"] for p in doc["spending_plan"]] == ["25", "50", "75", "100"]
    assert _codes(record) == set()
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert "未发现问题" in page and ">90<" in page  # weight sum 40 + 30 + 20


def test_satisfaction_at_100_percent_is_reported_beside_its_row(
    world: World, filler: Client
) -> None:
    """R13.4: satisfaction "≥100%" (typed as ≥ / 100 / %) cannot be missed by anyone."""
    record = _new(filler)
    bad = SATISFIED | {"target": "100"}
    assert _save(filler, record, _rows(QUANTITY, QUALITY, bad)).status_code == 302
    record.refresh_from_db()
    assert record.document["indicators"][2]["target"] == "≥100%"
    assert _codes(record) == {"SATISFACTION_TARGET_100"}
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    why = re.search(r'<td class="why" id="why-ind-2">(.*?)</td>', page, re.S)
    assert why is not None
    assert "指标“服务对象满意度”的目标为“≥100%”：满意度目标不应为100%或以上" in why.group(1)
    assert 'class="row-warning"' in page and "R13.4" in page


@pytest.mark.parametrize(
    ("plan", "codes", "words"),
    [
        # cumulative and reaching 100 % at 12月底: nothing to say
        (PLAN_OK, set(), ""),
        # 30 by March, 20 by June: a cumulative share cannot fall
        (("30", "20", "75", "100"), {"SPEND_PLAN_DECREASING"}, "在6月底降为20%，低于3月底的30%"),
        # seed 004 tables 5–7: 10 + 30 + 30 + 30 = 100 per period, 30 % at 12月底
        (
            ("10", "30", "30", "30"),
            {"SPEND_PLAN_PER_PERIOD", "SPEND_PLAN_NOT_100_AT_END"},
            "累计应为10/40/70/100",
        ),
        # 6月底 left blank: the Hebei form asks for all four checkpoints
        (("25", "", "75", "100"), {"SPEND_PLAN_MISSING"}, "缺少6月底的比例"),
    ],
)
def test_the_spending_plan_must_be_cumulative(
    world: World, filler: Client, plan: tuple[str, ...], codes: set[str], words: str
) -> None:
    record = _new(filler)
    assert _save(filler, record, _rows(QUANTITY, QUALITY, SATISFIED, plan=plan)).status_code == 302
    record.refresh_from_db()
    assert _codes(record) == codes
    area = re.search(r'id="plan-findings">(.*?)</div>\s*</div>',
                     filler.get(f"/targets/{record.pk}/").content.decode(), re.S)  # fmt: skip
    assert area is not None and words in area.group(1)


def test_cost_counts_and_execution_rows_are_reported(world: World, filler: Client) -> None:
    cost_pct = {"level1": "产出指标", "level2": "成本指标", "level3": "项目总成本", "nature": "≥",
                "target": "100", "unit": "%", "weight": "10"}  # fmt: skip
    count_pct = QUANTITY | {"level3": "完成项目数量", "target": "100", "unit": "%"}
    execution = QUALITY | {"level3": "资金到位率", "nature": "=", "target": "100"}
    record = _new(filler)
    post = _rows(count_pct, execution, cost_pct, SATISFIED)
    assert _save(filler, record, post).status_code == 302
    record.refresh_from_db()
    found = {f.code: f.message for f in RecordFinding.objects.filter(record=record)}
    # R13.5: "≥100%" is neither an amount nor a ceiling
    assert found["COST_NOT_AMOUNT_CEILING"] == (
        "指标“项目总成本”的目标为“≥100%”：以百分比表示，不是金额；用了“≥”，成本应以“≤”控制上限"
    )
    # R13.7: a count as a percentage; R13.6: 资金到位率 is budget execution, not an output
    assert "PERCENT_ON_NON_RATE" in found and "EXECUTION_AS_INDICATOR" in found
    # a cost above the budget: 120万元 > 预算数 100万元
    over = _save(filler, record, {"ind-2-nature": "≤", "ind-2-target": "120", "ind-2-unit": "万元"},
                 version=2)  # fmt: skip
    assert over.status_code == 302
    message = RecordFinding.objects.get(record=record, code="COST_NOT_AMOUNT_CEILING").message
    assert message == "指标“项目总成本”的目标为“≤120万元”：金额120万元超过预算100万元"


def test_weights_money_and_goal_are_checked(world: World, filler: Client) -> None:
    record = _new(filler)
    light = SATISFIED | {"weight": "10"}  # 40 + 30 + 10 = 80, not the stated 90
    post = _rows(QUANTITY, QUALITY, light) | {"money-other": "30", "head-goal": "1. 目标内容1"}
    assert _save(filler, record, post).status_code == 302
    record.refresh_from_db()
    found = {f.code: f.message for f in RecordFinding.objects.filter(record=record)}
    assert (
        found["WEIGHTS_NE_STATED_TOTAL"] == "“总分”行写明分值90分，而3个指标行分值之和80分 = 80分"
    )
    # 预算数 100 万元 = 财政资金 80 + 其他资金 30? 110, 10 too many
    assert found["PARTS_NE_WHOLE"] == "“预算数”为100万元，而各分项80 + 30 = 110万元，相差10万元"
    assert "绩效目标“1. 目标内容1”是模板占位文字" in found["PLACEHOLDER_OR_EMPTY_TARGET"]
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    for area, code in (("weights", "WEIGHTS_NE_STATED_TOTAL"), ("money", "PARTS_NE_WHOLE"),
                       ("goal", "PLACEHOLDER_OR_EMPTY_TARGET")):  # fmt: skip
        block = re.search(rf'id="{area}-findings">(.*?)</div>\s*</div>', page, re.S)
        assert block is not None and f'data-code="{code}"' in block.group(1), area
    assert '<b id="weight-sum">80</b>' in page


def test_the_preview_shows_findings_without_saving(world: World, filler: Client) -> None:
    record = _new(filler)
    _save(filler, record, _rows(QUANTITY, QUALITY, SATISFIED))
    record.refresh_from_db()
    before = stored_state(record)
    stored = _codes(record)
    response = filler.post(f"/targets/{record.pk}/preview/",
                           {"ind-count": "12", "ind-2-target": "≥100%"})  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    cell = re.search(r'<td class="why" id="why-ind-2" hx-swap-oob="true">(.*?)</td>', html, re.S)
    assert cell is not None and 'data-code="SATISFACTION_TARGET_100"' in cell.group(1)
    assert 'id="findings" hx-swap-oob="true"' in html and 'id="plan-findings"' in html
    # a deleted row's cell is emptied; a plan typed as a decrease is reported at once
    html = filler.post(f"/targets/{record.pk}/preview/",
                       {"ind-count": "12", "ind-1-delete": "1", "plan-1": "20", "plan-0": "30"}
                       ).content.decode()  # fmt: skip
    assert '<td class="why" id="why-ind-1" hx-swap-oob="true"></td>' in html
    assert 'data-code="SPEND_PLAN_DECREASING"' in html
    assert stored_state(record) == before and _codes(record) == stored


def test_nature_and_value_must_agree_and_numbers_must_be_numbers(
    world: World, filler: Client
) -> None:
    record = _new(filler)
    bad = QUALITY | {"target": "≤5%", "weight": "很高"}
    response = _save(filler, record, _rows(bad, plan=("25", "一半左右", "75", "100")))
    assert response.status_code == 400
    text = response.content.decode()
    assert "指标第10行：指标性质“≥”与指标值“≤5%”的比较符不一致" in text
    assert "指标第10行 权重：“很高”不是数字" in text
    assert "资金支出计划 6月底 比例：“一半左右”不是数字" in text
    record.refresh_from_db()
    assert record.version == 1
    # the rows the post deleted stay deleted on the page sent back (hidden markers)
    assert '<input type="hidden" name="ind-0-delete" value="1">' in text


def test_a_stale_page_is_refused_with_409(world: World, filler: Client) -> None:
    record = _new(filler)
    assert _save(filler, record, _rows(QUANTITY)).status_code == 302
    response = _save(filler, record, {"ind-9-target": "3000"}, version=1)
    assert response.status_code == 409
    assert "已被他人修改（当前第2版，您编辑的是第1版）" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 2 and record.document["indicators"][0]["target"] == "≥2000个"


def test_a_submitted_table_is_read_only(world: World, filler: Client) -> None:
    record = _new(filler)
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert f'action="/evaluations/{record.pk}/action/"' in page and 'id="action-submit"' in page
    assert filler.post(f"/evaluations/{record.pk}/action/",
                       {"action": "submit", "version": "1"}).status_code == 302  # fmt: skip
    record.refresh_from_db()
    before = stored_state(record)
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert "已提交待审核" in page and "只读" in page
    assert 'name="ind-0-level1"' not in page and 'id="save-target"' not in page
    response = _save(filler, record, {"ind-0-level3": "改了"}, version=record.version)
    assert response.status_code == 302 and stored_state(record) == before
    assert filler.get(f"/targets/{record.pk}/row/").status_code == 403
    reviewer = world.client("reviewer_a").get(f"/targets/{record.pk}/").content.decode()
    # the bureau approves or returns a target table through its R14 review, not a bare button
    assert 'id="action-approve"' not in reviewer and 'id="target-review-link"' in reviewer
    assert 'name="ind-0-level1"' not in reviewer


def test_a_library_entry_becomes_a_prefilled_row(world: World, filler: Client) -> None:
    record = _new(filler)
    assert filler.get("/library/").status_code == 200  # the bureau's library, seeded
    found = filler.get(
        "/library/search/", {"q": "群众满意度", "target": record.pk}
    ).content.decode()
    pk = re.search(rf'hx-get="/targets/{record.pk}/row/\?entry=(\d+)"', found)
    assert pk is not None and 'hx-include="#ind-count"' in found
    row = filler.get(f"/targets/{record.pk}/row/", {"entry": pk.group(1), "ind-count": "9"})
    assert row.status_code == 200 and row["HX-Trigger"] == "rows-changed"
    html = row.content.decode()
    assert 'name="ind-9-level3" value="群众满意度"' in html
    assert '<option value="≥" selected>' in html and 'name="ind-9-target" value="≥90%"' in html
    assert 'id="ind-count" value="10" hx-swap-oob="true"' in html
    post = {"ind-count": "10", "ind-9-level1": "满意度指标", "ind-9-level2": "服务对象满意度指标",
            "ind-9-level3": "群众满意度", "ind-9-nature": "≥", "ind-9-target": "≥90%",
            "ind-9-unit": "%"}  # fmt: skip
    assert _save(filler, record, post).status_code == 302
    record.refresh_from_db()
    assert record.document["indicators"][-1]["target"] == "≥90%"
    assert "SATISFACTION_TARGET_100" not in _codes(record)


def test_seed_004_upload_gives_seven_tables_in_its_layout(world: World, filler: Client) -> None:
    path = next(p for p in demo_paths() if p.stem == "huailai-2024-targets")
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    assert filler.post("/upload/", {"file": upload}).status_code == 302
    listed = filler.get("/targets/").content.decode()
    assert listed.count('data-testid="target-row"') == 7
    assert "怀来县南部特大型黄土崩塌群地质灾害治理国债项目县级配套" in listed
    table5 = Record.objects.get(doc_type="target_table", title__startswith="怀来县南部特大型")
    page = filler.get(f"/targets/{table5.pk}/").content.decode()
    assert 'name="money-budget" value="879"' in page
    assert 'name="plan-3" value="30"' in page  # 10/30/30/30 as the seed writes it
    plan = re.search(r'id="plan-findings">(.*?)</div>\s*</div>', page, re.S)
    assert plan is not None
    assert 'data-code="SPEND_PLAN_PER_PERIOD"' in plan.group(1)
    assert 'data-code="SPEND_PLAN_NOT_100_AT_END"' in plan.group(1)
    assert "SPEND_PLAN_MISSING" not in page  # the plan belongs to the form's one project
    assert "指标“服务对象满意度”的目标为“≥100%”" in page
    # saved unchanged, the document keeps its rows as written
    before = from_doc = table5.document["indicators"]
    assert _save(filler, table5, {}).status_code == 302
    table5.refresh_from_db()
    assert [r["target"] for r in table5.document["indicators"]] == [r["target"] for r in before]
    assert from_doc is before


def test_the_list_shows_only_target_tables_the_user_may_see(world: World, filler: Client) -> None:
    record = _new(filler)
    listed = filler.get("/targets/").content.decode()
    assert f"/targets/{record.pk}/" in listed and f"/targets/{world.record_a.pk}/" not in listed
    assert 'id="new-target"' in listed and "草稿" in listed
    assert (
        f"/targets/{record.pk}/" not in world.client("filler_b").get("/targets/").content.decode()
    )
    # a draft is the unit's own business until submitted (selectors.visible_records)
    reviewer = world.client("reviewer_a")
    assert f"/targets/{record.pk}/" not in reviewer.get("/targets/").content.decode()
    assert 'id="new-target"' not in reviewer.get("/targets/").content.decode()
    filler.post(f"/evaluations/{record.pk}/action/", {"action": "submit", "version": "1"})
    shown = reviewer.get("/targets/", {"status": "submitted", "year": "2025"}).content.decode()
    assert f"/targets/{record.pk}/" in shown and "已提交待审核" in shown
    assert (
        f"/targets/{record.pk}/" not in reviewer.get("/targets/", {"year": "2024"}).content.decode()
    )


def test_other_bureaus_and_strangers_get_404(world: World, filler: Client) -> None:
    record = _new(filler)
    before = stored_state(record)
    for who in ("filler_b", "reviewer_b", "nobody", "branch_a"):
        c = world.client(who)
        assert c.get(f"/targets/{record.pk}/").status_code == 404, who
        assert c.post(f"/targets/{record.pk}/", {"version": "1"}).status_code == 404, who
        assert c.post(f"/targets/{record.pk}/preview/", {}).status_code == 404, who
        assert c.get(f"/targets/{record.pk}/row/").status_code == 404, who
    # a self-evaluation is not a target table
    assert filler.get(f"/targets/{world.record_a.pk}/").status_code == 404
    assert filler.get("/targets/999999/").status_code == 404
    assert stored_state(record) == before
    anonymous = Client().get(f"/targets/{record.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert Client().get("/targets/")["Location"].startswith("/login/")


def test_a_library_entry_of_another_bureau_cannot_be_added(world: World, filler: Client) -> None:
    record = _new(filler)
    world.client("filler_b").get("/library/")  # seeds 乙县's library
    other = bureau_of(world.dept_b)
    assert other is not None
    entry = other.indicatorentry_set.first()
    assert entry is not None
    response = filler.get(f"/targets/{record.pk}/row/", {"entry": entry.pk, "ind-count": "9"})
    assert response.status_code == 404


def test_posts_without_the_csrf_token_are_refused(world: World, filler: Client) -> None:
    record = _new(filler)
    before = stored_state(record)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["filler_a"])
    assert strict.post(f"/targets/{record.pk}/", {"version": "1"}).status_code == 403
    assert strict.post(f"/targets/{record.pk}/preview/", {}).status_code == 403
    assert strict.post("/targets/new/", {"title": "x", "fiscal_year": "2025"}).status_code == 403
    assert stored_state(record) == before
    assert Record.objects.filter(doc_type="target_table").count() == 1


def test_typed_markup_comes_back_escaped(world: World, filler: Client) -> None:
    record = _new(filler, title="<script>alert('t')</script>")
    row = QUANTITY | {"level3": "<script>alert(1)</script>", "description": "<b>粗</b>"}
    _save(filler, record, _rows(row) | {"head-goal": "<img src=x onerror=alert(2)>"})
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert "<script>alert(" not in page and "<img src=x" not in page and "<b>粗</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    listed = filler.get("/targets/").content.decode()
    assert "<script>alert(" not in listed and "&lt;script&gt;" in listed
    preview = filler.post(f"/targets/{record.pk}/preview/",
                          {"ind-count": "10", "ind-9-level3": "<script>x</script>满意度",
                           "ind-9-target": "≥100%",
                           "ind-9-unit": "%"}).content.decode()  # fmt: skip
    assert "<script>x</script>" not in preview and "&lt;script&gt;x&lt;/script&gt;" in preview


def test_the_target_table_downloads_as_its_xlsx_form(world: World, filler: Client) -> None:
    from io import BytesIO  # noqa: PLC0415
    from urllib.parse import quote  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415

    record = _new(filler)
    page = filler.get(f"/targets/{record.pk}/").content.decode()
    assert f'href="/evaluations/{record.pk}/download/xlsx/"' in page
    response = filler.get(f"/evaluations/{record.pk}/download/xlsx/")
    assert response.status_code == 200
    assert (
        quote(f"{record.fiscal_year}-{record.title}-绩效目标表.xlsx")
        in response["Content-Disposition"]
    )
    book = openpyxl.load_workbook(BytesIO(response.content))
    text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert "绩效目标表" in text and "资金支出计划" in text
    other = world.client("filler_b").get(f"/evaluations/{record.pk}/download/xlsx/")
    assert other.status_code == 404
