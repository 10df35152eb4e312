"""The JSON API (docs/api.md): scoping, the CLI's documents, numbers as strings.

Every test takes ``world``, so it runs on SQLite and on PostgreSQL. record_a is our demo project
form 特困人员救助供养资金 (青岚县民政局, 2024), filed by 甲市民政局 (dept_a); record_b is the
same form filed by 乙县民政局 (dept_b).
"""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client

from jixiao.services.assess import from_document
from jixiao.services.demo import demo_paths
from jixiao.storage.models import Record
from jixiao.web import flows
from jixiao.web.api.tokens import issue_token
from jixiao.writers.jsondoc import evaluation_doc, finding_doc, scorecard_doc
from tests.web.conftest import World

PREFIX = "/api/v1"
_SERIAL = itertools.count()


def api(world: World, who: str | None) -> Client:
    """A client sending ``who``'s bearer token (none for ``None``), and no session cookie."""
    if who is None:
        return Client()
    token = issue_token(world.users[who], f"test-{who}-{next(_SERIAL)}")
    return Client(headers={"authorization": f"Bearer {token}"})


def put_json(c: Client, path: str, body: dict[str, Any]) -> Any:
    return c.put(path, body, content_type="application/json")


def post_json(c: Client, path: str, body: dict[str, Any]) -> Any:
    return c.post(path, body, content_type="application/json")


def act(c: Client, record: Record, action: str, comment: str = "") -> Any:
    record.refresh_from_db()
    body = {"action": action, "comment": comment, "version": record.version}
    return post_json(c, f"{PREFIX}/evaluations/{record.pk}/actions/", body)


def submit(world: World, record: Record | None = None) -> None:
    record = record or world.record_a
    who = "filler_a" if record.unit_id == world.dept_a.pk else "filler_b"
    assert act(api(world, who), record, "submit").status_code == 200


def ids(response: Any) -> list[int]:
    return [r["id"] for r in response.json()["results"]]


# --- list ---------------------------------------------------------------------------------


def test_list_shows_only_the_callers_records(world: World) -> None:
    a, b = world.record_a.pk, world.record_b.pk
    assert ids(api(world, "filler_a").get(f"{PREFIX}/evaluations/")) == [a]
    assert ids(api(world, "filler_b").get(f"{PREFIX}/evaluations/")) == [b]
    assert ids(api(world, "reviewer_a").get(f"{PREFIX}/evaluations/")) == []  # drafts stay home
    assert ids(api(world, "branch_a").get(f"{PREFIX}/evaluations/")) == []
    assert ids(api(world, "nobody").get(f"{PREFIX}/evaluations/")) == []
    assert sorted(ids(api(world, "admin").get(f"{PREFIX}/evaluations/"))) == sorted([a, b])
    submit(world)
    assert ids(api(world, "reviewer_a").get(f"{PREFIX}/evaluations/")) == [a]
    assert ids(api(world, "auditor_a").get(f"{PREFIX}/evaluations/")) == [a]
    assert ids(api(world, "reviewer_b").get(f"{PREFIX}/evaluations/")) == []


def test_summary_numbers_are_decimal_strings(world: World) -> None:
    body = api(world, "filler_a").get(f"{PREFIX}/evaluations/").json()
    assert body["schema"] == "jixiao.records/1"
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    row = body["results"][0]
    # recomputed total 97.92 = indicator rows 89 − 10 + 9.68 (4604/4754 × 10 = 9.684 → 9.68)
    # + execution 9.24 (3694/4000 = 92.35 % × 10); the form states 99 and no grade.
    assert row["score"] == "97.92"
    assert row["stated_score"] == "99.00"
    assert row["execution_rate"] == "92.35"
    assert row["grade"] == "优秀" and row["stated_grade"] is None
    assert row["unit"] == {"id": world.dept_a.pk, "name": "甲市民政局"}
    assert (row["title"], row["fiscal_year"], row["status"], row["version"]) == (
        "特困人员救助供养资金", 2024, "draft", 1,
    )  # fmt: skip
    assert (row["doc_type"], row["errors"], row["warnings"]) == ("project_self_eval_table", 2, 0)
    assert set(row) == {
        "id", "title", "unit", "fiscal_year", "doc_type", "status", "version", "score",
        "stated_score", "grade", "stated_grade", "execution_rate", "errors", "warnings",
        "ruleset", "updated_at",
    }  # fmt: skip


