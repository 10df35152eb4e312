"""`jixiao serve`, `demo` and `manage` (interface.md §1): the web app from the command line.

cli/app.py mounts these commands (and `backup`/`restore` from cli/backup.py, which shares the
helpers here). The CLI layer imports only services, writers and model (tests/test_layers.py),
so Django and the web packages are loaded by name, at run time, inside the commands that need
them. ``DJANGO_SETTINGS_MODULE`` is always ``jixiao.web.settings`` (``JIXIAO_SETTINGS`` names
another module), whatever the environment says: a test process's own settings never leak in.
Exit codes: 0 done; 2 a missing or bad setting, a busy port, an unreachable database.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from jixiao.cli import output

app = typer.Typer(add_completion=False, rich_markup_mode=None)

SETTINGS = "jixiao.web.settings"
WSGI = "jixiao.web.wsgi:application"
MIN_KEY_LENGTH = 50  # and 5 different characters: the bar of `manage check --deploy`
MIN_KEY_CHARS = 5
DEMO_HOSTS = "127.0.0.1,localhost"
MAX_WORKERS = 8
KEY_HINT = (
    "export JIXIAO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
)

HostOpt = Annotated[str, typer.Option("--host", help="监听地址（0.0.0.0 为所有网卡）")]
PortOpt = Annotated[int, typer.Option("--port", help="端口")]


def fail(message: str) -> NoReturn:
    """A Chinese message on stderr, exit 2."""
    output.err.print(f"[red]错误[/red] {escape(message)}")
    raise typer.Exit(output.EXIT_UNREADABLE)


def note(message: str) -> None:
    output.err.print(f"[yellow]注意[/yellow] {escape(message)}")


def say(message: str) -> None:
    output.out.print(escape(message), soft_wrap=True)


# ---- Django (imported inside the web commands only: design.md §3) ---------------------------


def django_settings() -> Any:
    """Django set up on jixiao's settings; its ``settings`` object. A bad setting → exit 2."""
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("JIXIAO_SETTINGS") or SETTINGS
    import django  # noqa: PLC0415 - Django only for the web commands
    from django.conf import settings  # noqa: PLC0415
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        fail(f"配置错误：{exc}")
    return settings


def _call(command: str, **options: Any) -> None:
    """A management command, quietly; a database that cannot be reached → exit 2."""
    from django.core.management import call_command  # noqa: PLC0415
    from django.db.utils import OperationalError  # noqa: PLC0415

    try:
        call_command(command, interactive=False, verbosity=0, **options)
    except OperationalError as exc:
        fail(f"无法连接数据库（{command}）：{exc}")


# ---- serve and demo --------------------------------------------------------------------------


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _exec_gunicorn(host: str, port: int, workers: int, *extra: str) -> NoReturn:
    """Replace this process by gunicorn (Ctrl-C and SIGTERM then reach it directly)."""
    from django.db import connections  # noqa: PLC0415
    from gunicorn import config  # type: ignore[import-untyped]  # noqa: PLC0415

    connections.close_all()
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    argv = [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers)]
    if hasattr(config, "ControlSocketDisable"):  # gunicorn ≥ 25.1
        argv.append("--no-control-socket")  # one fixed ~/.gunicorn path would clash
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [*argv, *extra, WSGI])


def _check_port(host: str, port: int, command: str) -> None:
    if not _port_free(host, port):
        fail(
            f"端口 {port} 已被占用或无法监听（{host}）：换一个端口，如 jixiao {command} --port 8001"
        )


