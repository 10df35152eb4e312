"""The reviewer's 审核意见 (writers/review.py), read back with python-docx.

Every finding of the demo documents appears with its code and message, grouped by severity;
the summary counts them; the recomputed total stands beside the stated one; the closing
opinion follows the worst severity; fonts are the official ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from io import BytesIO
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from jixiao.checks.engine import CheckRun, run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.genres import parse
from jixiao.model.blocks import Source
from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import Category, Finding, Severity
from jixiao.model.location import Location
from jixiao.readers.registry import read
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.demo import demo_paths
from jixiao.writers.docx_fonts import OFFICIAL_FONTS
from jixiao.writers.docx_model import chinese_number
from jixiao.writers.review import SEVERITY_LABELS, write_review

DEMOS = {p.name.split("-")[0]: p for p in demo_paths()}
CASES = (
    ("qingcheng", "gansu-2024"),
    ("jingxing", "hebei-2019"),
    ("minzheng", "national-2020"),
    ("shijiazhuang", "hebei-2019"),
    ("luquan", "hebei-2019"),
)


@cache
def demo(name: str) -> Evaluation:
    path = DEMOS[name]
    blocks = read(Source(path.name, path.read_bytes()))
    return parse(blocks)  # type: ignore[arg-type]


@cache
def checked(name: str, ruleset: str) -> CheckRun:
    return run_checks(demo(name), catalog.get(ruleset), ALL_CHECKS)


def review_doc(name: str, ruleset: str) -> Any:
    run = checked(name, ruleset)
    written = write_review(demo(name), run.card, run.findings, ruleset)
    assert written.suffix == ".docx"
    return docx.Document(BytesIO(written.data))


def text_of(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "ruleset"), CASES)
def test_every_finding_appears(name: str, ruleset: str) -> None:
    run = checked(name, ruleset)
    text = text_of(review_doc(name, ruleset))
    assert run.findings
    for finding in run.findings:
        assert f"【{finding.code}】" in text
        assert finding.message in text


@pytest.mark.parametrize(("name", "ruleset"), CASES)
def test_findings_grouped_by_severity_and_counted(name: str, ruleset: str) -> None:
    run = checked(name, ruleset)
    doc = review_doc(name, ruleset)
    counts = Counter(f.severity for f in run.findings)
    groups = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    expected = [
        f"（{chinese_number(n)}）{SEVERITY_LABELS[s]}（{counts[s]}项）"
        for n, s in enumerate(
            [s for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]], start=1
        )
    ]
    assert groups == expected
    summary = doc.tables[1]  # after the header table
    assert summary.rows[-1].cells[-1].text == str(len(run.findings))


@pytest.mark.parametrize(("name", "ruleset"), CASES)
def test_opinion_follows_the_worst_severity(name: str, ruleset: str) -> None:
    run = checked(name, ruleset)
    text = text_of(review_doc(name, ruleset))
    if any(f.severity is Severity.ERROR for f in run.findings):
        assert "建议退回修改" in text
    else:
        assert "建议通过" in text


def test_header_names_unit_year_kind_and_rule_set() -> None:
    doc = review_doc("qingcheng", "gansu-2024")
    header = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert header["被审核单位"] == "庆城县自然资源局"
    assert header["评价年度"] == "2024年度"
    assert header["文件类型"] == "部门整体支出绩效自评报告"
    assert header["审核依据"] == "规则集 gansu-2024"
    assert doc.paragraphs[0].text == "庆城县自然资源局2024年度部门整体支出绩效自评报告审核意见"


def test_recomputed_beside_stated() -> None:
    text = text_of(review_doc("qingcheng", "gansu-2024"))
    assert "填报总分：86.82分，填报等级：良。" in text
    assert "按规则集gansu-2024复算：94.26分（优）。" in text


def test_per_task_scores_when_grouped() -> None:
    doc = review_doc("jingxing", "hebei-2019")
    titles = [p.text for p in doc.paragraphs if p.text.startswith("表2")]
    assert titles == ["表2 分项得分复核"]


def test_no_findings_recommends_passing() -> None:
    ev = demo("minzheng")
    card = score(ev, catalog.get("national-2020"))
    written = write_review(ev, card, (), "national-2020")
    text = text_of(docx.Document(BytesIO(written.data)))
    assert "未发现问题" in text
    assert "建议通过" in text
    assert "建议退回修改" not in text


def test_warnings_only_recommend_passing_with_explanation() -> None:
    finding = Finding(
        "x1",
        "TEST_CODE",
        Category.COMPLETENESS,
        Severity.WARNING,
        "某项说明缺失",
        Location(table=1, row=3),
        {"row": "甲"},
        "national-2020 R1",
    )
    ev = demo("minzheng")
    card = score(ev, catalog.get("national-2020"))
    text = text_of(docx.Document(BytesIO(write_review(ev, card, [finding], "x").data)))
    assert "【TEST_CODE】完整性，表1 第3行" in text
    assert "依据：row＝甲；规则：national-2020 R1" in text
    assert "建议通过" in text


def test_missing_fields_never_crash() -> None:
    empty = Evaluation()
    card = score(empty, catalog.get("national-2020"))
    written = write_review(empty, card, (), "national-2020")
    assert written.warnings
    assert "（未填报）" in text_of(docx.Document(BytesIO(written.data)))


def test_every_run_has_an_official_font() -> None:
    doc = review_doc("qingcheng", "gansu-2024")
    for run in doc.element.body.iter(qn("w:r")):
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in OFFICIAL_FONTS


def test_source_path_shown() -> None:
    ev = replace(demo("minzheng"), source=None)
    card = score(ev, catalog.get("national-2020"))
    doc = docx.Document(BytesIO(write_review(ev, card, (), "national-2020").data))
    header = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert header["送审文件"] == "—"
