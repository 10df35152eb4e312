"""PDF → Blocks: text from pypdfium2 (fast), ruled tables from pdfplumber.

Per page, pypdfium2 gives the text runs with their boxes. Only a page that draws lines (path
objects) goes to pdfplumber, whose default ``lines`` strategy finds the ruled tables; each cell
box becomes one :class:`~jixiao.model.blocks.Cell` with its span, and the text runs inside a
table are left to the table. :mod:`jixiao.readers.pdf_layout` then orders lines and tables,
drops page furniture and joins paragraphs and continued tables.

Not handled: tables without ruling lines (their text comes as paragraphs), multi-column page
layouts, rotated text and pages turned by ``/Rotate``. A page without a text layer is read by
OCR when the ``ocr`` extra is installed (:mod:`jixiao.readers.ocr`); otherwise a PDF with no
text at all is refused with the install hint, and scanned pages in a text PDF are named in
``Blocks.problems``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from jixiao.model.blocks import Blocks, Source, SourceInfo
from jixiao.readers import ocr
from jixiao.readers.errors import ReadError
from jixiao.readers.pdf_layout import PageLayout, assemble
from jixiao.readers.pdf_tables import Box, PageTable, table_from_boxes
from jixiao.readers.pdf_text import Line, join_wrapped, lines_from_runs

if TYPE_CHECKING:
    import pypdfium2  # type: ignore[import-untyped]

CORRUPT: Final = "PDF文件损坏或不完整，无法读取"
ENCRYPTED: Final = "PDF已加密，无法读取"
SCANNED: Final = "此PDF为扫描件，请安装 jixiao[ocr]"
_SPACE: Final = 0x20  # this code and below: spaces and line breaks of the text layer
_BLANKS: Final = frozenset((0x3000, 0x00A0, 0xFFFE, 0xFFFF))
_SPACE_GAP: Final = 0.3  # a gap of this many character heights between characters is a space
_RUN_GAP: Final = 2.0  # a wider gap ends a run


def _open(data: bytes) -> pypdfium2.PdfDocument:
    import pypdfium2 as pdfium  # noqa: PLC0415
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]  # noqa: PLC0415

    if b"%%EOF" not in data[-2048:]:
        raise ReadError(CORRUPT)  # cut short: reading half a form would mislead
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError(ENCRYPTED) from exc
        raise ReadError(CORRUPT) from exc


class _Plumber:
    """pdfplumber on the same bytes, opened only when a page draws lines."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: Any = None

    def tables(self, index: int) -> list[tuple[list[Box], list[str]]]:
        """Cell boxes and cell texts of each ruled table on page ``index`` (0-based)."""
        if self._pdf is None:
            from io import BytesIO  # noqa: PLC0415

            import pdfplumber  # noqa: PLC0415

            self._pdf = pdfplumber.open(BytesIO(self._data))
        page = self._pdf.pages[index]
        out: list[tuple[list[Box], list[str]]] = []
        for table in page.find_tables():
            boxes: list[Box] = []
            texts: list[str] = []
            for row, values in zip(table.rows, table.extract(), strict=True):
                for box, value in zip(row.cells, values, strict=True):
                    if box is not None:
                        boxes.append(tuple(box))
                        texts.append(join_wrapped((value or "").split("\n")))
            out.append((boxes, texts))
        page.close()
        return out

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _draws_lines(page: pypdfium2.PdfPage) -> bool:
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415

    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
    return any(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) in kinds
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    )


