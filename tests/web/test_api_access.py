"""Who may call what: a token, and only a token, authenticates; a record outside the caller's
scope is 404 on every endpoint, never 403, so ids cannot be probed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jixiao.storage.models import Record
from jixiao.web.api.tokens import issue_token, revoke_token
from tests.web.conftest import PASSWORD, World, stored_state
from tests.web.test_api import PREFIX, api, submit


def record_calls(world: World, record: Record) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every endpoint that names a record: (method, path, JSON body)."""
    record.refresh_from_db()
    base = f"{PREFIX}/evaluations/{record.pk}"
    edit = {"version": record.version, "evaluation": record.document}
    return [
        ("get", f"{base}/", None),
        ("put", f"{base}/", edit),
        ("get", f"{base}/score/", None),
        ("get", f"{base}/findings/", None),
        ("post", f"{base}/actions/", {"action": "approve", "comment": "x", "version": 2}),
        ("post", f"{base}/actions/", {"action": "return", "comment": "x", "version": 2}),
        ("get", f"{base}/audit/", None),
    ]


def token_calls(world: World) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every endpoint that needs a token."""
    return [
        ("get", f"{PREFIX}/evaluations/", None),
        ("post", f"{PREFIX}/evaluations/", {"evaluation": world.record_a.document}),
        ("get", f"{PREFIX}/rulesets/", None),
        *record_calls(world, world.record_a),
    ]


def call(c: Client, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if body is None:
        return getattr(c, method)(path)
    return getattr(c, method)(path, body, content_type="application/json")


def _assert_404_everywhere(world: World, who: str, record: Record) -> None:
    before = stored_state(record)
    c = api(world, who)
    for method, path, body in record_calls(world, record):
        r = call(c, method, path, body)
        assert r.status_code == 404, (who, method, path, r.content)
        assert r.json() == {"error": {"code": "not_found", "message": "没有这条记录"}}
    assert stored_state(record) == before


def test_other_units_get_404_on_every_record_endpoint(world: World) -> None:
    submit(world)  # submitted, so the reviewers' 404 is the bureau's scope, not the draft rule
    for who in ("filler_b", "reviewer_b", "branch_a", "nobody"):
        _assert_404_everywhere(world, who, world.record_a)
    c = api(world, "filler_b")
    r = c.get(f"{PREFIX}/evaluations/", {"unit": world.dept_a.pk})
    assert (r.status_code, r.json()["count"]) == (200, 0)


def test_a_draft_is_404_to_the_bureau(world: World) -> None:
    for who in ("reviewer_a", "auditor_a"):
        _assert_404_everywhere(world, who, world.record_a)


def test_an_id_that_does_not_exist_is_404(world: World) -> None:
    missing = world.record_b.pk + 1000
    c = api(world, "admin")
    for method, path, body in record_calls(world, world.record_a):
        r = call(c, method, path.replace(f"/{world.record_a.pk}/", f"/{missing}/"), body)
        assert (r.status_code, r.json()["error"]["code"]) == (404, "not_found"), path


def _assert_401_everywhere(world: World, c: Client) -> None:
    before = (stored_state(world.record_a), Record.objects.count())
    for method, path, body in token_calls(world):
        r = call(c, method, path, body)
        assert r.status_code == 401, (method, path, r.content)
        assert r.json()["error"]["code"] == "unauthorized"
        assert "Bearer" in r.json()["error"]["message"]
        assert r["WWW-Authenticate"] == 'Bearer realm="jixiao"'
    assert (stored_state(world.record_a), Record.objects.count()) == before


def test_no_token_is_401(world: World) -> None:
    _assert_401_everywhere(world, Client())


def test_a_bad_token_is_401(world: World) -> None:
    token = issue_token(world.users["filler_a"], "good")
    for header in (f"Bearer {token}x", f"Token {token}", "Bearer", token, f"Basic {token}"):
        _assert_401_everywhere(world, Client(headers={"authorization": header}))


def test_a_session_cookie_alone_is_401(world: World) -> None:
    session = world.client("filler_a")
    assert session.get(f"/evaluations/{world.record_a.pk}/").status_code == 200  # logged in
    _assert_401_everywhere(world, session)
    csrf = Client(enforce_csrf_checks=True)
    assert csrf.login(username="filler_a", password=PASSWORD)
    _assert_401_everywhere(world, csrf)  # 401, never a CSRF 403 page


def test_the_token_not_the_session_names_the_user(world: World) -> None:
    token = issue_token(world.users["filler_b"], "b")
    c = world.client("filler_a")
    r = c.get(
        f"{PREFIX}/evaluations/{world.record_a.pk}/", headers={"authorization": f"Bearer {token}"}
    )
    assert r.status_code == 404


def test_revoked_token_and_inactive_user_are_401(world: World) -> None:
    user = world.users["filler_a"]
    token = issue_token(user, "cli")
    c = Client(headers={"authorization": f"Bearer {token}"})
    assert c.get(f"{PREFIX}/evaluations/").status_code == 200
    user.is_active = False
    user.save()
    assert c.get(f"{PREFIX}/evaluations/").status_code == 401
    user.is_active = True
    user.save()
    assert revoke_token(user, "cli") == 1
    _assert_401_everywhere(world, c)


def test_public_needs_no_token_and_ignores_a_bad_one(world: World) -> None:
    for c in (Client(), Client(headers={"authorization": "Bearer nonsense"})):
        r = c.get(f"{PREFIX}/public/evaluations/")
        assert (r.status_code, r.json()["count"]) == (200, 0)
