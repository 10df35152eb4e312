"""Scanned PDF pages → page layouts, by OCR (the optional ``ocr`` extra: rapidocr_onnxruntime,
whose PP-OCR models ship inside the wheel; nothing is downloaded at run time).

A page is rendered with pypdfium2 at 150 dpi and read by RapidOCR, which returns text boxes.
Ruling lines are found in the same image (OpenCV, a dependency of the extra: long thin
horizontal and vertical strokes); where they form a grid, pdfplumber's intersection algorithm
gives the cells, as for OFD, and the text boxes inside a cell make its text, so a cell's
wrapped lines come back as one text. The other boxes become lines and paragraphs. Tables
without ruling lines are not rebuilt: their rows come back as lines, split at wide gaps.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from typing import TYPE_CHECKING, Any, Final

from jixiao.readers.pdf_layout import PageLayout
from jixiao.readers.pdf_tables import Box, tables_from_rulings
from jixiao.readers.pdf_text import Line, lines_from_runs

if TYPE_CHECKING:
    import pypdfium2  # type: ignore[import-untyped]

DPI: Final = 150
_SCALE: Final = DPI / 72  # image pixels per PDF point
_MIN_RULING_PT: Final = 14.0  # a stroke at least this long (points) may be a ruling line
_MIN_SCORE: Final = 0.5  # boxes RapidOCR is less sure of are left out


def available() -> bool:
    """Whether the ``ocr`` extra is installed."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def page_list(numbers: list[int]) -> str:
    """Page numbers as a reader writes them: "1-3、5".

    >>> page_list([1, 2, 3, 5])
    '1-3、5'
    """
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def problem(numbers: list[int]) -> str:
    return f"第{page_list(numbers)}页为扫描件，已用文字识别（OCR）读取，请核对"


@functools.cache
def _engine() -> Any:
    rapidocr = importlib.import_module("rapidocr_onnxruntime")
    return rapidocr.RapidOCR()


def _text_boxes(image: Any) -> list[Line]:
    """RapidOCR's text boxes, in points."""
    result, _ = _engine()(image)
    boxes: list[Line] = []
    for points, text, score in result or ():
        if float(score) < _MIN_SCORE or not str(text).strip():
            continue
        xs, ys = [p[0] / _SCALE for p in points], [p[1] / _SCALE for p in points]
        boxes.append(Line(str(text), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _strokes(mask: Any, size: tuple[int, int], horizontal: bool) -> list[Box]:
    """Line segments (points) of the long strokes in one direction of a binary image."""
    cv2 = importlib.import_module("cv2")
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
    opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(opened)
    segments: list[Box] = []
    for x, y, w, h, _area in stats[1:count]:
        x0, top, x1, bottom = x / _SCALE, y / _SCALE, (x + w) / _SCALE, (y + h) / _SCALE
        if horizontal:
            middle = (top + bottom) / 2
            segments.append((x0, middle, x1, middle))
        else:
            middle = (x0 + x1) / 2
            segments.append((middle, top, middle, bottom))
    return segments


def rulings(image: Any) -> list[Box]:
    """Horizontal and vertical ruling segments of a page image, in points."""
    cv2 = importlib.import_module("cv2")
    numpy = importlib.import_module("numpy")
    gray = cv2.cvtColor(numpy.asarray(image), cv2.COLOR_RGB2GRAY)
    mask = cv2.adaptiveThreshold(
        255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2
    )
    length = round(_MIN_RULING_PT * _SCALE)
    return _strokes(mask, (length, 1), True) + _strokes(mask, (1, length), False)


def page_layout(page: pypdfium2.PdfPage, number: int) -> PageLayout:
    """The layout of one scanned page, read by OCR."""
    width, height = page.get_size()
    image = page.render(scale=_SCALE).to_pil().convert("RGB")
    tables, rest = tables_from_rulings(_text_boxes(image), rulings(image))
    return PageLayout(number, width, height, tuple(lines_from_runs(rest)), tuple(tables))
