"""Refuse zip containers (.docx, .xlsx, .ofd …) that would expand into too much to read.

:func:`check_zip` reads only the central directory (the table of contents at the end of the
zip), so it is fast and allocates almost nothing, whatever the members hold. Readers call it
before handing the bytes to python-docx, openpyxl, calamine or lxml.

The sizes it checks are the ones the zip *declares*, and a crafted zip can lie about them.
Python's :mod:`zipfile` (python-docx, openpyxl) and calamine's Rust zip (python-calamine 0.9)
both stop at a member's declared size and fail ("Bad CRC-32", "File is larger than its declared
uncompressed size"), so for them the declared sizes are real limits; the tests hold both. Any
other native library that trusts the stream more is stopped by the backstop: the address-space
limit of the worker process that reads untrusted files (:mod:`jixiao.readers.isolated`, 1 GB by
default), where a runaway allocation ends as "内存超过上限", never as a machine out of memory.
"""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO
from pathlib import PurePath
from typing import Final

from jixiao.readers.errors import ReadError

MAX_MEMBERS: Final = 10_000
MAX_DIRECTORY: Final = 4 * 1024 * 1024  # bytes of central directory (10 000 long names)
SMALL_MEMBER: Final = 4 * 1024 * 1024  # a member this small may be highly compressible text
BOMB_REASON: Final = "压缩包解压后过大（疑似“压缩炸弹”），拒绝读取"
NOT_A_ZIP: Final = "不是有效的压缩文件，无法读取"


def _directory(data: bytes) -> tuple[int, int] | None:
    """Member count and central-directory size from the end record (zip64 too), before
    :mod:`zipfile` builds one object per member; ``None`` where there is no end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (at,) = struct.unpack_from("<Q", data, locator + 8)
        if at + 56 <= len(data) and data[at : at + 4] == b"PK\x06\x06":
            count, size = struct.unpack_from("<QQ", data, at + 32)
    return count, size


def _check_directory(data: bytes) -> None:
    directory = _directory(data)
    if directory is None:
        return  # zipfile reports the damage
    count, size = directory
    if count > MAX_MEMBERS or size > MAX_DIRECTORY:
        raise ReadError(f"压缩包内文件过多（{count} 个，上限 {MAX_MEMBERS} 个），拒绝读取")


def _infos(data: bytes, name: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        suffix = PurePath(name).suffix.lower()
        hint = f"（{suffix} 文件应是 zip 压缩包）" if suffix else ""
        raise ReadError(NOT_A_ZIP + hint) from exc


def check_zip(data: bytes, name: str, max_total: int = 200_000_000, max_ratio: int = 200) -> None:
    """Raise :class:`ReadError` (Chinese reason) unless the zip in ``data`` is safe to open.

    Refused: an unreadable zip; more than 10 000 members; declared uncompressed sizes adding up
    to more than ``max_total`` bytes; or a member above 4 MiB uncompressed whose compression
    ratio exceeds ``max_ratio`` (real Office XML compresses 5–30×; zeros compress ~1000×).
    ``name`` is the file's name, used only to say what kind of file was expected.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("word/document.xml", "<w:document/>")
    >>> check_zip(buf.getvalue(), "a.docx")
    >>> check_zip(b"PK\\x03\\x04 not really", "a.docx")
    Traceback (most recent call last):
    ...
    jixiao.readers.errors.ReadError: 不是有效的压缩文件，无法读取（.docx 文件应是 zip 压缩包）
    """
    _check_directory(data)
    infos = _infos(data, name)
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个），拒绝读取")
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise ReadError(f"{BOMB_REASON}（声明解压后 {total / 1e6:.0f} MB）")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > SMALL_MEMBER and ratio > max_ratio:
            raise ReadError(f"{BOMB_REASON}（{info.filename} 压缩比 {ratio:.0f}:1）")
