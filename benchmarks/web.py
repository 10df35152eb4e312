"""The web app under load: page latency (p50/p95/p99/max) and requests/s with 100 000 records,
on SQLite and on PostgreSQL, against the target p95 ≤ 200 ms (≤ 300 ms for the dashboards,
their downloads and the review queue).

Per backend: a fresh database (a SQLite file in a temporary JIXIAO_DATA_DIR; the PostgreSQL
database ``jixiao_bench``, recreated) is migrated and loaded with N synthetic evaluations made
from the demo documents (benchmarks/web_data.py, in a child process with the app's
environment). gunicorn then serves ``jixiao.web.wsgi:application`` with 2 sync workers on
127.0.0.1 (JIXIAO_DEBUG=0, not production mode: no SSL redirect), and this process — the
second one — logs in through /login/ like a browser (GET for the CSRF cookie and form token,
then POST) and drives C client threads, each sending a fixed number of requests one after the
other (a bounded, closed-loop load), after a warm-up. Pages, as the first bureau's reviewer
(who sees half the records) unless said otherwise:

- ``/evaluations/``, the list; the same filtered by year, grade and status; a keyword search;
- ``/evaluations/<id>/``, the detail page, for random records the reviewer may open;
- ``/evaluations/`` as a department's filler; ``/public/?year=2024`` without logging in;
- ``/dashboards/?year=2024`` and ``/dashboards/`` (the latest year), the four charts with their
  tables; each table as .xlsx (``/dashboards/<chart>.xlsx?year=2024``); ``/review/``, the
  bureau's queue of submitted records by risk (p95 ≤ 300 ms for these).

The records carry ~20 indicator rows each in their documents (2 000 000 in all), a few stored
findings each, and their risk points and patterns (benchmarks/web_data.py).

Columns: rows is the list's "共 N 条"; app CPU ms/req is the CPU time of gunicorn and its
workers (and, on PostgreSQL, of the server's backends for the bench database) per request, a
figure other work on the machine hardly moves; others is the share of the machine's CPU that
other processes used meanwhile — when it is high, the latencies are too.

Afterwards each page is requested once more in a child process through Django's test client
(benchmarks/web_explain.py): queries, SQL time and view time; for a page that misses the
target, the query plans of its slowest queries (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) and a
profile of the view.

The app runs from a copy of src/jixiao taken at the start (the working tree's, or ``--rev``'s),
so edits made meanwhile cannot reach it; ``--patch`` applies a diff to that copy, to measure a
proposed fix without changing the tree.

    python benchmarks/web.py [--records 100000] [--db sqlite|postgres|both] [--requests 200]
                             [--concurrency 4] [--keep] [--rev HEAD] [--patch FIX.diff]

Target: p95 ≤ 200 ms for the record pages, ≤ 300 ms for the dashboards and the review queue.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import http.client
import io
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_P95_MS = 200
CYCLE_TARGET_P95_MS = 300  # dashboards, their downloads, the review queue (issue 8)
DASHBOARD_YEAR = 2024
PG_SERVER = os.environ.get("JIXIAO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DATABASE = "jixiao_bench"  # created and dropped here; never the test suite's database
WORKERS = 2
WARMUP_EACH = 3
SEARCH = "自然资源"
ROWS = re.compile("共 (\\d+) 条".encode())  # the list's count


@dataclass(frozen=True)
class Page:
    label: str
    user: str | None  # "reviewer", "filler", or None (anonymous)
    paths: tuple[str, ...]  # one picked at random for each request
    target: int = TARGET_P95_MS  # p95, ms


@dataclass
class Result:
    backend: str
    page: Page
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    rows: int | None = None  # the list's "共 N 条"
    app_cpu: float = 0.0  # CPU seconds of gunicorn, its workers and the database's backends
    others: float = 0.0  # share of the machine's CPU used by other processes meanwhile
    first_error: str = ""

    def pct(self, p: float) -> float:
        """Nearest-rank percentile, in ms."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.pct(95) <= self.page.target


def pages(ids: list[int]) -> list[Page]:
    filtered = "/evaluations/?" + urlencode({"year": 2024, "grade": "优秀", "status": "published"})
    return [
        Page("list", "reviewer", ("/evaluations/",)),
        Page("list ?year&grade&status", "reviewer", (filtered,)),
        Page(f"search ?q={SEARCH}", "reviewer", (f"/evaluations/?q={quote(SEARCH)}",)),
        Page("detail /evaluations/<id>/", "reviewer", tuple(map("/evaluations/{}/".format, ids))),
        Page("list (filler)", "filler", ("/evaluations/",)),
        Page("public ?year=2024", None, ("/public/?year=2024",)),
        *cycle_pages(),
    ]  # fmt: skip


