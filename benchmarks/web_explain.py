"""Child process of benchmarks/web.py: where each measured page spends its time, with the app's
environment (the same database, DJANGO_SETTINGS_MODULE=jixiao.web.settings).

Reads the pages from stdin (JSON: label, user name or null, paths, explain) and requests each
path once through Django's test client, after one warm-up request: queries, SQL time and view
time, and the slowest query. The SQL time is each captured SELECT run again with its rows
fetched: Django times only ``execute()``, and SQLite does most of its work while the rows are
fetched. For a page marked ``explain`` (it
missed the target): the plan of its slowest distinct queries (SQLite: EXPLAIN QUERY PLAN;
PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)), a profile of the view (cumulative, jixiao's own
functions), and for the detail page the time by demo document: view, re-assessment
(flows.assess_record) and layout.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import django

MAX_PLANS = 3


class PageError(Exception):
    """A page that did not answer 200."""


Run = tuple[str, float, list[str]]  # path, seconds, the SQL of each query


def run(client: Any, paths: list[str]) -> list[Run]:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client.raise_request_exception = False
    client.get(paths[0])
    runs = []
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - t0
        if response.status_code != 200:
            raise PageError(f"HTTP {response.status_code} at {path}")
        runs.append((path, seconds, [q["sql"] for q in ctx.captured_queries]))
    return runs


class Timer:
    """Each distinct SELECT run again, rows fetched: its whole cost, in seconds."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, sql: str) -> float:
        from django.db import connection  # noqa: PLC0415

        if sql not in self.seconds:
            self.seconds[sql] = 0.0
            if sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    t0 = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    self.seconds[sql] = time.perf_counter() - t0
        return self.seconds[sql]


def plan(sql: str) -> list[str]:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _, detail in cursor.fetchall():
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def shape(sql: str) -> str:
    """A query with its literals blanked, to tell distinct queries apart."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def show_plans(timer: Timer) -> None:
    slowest: dict[str, tuple[float, str]] = {}
    for sql, seconds in timer.seconds.items():
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        key = shape(sql)
        if seconds > slowest.get(key, (-1.0, ""))[0]:
            slowest[key] = (seconds, sql)
    for seconds, sql in sorted(slowest.values(), reverse=True)[:MAX_PLANS]:
        print(f"    {1000 * seconds:.1f} ms: {sql[:600]}")
        for line in plan(sql):
            print(f"        {line}")


def show_profile(client: Any, paths: list[str]) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for path in paths:
        client.get(path)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(
        r"jixiao|django/template/base|django/core/paginator|db/models/sql/compiler", 14
    )
    body = out.getvalue()
    lines = body[body.find("ncalls") :].rstrip().splitlines()
    print(f"    profile over {len(paths)} requests (cumulative seconds):")
    for line in lines:
        short = re.sub(r"/\S*/site-packages/|/\S*/src/", "", line)
        print(f"      {short[:150]}")


def by_document(runs: list[Run]) -> None:
    from jixiao.storage.models import Record  # noqa: PLC0415
    from jixiao.web import flows  # noqa: PLC0415
    from jixiao.web.present import layout  # noqa: PLC0415

    groups: dict[str, list[tuple[float, float, float]]] = {}
    for path, seconds, _ in runs:
        record = Record.objects.select_related("unit").get(pk=int(path.strip("/").split("/")[-1]))
        doc = record.document
        name = Path((doc.get("source") or {}).get("path") or "?").stem
        label = f"{name} {doc.get('project') or ''}"[:44]
        t0 = time.perf_counter()
        a = flows.assess_record(record)
        t1 = time.perf_counter()
        layout(a)
        t2 = time.perf_counter()
        groups.setdefault(label, []).append((seconds, t1 - t0, t2 - t1))
    print(f"    {'by demo document':46}{'n':>4}{'view ms':>9}{'assess ms':>11}{'layout ms':>11}")
    for label, rows in sorted(groups.items(), key=lambda kv: -statistics.mean(r[0] for r in kv[1])):
        view, assess, lay = (1000 * statistics.mean(r[k] for r in rows) for k in range(3))
        print(f"    {label:46}{len(rows):>4}{view:>9.0f}{assess:>11.0f}{lay:>11.0f}")


def main() -> None:
    pages = json.loads(sys.stdin.read())
    django.setup()
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    users = get_user_model()
    print(f"  where the time goes ({connection.vendor}, one request at a time, test client):")
    print(f"  {'page':28}{'queries':>8}{'SQL ms':>8}{'view ms':>9}  slowest query")
    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page["user"]:
            client.force_login(users.objects.get(username=page["user"]))
        try:
            runs = run(client, page["paths"])
        except PageError as exc:
            print(f"  {page['label']:28}{exc}: not measured")
            continue
        timer = Timer()
        queries = statistics.mean(len(q) for _, _, q in runs)
        sql_ms = statistics.mean(1000 * sum(map(timer, q)) for _, _, q in runs)
        view_ms = statistics.mean(1000 * s for _, s, _ in runs)
        worst = max(timer.seconds, key=timer.seconds.__getitem__)
        worst_text = f"{1000 * timer.seconds[worst]:.1f} ms {worst[:70]}"
        print(f"  {page['label']:28}{queries:>8.0f}{sql_ms:>8.1f}{view_ms:>9.1f}  {worst_text}")
        if page["explain"]:
            show_plans(timer)
            show_profile(client, page["paths"])
            if page["label"].startswith("detail"):
                by_document(runs)


if __name__ == "__main__":
    main()
