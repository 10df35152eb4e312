"""The whole year in a real browser, with two units and one finance-bureau reviewer:

1. 甲市自然资源局 sets its 2025 target table (money, plan 25/50/75/100, six indicator rows),
   sees the live finding on "农户满意度 ≥100%" (R13.4), submits;
2. the bureau rates it 中 on 适当性 with a comment (R14) — returned; the unit writes ≥90%,
   resubmits; rated 优 — approved;
3. the unit enters spending by month: 20 of 100 万元 by June is a rate of 20 % against a time
   progress of 6/12 = 50 %, 20 ÷ 50 × 100 = 40 < 60 → red (R5.7);
4. the year-end form opens with the approved targets, locked (R1.4); the unit fills in actuals
   and claims full marks everywhere with 60 % spent, 100 points in all; submits;
5. the reviewer's queue puts it above the other unit's honest form for its inflated score,
   marks one finding 误报, approves and publishes it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.web.browser.conftest import CHROMIUM, CHROMIUM_MISSING, NewPage, Shoot
from tests.web.browser.test_workflow import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING),
]

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

UNIT = "lin"  # 填报人 of 甲市自然资源局
OTHER = "shui"  # 填报人 of 甲市水利局
REVIEWER = "czj"  # 审核人 of 甲市财政局
ROWS = {  # row of the R12 skeleton → (三级指标, 指标性质, 指标值, 单位, 权重)
    0: ("新增耕地保护面积", "≥", "1200", "亩", "30"),
    1: ("验收合格率", "=", "100", "%", "20"),
    2: ("项目按期完成率", "=", "100", "%", "10"),
    3: ("亩均建设成本", "≤", "0.08", "万元", "10"),
    5: ("新增粮食产能", "≥", "50", "万斤", "10"),
    8: ("农户满意度", "≥", "100", "%", "10"),  # R13.4: never ≥100 %
}  # weights 30 + 20 + 10 + 10 + 10 + 10 = 90, with execution 10 = 100
UNUSED = (4, 6, 7)  # 经济效益, 生态效益, 可持续影响: not this project's


@pytest.fixture
def people(browser: Any, live_server: Any) -> str:
    """甲市财政局 with two departments, a filler each and a reviewer; the other department's
    self-evaluation (our demo project form, honest but for two rows) already submitted."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from jixiao.model.workflow import Action  # noqa: PLC0415
    from jixiao.storage import records  # noqa: PLC0415
    from jixiao.storage.models import Membership, Unit  # noqa: PLC0415
    from jixiao.web import flows  # noqa: PLC0415
    from jixiao.web.demo import DEMO_PASSWORD  # noqa: PLC0415
    from tests.web.conftest import demo_evaluation  # noqa: PLC0415

    bureau = Unit.objects.create(name="甲市财政局", kind="bureau", region="河北省石家庄市")
    units = {
        UNIT: Unit.objects.create(name="甲市自然资源局", kind="department", parent=bureau),
        OTHER: Unit.objects.create(name="甲市水利局", kind="department", parent=bureau),
        REVIEWER: bureau,
    }
    users = {}
    for name, unit in units.items():
        users[name] = get_user_model().objects.create_user(name, password=DEMO_PASSWORD)
        role = "reviewer" if unit is bureau else "filler"
        Membership.objects.create(user=users[name], unit=unit, role=role)
    ev = demo_evaluation("minzheng-2024-project-self-eval")
    other = flows.create_from_evaluation(users[OTHER], units[OTHER], ev)
    records.apply_action(users[OTHER], other, Action.SUBMIT, "", other.version)
    return str(live_server.url)


def _fill_targets(page: Any) -> None:
    page.locator('[name="plan-0"]').fill("25")
    page.locator('[name="plan-1"]').fill("50")
    page.locator('[name="plan-2"]').fill("75")
    page.locator('[name="plan-3"]').fill("100")
    page.locator('[name="head-goal"]').fill("完成高标准农田耕地保护1200亩，验收合格，群众满意")
    for i, (name, nature, value, unit, weight) in ROWS.items():
        page.locator(f'[name="ind-{i}-level3"]').fill(name)
        page.locator(f'[name="ind-{i}-nature"]').select_option(nature)
        page.locator(f'[name="ind-{i}-target"]').fill(value)
        page.locator(f'[name="ind-{i}-unit"]').fill(unit)
        page.locator(f'[name="ind-{i}-weight"]').fill(weight)
        page.locator(f'[name="ind-{i}-basis"]').fill("计划标准")
    for i in UNUSED:
        page.locator(f'[name="ind-{i}-delete"]').check()


