"""Rounds with due dates on the web: the bureau opens and closes them and sees its units late
ones first; a unit's filler sees its own state. Dates are chosen by hand: the clock of the views
(``timezone.localdate``) is set to the day of the test. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from jixiao.model.workflow import Action
from jixiao.storage import records
from jixiao.storage.models import AuditEntry, Monitoring, Record, Round
from tests.web.conftest import World
from tests.web.test_target_review import approve, make_target

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def _round(world: World, kind: str = "targets", **changes: Any) -> Round:
    fields: dict[str, Any] = {
        "bureau": world.bureau_a, "kind": kind, "fiscal_year": 2025,
        "title": "2025年度目标申报", "opens_on": date(2025, 3, 1), "due_on": date(2025, 3, 31),
    } | changes  # fmt: skip
    return Round.objects.create(**fields)


def _submitted_at(record: Record, at: datetime) -> None:
    AuditEntry.objects.filter(record=record, action="submit").update(at=at)


def _rows(page: str) -> list[tuple[str, str]]:
    """(unit id, state label) of the bureau's table, in page order."""
    found = re.findall(
        r'<tr data-unit="(\d+)"[^>]*>.*?data-testid="round-state">([^<]*)<', page, re.S
    )
    return [(u, s) for u, s in found]


def test_reviewer_opens_a_round(world: World) -> None:
    data = {"kind": "targets", "fiscal_year": "2025", "title": "2025年度目标申报",
            "opens_on": "2025-03-01", "due_on": "2025-03-31"}  # fmt: skip
    c = world.client("reviewer_a")
    assert 'id="round-create"' in c.get("/rounds/new/").content.decode()
    response = c.post("/rounds/new/", data)
    rnd = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rounds/{rnd.pk}/"
    assert (rnd.bureau, rnd.kind, rnd.month, rnd.due_on) == (
        world.bureau_a,
        "targets",
        None,
        date(2025, 3, 31),
    )
    assert rnd.created_by == world.users["reviewer_a"]
    assert 'id="round-new"' in c.get("/rounds/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_on": "2025-02-28"}, "截止日期不能早于开始日期"),
        ({"kind": "monitoring"}, "运行监控轮次须指定监控月份"),
        ({"kind": "monitoring", "month": "13"}, "运行监控轮次须指定监控月份"),
        ({"due_on": "3月31日"}, "请填写开始日期和截止日期"),
        ({"title": "  "}, "请填写轮次名称"),
        ({"kind": "other"}, "请选择轮次类型"),
    ],
)
def test_a_bad_round_is_refused_with_the_reason(
    world: World, changes: dict[str, str], message: str
) -> None:
    data = {"kind": "targets", "fiscal_year": "2025", "title": "2025年度目标申报",
            "opens_on": "2025-03-01", "due_on": "2025-03-31"} | changes  # fmt: skip
    response = world.client("reviewer_a").post("/rounds/new/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Round.objects.exists()


def test_monitoring_round_keeps_its_month(world: World) -> None:
    data = {"kind": "monitoring", "fiscal_year": "2025", "title": "2025年6月运行监控",
            "month": "6", "opens_on": "2025-07-01", "due_on": "2025-07-10"}  # fmt: skip
    assert world.client("reviewer_a").post("/rounds/new/", data).status_code == 302
    assert Round.objects.get().month == 6


def test_only_the_bureaus_reviewer_or_admin_opens_rounds(world: World) -> None:
    data = {"kind": "targets", "fiscal_year": "2025", "title": "x",
            "opens_on": "2025-03-01", "due_on": "2025-03-31"}  # fmt: skip
    for who in ("filler_a", "auditor_a", "nobody"):
        c = world.client(who)
        assert c.get("/rounds/new/").status_code == 403
        assert c.post("/rounds/new/", data).status_code == 403
        assert 'id="round-new"' not in c.get("/rounds/").content.decode()
    assert not Round.objects.exists()
    # the admin picks the bureau
    admin = world.client("admin")
    assert admin.post("/rounds/new/", data | {"bureau": str(world.bureau_b.pk)}).status_code == 302
    assert Round.objects.get().bureau == world.bureau_b


def test_bureau_sees_its_units_late_ones_first(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = _round(world)
    # dept_a submits its target table at 01:00 on 3 April Beijing time (still 2 April in UTC):
    # due 31 March → 逾期提交 3 days
    t = make_target(world)
    _submitted_at(t, datetime(2025, 4, 3, 1, 0, tzinfo=SHANGHAI))
    # branch_a has only a draft: not submitted; on 10 April that is 10 days overdue
    make_target(world, who="branch_a", submit=False)
    # a submitted self-evaluation does not count in a targets round
    records.apply_action(world.users["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    _today(monkeypatch, date(2025, 4, 10))
    page = world.client("reviewer_a").get(f"/rounds/{rnd.pk}/").content.decode()
    assert _rows(page) == [
        (str(world.branch_a.pk), "逾期未交10天"),
        (str(world.dept_a.pk), "逾期提交3天"),
    ]
    assert "2025-04-03" in page and world.dept_b.name not in page
    listing = world.client("reviewer_a").get("/rounds/").content.decode()
    assert f'data-round="{rnd.pk}"' in listing
    auditor = world.client("auditor_a").get(f"/rounds/{rnd.pk}/").content.decode()
    assert len(_rows(auditor)) == 2 and 'id="round-close"' not in auditor


def test_returned_target_still_counts_as_submitted(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = _round(world)
    t = make_target(world)
    _submitted_at(t, datetime(2025, 3, 20, 9, 0, tzinfo=SHANGHAI))
    records.apply_action(world.users["reviewer_a"], t, Action.RETURN, "请修改", t.version)
    _today(monkeypatch, date(2025, 3, 25))
    page = world.client("reviewer_a").get(f"/rounds/{rnd.pk}/").content.decode()
    assert (str(world.dept_a.pk), "已提交") in _rows(page)  # in on 20 March, round still runs
    _today(monkeypatch, date(2025, 4, 1))
    page = world.client("reviewer_a").get(f"/rounds/{rnd.pk}/").content.decode()
    assert (str(world.dept_a.pk), "按时提交") in _rows(page)


def test_self_eval_round_counts_self_evaluations_only(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = _round(world, "self_eval", fiscal_year=2024, title="2024年度绩效自评",
                 opens_on=date(2025, 3, 1), due_on=date(2025, 4, 30))  # fmt: skip
    records.apply_action(world.users["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    _submitted_at(world.record_a, datetime(2025, 5, 6, 15, 0, tzinfo=SHANGHAI))
    _today(monkeypatch, date(2025, 5, 10))
    page = world.client("reviewer_a").get(f"/rounds/{rnd.pk}/").content.decode()
    # record_a is 2024: in on 6 May, due 30 April → 6 days late; branch_a: 10 days missing
    assert _rows(page) == [
        (str(world.branch_a.pk), "逾期未交10天"),
        (str(world.dept_a.pk), "逾期提交6天"),
    ]


def test_monitoring_round_counts_monitoring_of_approved_targets(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    june = _round(world, "monitoring", title="2025年6月运行监控", month=6,
                  opens_on=date(2025, 7, 1), due_on=date(2025, 7, 10))  # fmt: skip
    july = _round(world, "monitoring", title="2025年7月运行监控", month=7,
                  opens_on=date(2025, 8, 1), due_on=date(2025, 8, 10))  # fmt: skip
    target = approve(world, make_target(world))
    Monitoring.objects.create(record=target, latest_month=6)
    Monitoring.objects.filter(record=target).update(
        updated_at=datetime(2025, 7, 8, 10, 0, tzinfo=SHANGHAI)
    )
    _today(monkeypatch, date(2025, 7, 15))
    c = world.client("reviewer_a")
    # June: filled to month 6 on 8 July, due 10 July → on time
    assert (str(world.dept_a.pk), "按时提交") in _rows(
        c.get(f"/rounds/{june.pk}/").content.decode()
    )
    # July asks for month 7: not yet (the round opens 1 August)
    assert (str(world.dept_a.pk), "未开始") in _rows(c.get(f"/rounds/{july.pk}/").content.decode())


def test_filler_sees_what_is_due_and_its_own_state(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = _round(world)
    t = make_target(world)
    _submitted_at(t, datetime(2025, 4, 3, 1, 0, tzinfo=SHANGHAI))
    _today(monkeypatch, date(2025, 4, 10))
    c = world.client("filler_a")
    listing = c.get("/rounds/").content.decode()
    assert "2025年度目标申报" in listing and "逾期提交3天" in listing
    page = c.get(f"/rounds/{rnd.pk}/").content.decode()
    assert 'id="my-state"' in page and "逾期提交3天" in page and "2025年度绩效目标表" in page
    assert 'id="round-units"' not in page and world.branch_a.name not in page
    branch = world.client("branch_a").get(f"/rounds/{rnd.pk}/").content.decode()
    assert "逾期未交10天" in branch and 'id="round-go"' in branch


def test_another_bureau_does_not_see_the_round(world: World) -> None:
    rnd = _round(world)
    for who in ("reviewer_b", "filler_b", "nobody"):
        c = world.client(who)
        assert c.get(f"/rounds/{rnd.pk}/").status_code == 404
        assert c.post(f"/rounds/{rnd.pk}/close/", {"closed": "1"}).status_code == 404
        assert "2025年度目标申报" not in c.get("/rounds/").content.decode()
    assert Client().get("/rounds/")["Location"].startswith("/login/")
    assert not Round.objects.get(pk=rnd.pk).closed


def test_reviewer_closes_and_reopens_others_cannot(world: World) -> None:
    rnd = _round(world)
    for who in ("filler_a", "auditor_a"):
        response = world.client(who).post(f"/rounds/{rnd.pk}/close/", {"closed": "1"})
        assert response.status_code == 403
    assert not Round.objects.get(pk=rnd.pk).closed
    c = world.client("reviewer_a")
    assert 'id="round-close"' in c.get(f"/rounds/{rnd.pk}/").content.decode()
    assert c.post(f"/rounds/{rnd.pk}/close/", {"closed": "1"}).status_code == 302
    assert Round.objects.get(pk=rnd.pk).closed
    assert 'id="round-reopen"' in c.get(f"/rounds/{rnd.pk}/").content.decode()
    assert c.post(f"/rounds/{rnd.pk}/close/", {"closed": "0"}).status_code == 302
    assert not Round.objects.get(pk=rnd.pk).closed


def test_forms_need_the_csrf_token(world: World) -> None:
    rnd = _round(world)
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["reviewer_a"])
    data = {"kind": "targets", "fiscal_year": "2025", "title": "x",
            "opens_on": "2025-03-01", "due_on": "2025-03-31"}  # fmt: skip
    assert c.post("/rounds/new/", data).status_code == 403
    assert c.post(f"/rounds/{rnd.pk}/close/", {"closed": "1"}).status_code == 403
    assert Round.objects.count() == 1 and not Round.objects.get().closed


def test_title_is_escaped(world: World) -> None:
    data = {"kind": "targets", "fiscal_year": "2025", "title": "<script>alert(1)</script>",
            "opens_on": "2025-03-01", "due_on": "2025-03-31"}  # fmt: skip
    c = world.client("reviewer_a")
    c.post("/rounds/new/", data)
    for url in ("/rounds/", f"/rounds/{Round.objects.get().pk}/"):
        page = world.client("filler_a").get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_start_page_shows_what_is_due(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = _round(world)
    closed = _round(world, title="2024年度目标申报", closed=True)
    t = make_target(world)
    _submitted_at(t, datetime(2025, 4, 3, 1, 0, tzinfo=SHANGHAI))
    _today(monkeypatch, date(2025, 4, 10))
    mine = world.client("filler_a").get("/").content.decode()
    assert f'data-round="{rnd.pk}"' in mine and f'data-round="{closed.pk}"' not in mine
    assert re.search(r'data-testid="due-state">逾期提交3天<', mine)
    branch = world.client("branch_a").get("/").content.decode()
    assert re.search(r'data-testid="due-state">逾期未交10天<', branch) and "去填报" in branch
    # the bureau: dept_a in late, branch_a missing → 1 of 2 in, 2 units late
    bureau = world.client("reviewer_a").get("/").content.decode()
    assert "已交 1/2" in bureau and re.search(r'data-testid="due-late">逾期 2 个单位<', bureau)
    assert f'data-round="{rnd.pk}"' not in world.client("reviewer_b").get("/").content.decode()
