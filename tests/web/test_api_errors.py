"""The error contract (design.md §4): every error of every endpoint is
``{"error": {"code": …, "message": <Chinese>}}`` with the code's HTTP status. One table of
(who, method, path, body, status, code) covers every endpoint and every code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from jixiao.web.api.http import STATUS
from tests.web.conftest import World
from tests.web.test_api import PREFIX, api, submit

JSON = "application/json"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Case:
    who: str | None
    method: str
    path: str  # {a} = record_a's id, {b} = record_b's
    status: int
    code: str
    body: Any = None  # dict → JSON; str → sent as is with content_type
    content_type: str = JSON


# fmt: off
def cases(world: World) -> list[Case]:
    ev = {"evaluation": world.record_a.document}
    edit = {"version": 2, "evaluation": world.record_a.document}
    big = json.dumps({"evaluation": {"project": "x" * (6 * 1024 * 1024)}})
    e = f"{PREFIX}/evaluations/"
    a = e + "{a}/"
    b = e + "{b}/"
    x = a + "actions/"
    form = "application/x-www-form-urlencoded"
    return [
        # not_found: unknown paths, unknown ids, other units' records
        Case(None, "get", f"{PREFIX}/", 404, "not_found"),
        Case(None, "get", f"{PREFIX}/nothing/here/", 404, "not_found"),
        Case("filler_a", "get", f"{PREFIX}/evaluations", 404, "not_found"),  # no slash
        Case("filler_a", "post", f"{PREFIX}/evaluations/abc/", 404, "not_found", {}),
        Case("admin", "get", e + "999999/", 404, "not_found"),
        *(Case("filler_b", m, a + s, 404, "not_found", body) for m, s, body in (
            ("get", "", None), ("put", "", edit), ("get", "score/", None),
            ("get", "findings/", None), ("post", "actions/", {"action": "submit", "version": 2}),
            ("get", "audit/", None),
        )),
        # unauthorized: every endpoint that needs a token
        *(Case(None, m, p, 401, "unauthorized", body) for m, p, body in (
            ("get", e, None), ("post", e, ev), ("get", a, None), ("put", a, edit),
            ("get", a + "score/", None), ("get", a + "findings/", None),
            ("post", x, {"action": "approve", "version": 2}),
            ("get", a + "audit/", None), ("get", f"{PREFIX}/rulesets/", None),
        )),
        # method_not_allowed
        *(Case("filler_a", m, p, 405, "method_not_allowed") for m, p in (
            ("delete", e), ("patch", a), ("delete", a), ("post", a + "score/"),
            ("put", a + "findings/"), ("get", x), ("post", a + "audit/"),
            ("post", f"{PREFIX}/rulesets/"), ("post", f"{PREFIX}/public/evaluations/"),
        )),
        # bad_request: bad JSON, bad fields, bad query parameters, a return without a comment
        Case("filler_a", "post", e, 400, "bad_request", '{"evaluation": {,}}'),
        Case("filler_b", "put", b, 400, "bad_request", '{"version": 1 "evaluation": {}}'),
        Case("reviewer_a", "post", x, 400, "bad_request", "[1, 2"),
        Case("filler_a", "post", e, 400, "bad_request", "[]"),
        Case("filler_a", "post", e, 400, "bad_request", {"evaluation": "文本"}),
        Case("filler_a", "post", e, 400, "bad_request", b"\xff\xfe{}"),
        Case("admin", "post", e, 400, "bad_request", ev),  # an administrator names the unit
        Case("filler_a", "post", e, 400, "bad_request", {}, "multipart/form-data; boundary=x"),
        Case("reviewer_a", "post", x, 400, "bad_request", {"action": "return", "version": 2}),
        Case("reviewer_a", "post", x, 400, "bad_request", {"action": "close", "version": 2}),
        Case("reviewer_a", "post", x, 400, "bad_request", {"action": "approve"}),
        *(Case("filler_a", "get", e + "?" + q, 400, "bad_request") for q in (
            "page_size=201", "page=0", "page=x", "year=abc", "unit=1.5", "status=open",
            "min_score=abc", "max_score=NaN",
        )),
        Case(None, "get", f"{PREFIX}/public/evaluations/?page_size=500", 400, "bad_request"),
        # forbidden: the caller sees the record but their role may never do this
        Case("reviewer_a", "post", e, 403, "forbidden", ev),
        Case("reviewer_a", "put", a, 403, "forbidden", edit),
        Case("auditor_a", "post", x, 403, "forbidden", {"action": "approve", "version": 2}),
        Case("filler_a", "post", x, 403, "forbidden", {"action": "approve", "version": 2}),
        # conflict: the record's state or version stands in the way
        Case("filler_a", "put", a, 409, "conflict", edit),  # submitted: not editable
        Case("filler_a", "post", x, 409, "conflict", {"action": "submit", "version": 2}),
        Case("reviewer_a", "post", x, 409, "conflict", {"action": "publish", "version": 2}),
        Case("reviewer_a", "post", x, 409, "conflict", {"action": "approve", "version": 1}),
        Case("filler_b", "put", b, 409, "conflict", {"version": 7, "evaluation": {}}),
        # too_large and unsupported
        Case("filler_a", "post", e, 413, "too_large", big),
        Case("filler_a", "post", e, 415, "unsupported", "evaluation=x", "text/plain"),
        Case("filler_b", "put", b, 415, "unsupported", "version=1", form),
        Case("reviewer_a", "post", x, 415, "unsupported", "action=approve", "text/plain"),
    ]
# fmt: on


def _send(world: World, clients: dict[str | None, Client], case: Case) -> Any:
    if case.who not in clients:
        clients[case.who] = api(world, case.who)
    c = clients[case.who]
    path = case.path.format(a=world.record_a.pk, b=world.record_b.pk)
    send = getattr(c, case.method)
    if case.body is None:
        return send(path)
    body = case.body if isinstance(case.body, str | bytes) else json.dumps(case.body)
    return send(path, body, content_type=case.content_type)


def _problem(case: Case, r: Any) -> str | None:
    """Why a response breaks the contract, or None."""
    if r.status_code != case.status or r["Content-Type"] != JSON:
        return f"{r.status_code} {r['Content-Type']}: {r.content[:200]!r}"
    body = r.json()
    if set(body) != {"error"} or set(body["error"]) != {"code", "message"}:
        return f"shape {body}"
    if body["error"]["code"] != case.code or STATUS[case.code] != case.status:
        return f"code {body['error']['code']}"
    message = body["error"]["message"]
    return None if isinstance(message, str) and CHINESE.search(message) else f"message {message!r}"


def test_every_error_has_one_shape(world: World) -> None:
    submit(world)  # record_a: submitted, version 2; record_b: draft, version 1
    clients: dict[str | None, Client] = {}
    table = cases(world)
    problems = []
    for case in table:
        problem = _problem(case, _send(world, clients, case))
        if problem is not None:
            problems.append(f"{case.who} {case.method.upper()} {case.path} → {problem}")
    assert problems == []
    # every code is held by a row; server_error (an unexpected exception) by test_pages.py
    assert {c.code for c in table} | {"server_error"} == set(STATUS)


def test_bad_json_names_line_and_column(world: World) -> None:
    body = '{\n  "version": 1,\n  "evaluation": {,}\n}'
    r = api(world, "filler_b").put(
        f"{PREFIX}/evaluations/{world.record_b.pk}/", body, content_type=JSON
    )
    assert r.json()["error"] == {
        "code": "bad_request",
        "message": "请求体不是有效的 JSON：第 3 行第 18 列，属性名须用双引号括起",
    }


def test_method_not_allowed_names_the_methods(world: World) -> None:
    r = api(world, "filler_a").delete(f"{PREFIX}/evaluations/{world.record_a.pk}/")
    assert r.status_code == 405 and r["Allow"] == "GET, PUT"
    assert r.json()["error"]["message"] == "此接口不支持 DELETE 方法（可用：GET、PUT）"


def test_a_file_over_the_limit_is_413(world: World, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    c = api(world, "filler_a")
    r = c.post(f"{PREFIX}/evaluations/", {"file": _named(b"x" * 2048, "big.pdf")})
    assert (r.status_code, r.json()["error"]["code"]) == (413, "too_large")
    assert "big.pdf" in r.json()["error"]["message"]


def test_an_unreadable_file_is_400_with_the_readers_reason(world: World) -> None:
    c = api(world, "filler_a")
    r = c.post(f"{PREFIX}/evaluations/", {"file": _named(b"\x00\x01\x02 binary", "x.bin")})
    assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_request")
    assert "x.bin" in r.json()["error"]["message"]


def _named(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile(name, data)
