"""Legacy .doc/.wps/.et through LibreOffice: real files made by LibreOffice itself, read back.

The .doc and .xls fixtures are written with python-docx/openpyxl and converted by LibreOffice
(``--convert-to doc``/``xls``), once per session. Skipped only where ``soffice`` is absent.
"""

from __future__ import annotations

import io
import multiprocessing
import random
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import docx
import openpyxl
import pytest

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.office import libreoffice
from jixiao.readers import convert
from jixiao.readers.errors import ReadError
from jixiao.readers.isolated import read_isolated, run_isolated
from jixiao.readers.registry import read
from tests.readers.test_isolated import is_running, running_in_group, wait_until

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)

TITLE = "庆城县2024年部门整体支出绩效自评报告"
ROWS = [("一级指标", "二级指标", "指标值"), ("产出指标", "数量指标", "≥4754人")]


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    for row in ROWS:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A real .doc and .xls, written by LibreOffice in one call (``convert_files``, each to its
    own format would need two; these are two calls)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("legacy")
    (folder / "report.docx").write_bytes(_docx_bytes())
    (folder / "table.xlsx").write_bytes(_xlsx_bytes())
    (doc,) = libreoffice.convert_files([folder / "report.docx"], "doc", folder)
    (xls,) = libreoffice.convert_files([folder / "table.xlsx"], "xls", folder)
    assert doc is not None and xls is not None
    return {"doc": doc.read_bytes(), "xls": xls.read_bytes()}


def _blocks(result: Blocks | Unreadable) -> Blocks:
    assert isinstance(result, Blocks), result
    return result


def _texts(blocks: Blocks) -> str:
    cells = " ".join(c.text for t in blocks.tables() for c in t.cells)
    return blocks.text() + " " + cells


@needs_soffice
def test_the_fixtures_are_real_legacy_binaries(legacy: dict[str, bytes]) -> None:
    for data in legacy.values():
        assert data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # compound file
    assert convert._has_stream(legacy["doc"], "WordDocument")
    assert convert._has_stream(legacy["xls"], "Workbook")


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_word_files_are_read_through_the_docx_reader(legacy: dict[str, bytes], suffix: str) -> None:
    blocks = _blocks(read(Source(f"自评报告{suffix}", legacy["doc"])))
    assert blocks.source.format == suffix[1:]
    assert blocks.source.path == f"自评报告{suffix}"
    text = _texts(blocks)
    assert TITLE in text
    assert "≥4754人" in text and "数量指标" in text


@needs_soffice
def test_et_files_are_read_through_the_spreadsheet_reader(legacy: dict[str, bytes]) -> None:
    blocks = _blocks(read(Source("自评表.et", legacy["xls"])))
    assert blocks.source.format == "et"
    (table,) = list(blocks.tables())
    assert [row[:3] for row in table.grid()] == [list(r) for r in ROWS]


@needs_soffice
def test_a_misnamed_spreadsheet_is_converted_as_a_spreadsheet(legacy: dict[str, bytes]) -> None:
    assert convert._kind(legacy["xls"], ".doc") == ("xlsx", "MS Excel 97")
    assert convert._kind(legacy["doc"], ".et") == ("docx", "MS Word 97")


@needs_soffice
def test_a_damaged_compound_file_is_not_imported_as_text() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(1).randbytes(20_000)
    result = read(Source("损坏.doc", data))
    assert isinstance(result, Unreadable)
    assert result.reason == f"损坏.doc：{libreoffice.FAILED}"