def _set_targets(page: Any, base: str, shoot: Shoot) -> str:
    page.goto(f"{base}/targets/new/")
    page.locator('[name="fiscal_year"]').fill("2025")
    page.locator('[name="title"]').fill("高标准农田耕地保护")
    page.locator('[name="money-budget"]').fill("100")
    page.locator('[name="money-fiscal"]').fill("100")
    page.locator('[name="money-other"]').fill("0")
    page.locator('[name="money-purpose"]').fill("耕地保护工程建设")
    page.locator("#create-target").click()
    page.wait_for_url(re.compile(r".*/targets/\d+/$"))
    target_url = page.url
    with page.expect_response(lambda r: r.url.endswith("/preview/")):
        _fill_targets(page)
    # live: the satisfaction row is flagged beside itself before anything is saved
    expect(page.locator('#why-ind-8 [data-code="SATISFACTION_TARGET_100"]')).to_be_visible()
    shoot(page, "cycle-1-targets-live-finding")
    page.locator("#save-target").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.locator("#action-submit").click()
    expect(page.locator(".messages")).to_contain_text("已提交")
    return target_url


def _review(page: Any, target_url: str, tiers: dict[str, int], grade: int, note: str) -> None:
    """R14: a tier per criterion (1 = 优 … 4 = 差), the overall result, a comment."""
    page.goto(f"{target_url}review/")
    for key, tier in tiers.items():
        page.locator(f"#rating-{key}-{tier}").check()
    if note:
        page.locator('[name="comment-appropriateness"]').fill(note)
    page.locator(f"#grade-{grade}").check()
    page.locator("#review-submit").click()
    page.wait_for_url(target_url)


CRITERIA = ("completeness", "relevance", "appropriateness", "feasibility")
NOTE = "农户满意度目标“≥100%”不合理，请按≥90%设定"


def _monitor(page: Any, target_url: str) -> None:
    pk = target_url.rstrip("/").rsplit("/", 1)[-1]
    base = target_url.split("/targets/", maxsplit=1)[0]
    page.goto(f"{base}/monitoring/{pk}/")
    for month, amount in enumerate(("2", "3", "3", "4", "4", "4"), start=1):  # Σ = 20 万元
        page.locator(f'[name="m{month}"]').fill(amount)
    page.locator("#save-monitoring").click()
    june = page.locator("#month-6")
    expect(june).to_have_attribute("data-light", "red")
    expect(june).to_contain_text("红色预警")
    expect(page.get_by_test_id("value-6")).to_contain_text("40")
    expect(page.get_by_test_id("explain-6")).to_contain_text("20÷50×100=40")


def _year_end(page: Any, target_url: str, shoot: Shoot) -> str:
    page.goto(target_url)
    page.locator("#carry-forward").click()
    page.wait_for_url(re.compile(r".*/evaluations/\d+/$"))
    expect(page.locator("#carried-note")).to_be_visible()
    # the approved targets are text, not inputs: the unit fills in actuals and points only
    expect(page.locator('[name="ind-0-target"]')).to_have_count(0)
    expect(page.locator("span.carried").first).to_be_visible()
    actuals = {0: "1000亩", 1: "100%", 2: "100%", 3: "0.07万元", 4: "52万斤", 5: "95%"}
    weights = [r[4] for r in ROWS.values()]
    for i, actual in actuals.items():
        page.locator(f'[name="ind-{i}-actual"]').fill(actual)
        page.locator(f'[name="ind-{i}-score"]').fill(weights[i])  # full marks everywhere
    page.locator('[name="fund-0-executed"]').fill("60")
    page.locator('[name="fund-0-score"]').fill("10")
    page.locator('[name="head-stated_total_score"]').fill("100")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    shoot(page, "cycle-4-year-end-form")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    return page.url


