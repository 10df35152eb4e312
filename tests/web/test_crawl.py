"""Every page a demo user can reach by following links answers: no 500, and no link shown to a
user leads to a page they may not see (404/403). The demo holds every state of the year's cycle
(reviewed, returned and approved targets, red and green monitoring, a carried form, rounds,
libraries, published results). SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from django.test import Client

from jixiao.web.demo import DEMO_PASSWORD, load_demo

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/logout/", "/admin/", "/static/", "/api/")
SLOW = "/download/pdf/"  # LibreOffice: the PDF downloads have their own tests
MAX_PAGES = 120  # per user: every kind of page, several of each


def _crawl(c: Client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    todo: deque[str] = deque([start])
    while todo and len(seen) < MAX_PAGES:
        url = todo.popleft().replace("&amp;", "&")
        if url in seen or url.startswith(SKIP) or SLOW in url:
            continue
        response: Any = c.get(url)
        seen[url] = response.status_code
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and kind.startswith("text/html"):
            todo.extend(LINK.findall(response.content.decode()))
    return seen


@pytest.mark.parametrize("username", ["huailai", "huailai-czj", "auditor", "sjz-branch", "admin"])
def test_every_link_a_demo_user_sees_works(backend: str, username: str) -> None:
    load_demo()
    c = Client()
    assert c.login(username=username, password=DEMO_PASSWORD)
    seen = _crawl(c)
    broken = {u: s for u, s in seen.items() if s not in (200, 302)}
    assert not broken, broken
    assert len(seen) > 20  # the crawl went somewhere
