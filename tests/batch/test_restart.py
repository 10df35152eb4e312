"""Kill a real batch in the middle (SIGKILL, SIGINT), break its last line, start it again:
every file ends up with exactly one row, its findings and its extract, nothing twice."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from jixiao.services.batch_store import BatchFiles, recover
from tests.batch.conftest import files_in

ROOT = Path(__file__).resolve().parents[2]


def _marked(mark: str) -> list[int]:
    """Processes started by the batch under test (they inherit its environment)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


def _start(folder: Path, out: Path, mark: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JIXIAO_TEST_MARK": mark, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "jixiao.cli.batch",
        "batch",
        str(folder),
        "-o",
        str(out),
        "--workers",
        "2",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_rows(out: Path, proc: subprocess.Popen[bytes], n: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and (rows := out.read_bytes().count(b"\n")) >= n:
            return rows
        time.sleep(0.005)
    pytest.fail("the batch finished (or hung) before it could be interrupted")


def _gone(mark: str, seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # never leave anything behind, whatever the assertion says
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def _assert_complete(folder: Path, out: Path) -> None:
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    counts = Counter(r["path"] for r in rows)
    assert sorted(counts) == files_in(folder)  # no file missing
    assert set(counts.values()) == {1}  # none twice
    assert all(r["error"] is None for r in rows)
    files = BatchFiles.for_output(out)
    findings = Counter(
        json.loads(x)["path"] for x in files.findings.read_text("utf-8").splitlines()
    )
    assert findings == Counter(
        {r["path"]: r["findings_total"] for r in rows if r["findings_total"]}
    )
    extracts = [json.loads(x)["path"] for x in files.evaluations.read_text("utf-8").splitlines()]
    assert sorted(extracts) == sorted(counts)


def test_sigkill_in_the_middle_then_restart(slow: Path, tmp_path: Path) -> None:
    out, mark = tmp_path / "out.jsonl", uuid.uuid4().hex
    proc = _start(slow, out, mark)
    written = _wait_for_rows(out, proc, 4)
    proc.kill()  # the batch process only, as `kill -9 PID` would
    proc.wait(10)
    assert _gone(mark) == []  # its workers saw their pipe close and left; nothing orphaned
    before = out.read_bytes().count(b"\n")
    assert written <= before < len(files_in(slow))
    with out.open("ab") as f:  # a crash in the middle of a line
        f.write(b'{"path": "/half/a/line", "sha256": "ab')
    done = recover(BatchFiles.for_output(out))
    assert len(done) == before and done.truncated == 1
    assert not out.read_bytes().endswith(b"ab")

    again = _start(slow, out, mark)
    assert again.wait(120) == 0, again.stderr.read() if again.stderr else ""
    _gone(mark)
    _assert_complete(slow, out)


def test_sigint_stops_between_documents_then_restart(slow: Path, tmp_path: Path) -> None:
    out, mark = tmp_path / "out.jsonl", uuid.uuid4().hex
    proc = _start(slow, out, mark)
    _wait_for_rows(out, proc, 4)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 130
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert "已中断" in stderr and "Traceback" not in stderr
    assert _gone(mark) == []
    text = out.read_bytes()
    assert text.endswith(b"\n")  # nothing half-written
    assert all(json.loads(line) for line in text.splitlines())
    assert text.count(b"\n") < len(files_in(slow))

    again = _start(slow, out, mark)
    assert again.wait(120) == 0
    _gone(mark)
    _assert_complete(slow, out)
