"""Writes through the API: editing a draft, versions, the workflow, the audit trail and the
public list. A refused write leaves the record, its document and its audit trail as they were."""

from __future__ import annotations

import copy
from typing import Any

from jixiao.storage.models import AuditEntry, Record
from tests.web.conftest import World, stored_state
from tests.web.test_api import PREFIX, act, api, ids, post_json, put_json, submit


def _edited(record: Record, score: str) -> dict[str, Any]:
    """record's document with the stated score of its first indicator (特困人员救助供养人数,
    10 of 10 points for 4604 of ≥4754) set to ``score``."""
    doc = copy.deepcopy(record.document)
    first = doc["indicators"][0]
    assert first["level3"] == "特困人员救助供养人数"
    first["score"] = score
    return doc


def _put(
    world: World, who: str, record: Record, version: int | None = None, score: str = "9.68"
) -> Any:
    record.refresh_from_db()
    body = {
        "version": record.version if version is None else version,
        "evaluation": _edited(record, score),
    }
    return put_json(api(world, who), f"{PREFIX}/evaluations/{record.pk}/", body)


def test_filler_edits_own_draft(world: World) -> None:
    r = _put(world, "filler_a", world.record_a)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["version"] == 2
    assert body["evaluation"]["indicators"][0]["score"] == "9.68"
    assert body["score"] == "97.92"  # the recomputed total does not depend on stated points
    findings = api(world, "filler_a").get(f"{PREFIX}/evaluations/{world.record_a.pk}/findings/")
    assert "SCORE_FULL_BELOW_TARGET" not in {f["code"] for f in findings.json()["findings"]}
    last = AuditEntry.objects.filter(record=world.record_a).order_by("-id").first()
    assert last is not None and last.action == "edit" and last.version == 2
    assert last.before == {"indicators[0].score": "10"}
    assert last.after == {"indicators[0].score": "9.68"}


def test_no_edit_after_submit(world: World) -> None:
    submit(world)
    before = stored_state(world.record_a)
    r = _put(world, "filler_a", world.record_a)
    assert (r.status_code, r.json()["error"]["code"]) == (409, "conflict")
    assert "已提交" in r.json()["error"]["message"]
    assert stored_state(world.record_a) == before


def test_reviewer_and_auditor_never_edit(world: World) -> None:
    submit(world)
    before = stored_state(world.record_a)
    for who in ("reviewer_a", "auditor_a"):
        r = _put(world, who, world.record_a)
        assert (r.status_code, r.json()["error"]["code"]) == (403, "forbidden"), who
    assert stored_state(world.record_a) == before


def test_stale_version_is_refused(world: World) -> None:
    assert _put(world, "filler_a", world.record_a).status_code == 200  # now version 2
    before = stored_state(world.record_a)
    r = _put(world, "filler_a", world.record_a, version=1, score="9")
    assert (r.status_code, r.json()["error"]["code"]) == (409, "conflict")
    assert "第2版" in r.json()["error"]["message"]
    assert stored_state(world.record_a) == before


def test_stale_action_is_refused(world: World) -> None:
    submit(world)  # version 2
    before = stored_state(world.record_a)
    body = {"action": "approve", "comment": "", "version": 1}
    c = api(world, "reviewer_a")
    r = post_json(c, f"{PREFIX}/evaluations/{world.record_a.pk}/actions/", body)
    assert (r.status_code, r.json()["error"]["code"]) == (409, "conflict")
    assert stored_state(world.record_a) == before


def test_reviewer_approves_and_publishes_in_own_bureau(world: World) -> None:
    submit(world)
    reviewer = api(world, "reviewer_a")
    r = act(reviewer, world.record_a, "approve", "同意")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["actions"]) == ("approved", ["return", "publish"])
    r = act(reviewer, world.record_a, "publish")
    assert r.json()["status"] == "published"
    assert Record.objects.get(pk=world.record_a.pk).published_at is not None


def test_reviewer_returns_with_a_comment_only(world: World) -> None:
    submit(world)
    reviewer = api(world, "reviewer_a")
    before = stored_state(world.record_a)
    r = act(reviewer, world.record_a, "return", "  ")
    assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_request")
    assert "意见" in r.json()["error"]["message"]
    assert stored_state(world.record_a) == before
    r = act(reviewer, world.record_a, "return", "第7行得分有误")
    assert (r.status_code, r.json()["status"]) == (200, "returned")
    assert _put(world, "filler_a", world.record_a).status_code == 200  # editable again


def test_other_bureau_cannot_act(world: World) -> None:
    submit(world)
    submit(world, world.record_b)
    before = stored_state(world.record_a)
    for action in ("approve", "return", "publish"):
        r = act(api(world, "reviewer_b"), world.record_a, action, "意见")
        assert (r.status_code, r.json()["error"]["code"]) == (404, "not_found"), action
    assert stored_state(world.record_a) == before
    assert act(api(world, "reviewer_b"), world.record_b, "approve").status_code == 200


def test_refusals_by_role_and_by_state(world: World) -> None:
    filler, reviewer = api(world, "filler_a"), api(world, "reviewer_a")
    r = act(filler, world.record_a, "approve")
    assert (r.status_code, r.json()["error"]["code"]) == (403, "forbidden")  # never a filler's
    submit(world)
    r = act(filler, world.record_a, "submit")
    assert (r.status_code, r.json()["error"]["code"]) == (409, "conflict")  # already submitted
    r = act(reviewer, world.record_a, "publish")
    assert (r.status_code, r.json()["error"]["code"]) == (409, "conflict")  # not approved yet
    r = act(api(world, "auditor_a"), world.record_a, "approve")
    assert (r.status_code, r.json()["error"]["code"]) == (403, "forbidden")
    r = act(reviewer, world.record_a, "archive")
    assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_request")


def test_audit_lists_every_step(world: World) -> None:
    submit(world)
    act(api(world, "reviewer_a"), world.record_a, "return", "请补充偏差原因")
    body = api(world, "filler_a").get(f"{PREFIX}/evaluations/{world.record_a.pk}/audit/").json()
    assert body["schema"] == "jixiao.audit/1" and body["record"] == world.record_a.pk
    steps = [(e["action"], e["user"], e["version"], e["comment"]) for e in body["results"]]
    assert steps == [
        ("create", "filler_a", 1, "新建"),
        ("submit", "filler_a", 2, ""),
        ("return", "reviewer_a", 3, "请补充偏差原因"),
    ]
    assert body["results"][2]["before"] == {"status": "submitted"}
    assert body["results"][2]["after"] == {"status": "returned"}


def test_public_lists_only_published(world: World) -> None:
    public = api(world, None)
    assert public.get(f"{PREFIX}/public/evaluations/").json()["count"] == 0
    submit(world)
    submit(world, world.record_b)
    reviewer = api(world, "reviewer_a")
    act(reviewer, world.record_a, "approve")
    act(api(world, "reviewer_b"), world.record_b, "approve")
    assert ids(public.get(f"{PREFIX}/public/evaluations/")) == []
    act(reviewer, world.record_a, "publish")
    body = public.get(f"{PREFIX}/public/evaluations/").json()
    assert ids(public.get(f"{PREFIX}/public/evaluations/")) == [world.record_a.pk]
    assert body["results"][0]["score"] == "97.92"
    assert ids(public.get(f"{PREFIX}/public/evaluations/", {"status": "approved"})) == [
        world.record_a.pk
    ]  # a status filter is not offered: published only
