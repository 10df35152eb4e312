"""The report PDF (writers/pdf.py): LibreOffice from a Chinese .docx written in the official
fonts, read back and looked at.

The .docx is built here with python-docx in 方正小标宋简体 / 黑体 / 楷体_GB2312 / 仿宋_GB2312 (East
Asian font set on every run, as the report writer does), one section per page. Checks: page
count, text on every page, the paragraphs read back, fonts (``pdffonts``: all embedded, all
Noto CJK, serif *and* sans, so the fonts.conf mapping really reached LibreOffice), a rendered
page that is not blank, parallel conversions, the timeout and a missing LibreOffice.
LibreOffice and poppler tests are skipped, with the reason, only where those are absent.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from matplotlib.image import imread

from jixiao.office import libreoffice
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.extract import Extracted, extract_path
from jixiao.writers import charts, pdf
from jixiao.writers.base import WriteError, Written

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdffonts, pdftoppm) is not installed: apt-get install poppler-utils",
)

TITLE = ("2024年度特困人员救助供养资金绩效自评报告", "方正小标宋简体", 22)
# (heading, its font; the body paragraphs in 仿宋_GB2312): one page each
SECTIONS = [
    ("一、项目基本情况", "黑体", [
        ("（一）项目概况", "楷体_GB2312"),
        ("本项目全年预算数4000.00万元，全年执行数3694.00万元，预算执行率92.35%。", "仿宋_GB2312"),
        ("资金用于保障全县4604名特困人员的基本生活，按月足额发放救助供养金。", "仿宋_GB2312"),
    ]),
    ("二、绩效目标实现情况", "黑体", [
        ("（一）产出指标", "楷体_GB2312"),
        ("特困人员救助供养人数年度目标不少于4754人，实际完成4604人，完成率96.84%。", "仿宋_GB2312"),
        ("救助供养金按月发放及时率达到100%，资金发放准确率100%。", "仿宋_GB2312"),
    ]),
    ("三、存在的问题及改进措施", "黑体", [
        ("部分乡镇认定程序不够规范，下一步将加强培训，完善动态管理机制。", "仿宋_GB2312"),
        ("令直骨：这些字在日文字形中写法不同，用于检查字体选择。", "仿宋_GB2312"),
    ]),
]  # fmt: skip
PAGES = len(SECTIONS)


def _run(paragraph: Any, text: str, font: str, size: int) -> None:
    run = paragraph.add_run(text)
    # as the report writer does: body digits and Latin in Times New Roman (absent on Debian)
    run.font.name = "Times New Roman" if font == "仿宋_GB2312" else font
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def chinese_docx(marker: str = "") -> bytes:
    """A three-page report in the official fonts; ``marker`` is appended to the title."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    text, font, size = TITLE
    _run(doc.add_paragraph(), text + marker, font, size)
    for i, (heading, heading_font, body) in enumerate(SECTIONS):
        if i:
            doc.add_page_break()
        _run(doc.add_paragraph(), heading, heading_font, 16)
        for line, line_font in body:
            _run(doc.add_paragraph(), line, line_font, 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def paragraphs() -> list[str]:
    return [TITLE[0]] + [t for h, _, body in SECTIONS for t in (h, *(b[0] for b in body))]


def page_texts(data: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def pdffonts(path: Path) -> list[list[str]]:
    """``pdffonts`` rows, split: name type … emb sub uni objectID gen."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def report_pdf() -> bytes:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    written = pdf.to_pdf(chinese_docx())
    assert isinstance(written, Written) and written.suffix == ".pdf"
    return written.data


@pytest.fixture(scope="session")
def report_pdf_path(report_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(report_pdf)
    return path


@pytest.fixture(scope="session")
def pdffonts_rows(report_pdf_path: Path) -> list[list[str]]:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    return pdffonts(report_pdf_path)


# ---- the PDF read back ----------------------------------------------------------------------


@needs_soffice
def test_pages_each_with_chinese_text(report_pdf: bytes) -> None:
    assert report_pdf.startswith(b"%PDF-")
    texts = page_texts(report_pdf)
    assert len(texts) == PAGES
    for i, text in enumerate(texts, 1):
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) >= 20, f"page {i}: {text!r}"
        assert "\ufffd" not in text, f"page {i} has U+FFFD"


@needs_soffice
def test_every_paragraph_reads_back(report_pdf: bytes) -> None:
    # A glyph drawn as .notdef has no Unicode mapping: its paragraph would not read back whole.
    whole = squash("".join(page_texts(report_pdf)))
    missing = [p for p in paragraphs() if squash(p) not in whole]
    assert missing == []


@needs_soffice
@needs_poppler
def test_fonts_embedded_noto_serif_and_sans(pdffonts_rows: list[list[str]]) -> None:
    names = [row[0] for row in pdffonts_rows]
    assert names, "pdffonts lists no font"
    # columns from the right: … emb sub uni objectID gen
    assert all(row[-5] == "yes" for row in pdffonts_rows), pdffonts_rows
    # Every face is Noto CJK: no DejaVu or other substitute (the default mapping of SimSun,
    # 仿宋_GB2312 and Times New Roman without fonts.conf), no Last Resort / .notdef-only font.
    assert all(re.search(r"Noto(Serif|Sans)CJK", n) for n in names), names
    # 仿宋_GB2312 / 方正小标宋简体 / 楷体_GB2312 → serif, 黑体 → sans: both faces are there.
    assert any("NotoSerifCJK" in n for n in names), names
    assert any("NotoSansCJK" in n for n in names), names


@needs_soffice
@needs_poppler
def test_first_page_renders_dark_pixels(report_pdf_path: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(report_pdf_path),
                    str(prefix)], check=True, capture_output=True)  # fmt: skip
    (png,) = tmp_path.glob("page*.png")
    pixels = imread(str(png))
    gray = pixels[..., :3].mean(axis=-1)
    dark = int((gray < 0.5).sum())
    assert pixels.shape[0] > 500  # A4 at 60 dpi: 702 × 496
    assert dark > 500, f"page 1 looks blank ({dark} dark pixels)"


# ---- batches, parallel runs, failures ---------------------------------------------------------


@needs_soffice
def test_many_in_one_call_keeps_order_and_marks_the_broken_one() -> None:
    good = [chinese_docx("（甲）"), chinese_docx("（乙）")]
    broken = b"PK\x03\x04 this is not a docx"
    out = pdf.to_pdf_many([good[0], broken, good[1]])
    assert out[1] is None
    first, third = out[0], out[2]
    assert first is not None and third is not None
    assert "（甲）" in page_texts(first.data)[0]
    assert "（乙）" in page_texts(third.data)[0]
    assert pdf.to_pdf_many([]) == []


@needs_soffice
def test_a_broken_docx_is_a_write_error() -> None:
    with pytest.raises(WriteError, match="未能将报告转换为 PDF"):
        pdf.to_pdf(b"not a docx at all")


@needs_soffice
def test_parallel_threads_do_not_collide() -> None:
    marks = ["（一号）", "（二号）", "（三号）"]
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def work(mark: str) -> None:
        try:
            results[mark] = pdf.to_pdf(chinese_docx(mark)).data
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(m,)) for m in marks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for mark in marks:
        assert mark in page_texts(results[mark])[0]


@needs_soffice
def test_parallel_processes_do_not_collide() -> None:
    marks = ["（进程甲）", "（进程乙）"]
    with ProcessPoolExecutor(max_workers=2) as pool:
        outs = list(pool.map(pdf.to_pdf, [chinese_docx(m) for m in marks]))
    for mark, written in zip(marks, outs, strict=True):
        assert mark in page_texts(written.data)[0]


@needs_soffice
def test_a_hang_is_killed_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        proc = popen(*args, **kwargs)
        started.append(proc)
        return proc

    monkeypatch.setattr(libreoffice.subprocess, "Popen", recording_popen)
    start = time.monotonic()
    with pytest.raises(WriteError, match=r"超时.*0\.5 秒"):
        pdf.to_pdf(chinese_docx(), timeout=0.5)  # LibreOffice is up, not yet done
    with pytest.raises(WriteError, match=r"2 份报告超过 0\.01 秒"):
        pdf.to_pdf_many([chinese_docx(), chinese_docx()], timeout=0.01)
    assert time.monotonic() - start < 15
    assert len(started) == 2
    # soffice ran in its own process group: nothing of it is left running (killed children
    # may linger as zombies until PID 1 reaps them; they run nothing)
    assert [p for proc in started for p in live_group_members(proc.pid)] == []


def live_group_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that are not zombies (from /proc; [] where there is none)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            live.append(int(stat.parent.name))
    return live


def test_no_libreoffice_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libreoffice.shutil, "which", lambda *a, **k: None)
    want = "未安装 LibreOffice，无法生成 PDF；请安装 libreoffice-writer-nogui，或改为输出 docx"
    with pytest.raises(WriteError) as caught:
        pdf.to_pdf(b"PK")
    assert caught.value.reason == want
    with pytest.raises(WriteError) as caught:
        pdf.to_pdf_many([b"PK", b"PK"])
    assert caught.value.reason == want


# ---- fonts.conf -------------------------------------------------------------------------------

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


def _installed(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", family], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


# Times New Roman: Liberation Serif (same metrics) where installed, else the Noto serif
LATIN = "Liberation Serif" if _installed("Liberation Serif") else SERIF
ALIASES = {
    **dict.fromkeys(["仿宋_GB2312", "仿宋", "宋体", "SimSun", "方正小标宋简体", "方正小标宋_GBK",
                     "楷体", "楷体_GB2312", "KaiTi", "STKaiti"], SERIF),
    **dict.fromkeys(["黑体", "SimHei", "微软雅黑", "Microsoft YaHei"], SANS),
    "Times New Roman": LATIN,
}  # fmt: skip


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig (fc-match) is absent")
@pytest.mark.parametrize(("family", "face"), ALIASES.items())
def test_fonts_conf_maps_official_faces(family: str, face: str) -> None:
    env = {"FONTCONFIG_FILE": str(pdf.FONTS_CONF), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(["fc-match", "-f", "%{family[0]}", family], capture_output=True,
                         text=True, env=env, check=True).stdout  # fmt: skip
    assert out == face


# ---- the real report ----------------------------------------------------------------------------

DEMO = "minzheng-2024-project-self-eval.txt"
PAGE_NUMBER = re.compile(r"[—－-]\s*\d+\s*[—－-]$")


@pytest.fixture(scope="session")
def demo_report() -> tuple[bytes, bytes]:
    """The demo 项目支出绩效自评表 through the report writer (charts included), and its PDF."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docx_writer = pytest.importorskip("jixiao.writers.docx")
    got = extract_path(Path(charts.__file__).parent.parent / "demo" / DEMO)
    assert isinstance(got, Extracted)
    ev = got.evaluation
    card = score(ev, catalog.get("national-2020"))
    pngs = {"score_by_block": charts.score_by_block(ev, card),
            "execution_by_month": charts.execution_by_month(ev)}  # fmt: skip
    docx = docx_writer.write_report(ev, card, "R16", pngs).data
    return docx, pdf.to_pdf(docx).data


@needs_soffice
@needs_poppler
def test_the_demo_report_as_pdf(demo_report: tuple[bytes, bytes], tmp_path: Path) -> None:
    docx, data = demo_report
    texts = page_texts(data)
    assert len(texts) >= 3
    assert all(len(re.findall(r"[\u4e00-\u9fff]", t)) >= 20 for t in texts)
    # every body paragraph reads back; page numbers ("— 4 —") dropped so that a paragraph
    # broken across pages joins up again
    whole = squash("".join(PAGE_NUMBER.sub("", t.strip()) for t in texts))
    paragraphs = [squash(p.text) for p in Document(io.BytesIO(docx)).paragraphs]
    missing = [p for p in paragraphs if len(p) >= 4 and p not in whole]
    assert missing == []
    path = tmp_path / "demo.pdf"
    path.write_bytes(data)
    rows = pdffonts(path)
    assert all(row[-5] == "yes" for row in rows), rows
    assert all(re.search(r"Noto(Serif|Sans)CJK", row[0]) for row in rows), rows
    # the charts went in as images
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=False).stdout  # fmt: skip
    assert len([ln for ln in images.splitlines()[2:] if " image " in ln]) >= 2
