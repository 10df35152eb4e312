"""The zip guard: bombs, too many members, broken zips refused from the directory alone.

The builders here (:func:`write_zero_member`, :func:`lie_about_size`, :func:`minimal_xlsx`) are
shared with the bad-input and isolation tests.
"""

from __future__ import annotations

import doctest
import io
import struct
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from jixiao.readers import zipguard
from jixiao.readers.errors import ReadError
from jixiao.readers.zipguard import BOMB_REASON, NOT_A_ZIP, check_zip

MB = 1 << 20

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="自评表" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org'
    b'/spreadsheetml/2006/main">'
)


def write_zero_member(z: zipfile.ZipFile, name: str, size: int, chunk: int = MB) -> None:
    """A member of ``size`` zero bytes, written in chunks (never ``size`` bytes in memory)."""
    zeros = bytes(chunk)
    with z.open(name, "w", force_zip64=size > 0x7FFF_FFFF) as f:
        for _ in range(size // chunk):
            f.write(zeros)
        f.write(bytes(size % chunk))


def minimal_xlsx(
    path: Path,
    sheet_rows: bytes | Iterable[bytes] = b"",
    *,
    dimension: str | None = None,
    level: int = 6,
) -> None:
    """A one-sheet .xlsx written by hand; ``sheet_rows`` is the ``<sheetData>`` body, given
    whole or in pieces (streamed into the zip, never joined in memory)."""
    pieces = [sheet_rows] if isinstance(sheet_rows, bytes) else sheet_rows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for part, xml in XLSX_PARTS.items():
            z.writestr(part, xml)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(SHEET_HEAD)
            if dimension:
                f.write(f'<dimension ref="{dimension}"/>'.encode())
            f.write(b"<sheetData>")
            for piece in pieces:
                f.write(piece)
            f.write(b"</sheetData></worksheet>")


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """The same zip, with ``member``'s uncompressed size stated as ``declared`` in both the
    local header and the central directory."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        local = z.getinfo(member).header_offset
    out = bytearray(data)
    assert out[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", out, local + 22, declared)
    central = out.rfind(member.encode()) - 46
    assert out[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", out, central + 24, declared)
    return bytes(out)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _refused(data: bytes, **kwargs: int) -> str:
    with pytest.raises(ReadError) as info:
        check_zip(data, "自评表.docx", **kwargs)
    return info.value.reason


def test_doctests() -> None:
    assert doctest.testmod(zipguard).failed == 0


def test_an_ordinary_office_file_passes() -> None:
    docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("绩效自评报告" * 2000)
    document.save(buf)
    check_zip(buf.getvalue(), "报告.docx")


def test_compressible_text_below_a_few_mb_passes() -> None:
    check_zip(_zip({"word/document.xml": bytes(3 * MB)}), "a.docx")  # ratio ~1000, but small


def test_a_highly_compressed_large_member_is_a_bomb() -> None:
    reason = _refused(_zip({"word/document.xml": bytes(5 * MB)}))
    assert reason.startswith(BOMB_REASON)
    assert "word/document.xml" in reason and "压缩比" in reason


def test_the_declared_total_is_bounded() -> None:
    members = {f"xl/worksheets/sheet{i}.xml": bytes(MB) for i in range(3)}
    reason = _refused(_zip(members, zipfile.ZIP_STORED), max_total=2 * MB)
    assert reason.startswith(BOMB_REASON) and "声明解压后" in reason


def test_one_gigabyte_of_zeros_is_refused_from_the_directory_alone(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        write_zero_member(z, "word/document.xml", 1 << 30)
    data = path.read_bytes()
    assert len(data) < 8 * MB
    start = time.perf_counter()
    reason = _refused(data)
    assert time.perf_counter() - start < 0.1
    assert reason.startswith(BOMB_REASON)


def test_too_many_members() -> None:
    data = _zip({f"m{i}": b"" for i in range(10_001)}, zipfile.ZIP_STORED)
    assert "压缩包内文件过多（10001 个" in _refused(data)
    check_zip(_zip({f"m{i}": b"" for i in range(100)}, zipfile.ZIP_STORED), "a.xlsx")


def test_too_many_members_in_a_zip64_directory_is_refused_before_parsing_it() -> None:
    data = _zip({f"m{i}": b"" for i in range(70_000)}, zipfile.ZIP_STORED)  # > 65 535: zip64
    start = time.perf_counter()
    assert "（70000 个" in _refused(data)
    assert time.perf_counter() - start < 0.05  # the end record only, not 70 000 entries


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04" + bytes(100), b"%PDF-1.7 not a zip", bytes(range(256)) * 4],
    ids=["empty", "zip-magic-only", "pdf", "binary"],
)
def test_what_is_not_a_zip(data: bytes) -> None:
    assert _refused(data) == NOT_A_ZIP + "（.docx 文件应是 zip 压缩包）"


def test_a_truncated_zip() -> None:
    data = _zip({"word/document.xml": "<w:document/>" * 1000})
    assert _refused(data[: len(data) // 2]).startswith(NOT_A_ZIP)


def test_without_a_suffix_there_is_no_hint() -> None:
    with pytest.raises(ReadError) as info:
        check_zip(b"junk", "upload")
    assert info.value.reason == NOT_A_ZIP


def test_lying_sizes_pass_the_guard_but_stdlib_zipfile_stops_at_the_declared_size() -> None:
    data = lie_about_size(_zip({"word/document.xml": bytes(20 * MB)}), "word/document.xml", 1000)
    check_zip(data, "a.docx")  # the directory says 1000 bytes: nothing to refuse here
    with (
        zipfile.ZipFile(io.BytesIO(data)) as z,
        z.open("word/document.xml") as f,
        pytest.raises(zipfile.BadZipFile, match="CRC"),
    ):
        while f.read(MB):
            pass


def test_lying_sizes_calamine_stops_at_the_declared_size_too(tmp_path: Path) -> None:
    calamine = pytest.importorskip("python_calamine")
    path = tmp_path / "big.xlsx"
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (20 * MB) + b"</t></is></c></row>"
    minimal_xlsx(path, cell)
    data = lie_about_size(path.read_bytes(), "xl/worksheets/sheet1.xml", 1000)
    check_zip(data, "big.xlsx")
    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    with pytest.raises(Exception, match="larger than its declared"):
        book.get_sheet_by_index(0).to_python()
