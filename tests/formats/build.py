"""Office, web and PDF versions of a text document with tab tables, for the cross-format tests.

A text document in the txt reader's format (a line with tabs is a table row, a merged cell is
written once and left empty on the rows or columns it covers; any other line is a paragraph)
becomes a DOCX (python-docx), an XLSX (openpyxl), an HTML page and a PDF (LibreOffice headless,
from the DOCX). The merges are the ones a real form has, decided from the text's
value-once-then-empty pattern (:func:`merges`):

* two header rows one above the other: a header cell with nothing under it spans both rows
  ("年度指标值" beside "一级指标 | 二级指标 | 三级指标");
* a header row's first label spans the empty cells after it ("评价指标" over three columns);
* in the first two columns, a label or a first/second-level indicator cell spans the rows below
  it that leave the column empty and go on to its right ("产出指标", "质量指标",
  "整体支出规模(元)", "资金支出计划（%）");
* in a sparse row (at most half of its cells filled) every text cell spans the empty cells after
  it ("部门(单位)名称" over two columns, the department's name over five); in a fuller row only
  the last text cell spans the empty cells to the row's end, unless it is a value ("≥100%").
  Numbers, "/" and "—" never span:
  a merged cell's text fills every position it covers when read, and a number must stay in its
  own column.

>>> rows = [["一级指标", "二级指标", "三级指标", "指标值"],
...         ["产出指标", "数量指标", "人数", "≥5人"],
...         ["", "", "次数", "≥2次"],
...         ["效益指标", "社会效益指标", "覆盖率", "=100%"]]
>>> [(s.row, s.col, s.rowspan, s.colspan) for s in merges(rows)]
[(1, 0, 2, 1), (1, 1, 2, 1)]
>>> [(s.row, s.col, s.rowspan, s.colspan) for s in merges([["项目名称", "某项目", "", ""]])]
[(0, 1, 1, 3)]
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import docx
import openpyxl  # type: ignore[import-untyped]
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, SourceInfo, Table
from jixiao.model.location import Location

# Exact header words: a row holding two of them is a header row of a money or indicator block.
HEADER_WORDS: Final = frozenset({
    "一级指标", "二级指标", "三级指标", "年初预算数", "全年预算数", "全年执行数", "年度指标值",
    "指标值", "实际完成值", "分值", "得分", "执行率", "绩效指标描述", "指标值确定依据",
})  # fmt: skip
_NOT_SPANNING: Final = re.compile(r"^[\d.,%\s/—\-–－]+$")  # numbers, "/", "—"
_VALUE_START: Final = re.compile(r"^[\d≥≤=<>≧≦＞＜]")
_NUMBER: Final = re.compile(r"^-?\d+(?:\.\d+)?$")
_FONT: Final = "Noto Serif CJK SC"
_LABEL_COLUMNS: Final = 2  # the columns where labels and level cells span rows


@dataclass(frozen=True, slots=True)
class Span:
    """A merged region: its top-left position and size."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1

    def positions(self) -> Iterable[tuple[int, int]]:
        for r in range(self.row, self.row + self.rowspan):
            for c in range(self.col, self.col + self.colspan):
                yield r, c


@dataclass(frozen=True, slots=True)
class TextTable:
    """A table of the text: rows padded to one width, and its merged regions."""

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[Span, ...]

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def span_at(self, row: int, col: int) -> Span | None:
        return next((s for s in self.spans if (s.row, s.col) == (row, col)), None)

    def covered(self) -> set[tuple[int, int]]:
        """Positions inside a merged region other than its top-left one."""
        return {p for s in self.spans for p in s.positions() if p != (s.row, s.col)}


Item = str | TextTable


# ---- the text document ------------------------------------------------------------------------


def items_of(text: str) -> list[Item]:
    """Paragraphs and tables in order, as the txt reader sees them: a blank line neither ends a
    table nor makes a paragraph."""
    out: list[Item] = []
    pending: list[list[str]] = []

    def flush() -> None:
        if pending:
            width = max(len(r) for r in pending)
            rows = [r + [""] * (width - len(r)) for r in pending]
            out.append(TextTable(tuple(tuple(r) for r in rows), tuple(merges(rows))))
            pending.clear()

    for line in re.split(r"\r\n|\r|\n", text):
        if "\t" in line and line.strip():
            pending.append([cell.strip() for cell in line.split("\t")])
        elif line.strip():
            flush()
            out.append(line.strip())
    flush()
    return out


