"""The finance bureau's review queue (/review/): ranked by risk points, reasons in words,
reproducible random sampling, scoped like every page.

Points (model/risk.py): 3 per error, 1 per warning, 0.25 per info still standing
(not marked 误报), plus 3 for SELF_ABOVE_COMPUTED. record_a (our demo project form) has two
errors (SCORE_FULL_BELOW_TARGET, EXEC_POINTS_NE_RATE) and no pattern: 2 × 3 = 6 points.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jixiao.model.findings import Category, Finding, Severity
from jixiao.model.workflow import Action
from jixiao.services.assess import to_document
from jixiao.storage import records, review
from jixiao.storage.models import AuditEntry, Record
from jixiao.storage.routing import alias
from tests.web.conftest import PASSWORD, World, demo_evaluation

DEMO = "minzheng-2024-project-self-eval"


def submit(world: World, record: Record, who: str = "filler_a") -> Record:
    record.refresh_from_db()
    return records.apply_action(world.users[who], record, Action.SUBMIT, "", record.version)


def finding(fid: str, code: str, severity: Severity) -> Finding:
    return Finding(fid, code, Category.ARITHMETIC, severity, f"{code}的说明")


def risky(world: World, title: str = "高风险项目", unit: str = "dept_a") -> Record:
    """1 error + 2 warnings + SELF_ABOVE_COMPUTED (self 95, computed 90): 3 + 1 + 1 + 3 = 8."""
    summary = records.Summary(
        title=title, fiscal_year=2024, doc_type="project_self_eval_table",
        score=Decimal("90"), stated_score=Decimal("95"), grade="优", stated_grade="优",
        execution_rate=Decimal("92"), errors=1, warnings=2, ruleset="national-2020",
        findings=(finding("e1", "PARTS_NE_WHOLE", Severity.ERROR),
                  finding("w1", "WARN_A", Severity.WARNING),
                  finding("w2", "WARN_B", Severity.WARNING)),
        flags=("SELF_ABOVE_COMPUTED",),
    )  # fmt: skip
    owner = "filler_a" if unit == "dept_a" else "filler_b"
    record = records.create_record(
        world.users[owner], getattr(world, unit), to_document(demo_evaluation(DEMO)), summary
    )
    return submit(world, record, owner)


def order(page: str) -> list[int]:
    return [int(x) for x in re.findall(r'<tr data-record="(\d+)">', page)]


def test_ranked_by_hand_computed_points(world: World) -> None:
    a = submit(world, world.record_a)
    hot = risky(world)
    assert (a.risk, hot.risk) == (Decimal(6), Decimal(8))
    page = world.client("reviewer_a").get("/review/").content.decode()
    assert order(page) == [hot.pk, a.pk]  # 8 above 6
    assert "自评95分，按规则复算90分，高出5分" in page
    assert "1个错误（PARTS_NE_WHOLE）" in page and "2个警告" in page
    assert "2个错误（" in page  # record_a's two errors, with their codes
    # marking the error 误报: 8 − 3 = 5, now below record_a's 6
    c = world.client("reviewer_a")
    c.post(f"/review/{hot.pk}/verdict/", {"fid": "e1", "verdict": "false_positive"})
    hot.refresh_from_db()
    assert hot.risk == Decimal(5)
    page = c.get("/review/").content.decode()
    assert order(page) == [a.pk, hot.pk]
    assert "PARTS_NE_WHOLE" not in page  # a dismissed finding is no reason


def test_only_submitted_by_default_and_no_target_tables(world: World) -> None:
    a = submit(world, world.record_a)
    draft = risky(world, "退回的项目")
    records.apply_action(world.users["reviewer_a"], draft, Action.RETURN, "请补充", draft.version)
    target = risky(world, "某项目绩效目标表")
    Record.objects.filter(pk=target.pk).update(doc_type="target_table")
    c = world.client("reviewer_a")
    assert order(c.get("/review/").content.decode()) == [a.pk]
    assert order(c.get("/review/?status=returned").content.decode()) == [draft.pk]
    assert order(c.get("/review/?status=bogus").content.decode()) == [a.pk]  # falls back


def test_filters_year_and_unit(world: World) -> None:
    a = submit(world, world.record_a)  # 2024
    hot = risky(world)
    Record.objects.filter(pk=hot.pk).update(fiscal_year=2023)
    c = world.client("reviewer_a")
    assert order(c.get("/review/?year=2024").content.decode()) == [a.pk]
    assert order(c.get("/review/?year=2023").content.decode()) == [hot.pk]
    assert order(c.get(f"/review/?unit={world.branch_a.pk}").content.decode()) == []


def test_a_bureau_sees_only_its_own_units(world: World) -> None:
    a = submit(world, world.record_a)
    b = submit(world, world.record_b, "filler_b")
    assert order(world.client("reviewer_a").get("/review/").content.decode()) == [a.pk]
    assert order(world.client("reviewer_b").get("/review/").content.decode()) == [b.pk]
    assert order(world.client("admin").get("/review/").content.decode()) == [b.pk, a.pk]


def test_who_may_open_the_queue(world: World) -> None:
    submit(world, world.record_a)
    for who in ("filler_a", "filler_b", "nobody"):
        assert world.client(who).get("/review/").status_code == 404, who
    auditor = world.client("auditor_a").get("/review/").content.decode()
    assert 'data-record="' in auditor and 'id="sample-form"' not in auditor  # reads only
    assert 'id="sample-form"' in world.client("reviewer_a").get("/review/").content.decode()
    anonymous = Client().get("/review/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_a_page_costs_the_same_queries_whatever_its_rows(world: World) -> None:
    submit(world, world.record_a)
    c = world.client("reviewer_a")
    c.get("/review/")  # warm the session
    with CaptureQueriesContext(connections[alias()]) as few:
        c.get("/review/")
    for n in range(4):
        risky(world, f"项目{n}")
    with CaptureQueriesContext(connections[alias()]) as many:
        page = c.get("/review/").content.decode()
    assert len(order(page)) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)


def test_pages_without_counting(world: World) -> None:
    made = [risky(world, f"项目{n}") for n in range(3)]
    qs = review.queue(world.users["reviewer_a"], review.QueueFilters())
    first, more = review.page_of(qs, 1, 2)
    second, last_more = review.page_of(qs, 2, 2)
    # equal risk (8 each): newest id first
    assert [r.pk for r in first] == [made[2].pk, made[1].pk] and more
    assert [r.pk for r in second] == [made[0].pk] and not last_more


def test_titles_are_escaped(world: World) -> None:
    risky(world, "<script>alert(1)</script>")
    page = world.client("reviewer_a").get("/review/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def _sampled() -> list[int]:
    return sorted(Record.objects.filter(sampled=True).values_list("pk", flat=True))


def test_sampling_is_reproducible(world: World) -> None:
    made = [risky(world, f"项目{n}") for n in range(6)]
    ids = sorted(r.pk for r in made)
    c = world.client("reviewer_a")
    response = c.post("/review/sample/", {"status": "submitted", "count": "2", "seed": "20240601"})
    assert response.status_code == 302 and "sampled=1" in response["Location"]
    first = _sampled()
    assert first == review.draw(ids, 20240601, 2, None) and len(first) == 2
    assert AuditEntry.objects.filter(action="sample").count() == 2
    page = c.get(response["Location"]).content.decode()
    assert "按随机种子20240601从符合条件的6条记录中抽取2条，抽中2条" in page
    assert order(page) == sorted(first, reverse=True)  # only the sampled ones, equal risk
    assert page.count('data-testid="sampled"') == 2
    Record.objects.update(sampled=False)
    c.post("/review/sample/", {"status": "submitted", "count": "2", "seed": "20240601"})
    assert _sampled() == first  # same seed, same set: same sample


def test_sampling_by_percent_rounds_up(world: World) -> None:
    for n in range(3):
        risky(world, f"项目{n}")
    c = world.client("reviewer_a")
    c.post("/review/sample/", {"status": "submitted", "percent": "50", "seed": "7"})
    assert len(_sampled()) == 2  # 50 % of 3 = 1.5 → 2


def test_sampling_keeps_to_the_filtered_set_and_the_bureau(world: World) -> None:
    mine = risky(world, "本局项目")
    other = risky(world, "乙县项目", unit="dept_b")
    c = world.client("reviewer_a")
    c.post("/review/sample/", {"status": "submitted", "count": "5", "seed": "1", "year": "2023"})
    assert _sampled() == []  # no record of 2023
    c.post("/review/sample/", {"status": "submitted", "count": "5", "seed": "1"})
    assert _sampled() == [mine.pk] and other.pk not in _sampled()


def test_sampling_refused_without_rights_or_token(world: World) -> None:
    risky(world)
    form = {"status": "submitted", "count": "1", "seed": "3"}
    assert world.client("auditor_a").post("/review/sample/", form).status_code == 403
    assert world.client("filler_a").post("/review/sample/", form).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="reviewer_a", password=PASSWORD)
    assert strict.post("/review/sample/", form).status_code == 403
    c = world.client("reviewer_a")
    c.post("/review/sample/", {"status": "submitted", "seed": "3"})  # neither count nor %
    c.post("/review/sample/", {"status": "submitted", "count": "1", "seed": "x"})
    assert _sampled() == []
