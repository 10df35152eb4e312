"""Untrusted input end to end: every bad file gives one Chinese line naming it, never a
traceback; big files are read within the limits (1 GB, 60 s); the other files go on.

Fixtures are real files, made once per session: PDFs by LibreOffice from a .docx (cut in half
for the truncated one, with a password for the encrypted one), a 200-page PDF, a .docx whose
document.xml is 1 GB of zeros (streamed into the zip, never held in memory) and an .xlsx
whose sheet has 1 000 000 empty rows.

Which reader each test waits on: PDFs → ``readers/pdf.py``; the bomb → ``readers/docx.py``
(it calls the zip guard); the empty rows → ``readers/spreadsheet.py``. Where one is missing
the registry answers "无法读取…（ModuleNotFoundError）" and only the wording checks fail.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import cn2an
import docx
import pytest
from docx.enum.text import WD_BREAK
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers import convert
from jixiao.readers.isolated import run_isolated
from jixiao.readers.registry import read
from tests.readers.test_zipguard import minimal_xlsx, write_zero_member

DEMO = Path(__file__).resolve().parents[2] / "src/jixiao/demo/qingcheng-2024-dept-self-eval.txt"
GB = 1 << 30
LIMIT_SECONDS = 60
PAGES = 200
EMPTY_ROWS = 1_000_000
ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"x"}}'
)
HAN = re.compile(r"[\u4e00-\u9fff]")

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


# ---- fixtures, made once per session ----------------------------------------------------


def _docx(pages: int) -> bytes:
    """``pages`` pages of a report, each with a heading, a sentence and a ruled 3 × 3 table (so
    the PDF reader looks for tables on every page). The words differ beyond their digits, so
    the reader does not take them for a running header."""
    document = docx.Document()
    for n in range(1, pages + 1):
        numeral = cn2an.an2cn(n)
        document.add_paragraph(f"第{numeral}页 项目支出绩效自评报告")
        document.add_paragraph(f"本页说明第{numeral}项绩效指标的完成情况。")
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for r in range(3):
            for c in range(3):
                table.cell(r, c).text = f"{numeral}-{r}{c}"
        if n < pages:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def pdfs() -> dict[str, bytes]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    one_page = _docx(1)
    return {
        "plain": convert.convert(one_page, ".docx", "pdf"),
        "encrypted": convert.convert(one_page, ".docx", ENCRYPT),
        "big": convert.convert(_docx(PAGES), ".docx", "pdf"),
    }


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A .docx whose word/document.xml declares and holds 1 GB of zeros (~4.6 MB zipped)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        write_zero_member(z, "word/document.xml", GB)
    return path.read_bytes()


def _empty_rows(total: str | None) -> Iterator[bytes]:
    """Two rows of content, then empty rows down to row 1 000 000 (each with one empty cell,
    as a format applied to a whole column leaves them); ``total`` goes in the row after."""
    yield (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>预算数（万元）</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>城乡居民医疗保险</t></is></c>'
        '<c r="B2"><v>405.378599</v></c></row>'
    ).encode()
    for start in range(3, EMPTY_ROWS + 1, 10_000):
        stop = min(start + 10_000, EMPTY_ROWS + 1)
        yield "".join(f'<row r="{r}"><c r="B{r}"/></row>' for r in range(start, stop)).encode()
    if total is not None:
        cell = f'<c r="A{EMPTY_ROWS + 1}" t="inlineStr"><is><t>{total}</t></is></c>'
        yield f'<row r="{EMPTY_ROWS + 1}">{cell}</row>'.encode()


@pytest.fixture(scope="session")
def empty_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The same sheet twice: ending in the empty rows, and with a total after them."""
    folder = tmp_path_factory.mktemp("rows")
    out = {}
    for kind, total in (("trailing", None), ("then-total", "合计")):
        path = folder / f"{kind}.xlsx"
        last = EMPTY_ROWS + (total is not None)
        minimal_xlsx(path, _empty_rows(total), dimension=f"A1:B{last}", level=1)
        out[kind] = path.read_bytes()
    return out


GARBAGE = random.Random(20240101).randbytes(64 * 1024)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


