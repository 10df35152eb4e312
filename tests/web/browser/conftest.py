"""Browser-test fixtures: Playwright (sync API) drives Debian's /usr/bin/chromium against
pytest-django's ``live_server`` (the app in a thread, on the in-memory test database).

Nothing is downloaded: never ``playwright install`` (stack.md pitfall 7). Without
/usr/bin/chromium the browser tests skip with one reason line (pitfall 8).

Screenshots go to ``$JIXIAO_ARTIFACTS`` (default ``<pytest basetemp>/screenshots``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 20_000  # one step: a page, an upload being read, a swap

NewPage = Callable[[], Any]  # () -> playwright Page, in a fresh context (own cookies)
Shoot = Callable[[Any, str], Path]  # (page, name) -> the PNG written


@pytest.fixture(scope="module")
def browser(django_db_setup: None, live_server: Any) -> Iterator[Any]:
    """One chromium per module.

    The sync API keeps an asyncio loop running in this thread while it is open. Django then
    (1) refuses ORM calls as "async" unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set, and (2) keeps
    this thread's connections in a separate, context-local set. So the test databases and the
    live server are set up *before* the loop starts (else the session's teardown closes the
    wrong connection objects and cannot drop the PostgreSQL test database), the flag is set
    only while the browser is open, and the connections opened meanwhile are closed here.
    """
    if not CHROMIUM.exists():
        pytest.skip(CHROMIUM_MISSING)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from django.db import connections  # noqa: PLC0415

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as p:
            launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield launched
            launched.close()
            connections.close_all()  # the loop's own set (an in-memory SQLite one stays open)
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def new_page(browser: Any) -> Iterator[NewPage]:
    """A page in a fresh browser context (its own cookies: one per user), 1400×1000."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = os.environ.get("JIXIAO_ARTIFACTS")
    folder = Path(raw) if raw else tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shoot(artifacts: Path) -> Shoot:
    def take(page: Any, name: str) -> Path:
        target = artifacts / f"{name}.png"
        page.screenshot(path=str(target), full_page=False)
        return target

    return take


@pytest.fixture
def demo(browser: Any, live_server: Any) -> str:
    """The demo units, users and records on the live server's database; its base URL.
    (``browser`` first, so the ORM runs with the async-safety flag set.)"""
    from jixiao.web.demo import load_demo  # noqa: PLC0415 - Django is set up by now

    made, _count = load_demo()
    assert {"qingcheng", "qingcheng-czj", "jingxing"} <= {u.username for u in made}
    return str(live_server.url)


@pytest.fixture(scope="module")
def qingcheng_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our own PDF of seed 003's report and table: the demo text rebuilt as the 自评报告 PDF
    (python-docx → LibreOffice), as a unit would upload it."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice (LibreOffice) is missing: cannot build the PDF to upload")
    from jixiao.services.demo import demo_paths  # noqa: PLC0415
    from jixiao.services.report import Reported, report_path  # noqa: PLC0415

    source = next(p for p in demo_paths() if p.stem == "qingcheng-2024-dept-self-eval")
    out = tmp_path_factory.mktemp("upload") / "庆城县自然资源局2024年度部门整体支出绩效自评报告.pdf"
    made = report_path(source, "pdf", out=out)
    assert isinstance(made, Reported), made
    assert out.read_bytes().startswith(b"%PDF")
    return out
