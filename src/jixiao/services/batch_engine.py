"""Where the files of a batch are processed: local worker processes, or a Dask cluster.

Both engines have one shape: ``submit(path)``, ``collect(timeout)`` → the finished
``(path, result)`` pairs in completion order, ``busy``, ``capacity`` and ``close()``. The batch
runner (services/batch.py) keeps at most ``capacity`` files in flight and writes each result
as it arrives.

**Local: a pool of our own, not a ProcessPoolExecutor.** Measured and tried on this 2-core
machine; three things decided it:

- *kill and replace one worker*: a worker that passes its deadline (a document that hangs
  after its read, in parsing or checking) is SIGKILLed with what it started, the file gets a
  row "处理超时", a fresh worker takes its place, and the other workers go on. A
  ProcessPoolExecutor can only be broken as a whole: every file in flight fails with
  BrokenProcessPool and must be run again to find the culprit;
- *no orphans when the batch is killed*: each worker owns one pipe; when the batch process dies
  (SIGKILL), the worker reads end-of-file and exits. Executor workers read a queue whose write
  end they hold themselves and wait for ever;
- *no prefetching*: a worker holds one file, so "in flight" means "being processed", the
  deadline is exact, and an interrupted batch loses at most ``workers`` files of work.

Workers are started by the ``forkserver`` method (``spawn`` where there is none), never forked
from the batch process, which may have threads (the progress bar, a Dask client, the web). Each
worker is a session leader that ignores SIGINT (the batch process decides what Ctrl-C does) and
may itself grow by at most ``memory_bytes`` past its size at start (``RLIMIT_AS``): past that,
the file gets a row "处理所需内存超过上限" and the worker is replaced.

**Untrusted reads: the worker is the supervisor.** PDF, Office, HTML and OFD are read in a child
with the readers' limits (1 GB, 60 s; killed with what it started, and a fresh child for the
next file) by the isolation layer's own supervising function
(:mod:`jixiao.readers.isolated`, reused, not re-implemented), called in the worker: a worker is
single-threaded and small (~100 MB) and has the format libraries imported, exactly what that
layer asks of a supervisor. Measured on this machine (html/docx/xlsx of the synthetic corpus):
a read through :func:`~jixiao.readers.isolated.run_isolated` from the worker (a second pool of
supervisors per worker, the document pickled twice) cost 42–48 ms a file against 2–10 ms in
process; forked from the preloaded worker, 13 ms. A batch of 300 mixed documents went from
10 to 50 documents/s with 2 workers. Dask workers run tasks in threads, so there the task
keeps :func:`run_isolated`.

**Dask** (``--scheduler tcp://HOST:PORT``, extra ``jixiao[distributed]``, imported here
lazily): ``Client(address).submit`` with the same task function; workers must see the files
at the same paths (a shared file system). Dask cannot stop a running task, so the deadline of
the local pool does not apply there; reading is still bounded by the isolated reader, whose
child is forked from the Dask worker process too. Tried first: the isolation layer's own pool
of supervisors inside each Dask worker. Dask's nanny kills a worker that does not stop within
4 s, and a worker with that pool did not, leaving its fork server and supervisors behind for
good (seen in the tests). A Dask worker runs tasks in a thread beside its event loop; the
reader child only reads, pickles and writes to a pipe before ``os._exit``, and is killed at
its time limit whatever happens, so forking there is safe enough and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any, Final, Protocol, cast

from jixiao.services.batch_rows import error_row
from jixiao.services.batch_task import MEMORY_REASON, Result, Task, TaskOptions, result_of

DISTRIBUTED_HINT: Final = "分布式引擎未安装：pip install 'jixiao[distributed]'"
EXIT_MEMORY: Final = 87  # a worker that ran out of memory and retires
PRELOAD: Final = (
    "jixiao.services.batch_task", "jixiao.checks.registry", "jixiao.readers.text",
    "jixiao.readers.html", "jixiao.readers.docx", "jixiao.readers.pdf",
    "jixiao.readers.spreadsheet", "jixiao.readers.ofd", "jixiao.readers.convert",
    "jixiao.readers.zipguard", "docx", "lxml.html", "python_calamine", "pypdfium2", "pdfplumber",
)  # fmt: skip


class MissingExtraError(RuntimeError):
    """An optional extra is not installed; ``str()`` is the one-line Chinese hint."""


class EngineError(RuntimeError):
    """The engine could not start (e.g. no scheduler at the address); a Chinese message."""


class Engine(Protocol):
    capacity: int

    def submit(self, path: str) -> None: ...
    def collect(self, timeout: float) -> list[tuple[str, Result]]: ...
    def busy(self) -> int: ...
    def close(self) -> None: ...


# ---- the local pool ---------------------------------------------------------------------


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _vm_size() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:  # noqa: PTH123 - a proc file
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def _limit_memory(extra: int) -> None:
    """Let this worker grow by ``extra`` bytes of address space past its size now."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return
    size = _vm_size()
    if size is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _preload() -> None:
    """Import the readers' format libraries once, so that a reader child forked from this
    worker does not import them again for every file (that costs ~30 ms a file)."""
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _worker_main(conn: Connection, task: Task, options: TaskOptions) -> None:
    """A worker: take a path, send its result, until told to stop or the batch is gone."""
    if hasattr(os, "setsid"):
        os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _preload()
    _limit_memory(options.memory_bytes)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        result = task(path, options)
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        if result["row"]["error"] == MEMORY_REASON.format(name=path):
            os._exit(EXIT_MEMORY)  # memory may be fragmented: retire, a fresh worker follows