def test_presentations_are_refused_with_a_reason() -> None:
    result = read(Source("汇报.dps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))
    assert isinstance(result, Unreadable)
    assert result.reason == f"汇报.dps：{convert.PRESENTATION}"


def test_what_is_not_a_compound_file_is_refused_before_libreoffice() -> None:
    with pytest.raises(ReadError, match=r"不是有效的 \.doc 文件"):
        convert.read(Source("a.doc", b"\x00\x01binary" * 100))


def test_without_libreoffice_the_reason_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(libreoffice.shutil, "which", lambda _name: None)
    result = read(Source("旧报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1WordDocument"))
    assert isinstance(result, Unreadable)
    assert result.reason == f"旧报告.doc：{convert.NOT_INSTALLED}"
    assert "libreoffice-writer-nogui" in result.reason


@needs_soffice
def test_a_timeout_kills_the_whole_libreoffice_process_group(
    legacy: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real_popen = libreoffice.subprocess.Popen

    def recording_popen(*args: object, **kwargs: object) -> object:
        proc = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc.pid)
        return proc

    monkeypatch.setattr(libreoffice.subprocess, "Popen", recording_popen)
    begin = time.monotonic()
    with pytest.raises(libreoffice.OfficeError) as info:
        libreoffice.convert(legacy["doc"], ".doc", "docx", timeout=0.3)
    assert info.value.reason == "格式转换超时（0.3秒），已放弃"
    assert time.monotonic() - begin < 5
    (pgid,) = started
    assert wait_until(lambda: not running_in_group(pgid), 2), "soffice survived the timeout"
    monkeypatch.undo()
    # the slot's profile, possibly half written, was discarded: the next conversion works
    assert libreoffice.convert(legacy["doc"], ".doc", "docx").startswith(b"PK")


def test_profiles_in_use_at_the_same_time_are_different() -> None:
    with libreoffice.profile() as (first, _), libreoffice.profile() as (second, _):
        assert first != second


def test_a_profile_left_busy_by_a_killed_process_is_made_anew() -> None:
    with libreoffice.profile() as (path, fd):
        assert fd is not None, "slots need a private temp directory"
        busy = path.with_name(path.name + ".busy")
        assert busy.exists()
        (path / "kept").mkdir(parents=True, exist_ok=True)
    assert not busy.exists() and (path / "kept").is_dir()  # a clean run keeps its profile
    busy.touch()  # as a process killed mid-conversion leaves it
    with libreoffice.profile() as (again, _):
        if again == path:  # the same slot, unless another conversion holds it just now
            assert not (path / "kept").exists()


@needs_soffice
def test_parallel_conversions_in_threads_do_not_collide(legacy: dict[str, bytes]) -> None:
    with ThreadPoolExecutor(3) as pool:
        jobs = [
            pool.submit(convert.convert, legacy["doc"], ".doc", "docx"),
            pool.submit(convert.convert, legacy["xls"], ".xls", "xlsx"),
            pool.submit(convert.convert, legacy["doc"], ".wps", "docx"),
        ]
        outputs = [job.result() for job in jobs]
    assert all(out.startswith(b"PK") for out in outputs)


@needs_soffice
def test_parallel_conversions_in_processes_do_not_collide(legacy: dict[str, bytes]) -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        outputs = list(pool.map(convert.convert, [legacy["doc"]] * 2, [".doc"] * 2, ["docx"] * 2))
    assert all(out.startswith(b"PK") for out in outputs)


@needs_soffice
def test_many_files_in_one_call_as_the_pdf_writer_will(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.docx").write_bytes(_docx_bytes())
    out = tmp_path / "pdf"
    out.mkdir()
    results = libreoffice.convert_files([tmp_path / "a.docx", tmp_path / "b.docx"], "pdf", out)
    assert [p.name if p else None for p in results] == ["a.pdf", "b.pdf"]
    assert all(p is not None and p.read_bytes().startswith(b"%PDF-") for p in results)


def _soffice_running() -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"soffice" in cmdline and is_running(int(entry.name)):
            found.add(int(entry.name))
    return found


@needs_soffice
def test_a_legacy_file_is_read_in_isolation_under_the_memory_limit(
    legacy: dict[str, bytes],
) -> None:
    outcome = run_isolated(Source("自评报告.doc", legacy["doc"]))
    assert isinstance(outcome.result, Blocks), outcome.result
    assert TITLE in outcome.result.text()
    assert outcome.peak_rss is not None and outcome.peak_rss < 1 << 30  # soffice included


@needs_soffice
def test_an_isolated_timeout_kills_libreoffice_too(legacy: dict[str, bytes]) -> None:
    before = _soffice_running()
    result = read_isolated(Source("自评报告.doc", legacy["doc"]), timeout=0.4)
    assert result == Unreadable("自评报告.doc", "自评报告.doc：读取超时（0.4秒），已放弃")
    assert wait_until(lambda: not (_soffice_running() - before), 5), "soffice outlived the read"
