"""The PDF of each 自评报告 reads back through our PDF reader with the evaluation's money rows,
indicator rows, stated total and grade (issue "writers": extract(report(e)) for xlsx, docx and
PDF). All reports are converted in one LibreOffice call, as the batched writer does."""

from __future__ import annotations

from functools import cache

import pytest

from jixiao.model.evaluation import Evaluation
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.writers.docx import write_report
from jixiao.writers.pdf import to_pdf_many
from tests.seeds import seed_path
from tests.writers.test_docx import (
    DEMO_CASES,
    SEED_CASES,
    assert_round_trip,
    card_of,
    demo,
    extract,
)

# one case per demo document and outline family (the PDF conversion is the slow part)
DEMOS = [c for c in DEMO_CASES if c[:3] in {
    ("qingcheng", "gansu-2024", "R17-gansu"), ("jingxing", "hebei-2019", "R17-hebei"),
    ("shijiazhuang", "hebei-2019", "R17-hebei"), ("minzheng", "national-2020", "R16"),
}]  # fmt: skip


@cache
def _pdfs(keys: tuple[str, ...]) -> dict[str, bytes]:
    """Every report's PDF, converted together; ``keys`` name the reports (cache key)."""
    docxs = [_docx(key) for key in keys]
    converted = to_pdf_many(docxs)
    assert all(c is not None for c in converted), "a report did not convert"
    return {key: c.data for key, c in zip(keys, converted, strict=True) if c is not None}


def _source(key: str) -> tuple[Evaluation, bytes]:
    kind, name, ruleset, outline = key.split("|")
    if kind == "demo":
        ev = demo(name)
        return ev, write_report(ev, card_of(name, ruleset), outline).data
    path = seed_path(name)
    ev = extract(path.read_bytes(), path.name)
    return ev, write_report(ev, score(ev, catalog.get(ruleset)), outline).data


def _docx(key: str) -> bytes:
    return _source(key)[1]


DEMO_KEYS = tuple(f"demo|{n}|{r}|{o}" for n, r, o, _ in DEMOS)
SEED_KEYS = tuple(f"seed|{p}|{r}|{o}" for p, r, o in SEED_CASES)


@pytest.mark.parametrize("key", DEMO_KEYS)
def test_demo_report_pdf_reads_back(key: str) -> None:
    ev, _ = _source(key)
    back = extract(_pdfs(DEMO_KEYS)[key], "report.pdf")
    assert_round_trip(ev, back)


@pytest.mark.seeds
@pytest.mark.parametrize("key", SEED_KEYS)
def test_seed_report_pdf_reads_back(key: str) -> None:
    seed_path(key.split("|")[1])  # skips with its reason where the seeds are absent
    ev, _ = _source(key)
    back = extract(_pdfs(SEED_KEYS)[key], "report.pdf")
    assert_round_trip(ev, back)
