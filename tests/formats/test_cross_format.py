"""The same golden JSON comes back from every format of a document.

The documents are our demo files (src/jixiao/demo: the seeds' tables and figures) or their
table parts, built by tests/formats/build.py into DOCX, XLSX, HTML and PDF with the merged
cells a real form has. Each is read through the reader registry, as `jixiao extract` reads
it, parsed, and compared field by field with the hand-written golden (tests/e2e/golden).

``spans`` runs no reader: it hands the genre parsers the Blocks a merged-cell format gives
(one cell per merged region, covered positions left out), so the parsers' handling of merged
cells is tested even before a reader exists. A format whose reader module is missing fails
with the reader's name in the message.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from jixiao.genres import parse
from jixiao.model.blocks import Blocks, Source, Table
from jixiao.model.jsonable import to_jsonable
from jixiao.readers.registry import read, reader_for
from tests.formats.conftest import DOCS, Build
from tests.formats.golden import differences, expected, load

FORMATS = ("html", "docx", "xlsx", "pdf")
# A narrative report as a spreadsheet is no real document: the report goes to the others.
CASES = [(doc, fmt) for doc in DOCS for fmt in FORMATS
         if not (fmt == "xlsx" and DOCS[doc].version == "whole" and doc != "minzheng")]  # fmt: skip


def _want(doc: str) -> dict[str, object]:
    return expected(load(DOCS[doc].golden), DOCS[doc].version)


def _read(path: Path) -> Blocks:
    source = Source(path.name, path.read_bytes())
    reader = reader_for(source)
    assert reader is not None, f"no reader for {path.name}"
    if importlib.util.find_spec(reader.module) is None:
        pytest.fail(f"reader module {reader.module} does not exist yet ({path.suffix})")
    blocks = read(source)
    assert isinstance(blocks, Blocks), f"{reader.module}: {blocks}"
    return blocks


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_merged_cells_give_the_golden(doc: str, spans_blocks: Callable[[str], Blocks]) -> None:
    got = to_jsonable(parse(spans_blocks(doc)))
    assert differences(_want(doc), got) == []


@pytest.mark.parametrize(("doc", "fmt"), CASES)
def test_format_gives_the_golden(doc: str, fmt: str, built: Build) -> None:
    blocks = _read(built(doc, fmt))
    assert blocks.source.format in {fmt, None} or fmt == "html", blocks.source.format
    got = to_jsonable(parse(blocks))
    assert differences(_want(doc), got) == []


def test_money_label_merged_down_over_the_header(spans_blocks: Callable[[str], Blocks]) -> None:
    """Another layout of the R7 form: "项目资金（万元）" spans the money header and its four
    rows vertically (the builder merges it across two columns instead)."""
    blocks = spans_blocks("minzheng")
    (table,) = list(blocks.tables())
    label = next(c for c in table.cells if c.text == "项目资金（万元）")
    cells = [c for c in table.cells if c is not label and not (c.col == 0 and 3 <= c.row <= 6)]
    cells.append(replace(label, rowspan=5, colspan=1))
    cells.append(replace(label, text="", col=1, rowspan=1, colspan=1))
    paragraphs = tuple(b for b in blocks.items if not isinstance(b, Table))
    got = to_jsonable(parse(replace(blocks, items=(*paragraphs, Table(tuple(cells))))))
    assert differences(_want("minzheng"), got) == []
