"""运行监控 in storage and on the web (rules.md R5.7, R12.4), on SQLite and PostgreSQL.

Every target here has a budget of 100 万元 and the plan 25/50/75/100 % at 3, 6, 10 and 12月底;
the thresholds are the national ones (below 60 red, below 80 yellow). So in June a
cumulative X 万元 is an execution rate of X %, a time progress of 50 % and a value of 2X
(20 → 40 red, 35 → 70 yellow, 45 → 90 green), and the plan's 50 % by 6月底 gives the same 2X.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator, PlanEntry
from jixiao.model.monitoring import Bands
from jixiao.model.workflow import Action
from jixiao.storage import monitoring as store
from jixiao.storage import records
from jixiao.storage.models import (
    AuditEntry,
    Monitoring,
    Record,
    RuleSetChoice,
    RuleSetFile,
    TargetReview,
    Unit,
)
from jixiao.web import flows
from tests.web.conftest import World

D = Decimal
NATIONAL = Bands(D(60), D(80))
PLAN = (("3月底", 25), ("6月底", 50), ("10月底", 75), ("12月底", 100))
INDICATORS = ("补助老人人数", "服务对象满意度")


def _target(
    world: World, title: str, *, approve: bool = True, unit: Unit | None = None,
    year: int = 2025, filler: str = "filler_a", reviewer: str = "reviewer_a",
) -> Record:  # fmt: skip
    """An approved target table of 100 万元 (or a submitted one with ``approve=False``)."""
    unit = unit or world.dept_a
    ev = Evaluation(
        doc_type=DocType.TARGET_TABLE, fiscal_year=year, department=unit.name, project=title,
        title=title,
        funds=(Fund("年度资金总额", total=D(100), level=0),),
        spending_plan=tuple(PlanEntry(p, D(v)) for p, v in PLAN),
        indicators=(
            Indicator(level1="产出指标", level2="数量指标", level3=INDICATORS[0], target="≥500人",
                      weight=D(45)),
            Indicator(level1="满意度指标", level2="服务对象满意度指标", level3=INDICATORS[1],
                      target="≥90%", weight=D(45)),
        ),
    )  # fmt: skip
    rec = flows.create_from_evaluation(world.users[filler], unit, ev)
    rec = records.apply_action(world.users[filler], rec, Action.SUBMIT, "", rec.version)
    if not approve:
        return rec
    TargetReview.objects.create(
        record=rec, reviewer=world.users[reviewer], record_version=rec.version, grade="优",
        completeness="优", relevance="优", appropriateness="优", feasibility="优",
    )  # fmt: skip
    return records.apply_action(world.users[reviewer], rec, Action.APPROVE, "", rec.version)


def _fill(world: World, rec: Record, months: dict[int, str], version: int = 0) -> Monitoring:
    return store.save_monitoring(
        world.users["filler_a"], rec, {m: D(v) for m, v in months.items()},
        [store.Note(INDICATORS[0], "已补助320人", "下半年集中发放", "加快审核")], NATIONAL, version,
    )  # fmt: skip


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- storage --------------------------------------------------------------------------------


def test_saving_keeps_the_latest_light_and_an_audit_entry(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    mon = _fill(world, rec, {3: "10", 6: "10"})
    # June: 20 of 100 → rate 20 %, time 50 %, 20/50 × 100 = 40 → red; plan 50 % → 40 → red
    mon.refresh_from_db()
    assert (mon.latest_month, mon.light, mon.plan_light) == (6, "red", "red")
    assert mon.progress_value == D("40.00") and mon.version == 1
    assert mon.months == {"3": "10", "6": "10"}
    assert mon.notes == [{"indicator": INDICATORS[0], "progress": "已补助320人",
                          "cause": "下半年集中发放", "measure": "加快审核"}]  # fmt: skip
    entry = AuditEntry.objects.filter(record=rec, action="monitor").get()
    assert entry.user == world.users["filler_a"] and entry.comment == "运行监控：填报至6月"
    assert entry.after is not None and entry.after["months.6"] == "10"
    assert entry.version == rec.version
    # August adds 25: 45 of 100 by 8/12 → 45 × 12/8 = 67.5 → yellow; plan 62.5 % → 72 yellow
    mon = _fill(world, rec, {3: "10", 6: "10", 8: "25"}, version=1)
    assert (mon.latest_month, mon.light, mon.plan_light, mon.version) == (8, "yellow", "yellow", 2)
    assert Record.objects.get(pk=rec.pk).version == rec.version  # the target is not edited


def test_only_approved_target_tables_enter_the_year(world: World) -> None:
    submitted = _target(world, "未审核的目标", approve=False)
    with pytest.raises(records.NotAllowedError, match="不是已审核的绩效目标"):
        _fill(world, submitted, {6: "20"})
    with pytest.raises(records.NotAllowedError):  # a self-evaluation is not a target
        _fill(world, world.record_a, {6: "20"})
    draft = flows.create_from_evaluation(
        world.users["filler_a"], world.dept_a,
        Evaluation(doc_type=DocType.TARGET_TABLE, fiscal_year=2025, project="草稿目标"),
    )  # fmt: skip
    with pytest.raises(records.NotAllowedError, match="不是已审核的绩效目标"):
        _fill(world, draft, {6: "20"})
    for rec in (submitted, draft, world.record_a):
        with pytest.raises(store.NotFoundError):
            store.get_target(world.users["filler_a"], rec.pk)
    assert not Monitoring.objects.exists() and not AuditEntry.objects.filter(action="monitor")


def test_a_returned_target_leaves_the_year(world: World) -> None:
    rec = _target(world, "被退回的目标")
    reviewer = world.users["reviewer_a"]
    records.apply_action(reviewer, rec, Action.RETURN, "预算需调整", rec.version)
    with pytest.raises(records.NotAllowedError):
        _fill(world, rec, {6: "20"})  # the page was read while it was still approved


def test_a_stale_version_and_the_wrong_people_are_refused(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    _fill(world, rec, {6: "20"})
    with pytest.raises(records.StaleVersionError, match="当前第1版，您编辑的是第0版"):
        _fill(world, rec, {6: "45"}, version=0)
    for who in ("reviewer_a", "auditor_a", "branch_a"):
        with pytest.raises(records.NotAllowedError):
            store.save_monitoring(world.users[who], rec, {6: D(45)}, [], NATIONAL, 1)
    with pytest.raises(store.NotFoundError):  # another bureau's filler cannot even see it
        store.get_target(world.users["filler_b"], rec.pk)
    assert Monitoring.objects.get(record=rec).months == {"6": "20"}


def test_the_bureau_sees_who_is_behind_first(world: World) -> None:
    green = _target(world, "甲 绿灯")
    red = _target(world, "乙 红灯")
    none = _target(world, "丙 未填报")
    yellow = _target(world, "丁 黄灯")
    worse = _target(world, "戊 更红")
    other_year = _target(world, "己 上一年", year=2024)
    _fill(world, green, {6: "45"})  # 90 → green
    _fill(world, red, {6: "20"})  # 40 → red
    _fill(world, yellow, {6: "35"})  # 70 → yellow
    _fill(world, worse, {6: "5"})  # 10 → red, worse than 40
    _fill(world, other_year, {6: "1"})
    _target(world, "乙县目标", unit=world.dept_b, filler="filler_b", reviewer="reviewer_b")
    reviewer = world.users["reviewer_a"]
    assert [r.pk for r in store.behind(reviewer, 2025)] == [worse.pk, red.pk, yellow.pk, none.pk]
    ordered = [r.pk for r in store.targets(reviewer, 2025)]
    assert ordered == [worse.pk, red.pk, yellow.pk, none.pk, green.pk]
    assert [r.pk for r in store.targets(reviewer, 2025, "none")] == [none.pk]
    assert store.light_counts(reviewer, 2025) == {
        "red": 2, "yellow": 1, "green": 1, "none": 1, "total": 5}  # fmt: skip
    assert store.light_counts(reviewer)["total"] == 6  # every year
    assert [r.title for r in store.targets(world.users["reviewer_b"])] == ["乙县目标"]
    assert store.light_counts(world.users["filler_b"])["total"] == 1


# --- pages ----------------------------------------------------------------------------------


def test_the_filler_fills_the_months_on_the_page(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    c = world.client("filler_a")
    page = c.get(f"/monitoring/{rec.pk}/").content.decode()
    assert 'id="budget">100<' in page and "3月底 25%" in page and 'name="m12"' in page
    assert 'id="save-monitoring"' in page and 'name="note-1-cause"' in page
    response = c.post(f"/monitoring/{rec.pk}/", {
        "version": "0", "m6": "20", "m8": "25",
        "note-0-progress": "已补助320人", "note-0-cause": "下半年集中发放",
        "note-0-measure": "加快审核",
    })  # fmt: skip
    assert response.status_code == 302
    page = c.get(f"/monitoring/{rec.pk}/").content.decode()
    explained = (
        "6月累计支出20万元，预算100万元，执行率20%，时间进度50%，20÷50×100=40，低于60，红色预警"
    )
    assert explained in page
    assert 'data-testid="value-6">40.00<' in page and 'data-testid="plan-value-6">40.00<' in page
    # 8月: 45 of 100 → 67.5 yellow; the plan between 50 (6月底) and 75 (10月底) is 62.5 %
    assert 'data-testid="value-8">67.50<' in page and ">62.50%<" in page
    assert "黄色预警</span>" in page and "红色预警</span>" in page  # the light in words
    assert 'value="20"' in page and "已补助320人</textarea>" in page
    assert Monitoring.objects.get(record=rec).light == "yellow"


def test_a_bad_amount_is_named_and_nothing_is_saved(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    response = world.client("filler_a").post(
        f"/monitoring/{rec.pk}/", {"version": "0", "m3": "abc", "m6": "20"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "3月当月支出：“abc”不是金额（万元）" in page and 'value="abc"' in page
    assert not Monitoring.objects.exists()


def test_a_stale_page_is_refused_with_409(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    _fill(world, rec, {6: "20"})
    response = world.client("filler_a").post(f"/monitoring/{rec.pk}/", {"version": "0", "m6": "1"})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    assert Monitoring.objects.get(record=rec).months == {"6": "20"}


def test_reviewers_and_auditors_only_read(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    _fill(world, rec, {6: "20"})
    for who in ("reviewer_a", "auditor_a"):
        c = world.client(who)
        page = c.get(f"/monitoring/{rec.pk}/").content.decode()
        assert "20÷50×100=40" in page and "已补助320人" in page
        assert 'id="monitoring-form"' not in page and 'id="import-form"' not in page
        response = c.post(f"/monitoring/{rec.pk}/", {"version": "1", "m6": "45"})
        assert response.status_code == 403
        upload = SimpleUploadedFile("a.xlsx", _xlsx([["月份", "当月支出"], [6, 45]]))
        response = c.post(f"/monitoring/{rec.pk}/import/", {"version": "1", "file": upload})
        assert response.status_code == 403
    assert Monitoring.objects.get(record=rec).months == {"6": "20"}


def test_other_units_and_bureaus_get_404(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    for who in ("filler_b", "reviewer_b", "branch_a", "nobody"):
        c = world.client(who)
        assert c.get(f"/monitoring/{rec.pk}/").status_code == 404, who
        assert c.post(f"/monitoring/{rec.pk}/", {"version": "0", "m6": "1"}).status_code == 404
        assert c.post(f"/monitoring/{rec.pk}/import/", {}).status_code == 404
        assert "社区养老服务补助" not in c.get("/monitoring/").content.decode()
    submitted = _target(world, "未审核的目标", approve=False)
    c = world.client("filler_a")
    assert c.get(f"/monitoring/{submitted.pk}/").status_code == 404  # not in the year yet
    assert c.get(f"/monitoring/{world.record_a.pk}/").status_code == 404  # not a target
    assert not Monitoring.objects.exists()


def test_anonymous_and_csrf(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    anonymous = Client()
    for url in ("/monitoring/", f"/monitoring/{rec.pk}/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["filler_a"])
    assert strict.post(f"/monitoring/{rec.pk}/", {"version": "0", "m6": "1"}).status_code == 403
    assert strict.post(f"/monitoring/{rec.pk}/import/", {"version": "0"}).status_code == 403
    assert not Monitoring.objects.exists()


def test_script_in_a_note_comes_back_escaped(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    c = world.client("filler_a")
    c.post(f"/monitoring/{rec.pk}/", {"version": "0", "m6": "20",
                                      "note-0-cause": "<script>alert(1)</script>"})  # fmt: skip
    for who in ("filler_a", "reviewer_a"):
        page = world.client(who).get(f"/monitoring/{rec.pk}/").content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_puts_who_is_behind_first_with_counts(world: World) -> None:
    green, red = _target(world, "甲 绿灯"), _target(world, "乙 红灯")
    none = _target(world, "丙 未填报")
    _fill(world, green, {6: "45"})
    _fill(world, red, {6: "20"})
    page = world.client("reviewer_a").get("/monitoring/?year=2025").content.decode()
    at = [page.index(f'data-testid="target-{r.pk}"') for r in (red, none, green)]
    assert at == sorted(at)
    assert 'data-testid="n-red">1<' in page and 'data-testid="n-yellow">0<' in page
    assert 'data-testid="n-none">1<' in page and 'data-testid="n-green">1<' in page
    assert 'data-testid="n-total">3<' in page
    only_red = world.client("reviewer_a").get("/monitoring/?light=red").content.decode()
    assert f"target-{red.pk}" in only_red and f"target-{green.pk}" not in only_red
    earlier = world.client("reviewer_a").get("/monitoring/?year=2024").content.decode()
    assert "target-" not in earlier
    mine = world.client("filler_a").get("/monitoring/").content.decode()
    assert f"target-{red.pk}" in mine and "本单位已审核的绩效目标" in mine


def test_import_from_xlsx_replaces_the_months_it_names(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    _fill(world, rec, {3: "10", 6: "5"})
    c = world.client("filler_a")
    # in 元: 100 000 元 = 10 万元 in June, 250 000 元 = 25 万元 in August; March stays 10
    data = _xlsx([["月份", "当月支出（元）"], ["6月", 100000], ["八月", 250000]])
    upload = SimpleUploadedFile("支出.xlsx", data)
    response = c.post(f"/monitoring/{rec.pk}/import/", {"version": "1", "file": upload})
    assert response.status_code == 302
    mon = Monitoring.objects.get(record=rec)
    assert mon.months == {"3": "10", "6": "10", "8": "25"} and mon.version == 2
    # 8月: 45 of 100 → 67.5 → yellow; the notes are kept
    assert (mon.latest_month, mon.light) == (8, "yellow") and mon.notes[0]["progress"]
    page = c.get(f"/monitoring/{rec.pk}/").content.decode()
    assert "已从 支出.xlsx" in page and "已折算为万元" in page


def test_a_bad_xlsx_is_refused_whole(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    c = world.client("filler_a")
    data = _xlsx([["月份", "当月支出（万元）"], [1, 10], [2, "abc"]])
    upload = SimpleUploadedFile("支出.xlsx", data)
    response = c.post(f"/monitoring/{rec.pk}/import/", {"version": "0", "file": upload})
    assert response.status_code == 400
    assert "支出.xlsx 工作表“Sheet” 第3行B列：“abc”不是金额" in response.content.decode()
    response = c.post(f"/monitoring/{rec.pk}/import/", {"version": "0"})
    assert response.status_code == 400 and "请选择要导入的 xlsx 文件" in response.content.decode()
    assert not Monitoring.objects.exists()


# A bureau that warns below 50 and 70 from 2025 on.
LENIENT = """\
ruleset: {name: jia-2025, extends: national-2020, title: 甲市运行监控办法, effective: 2025-01-01, standing: bureau, confidence: low}
monitoring:
  monitoring_thresholds:
    values:
      2025-01-01:
        value: {red_below: 50, yellow_below: 70}
        source: {title: 甲市财政局文件, confidence: low}
"""  # noqa: E501


def test_the_thresholds_come_from_the_bureaus_rule_set(world: World) -> None:
    rec = _target(world, "社区养老服务补助")
    own = RuleSetFile.objects.create(bureau=world.bureau_a, name="jia-2025", text=LENIENT)
    RuleSetChoice.objects.create(bureau=world.bureau_a, year_from=2025, own=own)
    c = world.client("filler_a")
    assert c.post(f"/monitoring/{rec.pk}/", {"version": "0", "m6": "28"}).status_code == 302
    # 28 by June → 56: red nationally, yellow under 50/70
    assert Monitoring.objects.get(record=rec).light == "yellow"
    page = c.get(f"/monitoring/{rec.pk}/").content.decode()
    assert "28÷50×100=56，不低于50但低于70，黄色预警" in page and "jia-2025 R5.7" in page
