"""`jixiao backup OUT` and `jixiao restore IN` (interface.md §1): the database and the uploads.

A backup is one ``.tar.gz`` (mode 0600): ``manifest.json`` ({"schema": "jixiao.backup/1",
"engine": "sqlite" | "postgresql", "created", "jixiao", "uploads"}), the database
(``database.sqlite3`` from SQLite's online backup API, or ``database.pgdump`` from
``pg_dump --format=custom``) and ``uploads/``. It is written beside OUT and renamed into place.

Restore checks everything before it changes anything: an archive that is not ours, a damaged
one, or one of the other engine is refused (exit 2, the file named). SQLite: the copy is
staged next to the database, checked (``integrity_check``) and swapped in with one rename.
PostgreSQL: ``pg_restore --clean --if-exists --no-owner --single-transaction`` (all or
nothing). Then the uploads folder is swapped the same way. Stop the server first.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from jixiao import __version__
from jixiao.cli.web import django_settings, fail, say

app = typer.Typer(add_completion=False, rich_markup_mode=None)

SCHEMA = "jixiao.backup/1"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def _engine(db: dict[str, Any]) -> str:
    engine = str(db.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    fail(f"不支持备份这种数据库：{engine}（可用 SQLite 或 PostgreSQL）")


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if shutil.which(argv[0]) is None:
        fail(f"未找到 {argv[0]}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）")
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the configured database (the password stays out of argv)."""
    env = dict(os.environ)
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD",
             "NAME": "PGDATABASE"}  # fmt: skip
    for key, var in names.items():
        if db.get(key):
            env[var] = str(db[key])
    return env


def _sqlite_copy(source: Path, dest: Path) -> None:
    if not source.is_file():
        fail(f"数据库文件不存在：{source}（先运行 jixiao demo 或 jixiao manage migrate）")
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(dest)) as dst,
    ):
        src.backup(dst)  # a consistent copy while the server keeps running


@app.command(
    help="备份数据库和上传文件到一个 .tar.gz 文件：SQLite 在线备份，PostgreSQL 用 pg_dump (backup)"
)
def backup(
    out: Annotated[
        Path, typer.Argument(help="备份文件，如 jixiao-备份.tar.gz", show_default=False)
    ],
) -> None:
    settings = django_settings()
    db = settings.DATABASES["default"]
    engine = _engine(db)
    uploads = Path(settings.UPLOAD_DIR)
    out = out.absolute()
    if not out.parent.is_dir():
        fail(f"目录不存在：{out.parent}")
    partial = out.with_name(f".{out.name}.{os.getpid()}.part")
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".jixiao-backup-") as tmp:
        dump = Path(tmp) / DB_MEMBER[engine]
        if engine == "sqlite":
            _sqlite_copy(Path(db["NAME"]), dump)
        else:
            done = _run(["pg_dump", "--format=custom", f"--file={dump}"], _pg_env(db))
            if done.returncode:
                fail(f"pg_dump 失败：{done.stderr.strip()}")
        files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []
        manifest = {"schema": SCHEMA, "engine": engine,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "jixiao": __version__, "uploads": len(files)}  # fmt: skip
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh, tarfile.open(fileobj=fh, mode="w:gz") as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
                tar.add(dump, arcname=dump.name)
                if uploads.is_dir():
                    tar.add(uploads, arcname="uploads")
                fh.flush()
                os.fsync(fh.fileno())
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    size = out.stat().st_size / 1024 / 1024
    say(f"已备份到 {out}：数据库（{engine}）和上传文件 {len(files)} 个，{size:.1f} MB")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _allowed(member: tarfile.TarInfo, db_member: str) -> bool:
    name = member.name
    ours = name in ("manifest.json", db_member) or name == "uploads" or name.startswith("uploads/")
    return ours and (member.isfile() or member.isdir())


