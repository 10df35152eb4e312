"""OCR of scanned PDFs (the optional ``ocr`` extra, rapidocr_onnxruntime, which ships its
models). The scan is made here: a 自评表 page drawn with Pillow at 150 dpi (a title, a
paragraph wrapped over two lines, a ruled table with a merged label and wrapped cell text),
saved as an image-only PDF. Reading one page takes a few seconds on one core.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from jixiao.model.blocks import Blocks, Source
from jixiao.readers import ocr
from jixiao.readers.pdf_tables import tables_from_rulings
from jixiao.readers.pdf_text import Line
from jixiao.readers.registry import read

pytestmark = pytest.mark.skipif(
    not ocr.available(),
    reason="the ocr extra is not installed (pip install 'jixiao[ocr]': rapidocr_onnxruntime)",
)
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC = 2  # the face of the collection with simplified Chinese glyph forms
DPI = 150
TITLE = "项目支出绩效自评表"
LINES = ["为落实预算绩效管理要求，本单位按照科学性、规范性、客观性和公正性原",
         "则，对特困人员救助供养资金开展了绩效自评价。"]  # fmt: skip
HEADER = ["一级指标", "三级指标", "年度指标值", "实际完成值", "得分"]
ROWS = [
    ["产出指标", ["特困人员救助", "供养人数"], "≥4754人", "4604人", "9.68"],
    ["", ["资金发放准确率"], "=100%", "100%", "10"],
    ["效益指标", ["基本生活保障率"], "=100%", "100%", "10"],
]
WIDTHS = [200, 260, 220, 220, 140]  # pixels at 150 dpi
ROW_HEIGHT = 110


def _scan() -> bytes:
    """An A4 page at 150 dpi holding only an image, as a scanner writes it."""

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    big, body = (
        ImageFont.truetype(str(FONT), 44, index=SC),
        ImageFont.truetype(str(FONT), 30, index=SC),
    )
    draw.text((440, 150), TITLE, font=big, fill="black")
    for k, line in enumerate(LINES):
        draw.text((100, 260 + 50 * k), line, font=body, fill="black")
    x0, y0 = 100, 420
    edges = [x0]
    for width in WIDTHS:
        edges.append(edges[-1] + width)
    rows = [[HEADER[0], [HEADER[1]], *HEADER[2:]], *ROWS]
    for r, (label, name, target, actual, score) in enumerate(rows):
        top = y0 + r * ROW_HEIGHT
        for c, value in enumerate([label, name, target, actual, score]):
            lines = value if isinstance(value, list) else [value]
            merged_below = c == 0 and r == 1  # 产出指标 spans two rows
            if c == 0 and r == 2:
                continue
            bottom = top + ROW_HEIGHT * (2 if merged_below else 1)
            draw.rectangle((edges[c], top, edges[c + 1], bottom), outline="black", width=3)
            for k, text in enumerate(lines):
                draw.text((edges[c] + 15, top + 15 + 40 * k), text, font=body, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=DPI)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scanned() -> Blocks:
    got = read(Source("scan.pdf", _scan()))
    assert isinstance(got, Blocks), got
    return got


def test_the_problem_says_the_page_was_read_by_ocr(scanned: Blocks) -> None:
    assert scanned.problems == ("第1页为扫描件，已用文字识别（OCR）读取，请核对",)
    assert scanned.source.pages == 1 and scanned.source.format == "pdf"


def test_lines_become_paragraphs(scanned: Blocks) -> None:
    texts = [p.text for p in scanned.paragraphs()]
    assert texts == [TITLE, "".join(LINES)]


def test_ruled_table_with_merged_label_and_wrapped_cell(scanned: Blocks) -> None:
    (table,) = scanned.tables()
    assert table.grid(fill_merged=False) == [
        HEADER,
        ["产出指标", "特困人员救助供养人数", "≥4754人", "4604人", "9.68"],
        ["", "资金发放准确率", "=100%", "100%", "10"],
        ["效益指标", "基本生活保障率", "=100%", "100%", "10"],
    ]
    label = next(c for c in table.cells if c.text == "产出指标")
    assert (label.rowspan, label.colspan) == (2, 1)
    assert label.location.items() == {"page": 1, "table": 1, "row": 2, "col": 1}


def test_text_boxes_outside_rulings_stay_lines() -> None:
    boxes = [Line("甲", 10, 10, 20, 20), Line("乙", 21, 10, 31, 20)]
    tables, rest = tables_from_rulings(boxes, [])
    assert tables == [] and rest == boxes
