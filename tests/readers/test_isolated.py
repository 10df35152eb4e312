"""Reading in a child process: results come back, limits hold, every death has a Chinese reason.

The misbehaving readers below are module-level functions: the child imports this module by
name to find them (``run_isolated(..., read=...)`` pickles the function by reference).
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jixiao.model.blocks import Blocks, Cell, Paragraph, Source, SourceInfo, Table, Unreadable
from jixiao.model.location import Location
from jixiao.readers import isolated
from jixiao.readers.isolated import read_isolated, read_many_isolated, run_isolated
from jixiao.readers.registry import read
from tests.readers.test_zipguard import minimal_xlsx

DEMO = Path(__file__).resolve().parents[2] / "src/jixiao/demo/qingcheng-2024-dept-self-eval.txt"
GB = 1 << 30


# ---- readers that misbehave, run in the child -------------------------------------------


def sleep_forever(source: Source) -> Blocks | Unreadable:
    time.sleep(300)
    return Unreadable(source.name, "unreachable")


def start_a_grandchild_and_hang(source: Source) -> Blocks | Unreadable:
    """Like LibreOffice: a process in its own group; its pid goes to the file named in data."""
    proc = subprocess.Popen(["sleep", "300"], process_group=0)
    Path(source.data.decode()).write_text(str(proc.pid))
    time.sleep(300)
    return Unreadable(source.name, "unreachable")


def allocate_too_much(source: Source) -> Blocks | Unreadable:
    hoard = bytearray(2 * GB)
    return Unreadable(source.name, str(len(hoard)))


def calamine_without_the_guard(source: Source) -> Blocks | Unreadable:
    import python_calamine  # noqa: PLC0415 - only in the child

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data))
    rows = book.get_sheet_by_index(0).to_python()
    return Unreadable(source.name, str(len(rows)))


def segfault(source: Source) -> Blocks | Unreadable:
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(5)
    return Unreadable(source.name, "unreachable")


def raise_an_error(source: Source) -> Blocks | Unreadable:
    raise RuntimeError("a bug in a reader")


def report_the_confinement(source: Source) -> Blocks | Unreadable:
    limits = resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CORE)
    leader = os.getsid(0) == os.getpid()
    return Unreadable(source.name, repr((limits, leader)))


# ---- tests ------------------------------------------------------------------------------


def is_running(pid: int) -> bool:
    """Alive and not a zombie (init may take a second to reap an orphan)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def running_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` that are still running (not zombies)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_until(condition: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _demo() -> Source:
    return Source(DEMO.name, DEMO.read_bytes())


def test_blocks_survive_pickling() -> None:
    cell = Cell("≥4754人", 3, 2, rowspan=2, location=Location(page=2, table=1, row=4, col=3))
    blocks = Blocks(
        (Paragraph("一、基本情况", Location(paragraph=1)), Table((cell,), Location(table=1))),
        SourceInfo(path="a.pdf", sha256="0" * 64, format="pdf", pages=2),
        ("第3页为扫描件",),
    )
    assert pickle.loads(pickle.dumps(blocks)) == blocks
    unreadable = Unreadable("a.pdf", "a.pdf：PDF已加密，无法读取")
    assert pickle.loads(pickle.dumps(unreadable)) == unreadable


def test_the_result_is_what_the_registry_reads(capsys: pytest.CaptureFixture[str]) -> None:
    source = _demo()
    direct = read(source)
    outcome = run_isolated(source)  # also starts the fork server for the timing below
    assert outcome.result == direct
    assert outcome.peak_rss is not None and 0 < outcome.peak_rss < GB
    n = 10
    start = time.perf_counter()
    for _ in range(n):
        read(source)
    plain = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        read_isolated(source)
    boxed = (time.perf_counter() - start) / n
    with capsys.disabled():
        print(  # noqa: T201 - the measured cost of isolation, for the record
            f"\nisolation overhead per small file: {1000 * (boxed - plain):.1f} ms "
            f"(direct {1000 * plain:.1f} ms, isolated {1000 * boxed:.1f} ms, "
            f"child peak RSS {outcome.peak_rss / 2**20:.0f} MB)"
        )
    assert boxed - plain < 0.5


def test_the_child_is_confined_before_it_reads() -> None:
    result = read_isolated_with(report_the_confinement, memory_bytes=768 << 20)
    assert result.reason == repr((((768 << 20, 768 << 20), (0, 0)), True))


def read_isolated_with(read_fn: isolated.Reader, **kwargs: float) -> Unreadable:
    outcome = run_isolated(Source("自评表.xlsx", b"x"), read=read_fn, **kwargs)  # type: ignore[arg-type]
    assert isinstance(outcome.result, Unreadable), outcome.result
    assert "Traceback" not in outcome.result.reason
    return outcome.result


def test_a_read_past_the_time_limit_is_killed() -> None:
    start = time.monotonic()
    result = read_isolated_with(sleep_forever, timeout=0.5)
    assert result.reason == "自评表.xlsx：读取超时（0.5秒），已放弃"
    assert result.name == "自评表.xlsx"
    assert time.monotonic() - start < 3


def test_the_timeout_also_kills_what_the_child_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    outcome = run_isolated(
        Source("旧报告.doc", str(pid_file).encode()), read=start_a_grandchild_and_hang, timeout=1
    )
    assert isinstance(outcome.result, Unreadable) and "读取超时" in outcome.result.reason
    grandchild = int(pid_file.read_text())
    if not wait_until(lambda: not is_running(grandchild), 2):
        os.kill(grandchild, signal.SIGKILL)
        pytest.fail("the grandchild outlived the timeout")


def test_python_running_out_of_memory() -> None:
    result = read_isolated_with(allocate_too_much)
    assert result.reason == "自评表.xlsx：读取所需内存超过上限（1 GB），已放弃"


def test_a_native_library_running_out_of_memory(tmp_path: Path) -> None:
    """calamine (Rust) aborts when an allocation fails; the zip guard is bypassed here, as a
    lying or novel file might bypass it. 300 MB of cell text needs more than 1 GB."""
    pytest.importorskip("python_calamine")
    path = tmp_path / "big.xlsx"
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (300 << 20)
    minimal_xlsx(path, cell + b"</t></is></c></row>", level=1)
    del cell
    outcome = run_isolated(Source("大表.xlsx", path.read_bytes()), read=calamine_without_the_guard)
    reason = "大表.xlsx：读取所需内存超过上限（1 GB），已放弃"
    assert outcome.result == Unreadable("大表.xlsx", reason)


def test_a_crash_gives_a_plain_reason() -> None:
    result = read_isolated_with(segfault)
    assert result.reason == "自评表.xlsx：读取进程意外退出（信号 SIGSEGV），文件可能已损坏，已放弃"


def test_an_exception_escaping_the_reader_gives_a_plain_reason() -> None:
    result = read_isolated_with(raise_an_error)
    assert result.reason == "自评表.xlsx：读取进程意外退出（退出码 1），文件可能已损坏，已放弃"


def test_memory_error_turned_into_unreadable_by_the_registry_is_still_named_as_memory() -> None:
    """The registry catches every exception, MemoryError too; a large text under a small limit
    runs out inside the text reader."""
    lines = b"\xe6\x8c\x87\xe6\xa0\x87\t" * 8 + b"\n"
    source = Source("大文件.txt", lines * ((20 << 20) // len(lines)))  # 20 MB, ~3 M cells
    outcome = run_isolated(source, memory_bytes=512 << 20)
    assert outcome.result == Unreadable(
        "大文件.txt", "大文件.txt：读取所需内存超过上限（512 MB），已放弃"
    )


def test_memory_label() -> None:
    assert isolated.memory_label(1 << 30) == "1 GB"
    assert isolated.memory_label(3 << 29) == "1.5 GB"
    assert isolated.memory_label(512 << 20) == "512 MB"


def test_many_files_come_back_in_order_with_at_most_workers_children() -> None:
    sources = [Source(f"表{i}.txt", f"第{i}号文件\n".encode()) for i in range(7)]
    sources.insert(3, Source("空.txt", b""))
    results = list(read_many_isolated(sources, workers=2))
    assert [r.source.path if isinstance(r, Blocks) else r.name for r in results] == [
        s.name for s in sources
    ]
    assert isinstance(results[3], Unreadable) and results[3].reason == "空.txt：文件为空"
    for i, result in enumerate(results[:3]):
        assert isinstance(result, Blocks) and f"第{i}号文件" in result.text()


def test_many_files_are_taken_lazily() -> None:
    pulled: list[int] = []

    def sources() -> Iterator[Source]:
        for i in range(50):
            pulled.append(i)
            yield Source(f"{i}.txt", b"x")

    results = read_many_isolated(sources(), workers=2)
    next(results)
    assert len(pulled) <= 5  # 2 × workers, plus the one that filled the window
    results.close()
