"""Legacy office files through LibreOffice headless: .doc and .wps → .docx, .et → .xlsx.

:func:`read` converts, then hands the result to the .docx or spreadsheet reader and records
the original format (``SourceInfo.format == "doc"``). .dps (WPS presentations) are refused.

The conversion itself (profiles, time limit, process groups) is :mod:`jixiao.office.libreoffice`,
which the PDF writer shares.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath
from typing import Final

from jixiao.model.blocks import Blocks, Source
from jixiao.office.libreoffice import NOT_INSTALLED as OFFICE_MISSING
from jixiao.office.libreoffice import OfficeError, convert
from jixiao.readers.errors import ReadError

PRESENTATION: Final = "不支持演示文稿（.dps/.ppt），请另存为 PDF 后再读取"
_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc .xls .wps .et .dps
_WORD: Final = ("docx", "MS Word 97")
_EXCEL: Final = ("xlsx", "MS Excel 97")
NOT_INSTALLED: Final = (
    "未安装 LibreOffice，无法读取 .doc/.wps/.et 文件；"
    "请安装 libreoffice-writer-nogui 和 libreoffice-calc-nogui"
)


# ---- the reader -------------------------------------------------------------------------


def _has_stream(data: bytes, name: str) -> bool:
    """Whether a compound file's directory names a stream (UTF-16 names, NUL-terminated)."""
    return (name + "\0").encode("utf-16-le") in data


def _kind(data: bytes, suffix: str) -> tuple[str, str]:
    """(``--convert-to`` target, import filter) for a legacy file. The filter is forced so that
    a damaged file fails instead of being imported as text. WPS 2003+ writes .wps and .et in
    the Word and Excel 97 binary formats."""
    if suffix == ".dps" or _has_stream(data, "PowerPoint Document"):
        raise ReadError(PRESENTATION)
    if not data.startswith(_OLE):
        kind = suffix or "Office"
        raise ReadError(f"不是有效的 {kind} 文件（应为 Word/Excel 97–2003 或 WPS 格式）")
    if _has_stream(data, "WordDocument"):
        return _WORD
    if _has_stream(data, "Workbook") or _has_stream(data, "Book"):
        return _EXCEL
    return _EXCEL if suffix in (".et", ".xls") else _WORD


def read(source: Source) -> Blocks:
    """A .doc, .wps or .et file: converted by LibreOffice, then read as .docx or .xlsx."""
    suffix = PurePath(source.name).suffix.lower()
    target, infilter = _kind(source.data, suffix)
    try:
        converted = convert(source.data, suffix or ".doc", target, infilter=infilter)
    except OfficeError as exc:
        reason = NOT_INSTALLED if exc.reason == OFFICE_MISSING else exc.reason
        raise ReadError(reason) from exc
    module = "docx" if target == "docx" else "spreadsheet"
    reader: Callable[[Source], Blocks] = importlib.import_module(f"jixiao.readers.{module}").read
    name = str(PurePath(source.name).with_suffix("." + target))
    blocks = reader(Source(name, converted))
    original = suffix.lstrip(".") or ("doc" if target == "docx" else "xls")
    return replace(blocks, source=replace(blocks.source, format=original))
