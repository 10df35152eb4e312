"""The documents of the cross-format tests, built once per session (DOCX, XLSX, HTML, PDF)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.model.blocks import Blocks
from tests.formats import (
    SOFFICE,
    blocks_of,
    build_docx,
    build_html,
    build_pdf,
    build_xlsx,
    items_of,
    table_part,
)

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"


@dataclass(frozen=True)
class Doc:
    """A document of the tests: which demo file, which part of it, which golden and version."""

    demo: str
    golden: str
    version: str  # "table_part" or "whole" (tests/formats/golden.py)
    start: str | None = None  # the caption line the table part starts at
    keep_first: int = 0  # title lines kept before it

    def text(self) -> str:
        text = (DEMO / f"{self.demo}.txt").read_text(encoding="utf-8")
        return text if self.start is None else table_part(text, self.start, self.keep_first)


DOCS: dict[str, Doc] = {
    # the tables of seed 003 (部门整体支出绩效自评表) and seed 004 (seven 绩效目标表)
    "qingcheng-table": Doc("qingcheng-2024-dept-self-eval", "seed-003", "table_part",
                           "部门整体支出绩效自评表"),
    "huailai-tables": Doc("huailai-2024-targets", "seed-004", "table_part",
                          "第二部分 预算项目绩效目标", 1),
    # a project form (R7), and a whole narrative report with its table
    "minzheng": Doc("minzheng-2024-project-self-eval", "demo-minzheng", "whole"),
    "qingcheng-report": Doc("qingcheng-2024-dept-self-eval", "seed-003", "whole"),
}  # fmt: skip

Build = Callable[[str, str], Path]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``built(doc, fmt)``: the file of one document in one format, made once a session."""
    root = tmp_path_factory.mktemp("formats")
    cache: dict[tuple[str, str], Path] = {}

    def build(doc: str, fmt: str) -> Path:
        if (doc, fmt) in cache:
            return cache[doc, fmt]
        items = items_of(DOCS[doc].text())
        path = root / f"{doc}.{fmt}"
        if fmt == "docx":
            build_docx(items, path)
        elif fmt == "xlsx":
            build_xlsx(items, path)
        elif fmt == "html":
            build_html(items, path)
        elif fmt == "pdf":
            if SOFFICE is None:
                pytest.skip("LibreOffice (soffice) is not installed: no PDF can be built")
            path = build_pdf(build(doc, "docx"), root / "pdf", root / "soffice-profile")
        else:
            raise ValueError(fmt)
        cache[doc, fmt] = path
        return path

    return build


@pytest.fixture
def spans_blocks() -> Callable[[str], Blocks]:
    """The Blocks of a merged-cell format, made without a reader."""
    return lambda doc: blocks_of(items_of(DOCS[doc].text()))