def unpack(archive: Path, into: Path) -> dict[str, Any] | str:
    """The manifest, with the archive unpacked into ``into``; or why it is not ours."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            handle = tar.extractfile("manifest.json")
            manifest = json.loads(handle.read().decode("utf-8")) if handle else None
            if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA:
                return f"manifest.json 不是 {SCHEMA}"
            db_member = DB_MEMBER.get(str(manifest.get("engine")))
            members = tar.getmembers()
            if db_member is None or db_member not in {m.name for m in members}:
                return "缺少数据库文件"
            strange = [m.name for m in members if not _allowed(m, db_member)]
            if strange:
                return f"含有不属于备份的内容：{strange[0]}"
            tar.extractall(into, filter="data")
    except KeyError:
        return "缺少 manifest.json"
    except (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return manifest


def _sqlite_problem(path: Path) -> str | None:
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = conn.execute("SELECT name FROM sqlite_master WHERE name='django_migrations'")
            has_tables = tables.fetchone() is not None
    except sqlite3.DatabaseError as exc:
        return f"数据库文件损坏：{exc}"
    if not ok or ok[0] != "ok":
        return f"数据库文件损坏：{ok}"
    return None if has_tables else "数据库里没有 jixiao 的数据表"


def _sqlite_restore(copy: Path, target: Path, archive: Path) -> None:
    """Stage the copy next to the database, check it, then swap it in with one rename."""
    problem = _sqlite_problem(copy)
    if problem:
        fail(f"{archive} 无法恢复：{problem}；现有数据未改动")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restore-{os.getpid()}")
    try:
        shutil.copyfile(copy, staged)
        with closing(sqlite3.connect(staged)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")  # no -wal file to go with it
        with staged.open("rb") as fh:
            os.fsync(fh.fileno())
        for suffix in ("-wal", "-shm", "-journal"):  # journals of the file being replaced
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        staged.replace(target)
    finally:
        staged.unlink(missing_ok=True)


def _pg_restore(db: dict[str, Any], dump: Path, archive: Path) -> None:
    env = _pg_env(db)
    if _run(["pg_restore", "--list", str(dump)], env).returncode:
        fail(f"{archive} 无法恢复：数据库转储无法读取；现有数据未改动")
    done = _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 f"--dbname={db['NAME']}", str(dump)], env)  # fmt: skip
    if done.returncode:  # one transaction: nothing was changed
        fail(f"pg_restore 失败，数据库未改动：{done.stderr.strip()}")


def _swap_dir(new: Path, current: Path) -> None:
    new.mkdir(exist_ok=True)
    old = current.with_name(f".{current.name}.old-{os.getpid()}")
    if current.exists():
        current.replace(old)
    new.replace(current)
    shutil.rmtree(old, ignore_errors=True)


@app.command(
    help="从 jixiao backup 的备份文件恢复数据库和上传文件，替换现有数据；"
    "请先停止 jixiao serve (restore)"
)
def restore(
    archive: Annotated[
        Path, typer.Argument(help="jixiao backup 写出的 .tar.gz", show_default=False)
    ],
) -> None:
    if not archive.is_file():
        fail(f"备份文件不存在：{archive}")
    settings = django_settings()
    db = settings.DATABASES["default"]
    engine = _engine(db)
    uploads = Path(settings.UPLOAD_DIR)
    uploads.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads.parent, prefix=".jixiao-restore-") as tmp:
        manifest = unpack(archive, Path(tmp))
        if isinstance(manifest, str):
            fail(f"{archive} 不是 jixiao 的备份文件或已损坏（{manifest}）；现有数据未改动")
        if manifest["engine"] != engine:
            fail(f"{archive} 是 {manifest['engine']} 数据库的备份，而当前配置的是 {engine}；"
                  "现有数据未改动")  # fmt: skip
        dump = Path(tmp) / DB_MEMBER[engine]
        if engine == "sqlite":
            _sqlite_restore(dump, Path(db["NAME"]), archive)
        else:
            _pg_restore(db, dump, archive)
        _swap_dir(Path(tmp) / "uploads", uploads)
    say(f"已从 {archive} 恢复（备份于 {manifest.get('created')}）：数据库（{engine}）和上传文件")
    say("如果本机的 jixiao 版本较新，请再运行 jixiao manage migrate")
