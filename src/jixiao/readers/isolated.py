"""Read untrusted files in a child process: a memory ceiling, a time limit and a clean kill.

PDF, Office and zip libraries are native code: a hostile file can make them allocate without
bound or loop, and no Python ``try`` stops that. So each file is read by
:func:`jixiao.readers.registry.read` in its own short-lived child process which

- sets ``RLIMIT_AS`` (address space, default 1 GB) and ``RLIMIT_CORE = 0`` before reading, so
  an allocation past the limit fails inside the child (``MemoryError`` in Python, an abort in
  C++ or Rust) and never takes memory from the machine; LibreOffice, started by the legacy
  reader, inherits the limit (it needs ~340 MB of address space);
- becomes a session leader (``setsid``), so on timeout its supervisor (below) SIGKILLs the
  whole session: the child and anything it started (``soffice`` runs in its own process
  group, in the same session);
- writes its stdout and stderr to a scratch file, so native warnings never reach the terminal
  or the JSON on stdout; the supervisor only scans it to tell running out of memory from
  another crash;
- sends the result back pickled (``Blocks`` and ``Unreadable`` are frozen dataclasses), with
  its peak RSS.

**Two levels of processes.** The parent never forks: it hands each file to a small pool of
long-lived *supervisor* processes (``concurrent.futures.ProcessPoolExecutor``, started by the
``forkserver`` method where there is one, else ``spawn``). A supervisor is single-threaded,
holds no sockets, database connections or locks of the parent, and has the reader modules and
format libraries already imported; it forks one short-lived *reader* child per file,
watches its clock and kills it. So

- no fork happens in the parent, which may be multi-threaded (the web server, this module's
  own callers) or large (a Django worker; a test run): a fork there would copy locks held by
  other threads and count the parent's whole address space against the child's 1 GB;
- a fork from the supervisor costs a few milliseconds, where a fresh interpreter (``spawn``,
  or ``forkserver``, which re-runs the parent's ``__main__`` in every child, CPython 3.11)
  costs 0.2 s or more per file;
- a reader child that dies or is killed never takes a supervisor with it.

The reader is not the parent's child, so ``getrusage(RUSAGE_CHILDREN)`` in the parent does not
see it: the child reports its own peak (:attr:`Outcome.peak_rss`).

Without the :mod:`resource` module (Windows) there is no memory limit; the timeout still holds.
On systems without ``/proc`` only the child's own process group is killed on timeout.

Measured on the 2-core Debian machine, small .txt: about 10 ms per file more than reading in
process, once the supervisors run (``tests/readers/test_isolated.py`` prints it); starting a
supervisor costs about 0.25 s once (it imports the parent's ``__main__``, e.g. the CLI).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Final

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers import registry

Reader = Callable[[Source], Blocks | Unreadable]

DEFAULT_TIMEOUT: Final = 60.0
DEFAULT_MEMORY: Final = 1 << 30
EXIT_MEMORY: Final = 86  # the child's exit code after a MemoryError
_MEMORY_WORDS: Final = (
    "MemoryError", "memory allocation", "bad_alloc", "Cannot allocate memory", "out of memory"
)  # fmt: skip
_PRELOAD: Final = [  # imported once in the fork server; a missing one is skipped
    "jixiao.readers.isolated", "jixiao.readers.text", "jixiao.readers.html",
    "jixiao.readers.docx", "jixiao.readers.pdf", "jixiao.readers.spreadsheet",
    "jixiao.readers.ofd", "jixiao.readers.convert", "jixiao.readers.zipguard",
    "docx", "lxml.html", "python_calamine", "pypdfium2", "pdfplumber",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an isolated read gave, how long it took, and the child's peak resident memory in
    bytes (itself and the processes it waited for; ``None`` when it did not finish)."""

    result: Blocks | Unreadable
    seconds: float
    peak_rss: int | None


@functools.cache
def _supervisor_context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _reader_context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def memory_label(memory_bytes: int) -> str:
    """1 << 30 → "1 GB"; 512 << 20 → "512 MB"."""
    if memory_bytes >= 1 << 30:
        return f"{memory_bytes / (1 << 30):g} GB"
    return f"{memory_bytes / (1 << 20):g} MB"


