"""Plain text → Blocks. Tab-separated lines are table rows; a table goes on across blank lines
while the next non-blank line is a table row again. Other lines are paragraphs.

Encodings: a byte-order mark decides (UTF-8, UTF-16); else UTF-8; else UTF-16 without a mark
when every other byte is zero; else GB18030 (a superset of GBK and GB2312).
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, Source, SourceInfo, Table
from jixiao.model.location import Location

SUFFIXES: Final = (".txt", ".text", ".tsv")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if len(sample) > 3 and sample[1::2].count(0) > len(sample) // 4:  # noqa: PLR2004
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(sample) > 3 and sample[0::2].count(0) > len(sample) // 4:  # noqa: PLR2004
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    return data.decode("gb18030", errors="replace"), "gb18030"


def _table(rows: list[tuple[int, str]], number: int) -> Table:
    cells = tuple(
        Cell(text.strip(), r, c, location=Location(table=number, row=r + 1, col=c + 1, line=ln))
        for r, (ln, line) in enumerate(rows)
        for c, text in enumerate(line.split("\t"))
    )
    return Table(cells, Location(table=number, line=rows[0][0]))


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs and tab tables of a text, in order."""
    lines = _LINE_BREAK.split(text)
    out: list[Block] = []
    pending: list[tuple[int, str]] = []
    tables = paragraphs = 0

    def flush() -> None:
        nonlocal tables
        if pending:
            tables += 1
            out.append(_table(pending, tables))
            pending.clear()

    for n, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if "\t" in line and line.strip():
            pending.append((n, line))
            continue
        if not line.strip():
            continue  # a blank line neither ends a table nor makes a paragraph
        flush()
        paragraphs += 1
        out.append(Paragraph(line.strip(), Location(paragraph=paragraphs, line=n)))
    flush()
    return out


def read(source: Source) -> Blocks:
    text, encoding = decode(source.data)
    problems: tuple[str, ...] = ()
    if "\ufffd" in text:
        problems = (f"{source.name}：按 {encoding} 解码时有无法识别的字节，已用 � 代替",)
    info = SourceInfo(path=source.name, format="txt")
    return Blocks(tuple(blocks_from_text(text)), info, problems)