def _runs(text: pypdfium2.PdfTextPage, height: float) -> list[Line]:
    """The page's characters in content order, gathered into runs that sit side by side on one
    line (loose character boxes, so punctuation has the height of its line; origin top-left).
    Spaces are not taken from the text layer: a gap between characters makes one."""
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415

    box = pdfium_c.FS_RECTF()
    runs: list[Line] = []
    parts: list[str] = []
    x0 = top = x1 = bottom = 0.0
    for i in range(text.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(text.raw, i)
        if code <= _SPACE or code in _BLANKS:
            continue
        pdfium_c.FPDFText_GetLooseCharBox(text.raw, i, box)
        c_top, c_bottom = height - box.top, height - box.bottom
        h = max(c_bottom - c_top, 1.0)
        gap = box.left - x1
        same_line = parts and min(bottom, c_bottom) - max(top, c_top) >= h / 2
        if same_line and -h / 2 <= gap <= _RUN_GAP * h:
            parts.append(chr(code) if gap <= _SPACE_GAP * h else " " + chr(code))
            x1, top, bottom = max(x1, box.right), min(top, c_top), max(bottom, c_bottom)
            continue
        if parts:
            runs.append(Line("".join(parts), x0, top, x1, bottom))
        parts = [chr(code)]
        x0, top, x1, bottom = box.left, c_top, box.right, c_bottom
    if parts:
        runs.append(Line("".join(parts), x0, top, x1, bottom))
    return runs


def _inside(line: Line, tables: list[PageTable]) -> bool:
    x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return any(t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3] for t in tables)


def _page_layout(
    number: int, page: pypdfium2.PdfPage, text: pypdfium2.PdfTextPage, plumber: _Plumber
) -> PageLayout:
    width, height = page.get_size()
    tables: list[PageTable] = []
    if _draws_lines(page):
        for boxes, texts in plumber.tables(number - 1):
            table = table_from_boxes(boxes, texts)
            if table is not None:
                tables.append(table)
    runs = [r for r in _runs(text, height) if not _inside(r, tables)]
    return PageLayout(number, width, height, tuple(lines_from_runs(runs)), tuple(tables))


def _is_blank(page: pypdfium2.PdfPage) -> bool:
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415

    return pdfium_c.FPDFPage_CountObjects(page.raw) == 0


def _has_text(text: pypdfium2.PdfTextPage) -> bool:
    return bool(text.count_chars()) and bool(text.get_text_range().strip())


def _text_layouts(document: pypdfium2.PdfDocument, data: bytes) -> dict[int, PageLayout | None]:
    """The layout of every page with text; ``None`` for a page without a text layer."""
    plumber = _Plumber(data)
    out: dict[int, PageLayout | None] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            try:
                if _has_text(text):
                    out[index + 1] = _page_layout(index + 1, page, text, plumber)
                elif _is_blank(page):
                    width, height = page.get_size()
                    out[index + 1] = PageLayout(index + 1, width, height, lines=())
                else:
                    out[index + 1] = None
            finally:
                text.close()
                page.close()
    finally:
        plumber.close()
    return out


def _scans(
    document: pypdfium2.PdfDocument, numbers: list[int], all_scanned: bool
) -> tuple[list[PageLayout], list[str]]:
    """Pages without text: read by OCR where it can run, else named as problems."""
    if not numbers:
        return [], []
    if not ocr.available():
        if all_scanned:
            raise ReadError(SCANNED)
        pages = ocr.page_list(numbers)
        return [], [f"第{pages}页为扫描件，没有读取；请安装 jixiao[ocr] 以识别文字"]
    layouts = [ocr.page_layout(document[n - 1], n) for n in numbers]
    return layouts, [ocr.problem(numbers)]


def read(source: Source) -> Blocks:
    document = _open(source.data)
    try:
        layouts = _text_layouts(document, source.data)
        scanned = [n for n, layout in layouts.items() if layout is None]
        ocr_layouts, problems = _scans(document, scanned, len(scanned) == len(layouts))
    finally:
        document.close()
    pages = [p for p in layouts.values() if p is not None] + ocr_layouts
    pages.sort(key=lambda p: p.number)
    info = SourceInfo(path=source.name, format="pdf", pages=len(layouts))
    return Blocks(assemble(pages), info, tuple(problems))