# ---- in the child -----------------------------------------------------------------------


def _confine(memory_bytes: int, log: str) -> None:
    if hasattr(os, "setsid"):
        os.setsid()
    fd = os.open(log, os.O_WRONLY | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_rss() -> int | None:
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return None
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024  # kilobytes on Linux


def _child(conn: Connection, source: Source, memory_bytes: int, log: str, read: Reader) -> None:
    _confine(memory_bytes, log)
    try:
        result = read(source)
        # the registry turns every exception into Unreadable, MemoryError included
        if isinstance(result, Unreadable) and result.reason.endswith("（MemoryError）"):
            os._exit(EXIT_MEMORY)
        conn.send((result, _peak_rss()))
    except MemoryError:
        os._exit(EXIT_MEMORY)
    conn.close()


# ---- in the supervisor -------------------------------------------------------------------


def _kill_session(sid: int) -> None:
    """SIGKILL every process of session ``sid`` (the child called setsid, so its pid is the
    session id): the child and what it started, even when they were reparented."""
    if sid == os.getsid(0):
        return  # the child never reached setsid; never touch our own session
    try:
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    except OSError:
        pids = []
    for pid in pids:
        with contextlib.suppress(OSError):
            if pid != os.getpid() and os.getsid(pid) == sid:
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.killpg(sid, signal.SIGKILL)


def _stop(proc: multiprocessing.process.BaseProcess, kill: bool) -> None:
    """Reap the child and free its handles; with ``kill``, first kill its whole session (it
    may have started LibreOffice). A child that ended well left nothing behind."""
    if proc.pid is None:
        return
    if kill:
        if hasattr(os, "getsid"):
            _kill_session(proc.pid)
        with contextlib.suppress(OSError, ValueError):
            proc.kill()
    proc.join()
    proc.close()


def _tail(log: Path) -> str:
    try:
        with log.open("rb") as f:
            f.seek(max(0, log.stat().st_size - 8192))
            return f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _crash_reason(name: str, exitcode: int | None, log: str, memory_bytes: int) -> str:
    """Why a child ended without a result. SIGKILL that we did not send is the kernel's OOM
    killer; an abort with an allocation message is a native library hitting the limit."""
    killed = -getattr(signal, "SIGKILL", 9)
    if exitcode in (EXIT_MEMORY, killed) or any(w in log for w in _MEMORY_WORDS):
        return f"{name}：读取所需内存超过上限（{memory_label(memory_bytes)}），已放弃"
    if exitcode is not None and exitcode < 0:
        detail = f"信号 {signal.Signals(-exitcode).name}"
    else:
        detail = f"退出码 {exitcode}"
    return f"{name}：读取进程意外退出（{detail}），文件可能已损坏，已放弃"


def _receive(conn: Connection, timeout: float) -> tuple[Blocks | Unreadable, int | None] | None:
    """The child's message; ``None`` when it died without one; TimeoutError past ``timeout``."""
    if not conn.poll(timeout):
        raise TimeoutError
    try:
        message: tuple[Blocks | Unreadable, int | None] = conn.recv()
    except (EOFError, OSError, pickle.UnpicklingError):
        return None
    return message


def supervise(source: Source, timeout: float, memory_bytes: int, read: Reader) -> Outcome:
    """In a supervisor: fork the reader child, wait for its result or its end, clean up."""
    ctx = _reader_context()
    start = time.monotonic()
    fd, log = tempfile.mkstemp(prefix="jixiao-read-", suffix=".log")
    os.close(fd)
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(  # type: ignore[attr-defined]
        target=_child, args=(sender, source, memory_bytes, log, read), daemon=True
    )
    message, timed_out, exitcode = None, False, None
    try:
        proc.start()
        sender.close()
        try:
            message = _receive(receiver, timeout)
        except TimeoutError:
            timed_out = True
        if not timed_out:
            proc.join(5)  # it has sent its result, or it is dying: let it finish
            exitcode = proc.exitcode
    finally:
        receiver.close()
        sender.close()
        _stop(proc, kill=message is None or exitcode != 0)
        text = _tail(Path(log))
        Path(log).unlink(missing_ok=True)
    seconds = time.monotonic() - start
    if timed_out:
        reason = f"{source.name}：读取超时（{timeout:g}秒），已放弃"
    elif message is None:
        reason = _crash_reason(source.name, exitcode, text, memory_bytes)
    else:
        return Outcome(message[0], seconds, message[1])
    return Outcome(Unreadable(source.name, reason), seconds, None)


# ---- the supervisors --------------------------------------------------------------------

_POOLS: dict[tuple[int, int], ProcessPoolExecutor] = {}  # (our pid, size) → supervisors
_POOLS_LOCK = threading.Lock()


def _pool(size: int, fresh: bool = False) -> ProcessPoolExecutor:
    """The supervisors of this process (a forked copy of us gets its own)."""
    key = (os.getpid(), size)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is not None and fresh:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        if pool is None:
            pool = _POOLS[key] = ProcessPoolExecutor(size, mp_context=_supervisor_context())
        return pool


def _submit(
    source: Source, size: int, timeout: float, memory_bytes: int, read: Reader
) -> Future[Outcome]:
    try:
        return _pool(size).submit(supervise, source, timeout, memory_bytes, read)
    except BrokenProcessPool:
        return _pool(size, fresh=True).submit(supervise, source, timeout, memory_bytes, read)


def _outcome(source: Source, future: Future[Outcome], size: int) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:  # a supervisor died (it runs no untrusted code): start anew
        _pool(size, fresh=True)
        reason = f"{source.name}：读取进程意外退出，已放弃"
        return Outcome(Unreadable(source.name, reason), 0.0, None)


def run_isolated(
    source: Source,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_bytes: int = DEFAULT_MEMORY,
    read: Reader = registry.read,
) -> Outcome:
    """Read ``source`` in a child process; never raises for anything the file does.

    ``read`` must be a module-level function (it is pickled by name); the default is the
    registry. See :func:`read_isolated` for the limits.
    """
    size = _cpus()
    return _outcome(source, _submit(source, size, timeout, memory_bytes, read), size)


def read_isolated(
    source: Source, timeout: float = DEFAULT_TIMEOUT, memory_bytes: int = DEFAULT_MEMORY
) -> Blocks | Unreadable:
    """:func:`jixiao.readers.registry.read` in a child process with limits.

    - past ``timeout`` seconds (wall clock) the child and everything it started are killed:
      ``Unreadable("{name}：读取超时（60秒），已放弃")``;
    - past ``memory_bytes`` of address space: ``Unreadable("{name}：读取所需内存超过上限
      （1 GB），已放弃")``;
    - any other death of the child: ``Unreadable`` with a Chinese reason, never a traceback.

    As with any use of :mod:`multiprocessing`, the program's main script must be importable
    without side effects (``if __name__ == "__main__":``): each supervisor imports it once.
    """
    return run_isolated(source, timeout=timeout, memory_bytes=memory_bytes).result


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def read_many_isolated(
    sources: Iterable[Source],
    workers: int | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_bytes: int = DEFAULT_MEMORY,
) -> Iterator[Blocks | Unreadable]:
    """Results of :func:`read_isolated` for each source, in the order given.

    At most ``workers`` children (default: the CPUs this process may use) run at once, so
    peak memory is at most ``workers × memory_bytes`` (plus ``workers`` idle supervisors,
    ~60 MB each). ``sources`` is consumed lazily: at most
    ``2 × workers`` files are held in memory, so a generator that reads files from disk
    one by one suits a large batch. Closing the iterator early cancels what has not started.
    """
    n = workers or _cpus()
    pending: deque[tuple[Source, Future[Outcome]]] = deque()
    try:
        for source in sources:
            pending.append((source, _submit(source, n, timeout, memory_bytes, registry.read)))
            if len(pending) >= 2 * n:
                yield _outcome(*pending.popleft(), n).result
        while pending:
            yield _outcome(*pending.popleft(), n).result
    finally:
        for _, future in pending:
            future.cancel()