def _fix_and_resubmit(unit: Any, target_url: str) -> None:
    unit.goto(target_url)
    review = unit.get_by_test_id("target-review").first
    expect(review).to_have_attribute("data-grade", "中")
    expect(review).to_contain_text("请按≥90%设定")
    # saved without the three unused rows, the satisfaction row is now the sixth
    with unit.expect_response(lambda r: r.url.endswith("/preview/")):
        unit.locator('[name="ind-5-target"]').fill("90")
    expect(unit.locator('#why-ind-5 [data-code="SATISFACTION_TARGET_100"]')).to_have_count(0)
    unit.locator("#save-target").click()
    expect(unit.locator(".messages")).to_contain_text("已保存")
    unit.locator("#action-submit").click()
    expect(unit.locator(".messages")).to_contain_text("已提交")


def _queue_and_dismiss(bureau: Any, base: str, pk: str, shoot: Shoot) -> None:
    """Ours first, for the score it claims (100) against the rules' and its spending; one
    finding marked 误报 no longer counts."""
    bureau.goto(f"{base}/review/")
    first = bureau.locator("#queue tbody tr").first
    expect(first).to_have_attribute("data-record", pk)
    expect(first).to_contain_text("高出")
    expect(first).to_contain_text("预算执行率仅60%")
    expect(bureau.locator("#queue tbody tr")).to_have_count(2)
    shoot(bureau, "cycle-5-review-queue")
    risk_before = Decimal(first.get_by_test_id("risk").inner_text())

    bureau.goto(f"{base}/review/{pk}/")
    finding = bureau.locator("div.finding").first
    with bureau.expect_response(lambda r: r.url.endswith("/verdict/")):
        finding.get_by_test_id("dismiss").click()
    expect(bureau.locator("div.finding").first.get_by_test_id("verdict")).to_contain_text("误报")
    bureau.goto(f"{base}/review/")
    risk_after = Decimal(bureau.locator(f'tr[data-record="{pk}"]').get_by_test_id("risk")
                         .inner_text())  # fmt: skip
    assert risk_after < risk_before


def _publish_and_chart(bureau: Any, base: str, pk: str, shoot: Shoot) -> None:
    bureau.goto(f"{base}/review/{pk}/")
    bureau.locator("#action-approve").click()
    expect(bureau.locator(".messages")).to_contain_text("已审核通过")
    bureau.locator("#action-publish").click()
    expect(bureau.locator(".messages")).to_contain_text("已公开")
    bureau.goto(f"{base}/public/{pk}/")
    expect(bureau.locator("h1")).to_contain_text("高标准农田耕地保护")

    # the dashboards: the chart drawn by ECharts, the table behind it, its xlsx
    bureau.goto(f"{base}/dashboards/?year=2025")
    expect(bureau.locator("#chart-grades canvas").first).to_be_visible()
    expect(bureau.locator("#table-grades")).to_contain_text("甲市自然资源局")
    with bureau.expect_download() as got:
        bureau.locator("#download-grades").click()
    assert got.value.suggested_filename == "2025年度_等级分布.xlsx"
    shoot(bureau, "cycle-6-dashboards")


def test_the_whole_year(people: str, new_page: NewPage, shoot: Shoot) -> None:
    base = people
    unit = new_page()
    login(unit, base, UNIT)
    target_url = _set_targets(unit, base, shoot)

    bureau = new_page()
    login(bureau, base, REVIEWER)
    _review(bureau, target_url, dict(zip(CRITERIA, (2, 2, 3, 2), strict=True)), 3, NOTE)
    expect(bureau.get_by_test_id("status")).to_contain_text("退回")
    _fix_and_resubmit(unit, target_url)
    _review(bureau, target_url, dict.fromkeys(CRITERIA, 1), 1, "")
    expect(bureau.get_by_test_id("status")).to_contain_text("批复")
    shoot(bureau, "cycle-2-target-approved")

    _monitor(unit, target_url)
    shoot(unit, "cycle-3-monitoring-red")
    record_url = _year_end(unit, target_url, shoot)
    pk = record_url.rstrip("/").rsplit("/", 1)[-1]
    _queue_and_dismiss(bureau, base, pk, shoot)
    _publish_and_chart(bureau, base, pk, shoot)
