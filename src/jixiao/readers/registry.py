"""Which reader reads a file: by suffix, then by sniffing the bytes. Built once, never mutated.

Each reader lives in its own module, imported only when a file of its kind is read, so
`jixiao --help` does not load PDF or Office libraries. A reader raises :class:`ReadError` for a
reason the user can act on; any other failure of a format library on a corrupt file gives
:class:`Unreadable` too, never a traceback.
"""

from __future__ import annotations

import hashlib
import importlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import PurePath
from typing import Final

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers.chinese import to_simplified
from jixiao.readers.errors import ReadError

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .wps .et (compound file)


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    module: str  # jixiao.readers.<module> has read(Source) -> Blocks

    def read(self, source: Source) -> Blocks:
        read: Callable[[Source], Blocks] = importlib.import_module(self.module).read
        return read(source)


def _zip_names(data: bytes) -> set[str]:
    if not data.startswith(b"PK\x03\x04"):
        return set()
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _is_docx(data: bytes) -> bool:
    return "word/document.xml" in _zip_names(data)


def _is_xlsx(data: bytes) -> bool:
    return "xl/workbook.xml" in _zip_names(data)


def _is_ofd(data: bytes) -> bool:
    return "OFD.xml" in _zip_names(data)


def _is_ole(data: bytes) -> bool:
    return data.startswith(_OLE)


def _is_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and b"<t" in head


def _is_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head and not _is_pdf(data) and not data.startswith(b"PK\x03\x04")


READERS: Final[tuple[Reader, ...]] = (
    Reader("pdf", (".pdf",), _is_pdf, "jixiao.readers.pdf"),
    Reader("docx", (".docx", ".docm"), _is_docx, "jixiao.readers.docx"),
    Reader("xlsx", (".xlsx", ".xlsm", ".xls", ".ods"), _is_xlsx, "jixiao.readers.spreadsheet"),
    Reader("ofd", (".ofd",), _is_ofd, "jixiao.readers.ofd"),
    Reader("office", (".doc", ".wps", ".et", ".dps"), _is_ole, "jixiao.readers.convert"),
    Reader(
        "html", (".html", ".htm", ".shtml", ".xhtml", ".mhtml"), _is_html, "jixiao.readers.html"
    ),
    Reader("txt", (".txt", ".text", ".tsv", ".csv"), _is_text, "jixiao.readers.text"),
)


def reader_for(source: Source) -> Reader | None:
    """By suffix first; a file whose bytes say otherwise (a .pdf that is a zip) by its bytes."""
    suffix = PurePath(source.name).suffix.lower()
    by_suffix = next((r for r in READERS if suffix in r.suffixes), None)
    if by_suffix is not None and by_suffix.sniff(source.data):
        return by_suffix
    sniffed = next((r for r in READERS if r.sniff(source.data)), None)
    return sniffed or by_suffix


def supported_suffixes() -> str:
    return "、".join(s for r in READERS for s in r.suffixes)


def read(source: Source) -> Blocks | Unreadable:
    """Read any supported file into Blocks; what cannot be opened is :class:`Unreadable`."""
    if not source.data:
        return Unreadable(source.name, f"{source.name}：文件为空")
    reader = reader_for(source)
    if reader is None:
        suffix = PurePath(source.name).suffix or "（无扩展名）"
        return Unreadable(
            source.name, f"{source.name}：不支持的文件类型 {suffix}（支持：{supported_suffixes()}）"
        )
    try:
        blocks = reader.read(source)
    except ReadError as exc:
        return Unreadable(source.name, f"{source.name}：{exc.reason}")
    except MemoryError:
        raise  # the isolated reader's memory ceiling: its process reports it (readers/isolated.py)
    except Exception as exc:  # noqa: BLE001 - a corrupt file must not stop the others
        kind = PurePath(source.name).suffix or reader.name
        return Unreadable(
            source.name,
            f"{source.name}：无法读取，文件可能已损坏或不是有效的{kind}文件（{type(exc).__name__}）",
        )
    sha = hashlib.sha256(source.data).hexdigest()
    blocks = to_simplified(blocks)  # traditional characters → simplified, with a note
    return replace(blocks, source=replace(blocks.source, path=source.name, sha256=sha))
