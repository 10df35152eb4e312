"""File → Evaluation: read the bytes, parse the genre, name the region.

A JSON file holding an evaluation document (``jixiao.evaluation/1``) is taken as it is, so any
command can run on a document jixiao (or anyone) extracted before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Final

from jixiao.genres import parse
from jixiao.model.blocks import Blocks, Source, SourceInfo, Unreadable
from jixiao.model.evaluation import Evaluation
from jixiao.model.jsonable import JsonDocumentError, evaluation_from_jsonable
from jixiao.readers.isolated import read_isolated
from jixiao.readers.registry import read, reader_for
from jixiao.rules.places import Place, find_place


@dataclass(frozen=True)
class Extracted:
    """An evaluation and the place it is about (for choosing the rule set)."""

    evaluation: Evaluation
    place: Place


def _from_json(source: Source) -> Evaluation | Unreadable:
    try:
        data = json.loads(source.data.decode("utf-8-sig"), parse_float=Decimal)
        ev = evaluation_from_jsonable(data)
    except UnicodeDecodeError:
        return Unreadable(source.name, f"{source.name}：JSON 文件须为 UTF-8 编码")
    except json.JSONDecodeError as exc:
        return Unreadable(
            source.name,
            f"{source.name}：第{exc.lineno}行第{exc.colno}列 JSON 格式错误（{exc.msg}）",
        )
    except JsonDocumentError as exc:
        return Unreadable(source.name, f"{source.name}：{exc}")
    info = ev.source or SourceInfo()
    sha = hashlib.sha256(source.data).hexdigest()
    return replace(
        ev, source=replace(info, path=info.path or source.name, sha256=info.sha256 or sha)
    )


# Formats read by native libraries (PDF, Office, zip): in a child process with a memory
# ceiling and a time limit (readers/isolated.py), so one hostile file cannot take the machine.
ISOLATED_READERS: Final = frozenset({"pdf", "docx", "xlsx", "ofd", "office", "html"})


def _read(source: Source) -> Blocks | Unreadable:
    reader = reader_for(source)
    if reader is not None and reader.name in ISOLATED_READERS:
        return read_isolated(source)
    return read(source)


def _header(ev: Evaluation) -> str:
    return " ".join(x for x in (ev.region, ev.title, ev.department, ev.supervisor, ev.project) if x)


def _body(ev: Evaluation, blocks: Blocks | None) -> str:
    if blocks is not None:
        return blocks.text()
    return "\n".join(f"{s.heading}\n{s.text}" for s in ev.sections)


def extract_blocks(blocks: Blocks) -> Extracted:
    """Read blocks → their evaluation and place (what :func:`extract_source` does after the
    read; the batch workers read in their own child processes and call this)."""
    return _placed(parse(blocks), blocks)


def extract_source(source: Source) -> Extracted | Unreadable:
    """One file's bytes → its evaluation and place. Bad input gives :class:`Unreadable`."""
    if source.name.lower().endswith(".json"):
        parsed = _from_json(source)
        return parsed if isinstance(parsed, Unreadable) else _placed(parsed, None)
    read_result = _read(source)
    if isinstance(read_result, Unreadable):
        return read_result
    return extract_blocks(read_result)


def _placed(ev: Evaluation, blocks: Blocks | None) -> Extracted:
    place = find_place(_header(ev), _body(ev, blocks))
    if ev.region is None and place.province is not None:
        ev = replace(ev, region=place.text())
    return Extracted(ev, place)


def extract_path(path: Path) -> Extracted | Unreadable:
    """Read a file from disk; a missing or unreadable file is reported, never raised."""
    data = read_path(path)
    return data if isinstance(data, Unreadable) else extract_source(Source(str(path), data))


def read_path(path: Path) -> bytes | Unreadable:
    """A file's bytes, or why it cannot be opened (in Chinese, naming the file)."""
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return Unreadable(name, f"{name}：文件不存在")
    except IsADirectoryError:
        return Unreadable(name, f"{name}：这是一个目录，不是文件")
    except OSError as exc:
        return Unreadable(name, f"{name}：无法打开（{exc.strerror}）")
