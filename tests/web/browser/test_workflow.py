"""The web app in a real browser: a unit uploads its own PDF, corrects a row with live
re-scoring, submits; the finance bureau returns it with a comment, the unit fixes and
resubmits, the bureau approves and publishes; anyone finds it on the public page and downloads
the PDF. Plus: another unit's filler gets 404, and the login page throttles.

The upload is seed 003 (庆城县自然资源局, 2024) as rebuilt in our demo text, written to PDF by
our own report writer and read back by the upload path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from jixiao.storage.models import Record
from jixiao.web.demo import DEMO_PASSWORD
from tests.web.browser.conftest import CHROMIUM, CHROMIUM_MISSING, NewPage, Shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING),
]

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

OWN = "qingcheng"  # 填报人, 庆城县自然资源局
REVIEWER = "qingcheng-czj"  # 审核人, 庆城县财政局
OTHER = "jingxing"  # 填报人 of 井陉县自然资源和规划局
ROW = "办公用品保障率"  # the quantitative row corrected in step 3
RETURN_COMMENT = "请补充偏差原因"
REASON = "办公用品集中采购延期，保障率81%，未达到90%的目标"


# ---- steps ---------------------------------------------------------------------------------


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/public/")
    expect(page.get_by_role("link", name="登录")).to_be_visible()


def act(page: Any, label: str, status: str, comment: str = "") -> None:
    """A 办理 button (提交/退回/审核通过/公开), then the new status on the reloaded page."""
    if comment:
        page.get_by_label("意见（退回时必填）").fill(comment)
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"已{label}")
    expect(page.get_by_test_id("status")).to_have_text(status)


def save(page: Any) -> None:
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")


def edit(page: Any, values: dict[str, str]) -> None:
    """Type into grid cells and wait for htmx's re-scored fragments (400 ms debounce)."""
    with page.expect_response(lambda r: r.url.endswith("/preview/")) as preview:
        for name, value in values.items():
            page.locator(f'[name="{name}"]').fill(value)
    assert preview.value.ok, preview.value.status


def row_prefix(page: Any, level3: str) -> str:
    """``ind-11`` for the indicator row whose 三级指标 cell holds ``level3``."""
    name = page.locator(f'input[aria-label="三级指标"][value="{level3}"]').get_attribute("name")
    assert name is not None and name.endswith("-level3"), name
    return name.removesuffix("-level3")


def finding(page: Any, code: str, text: str = "") -> Any:
    found = page.locator(f'#findings .finding[data-code="{code}"]')
    return found.filter(has_text=text) if text else found


# ---- the main scenario ---------------------------------------------------------------------


def upload_and_check(page: Any, base: str, pdf: Path, shoot: Shoot) -> str:
    """Step 2: the recomputed total beside the stated one; amounts in 元 shown in 万元."""
    page.goto(f"{base}/upload/")
    page.locator('input[name="file"]').set_input_files(str(pdf))
    page.get_by_role("button", name="上传并读取").click()
    page.wait_for_url(re.compile(r"/evaluations/\d+/$"))
    # rows 资金投入 2+2+2+2 = 8, 部门管理 5×1.8+2 = 11, 履职效果 3×11.25+12.5+10 = 56.25,
    # 能力建设 3+3+3.01 = 9.01: 84.26, + execution 10 (E = 100 %) = 94.26 ≥ 90 → 优
    expect(page.get_by_test_id("total")).to_have_text("94.26")
    expect(page.get_by_test_id("grade")).to_have_text("优")
    totals = page.locator("#totals")
    expect(totals).to_contain_text("自评总分 86.82")
    expect(totals).to_contain_text("自评等级 良")
    expect(page.get_by_test_id("status")).to_have_text("草稿")
    whole = page.locator("tr[id^=fund-]").filter(
        has=page.locator("td:first-child", has_text="年度资金总额")
    )
    expect(whole.get_by_label("全年预算数")).to_have_value("2830.898743")  # 万元
    expect(whole).to_contain_text("原表 28308987.43 元")
    expect(finding(page, "ROW_SCORES_NE_TOTAL")).to_contain_text("94.26")
    expect(finding(page, "PARTS_NE_WHOLE")).to_have_count(2)
    shoot(page, "record-detail")
    return page.url


