"""Read a text PDF of 自评表 tables and narrative and print pages/s next to its floor, in the
same run, on the same bytes.

The PDF is made by code: the shipped demo documents (``src/jixiao/demo/*.txt``, read with the
text reader) are laid out in a .docx with python-docx — narrative paragraphs, ruled tables
with their merged cells (a cell left empty under a label in the first two columns is merged
down into it; empty cells closing a row are merged into the cell before them), a page number
in the footer — and converted to PDF by LibreOffice headless. The documents are repeated until
the PDF has about ``--pages`` pages.

The floor is pdfplumber's own ``extract_tables()`` on every page plus pypdfium2's text of every
page; jixiao is ``jixiao.readers.registry.read`` on the same bytes. Targets (issue "Readers"):
jixiao within 1.5× of the floor's time, and at least 15 pages/s on one core.

    python benchmarks/extract.py [--pages 80] [--pdf FILE.pdf] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.model.blocks import Blocks, Source, Table
from jixiao.readers.registry import read
from jixiao.readers.text import blocks_from_text

DEMO = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "demo"
TARGET_RATE = 15.0
TARGET_FACTOR = 1.5
FONT = "Noto Serif CJK SC"


def _style(document: object) -> None:

    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _page_number_footer(document: object) -> None:

    run = document.sections[0].footer.paragraphs[0].add_run()  # type: ignore[attr-defined]
    for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = instruction
        run._r.append(element)


def _vertical(grid: list[list[str]], col: int) -> list[tuple[int, int, int, int]]:
    """A label with empty cells under it, in one of the first columns, merged down."""
    out: list[tuple[int, int, int, int]] = []
    r = 0
    while r < len(grid):
        end = r
        while grid[r][col] and end + 1 < len(grid) and not grid[end + 1][col]:
            end += 1
        if end > r:
            out.append((r, col, end, col))
        r = end + 1
    return out


def _merges(grid: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Disjoint (row, col, last row, last col) ranges that the demo's empty cells stand for."""
    n_cols = len(grid[0])
    out = [m for col in range(min(2, n_cols - 1)) for m in _vertical(grid, col)]
    covered = {
        (r, c) for r0, c0, r1, c1 in out for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for r, row in enumerate(grid):
        filled = [c for c, text in enumerate(row) if text]
        if filled and 1 <= filled[-1] < n_cols - 1:
            span = [(r, c) for c in range(filled[-1], n_cols)]
            if not covered.intersection(span):
                out.append((r, filled[-1], r, n_cols - 1))
    return out


def _add_table(document: object, table: Table) -> None:
    grid = table.grid(fill_merged=False)
    out = document.add_table(rows=len(grid), cols=len(grid[0]))  # type: ignore[attr-defined]
    out.style = "Table Grid"
    for r, row in enumerate(grid):
        cells = out.rows[r].cells
        for c, text in enumerate(row):
            if text:
                cells[c].text = text
    for r, c, end, last in _merges(grid):
        out.cell(r, c).merge(out.cell(end, last))


def build_docx(path: Path, pages: int) -> None:
    """A .docx of the demo documents, repeated for about ``pages`` pages (≈ 700 characters a
    page of narrative, tables a little less)."""

    document = Document()
    _style(document)
    _page_number_footer(document)
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    chars = 0
    while chars < pages * 700:
        for text in texts:
            for block in blocks_from_text(text):
                if isinstance(block, Table):
                    _add_table(document, block)
                else:
                    document.add_paragraph(block.text)
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            chars += len(text)
    document.save(str(path))


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """LibreOffice headless, with its own profile (stack.md pitfall 2)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    pdf = out_dir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise SystemExit(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def floor(data: bytes) -> int:
    """pdfplumber's extract_tables() on every page, and pypdfium2's text of every page."""

    with pdfplumber.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
    document = pdfium.PdfDocument(data)
    pages = len(document)
    for index in range(pages):
        page = document[index]
        text = page.get_textpage()
        text.get_text_range()
        text.close()
        page.close()
    document.close()
    return pages


def jixiao(data: bytes) -> Blocks:
    blocks = read(Source("benchmark.pdf", data))
    if not isinstance(blocks, Blocks):
        raise SystemExit(f"jixiao could not read the benchmark PDF: {blocks.reason}")
    return blocks


def _best(fn: object, data: bytes, runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn(data)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=80, help="about how many pages to make")
    parser.add_argument("--pdf", type=Path, help="time this PDF instead of making one")
    parser.add_argument("--keep", type=Path, help="keep the made .docx and .pdf in this folder")
    parser.add_argument("--runs", type=int, default=2, help="runs of each, the best kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.pdf is None:
            t0 = time.perf_counter()
            build_docx(work / "bench.docx", args.pages)
            pdf = to_pdf(work / "bench.docx", work)
            print(f"made {pdf.name} in {time.perf_counter() - t0:.1f} s (not timed below)")
        else:
            pdf = args.pdf
        data = pdf.read_bytes()
    t_floor, pages = _best(floor, data, args.runs)
    t_jixiao, blocks = _best(jixiao, data, args.runs)
    assert isinstance(pages, int) and isinstance(blocks, Blocks)
    tables = sum(1 for _ in blocks.tables())
    paragraphs = sum(1 for _ in blocks.paragraphs())
    factor = t_jixiao / t_floor
    size = len(data) / 1e6
    print(f"{pages} pages, {size:.1f} MB; jixiao read {tables} tables, {paragraphs} paragraphs")
    print(f"{'':40}{'pages':>7}{'seconds':>9}{'pages/s':>9}")
    for label, seconds in (("floor (pdfplumber tables + pdfium text)", t_floor),
                           ("jixiao.readers.registry.read", t_jixiao)):  # fmt: skip
        print(f"{label:40}{pages:>7}{seconds:>9.2f}{pages / seconds:>9.1f}")
    print(f"jixiao / floor time: {factor:.2f}× (target ≤ {TARGET_FACTOR}×); "
          f"jixiao rate target ≥ {TARGET_RATE:.0f} pages/s")  # fmt: skip
    ok = factor <= TARGET_FACTOR and pages / t_jixiao >= TARGET_RATE
    print("OK" if ok else "BELOW TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
