"""`jixiao batch`: extract, re-score and check many files, restartably, locally or on Dask.

:func:`run_batch` expands the inputs (folders, globs, files), takes what ``OUT`` already holds
as done (:mod:`jixiao.services.batch_store`: path and sha256 of every committed row), hands the
rest to an engine (:mod:`jixiao.services.batch_engine`: local worker processes by default, a
Dask cluster with ``scheduler``), and appends each result to the files as it arrives, in
completion order. At the end, ``-o OUT.csv`` or ``OUT.parquet`` are written from the journal
(:mod:`jixiao.writers.tabular`).

**Restart.** Kill the run at any moment (SIGINT, SIGKILL, a worker crash, a document that hangs)
and run the same command again: a truncated last line is cut and its document redone, files
whose path and sha256 are in ``OUT`` are skipped (the batch process hashes those paths to see
that they have not changed), and the rest is processed. A file that changed since gets a new
row; the exports and ``jixiao analyze`` keep the last row of each path. A file whose reader
timed out or crashed has a row with the reason, so it is not retried.

**Row schema** and the side files: :mod:`jixiao.services.batch_rows`.
"""

from __future__ import annotations

import glob
import hashlib
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol

from jixiao.services.batch_engine import DaskEngine, Engine, LocalPool
from jixiao.services.batch_rows import Row
from jixiao.services.batch_store import Appender, BatchFiles, Done, recover
from jixiao.services.batch_tables import export
from jixiao.services.batch_task import Result, Task, TaskOptions, process_file
from jixiao.writers.tabular import require_pyarrow, table_format

POLL: Final = 0.2  # seconds between looks at the stop flag and the deadlines
# The per-file deadline is a safety net behind the reader's own time limit: on a loaded
# machine the reader must get to report its timeout first.
DEADLINE_SLACK: Final = 10.0


class BatchListener(Protocol):
    """What a progress display is told."""

    def started(self, todo: int, skipped: int) -> None: ...
    def finished_one(self, row: Row) -> None: ...


@dataclass(frozen=True)
class BatchConfig:
    workers: int | None = None  # local processes; default: the CPUs this process may use
    scheduler: str | None = None  # a Dask scheduler address: run there instead
    options: TaskOptions = field(default_factory=TaskOptions)
    deadline: float | None = None  # per file in a local worker; default 2 × read timeout + slack
    task: Task = process_file


@dataclass
class BatchSummary:
    files: BatchFiles
    inputs: int = 0  # files found
    skipped: int = 0  # already in OUT
    processed: int = 0  # this run
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # this run: path, reason
    unreadable_before: int = 0  # found in OUT, among the inputs
    interrupted: bool = False
    no_match: list[str] = field(default_factory=list)  # inputs that named no file
    exported: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def any_unreadable(self) -> bool:
        return bool(self.unreadable) or self.unreadable_before > 0


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _absolute(path: str | Path) -> str:
    """Absolute and normalised, symbolic links kept (the path the user knows)."""
    return os.path.normpath(Path(path).absolute())


def _own_files(files: BatchFiles) -> set[str]:
    names = (files.rows, files.findings, files.evaluations)
    return {_absolute(p) for n in names for p in (n, n.with_name(n.name + ".tmp"))}


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                yield Path(root) / name


def expand_inputs(inputs: Sequence[str], own: set[str]) -> tuple[list[str], list[str]]:
    """Folders (every file below, hidden ones left out), globs and files → absolute paths,
    sorted and without repeats; and the inputs that named nothing."""
    found: set[str] = set()
    no_match: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            matches = [str(p) for p in _walk(path)]
        elif glob.has_magic(item):
            found_now = glob.glob(item, recursive=True)  # noqa: PTH207 - absolute patterns too
            matches = [p for p in found_now if Path(p).is_file()]
        else:
            matches = [item]  # a named file: reported as missing if it is not there
        if not matches:
            no_match.append(item)
        found.update(_absolute(m) for m in matches)
    return sorted(found - own), no_match


def file_sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:  # noqa: PTH123 - streamed in blocks
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _todo(paths: list[str], done: Done, summary: BatchSummary) -> list[str]:
    todo = []
    for path in paths:
        versions = done.versions.get(path)
        if versions is not None:
            sha = file_sha256(path)
            if sha in versions:
                summary.skipped += 1
                summary.unreadable_before += versions[sha] is not None
                continue
        todo.append(path)
    return todo


def _engine(config: BatchConfig) -> Engine:
    if config.scheduler is not None:
        return DaskEngine(config.scheduler, config.task, config.options)
    deadline = config.deadline or 2 * config.options.timeout + DEADLINE_SLACK
    return LocalPool(config.workers or cpus(), config.task, config.options, deadline)


def _record(result: Result, appender: Appender, summary: BatchSummary) -> Row:
    row: Row = result["row"]
    if row["error"] is not None and row["sha256"] is None:
        row["sha256"] = file_sha256(row["path"])  # so that a restart knows it is done
    appender.append(result)
    summary.processed += 1
    if row["error"] is not None:
        summary.unreadable.append((row["path"], row["error"]))
    return row


def _drive(
    engine: Engine,
    todo: list[str],
    appender: Appender,
    summary: BatchSummary,
    listener: BatchListener | None,
    stop: threading.Event | None,
) -> None:
    queue = deque(todo)
    while queue or engine.busy():
        if stop is not None and stop.is_set():
            summary.interrupted = True
            return
        while queue and engine.busy() < engine.capacity:
            engine.submit(queue.popleft())
        for _, result in engine.collect(POLL):
            row = _record(result, appender, summary)
            if listener is not None:
                listener.finished_one(row)


def run_batch(
    inputs: Sequence[str],
    out: Path,
    config: BatchConfig | None = None,
    listener: BatchListener | None = None,
    stop: threading.Event | None = None,
) -> BatchSummary:
    """Process every input file not yet in ``out``; see the module docstring.

    Setting ``stop`` (the CLI does on Ctrl-C) ends the run between two documents: nothing is
    half-written, what was in flight is redone by the next run. Raises
    :class:`~jixiao.services.batch_engine.MissingExtraError` (Dask not installed, Parquet
    without pyarrow) and :class:`~jixiao.services.batch_engine.EngineError` (no scheduler).
    """
    config = config or BatchConfig()
    start = time.monotonic()
    fmt = table_format(out)
    if fmt is None:
        raise ValueError(f"{out}：输出文件须为 .jsonl、.csv 或 .parquet")
    if fmt == "parquet":
        require_pyarrow()  # before hours of work, not after
    files = BatchFiles.for_output(out)
    summary = BatchSummary(files)
    paths, summary.no_match = expand_inputs(inputs, _own_files(files) | {_absolute(out)})
    summary.inputs = len(paths)
    todo = _todo(paths, recover(files), summary)
    engine = _engine(config) if todo else None  # a missing extra or scheduler: before any work
    if listener is not None:
        listener.started(len(todo), summary.skipped)
    if engine is not None:
        appender = Appender(files)
        try:
            _drive(engine, todo, appender, summary, listener, stop)
        finally:
            engine.close()
            appender.close()
    if not summary.interrupted:
        summary.exported = export(files, out)
    summary.seconds = time.monotonic() - start
    return summary