@dataclass
class _Worker:
    process: Any  # multiprocessing Process of the context
    conn: Connection
    path: str | None = None
    started: float = 0.0


def _kill(worker: _Worker) -> None:
    """SIGKILL the worker and its process group (its supervisors of isolated reads)."""
    pid = worker.process.pid
    if pid is not None:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    worker.process.join(5)
    with contextlib.suppress(OSError):
        worker.conn.close()


class LocalPool:
    """``workers`` processes running ``task``; a worker past ``deadline`` seconds on one file
    is killed with what it started and replaced, and the file reported."""

    def __init__(self, workers: int, task: Task, options: TaskOptions, deadline: float) -> None:
        self.capacity = max(1, workers)
        self._task, self._deadline = task, deadline
        self._options = replace(options, fork_here=True)  # a worker is single-threaded
        self._ctx = _context()
        self._idle: list[_Worker] = []
        self._busy: dict[Connection, _Worker] = {}

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, self._task, self._options)
        )  # not a daemon: it starts the supervisors of isolated reads
        process.start()
        child.close()
        return _Worker(process, parent)

    def submit(self, path: str) -> None:
        worker = self._idle.pop() if self._idle else self._start()
        worker.conn.send(path)
        worker.path, worker.started = path, time.monotonic()
        self._busy[worker.conn] = worker

    def busy(self) -> int:
        return len(self._busy)

    def _finish(self, worker: _Worker) -> tuple[str, Result]:
        path = worker.path or "?"
        del self._busy[worker.conn]
        try:
            result: Result = worker.conn.recv()
        except (EOFError, OSError):
            _kill(worker)
            code = worker.process.exitcode
            reason = f"{path}：处理进程意外退出（退出码 {code}），已放弃"
            return path, result_of(error_row(path, None, reason))
        if result["row"]["error"] == MEMORY_REASON.format(name=path):
            _kill(worker)  # it retires after sending
        else:
            worker.path = None
            self._idle.append(worker)
        return path, result

    def _overdue(self) -> list[tuple[str, Result]]:
        now = time.monotonic()
        out = []
        for worker in [w for w in self._busy.values() if now - w.started > self._deadline]:
            del self._busy[worker.conn]
            _kill(worker)
            path = worker.path or "?"
            reason = f"{path}：处理超时（{self._deadline:g}秒），已放弃"
            out.append((path, result_of(error_row(path, None, reason, now - worker.started))))
        return out

    def collect(self, timeout: float) -> list[tuple[str, Result]]:
        if not self._busy:
            return []
        ready = wait(list(self._busy), timeout)
        done = [self._finish(w) for c in ready if (w := self._busy.get(cast(Any, c))) is not None]
        return done + self._overdue()

    def close(self) -> None:
        for worker in list(self._busy.values()):
            _kill(worker)  # interrupted: what is in flight is not written, a restart redoes it
        self._busy.clear()
        for worker in self._idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._idle:
            worker.process.join(10)
            if worker.process.exitcode is None:
                _kill(worker)
        self._idle.clear()


# ---- Dask -------------------------------------------------------------------------------


def _distributed() -> Any:
    try:
        import distributed  # noqa: PLC0415 - optional extra, imported when asked for
    except ImportError:
        raise MissingExtraError(DISTRIBUTED_HINT) from None
    return distributed


class DaskEngine:
    """The same task on a Dask cluster: ``Client(address).submit``, results as they finish."""

    def __init__(self, address: str, task: Task, options: TaskOptions) -> None:
        distributed = _distributed()
        try:
            self._client = distributed.Client(address, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"无法连接 Dask 调度器 {address}（{exc}）") from None
        self._wait = distributed.wait
        self._task, self._options = task, replace(options, fork_here=True)  # see the docstring
        threads = sum(self._client.nthreads().values())
        self.capacity = max(2, 2 * threads)
        self._pending: dict[Any, str] = {}

    def submit(self, path: str) -> None:
        future = self._client.submit(self._task, path, self._options, pure=False)
        self._pending[future] = path

    def busy(self) -> int:
        return len(self._pending)

    def _result(self, future: Any) -> tuple[str, Result]:
        path = self._pending.pop(future)
        try:
            result: Result = future.result()
        except Exception as exc:  # noqa: BLE001 - the batch runner: a lost task is one row
            reason = f"{path}：处理进程意外退出（{type(exc).__name__}），已放弃"
            return path, result_of(error_row(path, None, reason))
        return path, result

    def collect(self, timeout: float) -> list[tuple[str, Result]]:
        if not self._pending:
            return []
        try:
            done, _ = self._wait(list(self._pending), timeout=timeout,
                                 return_when="FIRST_COMPLETED")  # fmt: skip
        except TimeoutError:
            return []
        return [self._result(f) for f in done]

    def close(self) -> None:
        if self._pending:
            self._client.cancel(list(self._pending))
            self._pending.clear()
        self._client.close()
