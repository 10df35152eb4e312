"""`jixiao demo`, `manage`, `serve`, `backup` and `restore`, run as users run them: the installed
``jixiao`` in a child process, with its own data directory and environment per test.

The test process itself runs on ``tests.django_settings``; the children inherit that
``DJANGO_SETTINGS_MODULE`` on purpose, to show that the CLI always uses ``jixiao.web.settings``.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from jixiao.cli.backup import unpack
from jixiao.web.demo import DEMO_PASSWORD

JIXIAO = Path(sys.executable).with_name("jixiao")
PG_UNREACHABLE = "PostgreSQL not reachable at 127.0.0.1:5432"

pytestmark = pytest.mark.skipif(not JIXIAO.exists(), reason=f"{JIXIAO} is not installed")


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    """The test process's environment without jixiao's settings, then ``extra``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JIXIAO_") and k != "DATABASE_URL"}  # fmt: skip
    env.update(COLUMNS="200", JIXIAO_DATA_DIR=str(data_dir), **extra)
    return env


def jixiao(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(JIXIAO), *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def sql(db: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn, conn:
        return conn.execute(query).fetchall()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def secret_key() -> str:
    return secrets.token_urlsafe(60)


# ---- demo ---------------------------------------------------------------------------------------


FAST_SETTINGS = """from jixiao.web.settings import *  # noqa: F403
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
"""


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A data directory after one `jixiao demo --no-serve`, and what that run printed.

    It runs on jixiao's settings with a fast password hasher (``JIXIAO_SETTINGS``, as the
    suite's own settings do): hashing 14 demo passwords the production way takes seconds.
    """
    data = tmp_path_factory.mktemp("demo")
    module = tmp_path_factory.mktemp("settings")
    (module / "jixiao_fast_settings.py").write_text(FAST_SETTINGS, encoding="utf-8")
    env = env_for(data, JIXIAO_SETTINGS="jixiao_fast_settings", PYTHONPATH=str(module))
    done = jixiao(env, "demo", "--no-serve")
    assert done.returncode == 0, done.stderr
    yield data, done.stdout


def test_demo_creates_the_database_and_prints_the_users(demo_dir: tuple[Path, str]) -> None:
    data, out = demo_dir
    db = data / "jixiao.sqlite3"
    assert db.is_file()
    for column in ("用户名", "角色", "单位"):
        assert column in out
    expected = [
        ("sjz-czj", "审核人", "石家庄市财政局"),
        ("qingcheng", "填报人", "庆城县自然资源局"),
        ("auditor", "只读", "石家庄市财政局"),
        ("admin", "管理员", "（全部）"),
    ]
    for user, role, unit in expected:
        line = next(line for line in out.splitlines() if f" {user} " in line)
        assert role in line and unit in line
    assert DEMO_PASSWORD in out
    assert "http://127.0.0.1:8000/" in out
    records = sql(db, "SELECT count(*) FROM jixiao_storage_record")[0][0]
    assert isinstance(records, int) and records > 0
    assert f"新建演示记录 {records} 条" in out
    assert any(p.is_file() for p in (data / "uploads").iterdir())


def test_demo_twice_keeps_the_data_and_still_prints_the_users(demo_dir: tuple[Path, str]) -> None:
    data, first = demo_dir
    db = data / "jixiao.sqlite3"
    before = sql(db, "SELECT count(*) FROM jixiao_storage_record")
    # a real administrator added later is never listed beside the demo password
    admin_env = env_for(data, DJANGO_SUPERUSER_PASSWORD="Real-admin-pass-123")
    made = jixiao(admin_env, "manage", "createsuperuser", "--noinput", "--username", "realadmin",
                  "--email", "a@b.cn")  # fmt: skip
    assert made.returncode == 0, made.stderr
    users = sql(db, "SELECT count(*) FROM auth_user")
    done = jixiao(env_for(data), "demo", "--no-serve", "--port", "8123")  # default settings
    assert done.returncode == 0, done.stderr
    assert sql(db, "SELECT count(*) FROM jixiao_storage_record") == before
    assert sql(db, "SELECT count(*) FROM auth_user") == users
    assert "演示数据已存在，未重复导入" in done.stdout
    assert "http://127.0.0.1:8123/" in done.stdout and DEMO_PASSWORD in done.stdout
    table = [line for line in done.stdout.splitlines() if "│" in line]
    assert table and table == [line for line in first.splitlines() if "│" in line]
    assert "realadmin" not in done.stdout


# ---- manage and serve -----------------------------------------------------------------------


def test_manage_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    env = env_for(tmp_path, JIXIAO_PRODUCTION="1", JIXIAO_SECRET_KEY=secret_key(),
                  JIXIAO_ALLOWED_HOSTS="example.org")  # fmt: skip
    done = jixiao(env, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_manage_without_the_key_in_production_is_a_chinese_error(tmp_path: Path) -> None:
    done = jixiao(env_for(tmp_path, JIXIAO_PRODUCTION="1"), "manage", "check")
    assert done.returncode == 2
    assert "JIXIAO_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_serve_without_a_secret_key_exits_2(tmp_path: Path) -> None:
    done = jixiao(env_for(tmp_path), "serve", "--port", str(free_port()))
    assert done.returncode == 2
    assert "未设置 JIXIAO_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "jixiao.sqlite3").exists()  # refused before touching anything


def get(port: int, path: str, https: bool = True) -> tuple[int, bytes, dict[str, str]]:
    """One request; behind the proxy (``X-Forwarded-Proto: https``) unless ``https`` is off."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"} if https else {})
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def wait_until_up(proc: subprocess.Popen[str], port: int, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jixiao serve exited {proc.returncode}: {proc.communicate()[1]}")
        try:
            get(port, "/public/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("jixiao serve did not answer")


def test_serve_answers_pages_and_static_files(tmp_path: Path) -> None:
    port = free_port()
    env = env_for(tmp_path, JIXIAO_SECRET_KEY=secret_key(), JIXIAO_ALLOWED_HOSTS="127.0.0.1")
    proc = subprocess.Popen([str(JIXIAO), "serve", "--port", str(port), "--workers", "1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)  # fmt: skip
    try:
        wait_until_up(proc, port)
        status, body, headers = get(port, "/public/")
        assert status == 200, body[:500]
        assert "strict-transport-security" in headers  # production settings are on
        status, body, _ = get(port, "/static/vendor/htmx-2.0.11.min.js")
        assert status == 200 and b"htmx" in body[:2000] and len(body) > 10_000
        status, _, headers = get(port, "/public/", https=False)
        assert status == 301 and headers["location"].startswith("https://")
    finally:
        proc.terminate()  # gunicorn's master (jixiao exec'd into it) stops its workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert (tmp_path / "static" / "staticfiles.json").is_file()  # collectstatic ran


# ---- backup and restore: SQLite ---------------------------------------------------------------


def uploads_of(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "uploads").iterdir())}


def test_backup_then_restore_puts_sqlite_data_and_uploads_back(
    demo_dir: tuple[Path, str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_dir[0], data)
    env = env_for(data)
    db = data / "jixiao.sqlite3"
    titles = sql(db, "SELECT id, title, status FROM jixiao_storage_record ORDER BY id")
    files = uploads_of(data)
    archive = tmp_path / "备份 1.tar.gz"
    done = jixiao(env, "backup", str(archive))
    assert done.returncode == 0, done.stderr
    assert "已备份" in done.stdout
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["schema"] == "jixiao.backup/1" and manifest["engine"] == "sqlite"

    sql(db, "UPDATE jixiao_storage_record SET title = '改过', status = 'draft'")
    sql(db, "DELETE FROM jixiao_storage_auditentry")
    first = next(iter(files))
    (data / "uploads" / first).unlink()
    (data / "uploads" / "stray").write_bytes(b"x")

    done = jixiao(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "已从" in done.stdout
    assert sql(db, "SELECT id, title, status FROM jixiao_storage_record ORDER BY id") == titles
    assert sql(db, "SELECT count(*) FROM jixiao_storage_auditentry")[0][0] > 0
    assert uploads_of(data) == files
    assert sql(db, "PRAGMA integrity_check") == [("ok",)]
    assert not [p for p in data.iterdir() if p.name.startswith(".")]  # no staging left behind


def make_archive(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def manifest(engine: str = "sqlite", schema: str = "jixiao.backup/1") -> bytes:
    return json.dumps({"schema": schema, "engine": engine, "created": "2025-01-01"}).encode()


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"a.txt": b"hello"}, "缺少 manifest.json"),
        ({"manifest.json": b"[1]", "database.sqlite3": b""}, "jixiao.backup/1"),
        ({"manifest.json": b"{not json", "database.sqlite3": b""}, "JSONDecodeError"),
        ({"manifest.json": manifest(schema="x/1"), "database.sqlite3": b""}, "jixiao.backup/1"),
        ({"manifest.json": manifest(engine="mysql"), "database.sqlite3": b""}, "缺少数据库文件"),
        ({"manifest.json": manifest()}, "缺少数据库文件"),
        ({"manifest.json": manifest(), "database.sqlite3": b"", "../evil": b"x"}, "../evil"),
        ({"manifest.json": manifest(), "database.sqlite3": b"", "etc/passwd": b"x"}, "etc/passwd"),
    ],
)
def test_unpack_names_why_an_archive_is_not_ours(
    members: dict[str, bytes], reason: str, tmp_path: Path
) -> None:
    archive = make_archive(tmp_path / "x.tar.gz", members)
    into = tmp_path / "into"
    into.mkdir()
    got = unpack(archive, into)
    assert isinstance(got, str) and reason in got
    assert list(into.iterdir()) == []  # nothing unpacked


def test_unpack_refuses_files_that_are_not_whole_tar_gz(tmp_path: Path) -> None:
    good = make_archive(tmp_path / "good.tar.gz", {"manifest.json": manifest(),
                                                   "database.sqlite3": b"x" * 100_000})  # fmt: skip
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[:200])
    plain_tar = tmp_path / "plain.tar"
    with tarfile.open(plain_tar, "w") as tar:
        tar.add(good, arcname="manifest.json")
    text = tmp_path / "text.tar.gz"
    text.write_text("这不是备份", encoding="utf-8")
    for path in (truncated, plain_tar, text):
        got = unpack(path, tmp_path / "into")
        assert isinstance(got, str) and "Error" in got, (path.name, got)
    assert isinstance(unpack(good, tmp_path / "into"), dict)


