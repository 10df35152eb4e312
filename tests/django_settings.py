"""Settings for the test suite: SQLite as ``default``; PostgreSQL as a second alias,
``postgres``, when it is configured or reachable (stack.md §5).

- ``DATABASE_URL`` set to a PostgreSQL URL (``.ci/run`` sets it): that server is the
  ``postgres`` alias; if it cannot be reached the PostgreSQL tests **fail**.
- not set: the default URL is tried with a 2 s timeout; unreachable → no alias, and the
  PostgreSQL tests skip with one reason line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-test-data-"))
_url = os.environ.pop("DATABASE_URL", None)  # the web settings must not take it as default

from jixiao.web.settings import *  # noqa: E402, F403
from jixiao.web.settings import database_from_url  # noqa: E402

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_REQUIRED = bool(_url and _url.startswith("postgres"))
POSTGRES_URL = _url if POSTGRES_REQUIRED else DEFAULT_PG_URL
POSTGRES_REASON = ""


def _reachable(url: str) -> str:
    try:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(url, connect_timeout=2):
            return ""
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", with why
        return (
            f"PostgreSQL not reachable at {url.rsplit('@', maxsplit=1)[-1]} ({type(exc).__name__})"
        )


POSTGRES_REASON = _reachable(POSTGRES_URL)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(os.environ["JIXIAO_DATA_DIR"]) / "test.sqlite3"),
        "TEST": {"NAME": None},  # in memory
    }
}
if POSTGRES_REQUIRED or not POSTGRES_REASON:
    DATABASES["postgres"] = database_from_url(POSTGRES_URL, Path("unused"))
    DATABASES["postgres"]["CONN_MAX_AGE"] = 0
    # one test database per pytest process, so two runs on one server never collide
    DATABASES["postgres"]["TEST"] = {"NAME": f"test_jixiao_{os.getpid()}"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
UPLOAD_DIR = Path(os.environ["JIXIAO_DATA_DIR"]) / "uploads"
