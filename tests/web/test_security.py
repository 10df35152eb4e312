"""Security of the pages, tested rather than assumed: scope by unit on every view, CSRF on every
form, uploads checked by content and size and kept under generated names, escaping, login
throttling. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jixiao.model.workflow import Action
from jixiao.services.demo import demo_paths
from jixiao.storage import records
from jixiao.storage.models import AuditEntry, LoginFailure, Record, Upload
from tests.web.conftest import PASSWORD, World


def _record_urls(pk: int) -> list[tuple[str, str]]:
    """(method, url) of every page that takes a record id."""
    return [
        ("get", f"/evaluations/{pk}/"),
        ("post", f"/evaluations/{pk}/"),
        ("post", f"/evaluations/{pk}/preview/"),
        ("post", f"/evaluations/{pk}/action/"),
        ("get", f"/evaluations/{pk}/download/xlsx/"),
        ("get", f"/evaluations/{pk}/download/review/"),
    ]


@pytest.mark.parametrize("who", ["filler_b", "reviewer_b", "branch_a", "nobody"])
def test_other_units_get_404_on_every_record_view(world: World, who: str) -> None:
    c = world.client(who)
    for method, url in _record_urls(world.record_a.pk):
        data = {"version": "1", "action": "submit", "ind-0-actual": "1人"}
        response = c.get(url) if method == "get" else c.post(url, data)
        assert response.status_code == 404, (who, method, url)
    fresh = Record.objects.get(pk=world.record_a.pk)
    assert fresh.version == 1 and fresh.status == "draft"
    assert fresh.document == world.record_a.document


def test_reviewer_and_auditor_do_not_see_drafts_but_see_submitted(world: World) -> None:
    for who in ("reviewer_a", "auditor_a"):
        assert world.client(who).get(f"/evaluations/{world.record_a.pk}/").status_code == 404
    records.apply_action(world.users["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    for who in ("reviewer_a", "auditor_a"):
        assert world.client(who).get(f"/evaluations/{world.record_a.pk}/").status_code == 200


def test_auditor_cannot_change_anything(world: World) -> None:
    r = records.apply_action(world.users["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    c = world.client("auditor_a")
    page = c.get(f"/evaluations/{r.pk}/").content.decode()
    assert 'name="ind-0-actual"' not in page and 'name="action"' not in page
    c.post(f"/evaluations/{r.pk}/action/", {"action": "approve", "version": r.version})
    c.post(f"/evaluations/{r.pk}/", {"version": r.version, "ind-0-actual": "1人"})
    fresh = Record.objects.get(pk=r.pk)
    assert fresh.status == "submitted" and fresh.version == r.version


def test_anonymous_is_sent_to_login(world: World) -> None:
    c = Client()
    for method, url in [*_record_urls(world.record_a.pk), ("get", "/evaluations/"),
                        ("get", "/upload/"), ("get", "/")]:  # fmt: skip
        response = getattr(c, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_list_shows_only_own_unit(world: World) -> None:
    page = world.client("filler_b").get("/evaluations/").content.decode()
    assert world.dept_b.name in page and world.dept_a.name not in page
    # the unit filter cannot widen the scope either
    page = world.client("filler_b").get(f"/evaluations/?unit={world.dept_a.pk}").content
    assert world.dept_a.name.encode() not in page


def test_csrf_is_enforced_on_every_form(world: World) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["filler_a"])
    pk = world.record_a.pk
    urls = [f"/evaluations/{pk}/", f"/evaluations/{pk}/preview/", f"/evaluations/{pk}/action/",
            "/upload/", "/evaluations/new/", "/logout/"]  # fmt: skip
    for url in urls:
        assert c.post(url, {"version": "1", "action": "submit"}).status_code == 403, url
    assert Client(enforce_csrf_checks=True).post("/login/", {"username": "x"}).status_code == 403
    assert Record.objects.get(pk=pk).version == 1


def _upload(c: Client, name: str, data: bytes) -> tuple[int, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    response = c.post("/upload/", {"file": SimpleUploadedFile(name, data)})
    return response.status_code, response.content.decode()


def test_upload_is_judged_by_content_not_name(world: World) -> None:
    c = world.client("filler_a")
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    status, page = _upload(c, "自评表.pdf", exe)
    assert status == 400 and "自评表.pdf：无法识别的文件内容" in page
    status, page = _upload(c, "空.docx", b"")
    assert status == 400
    assert not Upload.objects.exists()  # nothing kept from a refused upload


def test_upload_size_limit(world: World, settings_limit: None) -> None:
    status, page = _upload(world.client("filler_a"), "大.txt", b"a" * 2048)
    assert status == 400 and "文件过大" in page


@pytest.fixture
def settings_limit(settings: object) -> None:
    settings.MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]


def test_uploads_are_stored_under_generated_names(world: World) -> None:
    demo = next(p for p in demo_paths() if p.stem == "minzheng-2024-project-self-eval")
    status, _ = _upload(world.client("filler_a"), "../../../etc/passwd.txt", demo.read_bytes())
    assert status == 302
    up = Upload.objects.get()
    assert re.fullmatch(r"[0-9a-f]{32}", up.stored_name)
    assert up.original_name == "passwd.txt"  # Django's parser already drops the directories
    stored = Path(settings.UPLOAD_DIR) / up.stored_name
    assert stored.read_bytes() == demo.read_bytes()
    assert not str(stored.resolve()).startswith(str(Path(settings.STATIC_ROOT).resolve()))


SCRIPT = "<script>alert('x')</script>"


def test_templates_escape_every_text_field(world: World) -> None:
    c = world.client("filler_a")
    pk = world.record_a.pk
    fields = {f"ind-0-{f}": SCRIPT for f in ("level1", "level2", "level3", "target", "actual",
                                             "deviation_reason")}  # fmt: skip
    fields |= {"head-title": SCRIPT, "head-stated_grade": SCRIPT, "version": "1"}
    assert c.post(f"/evaluations/{pk}/", fields).status_code == 302
    page = c.get(f"/evaluations/{pk}/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page
    preview = c.post(f"/evaluations/{pk}/preview/", fields).content.decode()
    assert SCRIPT not in preview
    r = Record.objects.get(pk=pk)
    records.apply_action(world.users["filler_a"], r, Action.SUBMIT, "", r.version)
    r = Record.objects.get(pk=pk)
    back = {"action": "return", "comment": SCRIPT, "version": r.version}
    world.client("reviewer_a").post(f"/evaluations/{pk}/action/", back)
    assert AuditEntry.objects.filter(record=r, comment=SCRIPT).exists()
    for who in ("filler_a", "reviewer_a"):
        page = world.client(who).get(f"/evaluations/{pk}/").content.decode()
        assert SCRIPT not in page
    assert SCRIPT not in world.client("filler_a").get("/evaluations/").content.decode()


def test_login_is_throttled(world: World) -> None:
    c = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert c.post("/login/", {"username": "filler_a", "password": "wrong"}).status_code == 401
    response = c.post("/login/", {"username": "filler_a", "password": PASSWORD})
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert LoginFailure.objects.count() == settings.LOGIN_MAX_FAILURES
    # another user from another address is not locked out
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/login/", {"username": "filler_b", "password": PASSWORD}).status_code == 302


def test_login_redirect_stays_on_this_site(world: World) -> None:
    response = Client().post(
        "/login/", {"username": "filler_a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_public_pages_show_published_only(world: World) -> None:
    c = Client()
    pk = world.record_a.pk
    assert c.get(f"/public/{pk}/").status_code == 404
    assert c.get(f"/public/{pk}/download/xlsx/").status_code == 404
    u = world.users
    r = records.apply_action(u["filler_a"], world.record_a, Action.SUBMIT, "", 1)
    r = records.apply_action(u["reviewer_a"], r, Action.APPROVE, "", r.version)
    assert c.get(f"/public/{pk}/").status_code == 404  # approved is not yet public
    records.apply_action(u["reviewer_a"], r, Action.PUBLISH, "", r.version)
    assert c.get(f"/public/{pk}/").status_code == 200
    assert c.get(f"/public/{world.record_b.pk}/").status_code == 404
    listing = c.get("/public/?year=2024").content.decode()
    assert f"/public/{pk}/" in listing and f"/public/{world.record_b.pk}/" not in listing
    # the unit filter offers the units that published something, and only those
    assert f'<option value="{world.dept_a.pk}"' in listing
    assert f'<option value="{world.dept_b.pk}"' not in listing
    assert c.get(f"/public/{pk}/download/review/").status_code == 404  # reviewer-only output