def cycle_pages() -> list[Page]:
    """The pages of the year's cycle, as the first bureau's reviewer (target 300 ms)."""
    year = f"?year={DASHBOARD_YEAR}"
    out = [
        Page(f"dashboards {year}", "reviewer", (f"/dashboards/{year}",), CYCLE_TARGET_P95_MS),
        Page("dashboards (latest year)", "reviewer", ("/dashboards/",), CYCLE_TARGET_P95_MS),
    ]
    for chart in ("grades", "scatter", "findings", "years"):
        path = f"/dashboards/{chart}.xlsx{year}"
        out.append(Page(f"{chart}.xlsx", "reviewer", (path,), CYCLE_TARGET_P95_MS))
    out.append(Page("review queue /review/", "reviewer", ("/review/",), CYCLE_TARGET_P95_MS))
    return out


class Session:
    """One client: its own connection (kept alive when the server allows it) and cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            try:
                self.conn.request(method, path, body=body, headers={**sent, **(headers or {})})
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt:
                    raise
                continue
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            if response.will_close:
                self.close()
            return response.status, data
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def log_in(port: int, username: str, password: str) -> dict[str, str]:
    """The browser's way: the form (CSRF cookie and token), then the POST; the session cookies."""
    session = Session(port)
    status, body = session.request("GET", "/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None or "csrftoken" not in session.cookies:
        raise SystemExit(f"GET /login/ gave {status} without a CSRF token")
    form = urlencode({"username": username, "password": password, "next": "/",
                      "csrfmiddlewaretoken": token.group(1).decode()})  # fmt: skip
    status, _ = session.request(
        "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302 or "sessionid" not in session.cookies:
        raise SystemExit(
            f"log in as {username}: status {status}, cookies {sorted(session.cookies)}"
        )
    session.close()
    return session.cookies


class CpuMeter:
    """CPU seconds of the app (gunicorn and its workers; for PostgreSQL also the server's
    backends for the bench database), of this process (the clients) and of the whole machine,
    so a figure taken while something else ran on the machine can be told apart."""

    def __init__(self, server_pid: int) -> None:
        self.server = psutil.Process(server_pid)
        # pid → its CPU seconds when last seen: a database backend that ends between two
        # snapshots (a connection past CONN_MAX_AGE) keeps counting what it had used, so the
        # total never goes down (it went to −89 ms a request on PostgreSQL's review queue)
        self.seen: dict[int, float] = {}

    def app(self) -> float:
        procs = [self.server, *self.server.children(recursive=True)]
        for p in psutil.process_iter(["cmdline"]):
            if PG_DATABASE in " ".join(p.info["cmdline"] or []) and p.pid != os.getpid():
                procs.append(p)
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                self.seen[p.pid] = t.user + t.system
        return sum(self.seen.values())

    def snapshot(self) -> tuple[float, float, float]:
        me = psutil.Process().cpu_times()
        m = psutil.cpu_times()
        busy = m.user + m.nice + m.system + m.irq + m.softirq + m.steal
        return self.app(), me.user + me.system, busy

    def measure(self, before: tuple[float, float, float], result: Result) -> None:
        app, client, busy = (b - a for a, b in zip(before, self.snapshot(), strict=True))
        result.app_cpu = app
        capacity = result.seconds * (psutil.cpu_count() or 1)
        result.others = max(0.0, busy - app - client) / capacity


def drive(
    port: int, page: Page, cookies: dict[str, str], each: int, clients: int, meter: CpuMeter
) -> Result:
    """``clients`` threads, each sending ``each`` requests back to back after a warm-up."""
    result = Result("", page)
    sessions = [Session(port, cookies) for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    done = threading.Barrier(clients + 1)
    lock = threading.Lock()

    def client(k: int) -> None:
        rng = random.Random(k)
        session = sessions[k]
        for _ in range(WARMUP_EACH):
            session.request("GET", rng.choice(page.paths))
        start.wait()
        mine: list[float] = []
        errors = 0
        for _ in range(each):
            path = rng.choice(page.paths)
            t0 = time.perf_counter()
            status, body = session.request("GET", path)
            mine.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1
                result.first_error = result.first_error or f"HTTP {status} at {path}"
            elif result.rows is None and (m := ROWS.search(body)):  # bytes: a download too
                result.rows = int(m.group(1))
        done.wait()
        with lock:
            result.latencies.extend(mine)
            result.errors += errors
        session.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    cpu = meter.snapshot()
    t0 = time.perf_counter()
    done.wait()
    result.seconds = time.perf_counter() - t0
    meter.measure(cpu, result)
    for t in threads:
        t.join()
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def snapshot(dest: Path, rev: str | None) -> str:
    """A copy of the package for the app to run from (PYTHONPATH), so that edits made to the
    tree while the benchmark runs cannot reach gunicorn's workers half-way (a template read
    after the edit with template tags imported before it)."""
    if rev:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
            check=True, stdout=subprocess.PIPE, text=True,
        ).stdout.strip()  # fmt: skip
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src/jixiao"],
            check=True, stdout=subprocess.PIPE,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        return f"src/jixiao at {commit[:12]}"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src" / "jixiao", dest / "src" / "jixiao", ignore=ignore)
    return "src/jixiao as the working tree had it at the start"


def app_env(database_url: str, data_dir: Path, code: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    env.update(
        PYTHONPATH=str(code / "src"),
        DJANGO_SETTINGS_MODULE="jixiao.web.settings",
        DATABASE_URL=database_url,
        JIXIAO_DATA_DIR=str(data_dir),
        JIXIAO_SECRET_KEY=secrets.token_urlsafe(50),
        JIXIAO_ALLOWED_HOSTS="127.0.0.1",
        JIXIAO_DEBUG="0",
    )
    return env


@contextlib.contextmanager
def serving(env: dict[str, str], data_dir: Path) -> Iterator[tuple[int, int]]:
    """gunicorn with 2 workers on a free port; stopped (and its log shown on failure) after."""
    port = free_port()
    log_path = data_dir / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--timeout",
               "120", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=data_dir
        )
    ok = False
    try:
        wait_ready(port, server)
        yield port, server.pid
        ok = True
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if not ok:
            print(log_path.read_text()[-3000:], file=sys.stderr)


def wait_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _ = Session(port).request("GET", "/login/")
            if status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def pg_admin(sql: str) -> None:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def load(env: dict[str, str], records: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / "web_data.py"), "--records", str(records)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    info: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    info["load_seconds"] = time.perf_counter() - t0
    return info


def print_load(backend: str, info: dict[str, Any]) -> None:
    print(
        f"{backend}: migrated in {info['migrate_seconds']:.1f} s; {info['bases']} demo evaluations "
        f"assessed in {info['assess_seconds']:.1f} s; {info['records']:,} records in "
        f"{info['units']} units inserted in {info['insert_seconds']:.1f} s "
        f"({info['records'] / info['insert_seconds']:,.0f} records/s)"
        + (f", VACUUM ANALYZE {info['analyze_seconds']:.1f} s" if backend == "postgres" else "")
        + f"; database {info['database_bytes'] / 1e9:.2f} GB; "
        f"load time {info['load_seconds']:.1f} s in all",
        flush=True,
    )
    if "findings" in info:  # since issue 8
        print(
            f"{backend}: {info['indicator_rows']:,} indicator rows in the documents, "
            f"{info['findings']:,} stored findings, {info['submitted']:,} records submitted "
            f"({info['reviewer_queue']:,} in the reviewer's queue)",
            flush=True,
        )


def measure(
    backend: str,
    env: dict[str, str],
    data_dir: Path,
    info: dict[str, Any],
    args: argparse.Namespace,
) -> list[Result]:
    each = max(1, args.requests // args.concurrency)
    results = []
    with serving(env, data_dir) as (port, pid):
        meter = CpuMeter(pid)
        cookies = {
            "reviewer": log_in(port, info["reviewer"], info["password"]),
            "filler": log_in(port, info["filler"], info["password"]),
        }
        print(
            f"{backend}: gunicorn, {WORKERS} workers on 127.0.0.1:{port}; logged in as "
            f"{info['reviewer']} (reviewer, {info['reviewer_visible']:,} records visible) and "
            f"{info['filler']} (filler); {args.concurrency} clients × {each} requests a page",
            flush=True,
        )
        print(HEADER, flush=True)
        for page in pages(info["detail_ids"]):
            jar = cookies[page.user] if page.user else {}
            result = drive(port, page, jar, each, args.concurrency, meter)
            result.backend = backend
            print_row(result, flush=True)
            results.append(result)
    return results


def explain(env: dict[str, str], info: dict[str, Any], results: list[Result]) -> None:
    """Queries, SQL and view time of each page; plans and a profile where the target is missed."""
    users = {"reviewer": info["reviewer"], "filler": info["filler"], None: None}
    spec = [
        {"label": r.page.label, "user": users[r.page.user], "explain": not r.passed,
         "paths": list(r.page.paths[:60]) if len(r.page.paths) > 1 else list(r.page.paths) * 3}
        for r in results
    ]  # fmt: skip
    subprocess.run(
        [sys.executable, str(HERE / "web_explain.py")],
        env=env, input=json.dumps(spec), text=True, check=True,
    )  # fmt: skip


HEADER = (
    f"{'backend':9}{'page':28}{'rows':>8}{'requests':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    f"{'max ms':>8}{'req/s':>7}{'errors':>7}{'app CPU ms/req':>15}{'others':>7}"
    f"  p95 target"
)


def print_row(r: Result, flush: bool = False) -> None:
    rows = "" if r.rows is None else f"{r.rows:,}"
    print(
        f"{r.backend:9}{r.page.label:28}{rows:>8}{len(r.latencies):>9}{r.pct(50):>8.0f}"
        f"{r.pct(95):>8.0f}{r.pct(99):>8.0f}{r.pct(100):>8.0f}"
        f"{len(r.latencies) / r.seconds:>7.1f}{r.errors:>7}"
        f"{1000 * r.app_cpu / len(r.latencies):>15.0f}{r.others:>7.0%}"
        f"  ≤ {r.page.target} ms {'PASS' if r.passed else 'FAIL'}",
        flush=flush,
    )


def run_backend(backend: str, args: argparse.Namespace, code: Path) -> list[Result]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"jixiao-web-bench-{backend}-"))
    if backend == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
        url = f"{PG_SERVER}/{PG_DATABASE}"
    else:
        url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    env = app_env(url, data_dir, code)
    try:
        info = load(env, args.records)
        print_load(backend, info)
        results = measure(backend, env, data_dir, info, args)
        explain(env, info, results)
        return results
    finally:
        if args.keep:
            print(f"{backend}: kept {url} and {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if backend == "postgres":
                pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--requests", type=int, default=200, help="per page, all clients")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the databases and data dirs")
    parser.add_argument(
        "--rev", help="run the app from this git revision (default: the working tree's src/)"
    )
    parser.add_argument(
        "--patch", type=Path, action="append", default=[],
        help="apply this diff (git apply -p1) to the app's copy first, to measure a fix",
    )  # fmt: skip
    args = parser.parse_args()
    # a TERM ends the run like Ctrl-C: gunicorn stopped, temporary files and database dropped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lock = (Path(tempfile.gettempdir()) / "jixiao-web-bench.lock").open("w")
    try:  # held until the process ends
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(
            f"another benchmarks/web.py is running: it would share the CPU and drop the "
            f"database {PG_DATABASE} under this one; run again when it has ended"
        ) from None
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {psutil.cpu_count()} cores, load average {load} before the run")
    results: list[Result] = []
    code = Path(tempfile.mkdtemp(prefix="jixiao-web-bench-code-"))
    try:
        print(f"app: {snapshot(code, args.rev)}", flush=True)
        for diff in args.patch:
            subprocess.run(["git", "apply", "-p1", str(diff.resolve())], cwd=code, check=True)
            print(f"app: with {diff} applied", flush=True)
        for backend in backends:
            results.extend(run_backend(backend, args, code))
    finally:
        shutil.rmtree(code, ignore_errors=True)
    print()
    print(f"{args.records:,} records, {WORKERS} gunicorn workers, {args.concurrency} clients")
    print(HEADER)
    for r in results:
        print_row(r)
    for r in results:
        if r.errors:
            print(f"{r.backend} {r.page.label}: {r.errors} errors, the first {r.first_error}")
    failed = [r for r in results if not r.passed]
    print("OK" if not failed else f"BELOW TARGET: {len(failed)} of {len(results)} pages")


if __name__ == "__main__":
    main()