def test_list_filters_and_pages(world: World) -> None:
    c = api(world, "admin")
    a, b = world.record_a.pk, world.record_b.pk
    assert ids(c.get(f"{PREFIX}/evaluations/", {"unit": world.dept_b.pk})) == [b]
    assert ids(c.get(f"{PREFIX}/evaluations/", {"year": 2023})) == []
    assert len(ids(c.get(f"{PREFIX}/evaluations/", {"year": 2024, "grade": "优秀"}))) == 2
    assert ids(c.get(f"{PREFIX}/evaluations/", {"min_score": "97.93"})) == []
    assert len(ids(c.get(f"{PREFIX}/evaluations/", {"min_score": "97.92"}))) == 2
    assert len(ids(c.get(f"{PREFIX}/evaluations/", {"q": "乙县"}))) == 1
    submit(world)
    assert ids(c.get(f"{PREFIX}/evaluations/", {"status": "submitted"})) == [a]
    first = c.get(f"{PREFIX}/evaluations/", {"page_size": 1}).json()
    second = c.get(f"{PREFIX}/evaluations/", {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == 2
    assert {first["results"][0]["id"], second["results"][0]["id"]} == {a, b}
    assert c.get(f"{PREFIX}/evaluations/", {"page": 3, "page_size": 1}).json()["results"] == []
    assert c.get(f"{PREFIX}/evaluations/", {"page_size": 200}).status_code == 200


# --- the CLI's documents ------------------------------------------------------------------


def test_detail_holds_the_evaluation_document_as_extract_writes_it(world: World) -> None:
    record = world.record_a
    body = api(world, "filler_a").get(f"{PREFIX}/evaluations/{record.pk}/").json()
    assert body["evaluation"] == evaluation_doc(from_document(record.document))
    assert body["evaluation"]["schema"] == "jixiao.evaluation/1"
    assert body["evaluation"]["executed_total_wan"] == "3694.00"
    assert body["score"] == "97.92" and body["version"] == 1
    assert body["editable"] is True and body["actions"] == ["submit"]


def test_score_is_what_jixiao_score_prints(world: World) -> None:
    record = world.record_a
    body = api(world, "filler_a").get(f"{PREFIX}/evaluations/{record.pk}/score/").json()
    a = flows.assess_record(record)
    warnings = (*a.selected.warnings, *a.evaluation.warnings)
    expected = scorecard_doc(a.card, None, a.selected.reason, warnings)
    assert body == expected
    assert body["schema"] == "jixiao.scorecard/1"
    assert (body["total"], body["grade"], body["stated_total"]) == ("97.92", "优秀", "99")
    line = body["groups"][0]["lines"][0]
    assert (line["name"], line["points"], line["stated"]) == ("特困人员救助供养人数", "9.68", "10")


def test_findings_are_what_the_services_find(world: World) -> None:
    record = world.record_a
    body = api(world, "filler_a").get(f"{PREFIX}/evaluations/{record.pk}/findings/").json()
    run = flows.assess_record(record).run
    assert [f["code"] for f in body["findings"]] == [f.code for f in run.findings]
    assert body["findings"] == [finding_doc(f) for f in run.findings]  # path null: typed in
    assert {"SCORE_FULL_BELOW_TARGET", "EXEC_POINTS_NE_RATE"} <= {
        f["code"] for f in body["findings"]
    }
    full = next(f for f in body["findings"] if f["code"] == "SCORE_FULL_BELOW_TARGET")
    assert list(full) == [
        "path", "id", "code", "category", "severity", "message", "location", "evidence", "rule",
    ]  # fmt: skip
    assert full["evidence"]["expected"] == "9.68" and full["category"] == "score_rule"


def test_rulesets_lists_the_shipped_sets(world: World) -> None:
    body = api(world, "auditor_a").get(f"{PREFIX}/rulesets/").json()
    by_name = {r["name"]: r for r in body["results"]}
    assert by_name["national-2020"]["doc"] == "财预〔2020〕10号"
    assert by_name["national-2020"]["effective"] == "2020-02-25"
    assert "hebei-2019" in by_name


# --- create -------------------------------------------------------------------------------


def test_filler_uploads_a_file(world: World) -> None:
    path = next(p for p in demo_paths() if p.stem == "minzheng-2024-project-self-eval")
    c = api(world, "filler_a")
    with path.open("rb") as fh:
        r = c.post(f"{PREFIX}/evaluations/", {"file": fh})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["score"], row["unit"]["id"], row["status"]) == ("97.92", world.dept_a.pk, "draft")
    findings = c.get(f"{PREFIX}/evaluations/{row['id']}/findings/").json()["findings"]
    assert {f["path"] for f in findings} == {path.name}  # the uploaded file's name, as the CLI


def test_a_file_with_several_projects_makes_a_record_each(world: World) -> None:
    path = next(p for p in demo_paths() if p.stem == "huailai-2024-targets")
    with path.open("rb") as fh:
        r = api(world, "filler_a").post(f"{PREFIX}/evaluations/", {"file": fh})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["count"] == len(body["results"]) > 1
    assert len({row["title"] for row in body["results"]}) == body["count"]


def test_evaluation_document_posted_as_json(world: World) -> None:
    doc = world.record_a.document
    r = post_json(api(world, "filler_a"), f"{PREFIX}/evaluations/", {"evaluation": doc})
    assert r.status_code == 201, r.content
    row = r.json()["results"][0]
    assert (row["score"], row["unit"]["id"]) == ("97.92", world.dept_a.pk)
    assert Record.objects.get(pk=row["id"]).document == doc


def test_admin_names_the_unit(world: World) -> None:
    c = api(world, "admin")
    doc = {"evaluation": world.record_a.document}
    missing = post_json(c, f"{PREFIX}/evaluations/", doc)
    assert (missing.status_code, missing.json()["error"]["code"]) == (400, "bad_request")
    r = post_json(c, f"{PREFIX}/evaluations/", {**doc, "unit": world.dept_b.pk})
    assert r.status_code == 201
    assert r.json()["results"][0]["unit"]["id"] == world.dept_b.pk


def test_only_a_filler_of_the_unit_creates(world: World) -> None:
    doc = {"evaluation": world.record_a.document}
    for who in ("reviewer_a", "auditor_a", "nobody"):
        r = post_json(api(world, who), f"{PREFIX}/evaluations/", doc)
        assert r.status_code == 403, who
    r = post_json(
        api(world, "filler_a"), f"{PREFIX}/evaluations/", {**doc, "unit": world.dept_b.pk}
    )
    assert r.status_code == 403
    assert Record.objects.count() == 2


def test_a_bad_document_names_the_place(world: World) -> None:
    doc = {"evaluation": {"fiscal_year": "二〇二四", "indicators": []}}
    r = post_json(api(world, "filler_a"), f"{PREFIX}/evaluations/", doc)
    assert r.status_code == 400
    assert "evaluation.fiscal_year" in r.json()["error"]["message"]
