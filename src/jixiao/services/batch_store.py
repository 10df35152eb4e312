"""The files of a batch, appended as results arrive, and their repair on restart.

Three JSONL files, one object a line (UTF-8, ``ensure_ascii=False``):

- ``OUT`` — the journal of rows (``OUT`` itself when it ends in ``.jsonl``, else ``OUT`` with
  its suffix replaced: ``-o result.csv`` journals to ``result.jsonl``);
- ``OUT.findings.jsonl`` — the findings; ``OUT.evaluations.jsonl`` — the extracts.

**Commit order.** Per document the parent writes its findings, then its extract, then its row,
each with one unbuffered ``write``; the row is the commit mark. A crash can therefore leave
only the last document half-written: a truncated last line, or findings and an extract with no
row. On restart :func:`recover` cuts a truncated last line from the journal, takes every
complete row as done (key: path and sha256), and drops from the two side files every line
whose document has no row (rewritten through a temporary file and an atomic rename). The files
are then exactly the committed documents, and the runner redoes the rest.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from jixiao.services.batch_task import Result

CHUNK = 1 << 20


@dataclass(frozen=True)
class BatchFiles:
    rows: Path
    findings: Path
    evaluations: Path

    @classmethod
    def for_output(cls, out: Path) -> BatchFiles:
        journal = out if out.suffix.lower() == ".jsonl" else out.with_suffix(".jsonl")
        return cls(journal, Path(f"{journal}.findings.jsonl"), Path(f"{journal}.evaluations.jsonl"))


@dataclass
class Done:
    """What the files already hold: path → {sha256: error text or None}."""

    versions: dict[str, dict[str | None, str | None]] = field(default_factory=dict)
    truncated: int = 0  # broken lines cut or dropped on recovery
    dropped: int = 0  # side-file lines of documents without a row

    def add(self, row: dict[str, Any]) -> None:
        self.versions.setdefault(row["path"], {})[row.get("sha256")] = row.get("error")

    def has(self, path: str, sha256: str | None) -> bool:
        return sha256 in self.versions.get(path, {})

    def __len__(self) -> int:
        return sum(len(v) for v in self.versions.values())


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset after the line, the line without its newline) for every complete line; an
    unterminated last piece is not yielded."""
    if not path.exists():
        return
    offset = 0
    rest = b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                offset += len(line) + 1
                yield offset, line


def parse_line(line: bytes) -> dict[str, Any] | None:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return obj if isinstance(obj, dict) and "path" in obj else None


def iter_objects(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete, valid JSON object of a JSONL file."""
    for _, line in iter_lines(path):
        obj = parse_line(line)
        if obj is not None:
            yield obj


def _read_journal(path: Path, done: Done) -> None:
    good_end = 0
    for end, line in iter_lines(path):
        row = parse_line(line)
        if row is None:
            done.truncated += 1
            continue
        done.add(row)
        good_end = end
    if path.exists() and path.stat().st_size > good_end:
        tail = path.read_bytes()[good_end:]
        if b"\n" not in tail:  # only an unterminated last line is cut; nothing else is lost
            os.truncate(path, good_end)
            done.truncated += 1


def _filter_side(path: Path, done: Done) -> None:
    if not path.exists():
        return
    dropped = written = 0
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        for _, line in iter_lines(path):
            obj = parse_line(line)
            if obj is not None and done.has(obj["path"], obj.get("sha256")):
                written += out.write(line + b"\n")
            else:
                dropped += 1
    if written != path.stat().st_size:  # lines dropped, or an unterminated last line
        done.dropped += dropped
        tmp.replace(path)
    else:
        tmp.unlink()


def recover(files: BatchFiles) -> Done:
    """Repair the files after an interrupted run and say what is done (module docstring)."""
    done = Done()
    _read_journal(files.rows, done)
    _filter_side(files.findings, done)
    _filter_side(files.evaluations, done)
    return done


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _write_all(f: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[f.write(view) or 0 :]


class Appender:
    """Appends each document's findings, extract and row (in that order), unbuffered."""

    def __init__(self, files: BatchFiles) -> None:
        files.rows.parent.mkdir(parents=True, exist_ok=True)
        self._rows: BinaryIO = files.rows.open("ab", buffering=0)
        self._findings: BinaryIO = files.findings.open("ab", buffering=0)
        self._evaluations: BinaryIO = files.evaluations.open("ab", buffering=0)

    def append(self, result: Result) -> None:
        findings = b"".join(_line(f) for f in result["findings"])
        if findings:
            _write_all(self._findings, findings)
        if result["evaluation"] is not None:
            _write_all(self._evaluations, _line(result["evaluation"]))
        _write_all(self._rows, _line(result["row"]))

    def close(self) -> None:
        for f in (self._findings, self._evaluations, self._rows):
            with contextlib.suppress(OSError):
                f.close()