def table_part(text: str, start: str, keep_first: int = 0) -> str:
    """The first ``keep_first`` lines (the document's title) and everything from the last line
    equal to ``start`` (a table's caption) on."""
    lines = text.splitlines()
    at = max(i for i, line in enumerate(lines) if line.strip() == start)
    return "\n".join([*lines[:keep_first], *lines[at:]]) + "\n"


# ---- merges -----------------------------------------------------------------------------------


def _is_header(row: Sequence[str]) -> bool:
    return sum(cell in HEADER_WORDS for cell in row) >= 2


def _spans_text(cell: str) -> bool:
    return bool(cell) and not _NOT_SPANNING.match(cell)


class _Layout:
    """Merged regions found so far; a region never overlaps another."""

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self.rows = rows
        self.spans: list[Span] = []
        self.taken: set[tuple[int, int]] = set()

    def add(self, span: Span) -> None:
        cells = set(span.positions())
        if span.rowspan * span.colspan > 1 and not cells & self.taken:
            self.spans.append(span)
            self.taken |= cells

    def run_right(self, r: int, c: int) -> int:
        """How many columns the cell at (r, c) spans: itself and the empty cells after it."""
        row = self.rows[r]
        end = c + 1
        while end < len(row) and not row[end]:
            end += 1
        return end - c

    def run_down(self, r: int, c: int) -> int:
        """How many rows the label at (r, c) spans: rows below that leave the column (and, for
        a second-level cell, the first column) empty and hold something to the right."""
        end = r + 1
        while end < len(self.rows):
            below = self.rows[end]
            if _is_header(below) or any(below[k] for k in range(c + 1)):
                break
            if not any(below[c + 1 :]):
                break
            end += 1
        return end - r


def _header_spans(layout: _Layout, headers: list[bool]) -> None:
    rows = layout.rows
    for r in range(len(rows) - 1):  # header cells with nothing under them span two header rows
        if headers[r] and headers[r + 1]:
            for c, cell in enumerate(rows[r]):
                if cell and not rows[r + 1][c]:
                    layout.add(Span(r, c, rowspan=2))
    for r, row in enumerate(rows):  # a header row's first label spans the empty cells after it
        if headers[r] and row and row[0]:
            layout.add(Span(r, 0, colspan=layout.run_right(r, 0)))


def _label_spans(layout: _Layout, headers: list[bool]) -> None:
    for r, row in enumerate(layout.rows):
        for c in range(min(_LABEL_COLUMNS, len(row))):
            if not headers[r] and _spans_text(row[c]):
                layout.add(Span(r, c, rowspan=layout.run_down(r, c)))


def merges(rows: Sequence[Sequence[str]]) -> list[Span]:
    """The merged regions a real form would have (module docstring)."""
    layout = _Layout(rows)
    headers = [_is_header(r) for r in rows]
    _header_spans(layout, headers)
    _label_spans(layout, headers)
    for r, row in enumerate(rows):
        if not headers[r]:
            _row_spans(layout, r, row)
    return sorted(layout.spans, key=lambda s: (s.row, s.col))


def _row_spans(layout: _Layout, r: int, row: Sequence[str]) -> None:
    filled = [c for c, cell in enumerate(row) if cell]
    if not filled:
        return
    if len(filled) * 2 <= len(row):  # sparse: every text cell
        for c in filled:
            if _spans_text(row[c]):
                layout.add(Span(r, c, colspan=layout.run_right(r, c)))
        return
    last = filled[-1]  # a fuller row: its last cell, unless it is a value ("≥100%")
    if _spans_text(row[last]) and not _VALUE_START.match(row[last]):
        layout.add(Span(r, last, colspan=layout.run_right(r, last)))


# ---- writers ----------------------------------------------------------------------------------


def _set_fonts(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), _FONT)


