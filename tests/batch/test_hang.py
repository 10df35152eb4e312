"""A document that hangs (in its reader, or after it) or kills its worker becomes one row with
the reason; the batch finishes and the other files are all there."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from jixiao.services.batch import BatchConfig, run_batch
from jixiao.services.batch_tables import latest_rows
from jixiao.services.batch_task import TaskOptions
from tests.batch.conftest import DEMO
from tests.batch.helpers import crashing_task, sleepy_read, stuck_task


@pytest.fixture
def folder(mixed: Path, tmp_path: Path) -> Path:
    out = tmp_path / "docs"
    out.mkdir()
    html = mixed / "minzheng-2024-project-self-eval.html"
    for name in ("a.html", "b.html", "hang.html", "stuck.html", "crash.html"):
        shutil.copy(html, out / name)
    shutil.copy(DEMO / "minzheng-2024-project-self-eval.txt", out / "c.txt")
    return out


def _by_name(out: Path) -> dict[str, dict[str, object]]:
    return {Path(r["path"]).name: r for r in latest_rows(out)}


def test_a_reader_that_hangs_is_timed_out_and_the_rest_goes_on(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    options = TaskOptions(read=sleepy_read, timeout=1.5)
    start = time.monotonic()
    summary = run_batch([str(folder)], out, BatchConfig(workers=2, options=options))
    assert time.monotonic() - start < 30
    rows = _by_name(out)
    assert len(rows) == 6 and summary.processed == 6
    assert "读取超时（1.5秒），已放弃" in str(rows["hang.html"]["error"])
    assert [p for p, _ in summary.unreadable] == [str(folder / "hang.html")]
    assert all(rows[n]["error"] is None for n in ("a.html", "b.html", "c.txt", "stuck.html"))


def test_a_worker_stuck_after_reading_is_killed_and_replaced(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    config = BatchConfig(workers=2, task=stuck_task, deadline=3)
    summary = run_batch([str(folder)], out, config)
    rows = _by_name(out)
    assert len(rows) == 6
    assert "处理超时（3秒），已放弃" in str(rows["stuck.html"]["error"])
    assert rows["stuck.html"]["sha256"] is not None  # so a restart does not redo it
    assert [Path(p).name for p, _ in summary.unreadable] == ["stuck.html"]
    again = run_batch([str(folder)], out, config)  # nothing left to do
    assert again.processed == 0 and again.skipped == 6 and again.unreadable_before == 1


def test_a_worker_that_dies_is_reported_and_replaced(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    summary = run_batch([str(folder)], out, BatchConfig(workers=2, task=crashing_task))
    rows = _by_name(out)
    assert len(rows) == 6
    assert "处理进程意外退出（退出码 3）" in str(rows["crash.html"]["error"])
    assert [Path(p).name for p, _ in summary.unreadable] == ["crash.html"]
