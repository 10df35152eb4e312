"""The unit of work of a batch: one file → one row, its findings and its extract.

:func:`process_file` runs in a worker process (local, or a Dask worker): read the bytes and
hash them, read the document (PDF, Office, HTML, OFD in an isolated child with the readers'
limits, :mod:`jixiao.readers.isolated`), parse it, infer the rule set, score and check. It
returns plain data (:data:`Result`) and never raises for anything a file does: a file that
cannot be read, or whose reader passes the time or memory limit, gives a row with the reason.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.model.blocks import Source, Unreadable
from jixiao.readers import registry
from jixiao.readers.isolated import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    Reader,
    run_isolated,
    supervise,  # see batch_engine.py
)
from jixiao.services.batch_rows import (
    Row,
    document_row,
    error_row,
    evaluation_extract,
    finding_line,
)
from jixiao.services.extract import (
    ISOLATED_READERS,
    Extracted,
    extract_blocks,
    extract_source,
    read_path,
)
from jixiao.services.rulesets import RuleSet, load_rules_option, select

Result = dict[str, Any]  # {"row": Row, "findings": [...], "evaluation": {...} | None}
Task = Callable[[str, "TaskOptions"], Result]

MEMORY_REASON: Final = "{name}：处理所需内存超过上限，已放弃"


@dataclass(frozen=True)
class TaskOptions:
    """What every worker needs besides the path; small and picklable.

    ``read`` is the reader run in the isolated child (a module-level function, pickled by
    name); ``timeout`` and ``memory_bytes`` are its limits (readers/isolated.py). With
    ``fork_here`` the reader child is forked from this process, which then acts as its
    supervisor (both engines set it; batch_engine.py says why). Otherwise the read goes to the
    isolation layer's own supervisors (:func:`run_isolated`).
    """

    ruleset: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    memory_bytes: int = DEFAULT_MEMORY
    read: Reader = field(default=registry.read)
    fork_here: bool = False


def result_of(row: Row, findings: list[dict[str, Any]] | None = None,
              evaluation: dict[str, Any] | None = None) -> Result:  # fmt: skip
    return {"row": row, "findings": findings or [], "evaluation": evaluation}


def _allow_children() -> None:
    """Dask starts its worker processes as daemons, and a daemon may not start processes;
    the isolated reader needs to (it kills what it starts itself, on its time limit)."""
    process = multiprocessing.current_process()
    if process.daemon:
        process.daemon = False


def _extract(source: Source, options: TaskOptions) -> Extracted | Unreadable:
    reader = registry.reader_for(source)
    if reader is None or reader.name not in ISOLATED_READERS:
        return extract_source(source)  # JSON and plain text: read in process, as `extract`
    if options.fork_here:
        outcome = supervise(source, options.timeout, options.memory_bytes, options.read)
    else:
        outcome = run_isolated(
            source, timeout=options.timeout, memory_bytes=options.memory_bytes, read=options.read
        )
    if isinstance(outcome.result, Unreadable):
        return outcome.result
    return extract_blocks(outcome.result)


_RULESETS: dict[str, RuleSet] = {}


def _ruleset(name: str | None) -> RuleSet | None:
    if name is None:
        return None
    if name not in _RULESETS:
        _RULESETS[name] = load_rules_option(name)
    return _RULESETS[name]


def _process(path: str, data: bytes, options: TaskOptions, start: float) -> Result:
    sha = hashlib.sha256(data).hexdigest()
    extracted = _extract(Source(path, data), options)
    if isinstance(extracted, Unreadable):
        return result_of(error_row(path, sha, extracted.reason, time.perf_counter() - start))
    ev = extracted.evaluation
    selected = select(ev, extracted.place, _ruleset(options.ruleset))
    run = run_checks(ev, selected.ruleset, ALL_CHECKS, path=path)
    findings = [finding_line(f, sha) for f in run.findings]
    row = document_row(path, sha, ev, run, time.perf_counter() - start)
    return result_of(row, findings, evaluation_extract(path, sha, ev))


def process_file(path: str, options: TaskOptions) -> Result:
    """One file → its row, findings and extract. Never raises for what the file does."""
    start = time.perf_counter()
    _allow_children()
    data = read_path(Path(path))
    if isinstance(data, Unreadable):
        return result_of(error_row(path, None, data.reason))
    try:
        return _process(path, data, options, start)
    except MemoryError:
        reason = MEMORY_REASON.format(name=path)
    except Exception as exc:  # noqa: BLE001 - the batch runner: one bad file never stops a batch
        reason = f"{path}：处理时出错（{type(exc).__name__}），已放弃"
    sha = hashlib.sha256(data).hexdigest()
    return result_of(error_row(path, sha, reason, time.perf_counter() - start))
