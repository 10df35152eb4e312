"""Folders of documents for the batch tests, made once per session.

- ``mixed``: the demo documents (txt), DOCX/XLSX/HTML versions of two of them (the builders of
  tests/formats), and the bad inputs of the readers issue: an empty file, a garbage .pdf, a
  truncated PDF (a real one, drawn by matplotlib, cut in half) and a .docx zip bomb (1 GB of
  zeros, streamed; tests/readers/test_zipguard.py).
- ``slow``: 42 copies of the bigger demo documents, for killing a batch in the middle.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.formats import build_docx, build_html, build_xlsx, items_of
from tests.readers.test_zipguard import write_zero_member

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
GB = 1 << 30
BAD = {  # file name → words its reason must contain
    "空文件.pdf": "文件为空",
    "乱码.pdf": "PDF",
    "截断.pdf": "不完整",
    "炸弹.docx": "压缩炸弹",
}


def small_pdf() -> bytes:
    from matplotlib.backends.backend_pdf import FigureCanvasPdf  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(4, 3))
    FigureCanvasPdf(fig)
    fig.add_subplot().plot([1, 2, 3], [3, 1, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    return buf.getvalue()


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = small_pdf()
    (folder / "空文件.pdf").write_bytes(b"")
    (folder / "乱码.pdf").write_bytes(random.Random(20240101).randbytes(64 * 1024))
    (folder / "截断.pdf").write_bytes(pdf[: len(pdf) // 2])
    with zipfile.ZipFile(folder / "炸弹.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        write_zero_member(z, "word/document.xml", GB)
    return {name: folder / name for name in BAD}


@pytest.fixture(scope="session")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    for path in sorted(DEMO.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for stem in ("minzheng-2024-project-self-eval", "qingcheng-2024-dept-self-eval"):
        items = items_of((DEMO / f"{stem}.txt").read_text(encoding="utf-8"))
        build_docx(items, folder / f"{stem}.docx")
        build_xlsx(items, folder / f"{stem}.xlsx")
        build_html(items, folder / f"{stem}.html")
    write_bad_inputs(folder / "坏文件")
    return folder


@pytest.fixture(scope="session")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slow")
    bigger = [
        "luquan-2025-dept-self-eval",
        "qingcheng-2024-dept-self-eval",
        "jingxing-2025-dept-self-eval",
        "huailai-2024-targets",
        "shijiazhuang-2022-dept-self-eval",
        "minzheng-2024-project-self-eval",
    ]
    for i in range(42):
        stem = bigger[i % len(bigger)]
        shutil.copy(DEMO / f"{stem}.txt", folder / f"{i:02d}-{stem}.txt")
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