def _landscape(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def build_docx(items: Sequence[Item], path: Path) -> Path:
    """Paragraphs and ruled tables (style "Table Grid"), merged cells merged, landscape A4."""
    document = docx.Document()
    _set_fonts(document)
    _landscape(document)
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item.rows), cols=item.width)
        table.style = "Table Grid"
        for span in item.spans:
            last = table.cell(span.row + span.rowspan - 1, span.col + span.colspan - 1)
            table.cell(span.row, span.col).merge(last)
        covered = item.covered()
        for r, row in enumerate(item.rows):
            for c, text in enumerate(row):
                if text and (r, c) not in covered:
                    table.cell(r, c).text = text
    document.save(str(path))
    return path


def _number(text: str) -> Decimal | None:
    """A cell a spreadsheet stores as a number ("2600.00", "86.82"); codes and years stay text."""
    if not _NUMBER.match(text) or (len(text) > 1 and text.startswith("0") and "." not in text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def build_xlsx(items: Sequence[Item], path: Path, numbers: bool = True) -> Path:
    """One sheet: paragraphs as one-cell rows in column A, tables below them with their merged
    ranges; with ``numbers`` plain numbers are stored as numeric cells, as in a real form."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    at = 1
    for item in items:
        if isinstance(item, str):
            sheet.cell(row=at, column=1, value=item)
            at += 1
            continue
        covered = item.covered()
        for r, row in enumerate(item.rows):
            for c, text in enumerate(row):
                if not text or (r, c) in covered:
                    continue
                value = _number(text) if numbers else None
                cell = sheet.cell(row=at + r, column=c + 1, value=text if value is None else value)
                if value is None:
                    cell.data_type = "s"  # "=100%" is text, not a formula
        for s in item.spans:
            sheet.merge_cells(
                start_row=at + s.row, start_column=s.col + 1,
                end_row=at + s.row + s.rowspan - 1, end_column=s.col + s.colspan,
            )  # fmt: skip
        at += len(item.rows)
    book.save(str(path))
    return path


def html_text(items: Sequence[Item], title: str = "自评表") -> str:
    """An HTML page: <p> paragraphs and <table> tables with rowspan/colspan."""
    out = [f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           f"<title>{html.escape(title)}</title></head><body>"]  # fmt: skip
    for item in items:
        if isinstance(item, str):
            out.append(f"<p>{html.escape(item)}</p>")
            continue
        covered = item.covered()
        out.append('<table border="1">')
        for r, row in enumerate(item.rows):
            cells = []
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                span = item.span_at(r, c)
                attrs = ""
                if span is not None and span.rowspan > 1:
                    attrs += f' rowspan="{span.rowspan}"'
                if span is not None and span.colspan > 1:
                    attrs += f' colspan="{span.colspan}"'
                cells.append(f"<td{attrs}>{html.escape(text)}</td>")
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def build_html(items: Sequence[Item], path: Path) -> Path:
    path.write_text(html_text(items), encoding="utf-8")
    return path


SOFFICE: Final = shutil.which("soffice") or shutil.which("libreoffice")
PDF_TIMEOUT: Final = 180


def build_pdf(docx_path: Path, outdir: Path, profile: Path) -> Path:
    """The DOCX printed to PDF by LibreOffice headless (a private profile directory, so runs
    in parallel do not share one)."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        SOFFICE, "--headless", f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT)
    pdf = outdir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx_path.name}")
    return pdf


def blocks_of(items: Sequence[Item], fmt: str = "spans") -> Blocks:
    """The Blocks a reader of a format with merged cells gives for these items: one Cell per
    merged region with its rowspan and colspan, covered positions left out. No reader runs:
    this is what the genre parsers meet, whatever the format."""
    out: list[Block] = []
    tables = paragraphs = 0
    for item in items:
        if isinstance(item, str):
            paragraphs += 1
            out.append(Paragraph(item, Location(paragraph=paragraphs)))
            continue
        tables += 1
        covered = item.covered()
        cells = []
        for r, row in enumerate(item.rows):
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                span = item.span_at(r, c) or Span(r, c)
                loc = Location(table=tables, row=r + 1, col=c + 1)
                cells.append(Cell(text, r, c, span.rowspan, span.colspan, loc))
        out.append(Table(tuple(cells), Location(table=tables)))
    return Blocks(tuple(out), SourceInfo(path=f"document.{fmt}", format=fmt))