def test_unpack_refuses_links_out_of_the_archive(tmp_path: Path) -> None:
    archive = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("manifest.json", manifest()), ("database.sqlite3", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("uploads/x")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    got = unpack(archive, tmp_path)
    assert isinstance(got, str) and "uploads/x" in got


def test_restore_refuses_a_foreign_or_damaged_archive_and_changes_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    (data / "uploads").mkdir(parents=True)
    (data / "uploads" / "kept").write_bytes(b"kept")
    db = data / "jixiao.sqlite3"
    sql(db, "CREATE TABLE t (x)")
    before = db.read_bytes()
    plain = tmp_path / "notes.tar.gz"
    plain.write_text("这不是备份", encoding="utf-8")
    damaged = {
        "manifest.json": manifest(),
        "database.sqlite3": b"SQLite format 3\x00" + b"\x07" * 4096,
    }
    other = {"manifest.json": manifest("postgresql"), "database.pgdump": b"PGDMP"}
    cases = {
        plain: "不是 jixiao 的备份文件",
        make_archive(tmp_path / "damaged.tar.gz", damaged): "损坏",
        make_archive(tmp_path / "pg.tar.gz", other): "postgresql",  # the other engine
    }
    for archive, reason in cases.items():
        done = jixiao(env_for(data), "restore", str(archive))
        assert done.returncode == 2, (archive.name, done.stdout, done.stderr)
        assert archive.name in done.stderr and reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert db.read_bytes() == before
    assert [p.name for p in data.iterdir() if p.name.startswith(".")] == []
    assert uploads_of(data) == {"kept": b"kept"}


# ---- backup and restore: PostgreSQL -----------------------------------------------------------


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """A database of our own next to the configured one (never `test` itself), dropped after."""
    import psycopg  # noqa: PLC0415 - only the PostgreSQL test needs it

    required = bool(getattr(settings, "POSTGRES_REQUIRED", False))
    url = str(getattr(settings, "POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    try:
        admin = psycopg.connect(url, connect_timeout=2, autocommit=True)
    except psycopg.Error as exc:
        if required:
            pytest.fail(f"DATABASE_URL names PostgreSQL but it is not reachable: {exc}")
        pytest.skip(PG_UNREACHABLE)
    name = f"jixiao_backup_test_{os.getpid()}"
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(url)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SETUP = """
from django.core.management import call_command
from jixiao.storage.models import Unit
call_command("migrate", verbosity=0)
bureau = Unit.objects.create(name="甲市财政局", kind="bureau", region="河北省")
Unit.objects.create(name="甲市民政局", kind="department", parent=bureau)
"""


@pytest.mark.postgres
def test_backup_then_restore_puts_postgresql_data_back(
    scratch_postgres: str, tmp_path: Path
) -> None:
    import psycopg  # noqa: PLC0415

    data = tmp_path / "data"
    env = env_for(data, DATABASE_URL=scratch_postgres)
    done = jixiao(env, "manage", "shell", "-c", SETUP)
    assert done.returncode == 0, done.stderr
    (data / "uploads").mkdir(parents=True, exist_ok=True)
    (data / "uploads" / "file-1").write_bytes("自评表".encode())

    def units() -> list[tuple[object, ...]]:
        with psycopg.connect(scratch_postgres) as conn:
            rows = conn.execute("SELECT name FROM jixiao_storage_unit ORDER BY name").fetchall()
            return [tuple(r) for r in rows]

    before = units()
    assert len(before) == 2
    archive = tmp_path / "pg.tar.gz"
    done = jixiao(env, "backup", str(archive))
    assert done.returncode == 0, done.stderr
    with tarfile.open(archive) as tar:
        assert "database.pgdump" in tar.getnames()

    with psycopg.connect(scratch_postgres) as conn:
        conn.execute("UPDATE jixiao_storage_unit SET region = '改过', name = name || '（改）'")
    (data / "uploads" / "file-1").unlink()
    assert units() != before

    done = jixiao(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert units() == before
    assert (data / "uploads" / "file-1").read_bytes() == "自评表".encode()
