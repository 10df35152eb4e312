"""Plain text → Blocks. Other lines are paragraphs; table rows are

- tab-separated lines;
- ``|``-separated lines (``| a | b |``, as in Markdown; ``|---|`` separator rows are dropped);
- runs of two or more consecutive lines that split into the same number (three or more) of
  columns on two or more spaces (space-aligned tables, as in text exported from PDFs).

A table goes on across blank lines while the next non-blank line is a row of the same kind.
A ``.tsv`` or ``.csv`` file is one table (``.csv`` through the stdlib :mod:`csv` module).

Encodings: a byte-order mark decides (UTF-8, UTF-16); else UTF-8; else UTF-16 without a mark
when the bytes hold zeros, more of them at odd (little-endian) or even (big-endian) positions;
else GB18030 (a superset of GBK and GB2312).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Final

from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, Source, SourceInfo, Table
from jixiao.model.location import Location
from jixiao.readers.chinese import clean_cell
from jixiao.readers.errors import ReadError

SUFFIXES: Final = (".txt", ".text", ".tsv", ".csv")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_GAP: Final = re.compile("[ \u00a0\u3000]{2,}")
_PIPE_RULE: Final = re.compile(r"\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?")
MIN_SPACE_COLUMNS: Final = 3
MIN_SPACE_ROWS: Final = 2


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 and UTF-8 text never holds a zero byte; UTF-16 has one in every ASCII character,
    # high byte second (little-endian) or first (big-endian).
    sample = data[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > even:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if even > odd:
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    return data.decode("gb18030", errors="replace"), "gb18030"


@dataclass(frozen=True, slots=True)
class _Row:
    line: int  # 1-based line number in the file
    cells: tuple[str, ...]


def _table(rows: list[_Row], number: int) -> Table:
    cells = tuple(
        Cell(
            clean_cell(text),
            r,
            c,
            location=Location(table=number, row=r + 1, col=c + 1, line=row.line),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row.cells)
    )
    return Table(cells, Location(table=number, line=rows[0].line if rows else None))


def _pipe_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a ``| a | b |`` row; ``None`` when the line is not one."""
    body = line.strip()
    if not body.startswith("|") or body.count("|") < 2:  # noqa: PLR2004
        return None
    body = body[1:-1] if body.endswith("|") else body[1:]
    return tuple(part.replace("\\|", "|") for part in re.split(r"(?<!\\)\|", body))


def _space_cells(line: str) -> tuple[str, ...]:
    return tuple(_WIDE_GAP.split(line.strip()))


def _kinds(lines: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Per line: its kind ("blank", "para", "tab", "pipe", "rule", "space<n>") and cells."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in lines:
        if not line.strip():
            out.append(("blank", ()))
        elif "\t" in line:
            out.append(("tab", tuple(line.split("\t"))))
        elif (pipe := _pipe_cells(line)) is not None:
            kind = "rule" if _PIPE_RULE.fullmatch(line.strip()) else "pipe"
            out.append((kind, pipe))
        else:
            out.append(("para", _space_cells(line)))
    _mark_space_tables(out)
    return out


def _mark_space_tables(kinds: list[tuple[str, tuple[str, ...]]]) -> None:
    """Turn runs of consecutive paragraph lines with the same number (≥ 3) of wide-gap columns
    into space-table rows (the kind names the column count, so two runs of different widths
    make two tables)."""
    start = 0
    while start < len(kinds):
        kind, cells = kinds[start]
        end = start + 1
        if kind == "para" and len(cells) >= MIN_SPACE_COLUMNS:
            while end < len(kinds) and kinds[end][0] == "para" and len(kinds[end][1]) == len(cells):
                end += 1
            if end - start >= MIN_SPACE_ROWS:
                for i in range(start, end):
                    kinds[i] = (f"space{len(cells)}", kinds[i][1])
        start = end


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs and tables of a text, in order."""
    lines = _LINE_BREAK.split(text)
    out: list[Block] = []
    pending: list[_Row] = []
    pending_kind = ""
    tables = paragraphs = 0

    def flush() -> None:
        nonlocal tables
        if pending:
            tables += 1
            out.append(_table(pending, tables))
            pending.clear()

    for n, (kind, cells) in enumerate(_kinds(lines), start=1):
        if kind == "blank":
            continue  # a blank line neither ends a table nor makes a paragraph
        if kind == "rule" and pending_kind == "pipe":
            continue  # the |---|---| line under a Markdown header row
        if kind not in {"para", "rule"}:
            if kind != pending_kind:
                flush()
            pending_kind = kind
            pending.append(_Row(n, cells))
            continue
        flush()
        pending_kind = ""
        paragraphs += 1
        out.append(Paragraph(lines[n - 1].strip(), Location(paragraph=paragraphs, line=n)))
    flush()
    return out


def _tsv_rows(text: str) -> Iterator[_Row]:
    for n, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line.strip():
            yield _Row(n, tuple(line.split("\t")))


def _csv_rows(text: str) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    first = 1
    try:
        for record in reader:
            if any(field.strip() for field in record):
                yield _Row(first, tuple(record))
            first = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"CSV 文件第{reader.line_num}行格式有误（{exc}）") from exc


def read(source: Source) -> Blocks:
    text, encoding = decode(source.data)
    problems: tuple[str, ...] = ()
    if "\ufffd" in text:
        problems = (f"{source.name}：按 {encoding} 解码时有无法识别的字节，已用 � 代替",)
    suffix = PurePath(source.name).suffix.lower()
    items: tuple[Block, ...]
    if suffix in {".csv", ".tsv"}:
        rows = list(_csv_rows(text) if suffix == ".csv" else _tsv_rows(text))
        items = (_table(rows, 1),) if rows else ()
    else:
        items = tuple(blocks_from_text(text))
    info = SourceInfo(path=source.name, format="txt")
    return Blocks(items, info, problems)