@app.command(
    help="运行网页系统，供正式使用：gunicorn + WhiteNoise，启动前迁移数据库、收集静态文件；"
    "须设置 JIXIAO_SECRET_KEY，数据库由 DATABASE_URL 指定，未设置时用数据目录中的 SQLite (serve)"
)
def serve(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    workers: Annotated[
        int | None, typer.Option("--workers", help="gunicorn 工作进程数（默认 2×CPU+1，最多 8）")
    ] = None,
) -> None:
    os.environ.setdefault("JIXIAO_PRODUCTION", "1")
    key = os.environ.get("JIXIAO_SECRET_KEY", "")
    if not key:
        fail(f"未设置 JIXIAO_SECRET_KEY：生产环境须提供至少 50 个随机字符的密钥，如 {KEY_HINT}")
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_CHARS:
        fail(f"JIXIAO_SECRET_KEY 太短或太简单（{len(key)} 个字符）：至少 50 个随机字符")
    _check_port(host, port, "serve")
    django_settings()
    _call("migrate")
    _call("collectstatic")
    if not os.environ.get("JIXIAO_ALLOWED_HOSTS"):
        note("未设置 JIXIAO_ALLOWED_HOSTS：只接受访问 127.0.0.1 和 localhost 的请求")
    count = workers or min(2 * (os.cpu_count() or 1) + 1, MAX_WORKERS)
    say(f"jixiao 网页系统启动：{host}:{port}，{count} 个工作进程（按 Ctrl-C 停止）")
    _exec_gunicorn(host, port, count, "--access-logfile", "-", "--timeout", "120")


def _secret_key(data_dir: Path) -> str:
    """The demo's secret key: made once, kept in ``DATA_DIR/secret_key`` (mode 0600)."""
    path = data_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        path.chmod(0o600)
        key = path.read_text(encoding="utf-8").strip()
        if len(key) >= MIN_KEY_LENGTH:
            return key
        path.unlink()
        return _secret_key(data_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        key = secrets.token_urlsafe(64)
        fh.write(key + "\n")
    return key


def _accounts() -> list[tuple[str, str, str]]:
    """(user name, role, unit) of the demo accounts (never other accounts: the demo password
    is printed beside them)."""
    from jixiao.web.demo import demo_users  # noqa: PLC0415

    return [(u.username, u.role.label, u.unit) for u in demo_users()]


def _demo_table(port: int, password: str, created: int) -> None:
    from jixiao.storage.models import Record  # noqa: PLC0415

    records = Record.objects.count()
    table = Table(title="演示账户", title_justify="left")
    for column in ("用户名", "角色", "单位"):
        table.add_column(column)
    for row in _accounts():
        table.add_row(*row)
    output.out.print(table)
    say(f"密码（所有演示账户）：{password}")
    what = f"新建演示记录 {created} 条" if created else "演示数据已存在，未重复导入"
    say(f"{what}；数据库中共有记录 {records} 条")
    say(f"网址：http://127.0.0.1:{port}/")


@app.command(
    help="演示网页系统：在数据目录建 SQLite 数据库，导入示例文档和演示账户并打印出来，"
    "在 127.0.0.1 上运行；按 Ctrl-C 停止 (demo)"
)
def demo(
    port: PortOpt = 8000,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="只建库和导入数据，不启动服务")
    ] = False,
) -> None:
    if os.environ.pop("DATABASE_URL", None):
        note("演示只用数据目录中的 SQLite 数据库，忽略 DATABASE_URL")
    os.environ["JIXIAO_PRODUCTION"] = "0"
    os.environ["JIXIAO_DEBUG"] = "0"
    os.environ["JIXIAO_ALLOWED_HOSTS"] = DEMO_HOSTS
    if not no_serve:
        _check_port("127.0.0.1", port, "demo")
    settings = django_settings()
    say(f"数据目录：{settings.DATA_DIR}")
    _call("migrate")
    from jixiao.web import demo as demo_data  # noqa: PLC0415

    _made, created = demo_data.load_demo()  # ([], 0) when the demo data is there
    _demo_table(port, demo_data.DEMO_PASSWORD, created)
    if no_serve:
        return
    os.environ.setdefault("JIXIAO_SECRET_KEY", _secret_key(Path(settings.DATA_DIR)))
    say("按 Ctrl-C 停止")
    _exec_gunicorn("127.0.0.1", port, 2)


@app.command(
    help="Django 管理命令：migrate、createsuperuser、changepassword、check --deploy 等，"
    "jixiao manage help 列出全部 (manage)",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                      "allow_interspersed_args": False},
)  # fmt: skip
def manage(
    args: Annotated[
        list[str] | None,
        typer.Argument(help="Django 命令及其参数", metavar="ARGS", show_default=False),
    ] = None,
) -> None:
    django_settings()
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["jixiao manage", *(args or [])])