def correct_row(page: Any) -> str:
    """Step 3: lower a quantitative row's 实际完成值; the total changes without a reload."""
    prefix = row_prefix(page, ROW)
    points = page.locator(f"#pts-{prefix}")
    expect(points).to_have_text("12.50")  # 95 vs ≥90%: met, full 12.5
    expect(finding(page, "SCORE_FULL_BELOW_TARGET")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")
    edit(page, {f"{prefix}-actual": "81"})
    # 81 vs ≥90%: not met, ratio 81/90 = 0.9 → 12.5 × 0.9 = 11.25;
    # total 94.26 − 12.5 + 11.25 = 93.01, still ≥ 90 → 优
    expect(points).to_have_text("11.25")
    expect(page.get_by_test_id("total")).to_have_text("93.01")
    expect(page.get_by_test_id("grade")).to_have_text("优")
    expect(finding(page, "SCORE_FULL_BELOW_TARGET", ROW)).to_have_count(1)  # stated 12.5 kept
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not reloaded
    save(page)
    expect(page.locator("main > p.muted").first).to_contain_text("第2版")
    expect(page.get_by_test_id("total")).to_have_text("93.01")
    expect(page.locator(f'[name="{prefix}-actual"]')).to_have_value("81")
    expect(page.locator(f"#pts-{prefix}")).to_have_text("11.25")
    return prefix


def return_with_comment(page: Any, base: str, record: str, shoot: Shoot) -> None:
    """Step 5: the 审核人 returns it with a comment."""
    login(page, base, REVIEWER)
    page.goto(record)
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    page.get_by_label("意见（退回时必填）").fill(RETURN_COMMENT)
    shoot(page, "review")
    act(page, "退回", "已退回", RETURN_COMMENT)
    comment = page.get_by_test_id("comment").filter(has_text=RETURN_COMMENT)
    expect(comment).to_have_count(1)
    expect(comment.locator("xpath=..")).to_contain_text(f"{REVIEWER} 退回")
    comment.scroll_into_view_if_needed()
    shoot(page, "returned")
    logout(page)


def fix_and_resubmit(page: Any, base: str, record: str, prefix: str) -> None:
    """Step 6: the unit sees the comment, gives the reason, aligns its score, resubmits."""
    login(page, base, OWN)
    page.goto(record)
    expect(page.get_by_test_id("status")).to_have_text("已退回")
    expect(page.get_by_test_id("comment").filter(has_text=RETURN_COMMENT)).to_have_count(1)
    edit(page, {f"{prefix}-score": "11.25"})  # the stated score follows the rule
    expect(finding(page, "SCORE_FULL_BELOW_TARGET")).to_have_count(0)
    expect(finding(page, "DEVIATION_REASON_MISSING", ROW)).to_have_count(1)  # 11.25 < 12.5
    edit(page, {f"{prefix}-deviation_reason": REASON})
    expect(finding(page, "DEVIATION_REASON_MISSING", ROW)).to_have_count(0)
    save(page)
    expect(page.locator(f'[name="{prefix}-deviation_reason"]')).to_have_value(REASON)
    expect(page.get_by_test_id("total")).to_have_text("93.01")
    act(page, "提交", "已提交")
    logout(page)


def find_and_download(page: Any, base: str, shoot: Shoot) -> None:
    """Step 8: no login; search the public list, open the record, download its PDF."""
    page.goto(f"{base}/public/")
    page.get_by_label("年度").select_option("2024")
    page.get_by_label("关键词").fill("庆城")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/public/\?.*year=2024.*q=%E5%BA%86%E5%9F%8E"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("庆城县自然资源局")
    expect(rows.first).to_contain_text("93.01")
    expect(rows.first).to_contain_text("优")
    shoot(page, "public-list")
    rows.first.get_by_role("link", name=re.compile("庆城县自然资源局")).click()
    page.wait_for_url(re.compile(r"/public/\d+/$"))
    expect(page.get_by_test_id("total")).to_have_text("93.01")
    shoot(page, "public-detail")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="自评报告PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf"), download.value.suggested_filename
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF"), data[:20]
    assert len(data) > 20_000, len(data)
    pdf = pypdfium2.PdfDocument(data)
    text = "".join("".join(p.get_textpage().get_text_range().split()) for p in pdf)
    assert "庆城县自然资源局" in text
    assert "93.01" in text  # the published (recomputed) total, not the uploaded 94.26
    assert REASON.replace(" ", "") in text  # the 偏差原因 given after the return


def test_upload_correct_review_publish(
    demo: str, new_page: NewPage, qingcheng_pdf: Path, shoot: Shoot
) -> None:
    page = new_page()
    page.goto(f"{demo}/login/")
    shoot(page, "login")
    login(page, demo, OWN)
    record = upload_and_check(page, demo, qingcheng_pdf, shoot)
    prefix = correct_row(page)
    page.goto(f"{demo}/evaluations/")
    expect(page.locator("table tbody")).to_contain_text("93.01")
    shoot(page, "record-list")
    # step 4: submitted, the grid is read-only
    page.goto(record)
    act(page, "提交", "已提交")
    expect(page.locator('input[name$="-actual"]')).to_have_count(0)
    expect(page.get_by_role("button", name="保存", exact=True)).to_have_count(0)
    expect(page.locator("form#grid")).not_to_have_attribute("hx-post", re.compile(".*"))
    logout(page)
    return_with_comment(page, demo, record, shoot)
    fix_and_resubmit(page, demo, record, prefix)
    # step 7: approved, then published
    login(page, demo, REVIEWER)
    page.goto(record)
    act(page, "审核通过", "已审核")
    act(page, "公开", "已公开")
    logout(page)
    find_and_download(page, demo, shoot)


# ---- access and login ----------------------------------------------------------------------


def test_other_units_filler_gets_404(demo: str, new_page: NewPage) -> None:
    pk = Record.objects.get(unit__name="庆城县自然资源局").pk
    page = new_page()
    login(page, demo, OTHER)
    response = page.goto(f"{demo}/evaluations/{pk}/")
    assert response is not None and response.status == 404, response
    page.goto(f"{demo}/evaluations/")
    expect(page.locator("table tbody")).to_contain_text("井陉县自然资源和规划局")
    expect(page.locator("table tbody")).not_to_contain_text("庆城")


def test_login_is_throttled_after_repeated_failures(
    live_server: Any, new_page: NewPage, settings: Any, shoot: Shoot
) -> None:
    page = new_page()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill("qingcheng")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确")
    page.get_by_label("用户名").fill("qingcheng")
    page.get_by_label("密码").fill("wrong-password")
    with page.expect_response(lambda r: r.url.endswith("/login/")) as answer:
        page.get_by_role("button", name="登录").click()
    assert answer.value.status == 429
    expect(page.get_by_role("alert")).to_have_text(
        f"登录失败次数过多，请{settings.LOGIN_WINDOW_SECONDS // 60}分钟后再试"
    )
    shoot(page, "login-throttled")