@pytest.fixture(scope="session")
def bad_files(pdfs: dict[str, bytes], bomb: bytes) -> dict[str, tuple[bytes, str]]:
    """File name → (bytes, what its reason must say)."""
    plain = pdfs["plain"]
    return {
        "空文件.pdf": (b"", "文件为空"),
        "乱码.pdf": (GARBAGE, "PDF"),
        "截断.pdf": (plain[: len(plain) // 2], "不完整"),
        "加密.pdf": (pdfs["encrypted"], "加密"),
        "炸弹.docx": (bomb, "压缩炸弹"),
        "图片.png": (PNG, "不支持的文件类型 .png"),
    }


def _assert_one_chinese_line(result: Blocks | Unreadable, name: str, says: str) -> None:
    assert isinstance(result, Unreadable), f"{name} was read: {result}"
    assert result.name == name
    assert result.reason.startswith(f"{name}：")
    assert "\n" not in result.reason and "Traceback" not in result.reason
    assert HAN.search(result.reason.removeprefix(f"{name}："))
    assert says in result.reason, result.reason


# ---- through the registry ---------------------------------------------------------------


@needs_soffice
def test_the_fixtures_are_what_they_claim(pdfs: dict[str, bytes], bomb: bytes) -> None:
    assert pdfs["plain"].startswith(b"%PDF-") and b"/Encrypt" not in pdfs["plain"]
    assert b"/Encrypt" in pdfs["encrypted"]
    assert b"/Count 200" in pdfs["big"]
    with zipfile.ZipFile(io.BytesIO(bomb)) as z:
        assert z.getinfo("word/document.xml").file_size == GB
    assert len(bomb) < 8 << 20


@needs_soffice
@pytest.mark.parametrize(
    "name", ["空文件.pdf", "乱码.pdf", "截断.pdf", "加密.pdf", "炸弹.docx", "图片.png"]
)
def test_each_bad_file_is_unreadable_with_a_reason(
    bad_files: dict[str, tuple[bytes, str]], name: str
) -> None:
    data, says = bad_files[name]
    _assert_one_chinese_line(read(Source(name, data)), name, says)


@needs_soffice
@pytest.mark.parametrize("name", ["乱码.pdf", "截断.pdf", "加密.pdf", "炸弹.docx"])
def test_isolated_reads_agree_and_stay_within_the_limits(
    bad_files: dict[str, tuple[bytes, str]], name: str
) -> None:
    data, says = bad_files[name]
    outcome = run_isolated(Source(name, data))
    _assert_one_chinese_line(outcome.result, name, says)
    assert outcome.seconds < LIMIT_SECONDS
    assert outcome.peak_rss is not None and outcome.peak_rss < GB


@needs_soffice
def test_a_200_page_pdf_is_read_within_the_limits(pdfs: dict[str, bytes]) -> None:
    outcome = run_isolated(Source("二百页.pdf", pdfs["big"]))
    blocks = outcome.result
    assert isinstance(blocks, Blocks), blocks
    assert blocks.source.pages == PAGES
    text = blocks.text()
    assert "第一页" in text and "第一百页" in text and "第二百页" in text
    cells = {c.text for t in blocks.tables() for c in t.cells}
    assert {"一-00", "一百-11", "二百-22"} <= cells
    assert outcome.seconds < LIMIT_SECONDS
    assert outcome.peak_rss is not None and outcome.peak_rss < GB


@pytest.mark.parametrize("kind", ["trailing", "then-total"])
def test_a_million_empty_rows_are_read_within_the_limits(
    empty_rows: dict[str, bytes], kind: str
) -> None:
    outcome = run_isolated(Source("百万空行.xlsx", empty_rows[kind]))
    blocks = outcome.result
    assert isinstance(blocks, Blocks), blocks
    (table,) = list(blocks.tables())
    assert table.grid() == [["项目名称", "预算数（万元）"], ["城乡居民医疗保险", "405.378599"]]
    (problem,) = blocks.problems  # what was left unread is named
    assert "未读取" in problem
    assert outcome.seconds < LIMIT_SECONDS
    assert outcome.peak_rss is not None and outcome.peak_rss < GB


# ---- through the command line -----------------------------------------------------------


@needs_soffice
def test_the_cli_names_each_bad_file_once_and_extracts_the_good_one(
    bad_files: dict[str, tuple[bytes, str]], tmp_path: Path
) -> None:
    paths = []
    for name, (data, _) in bad_files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    paths.insert(2, str(DEMO))
    result = CliRunner().invoke(app, ["extract", *paths], env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad_files), result.stderr
    for name, (_, says) in bad_files.items():
        (line,) = [x for x in lines if name in x]
        assert says in line and "Traceback" not in line
    docs = json.loads(result.stdout)
    assert [d["source"]["path"] for d in docs] == [str(DEMO)]
