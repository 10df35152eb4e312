"""Which reader reads a file: by suffix, then by sniffing the bytes. Built once, never mutated.

A format library that fails on a corrupt file gives :class:`Unreadable`, never a traceback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Final

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers import text


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Callable[[Source], Blocks]


def _is_text(data: bytes) -> bool:
    head = data[:2048]
    return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))


READERS: Final[tuple[Reader, ...]] = (Reader("txt", text.SUFFIXES, _is_text, text.read),)


def reader_for(source: Source) -> Reader | None:
    suffix = PurePath(source.name).suffix.lower()
    for r in READERS:
        if suffix in r.suffixes:
            return r
    for r in READERS:
        if r.sniff(source.data):
            return r
    return None


def read(source: Source) -> Blocks | Unreadable:
    """Read any supported file into Blocks; what cannot be opened is :class:`Unreadable`."""
    if not source.data:
        return Unreadable(source.name, f"{source.name}：文件为空")
    reader = reader_for(source)
    if reader is None:
        suffix = PurePath(source.name).suffix or "（无扩展名）"
        known = "、".join(s for r in READERS for s in r.suffixes)
        return Unreadable(source.name, f"{source.name}：不支持的文件类型 {suffix}（支持：{known}）")
    try:
        blocks = reader.read(source)
    except Exception as exc:  # noqa: BLE001 - a corrupt file must not stop the others
        return Unreadable(source.name, f"{source.name}：无法读取（{type(exc).__name__}: {exc}）")
    sha = hashlib.sha256(source.data).hexdigest()
    return replace(blocks, source=replace(blocks.source, path=source.name, sha256=sha))
