"""`jixiao batch` at scale: documents/s with 1 and 2 local workers and a 2-worker Dask
LocalCluster, against the floor, and peak memory per worker at two corpus sizes.

The corpus is benchmarks/make_corpus.py's (project 自评表 in txt, html, docx, xlsx; written first
when the folder is empty). The floor is the same per-file function the workers run
(:func:`jixiao.services.batch_task.process_file`: hash, isolated read for html/docx/xlsx, parse,
infer the rule set, score, check) called in a plain loop in this process, results dropped; the
batch adds dispatch, pickling, the journal and the progress bookkeeping. Peak memory per worker
is sampled from /proc (RSS of the worker processes, every 0.2 s).

Targets (issue "batch"): 2 workers ≥ 1.6× one worker; batch (1 worker) ≤ 15 % over the floor;
memory per worker flat from 1 000 to 10 000 documents.

    python benchmarks/batch.py CORPUS [--documents 10000] [--small 1000] [--skip-floor]
    python benchmarks/batch.py PDF_CORPUS --pdf   # the whole chain on 3-page PDFs
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from jixiao.services.batch import BatchConfig, run_batch  # noqa: E402
from jixiao.services.batch_engine import PRELOAD, _preload  # noqa: E402
from jixiao.services.batch_task import TaskOptions, process_file  # noqa: E402
from make_corpus import write_corpus  # noqa: E402

TARGET_SPEEDUP = 1.6
TARGET_OVERHEAD = 0.15
PDF_GOAL_MINUTES = 10


class Sampler:
    """Peak RSS of each descendant process that lives at least two samples (the workers)."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self.seen: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if "forkserver" in " ".join(child.cmdline()) and child.ppid() == me.pid:
                        continue  # the fork server itself
                    rss = child.memory_info().rss
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
                    self.seen[child.pid] = self.seen.get(child.pid, 0) + 1

    @contextlib.contextmanager
    def running(self) -> Iterator[Sampler]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()

    def worker_peak_mb(self) -> float:
        long_lived = [p for pid, p in self.peaks.items() if self.seen[pid] >= 5]
        return max(long_lived, default=0) / (1 << 20)


def corpus_files(folder: Path, n: int) -> list[str]:
    files = sorted(str(p) for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return files[:n]


def floor(files: list[str]) -> float:
    _preload()
    options = TaskOptions(fork_here=True)
    process_file(files[0], options)  # warm the rule sets, as a worker's first file does
    t0 = time.perf_counter()
    for path in files:
        process_file(path, options)
    return time.perf_counter() - t0


def timed_batch(files: list[str], config: BatchConfig) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp, Sampler().running() as sampler:
        t0 = time.perf_counter()
        summary = run_batch(files, Path(tmp) / "out.jsonl", config)
        seconds = time.perf_counter() - t0
    assert summary.processed == len(files), summary
    return seconds, sampler.worker_peak_mb()


def dask_batch(files: list[str]) -> tuple[float, float]:
    import distributed  # noqa: PLC0415

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        return timed_batch(files, BatchConfig(scheduler=cluster.scheduler_address))


def line(label: str, n: int, seconds: float, mb: float | None, note: str = "") -> None:
    mem = "" if mb is None else f"{mb:>10.0f}"
    print(f"{label:34}{n:>8,}{seconds:>10.1f}{n / seconds:>10.1f}{mem:>10}  {note}")


def main_corpus(args: argparse.Namespace) -> None:
    if not any(args.corpus.glob("*.*")):
        write_corpus(args.corpus, args.documents, ["txt", "html", "docx", "xlsx"], 1, 7)
    files = corpus_files(args.corpus, args.documents)
    small = files[: args.small]
    print(f"{'':34}{'docs':>8}{'seconds':>10}{'docs/s':>10}{'peak MB':>10}  (per worker)")
    t_floor = None if args.skip_floor else floor(files)
    if t_floor is not None:
        line("floor: process_file in a loop", len(files), t_floor, None)
    t1, m1 = timed_batch(files, BatchConfig(workers=1))
    overhead = (
        ""
        if t_floor is None
        else f"overhead {t1 / t_floor - 1:+.1%} (target ≤ {TARGET_OVERHEAD:.0%})"
    )
    line("batch, 1 worker", len(files), t1, m1, overhead)
    t2, m2 = timed_batch(files, BatchConfig(workers=2))
    line(
        "batch, 2 workers",
        len(files),
        t2,
        m2,
        f"speed-up {t1 / t2:.2f}× (target ≥ {TARGET_SPEEDUP}×)",
    )
    td, md = dask_batch(files)
    line("batch, Dask LocalCluster 2 workers", len(files), td, md, f"{t1 / td:.2f}× one worker")
    ts, ms = timed_batch(small, BatchConfig(workers=2))
    line(
        "batch, 2 workers (small corpus)",
        len(small),
        ts,
        ms,
        f"memory {ms:.0f} → {m2:.0f} MB per worker from {len(small):,} to {len(files):,} documents",
    )
    print(f"preloaded in each worker: {len(PRELOAD)} modules")


def main_pdf(args: argparse.Namespace) -> None:
    files = corpus_files(args.corpus, args.documents)
    pages = 0
    import pypdfium2 as pdfium  # noqa: PLC0415

    for path in files:
        pages += len(pdfium.PdfDocument(path))
    seconds, mb = timed_batch(files, BatchConfig(workers=2))
    per_doc = seconds / len(files)
    minutes = per_doc * 10_000 / 60
    print(
        f"{len(files)} PDFs, {pages} pages ({pages / len(files):.1f} a document): {seconds:.1f} s "
        f"with 2 workers = {len(files) / seconds:.1f} documents/s, {pages / seconds:.1f} pages/s; "
        f"peak {mb:.0f} MB per worker"
    )
    print(f"extrapolated to 10 000 PDFs: {minutes:.1f} minutes (goal < {PDF_GOAL_MINUTES})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    args.corpus.mkdir(parents=True, exist_ok=True)
    (main_pdf if args.pdf else main_corpus)(args)


if __name__ == "__main__":
    main()
