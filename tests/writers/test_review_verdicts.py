"""The 审核意见 with the reviewer's work (writers/review.py keyword arguments), read back with
python-docx: findings marked 误报 listed apart and counted nowhere, 已核实 marked, full marks
without 佐证材料 counted as warnings, and the re-score with its blend.

The demo project form (national-2020) has two errors: SCORE_FULL_BELOW_TARGET and
EXEC_POINTS_NE_RATE.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from typing import Any

import docx

from jixiao.analysis.evidence import missing_evidence
from jixiao.checks.engine import CheckRun, run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.genres import parse
from jixiao.model.blocks import Source
from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import Severity
from jixiao.readers.registry import read
from jixiao.rules import catalog
from jixiao.services.demo import demo_paths
from jixiao.writers.review import Rescore, Verdict, write_review


@cache
def demo() -> Evaluation:
    path = next(p for p in demo_paths() if p.name.startswith("minzheng"))
    return parse(read(Source(path.name, path.read_bytes())))  # type: ignore[arg-type]


@cache
def run() -> CheckRun:
    return run_checks(demo(), catalog.get("national-2020"), ALL_CHECKS)


def fid(code: str) -> str:
    return next(f.id for f in run().findings if f.code == code)


def written(**kwargs: Any) -> Any:
    out = write_review(demo(), run().card, run().findings, "national-2020", **kwargs)
    return docx.Document(BytesIO(out.data))


def text_of(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_false_positives_are_listed_apart_and_not_counted() -> None:
    findings = run().findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert {f.code for f in errors} == {"SCORE_FULL_BELOW_TARGET", "EXEC_POINTS_NE_RATE"}
    doc = written(verdicts={fid("SCORE_FULL_BELOW_TARGET"): Verdict("false_positive", "口径不同")})
    text = text_of(doc)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[-1] == "（二）经核实为误报（1项，不计入统计）"
    assert headings[0] == "（一）错误（1项）"  # 2 errors, one dismissed
    assert doc.tables[1].rows[-1].cells[-1].text == str(len(findings) - 1)  # summary total
    assert "另有1项经审核人核实为误报" in text
    after = text[text.index("经核实为误报（1项") :]
    assert "【SCORE_FULL_BELOW_TARGET】" in after and "核实说明：口径不同" in after
    before = text[: text.index("经核实为误报（1项")]
    assert "【SCORE_FULL_BELOW_TARGET】" not in before.split("问题清单")[-1]
    assert "建议退回修改" in text  # EXEC_POINTS_NE_RATE still stands


def test_all_errors_dismissed_recommends_passing() -> None:
    verdicts = {fid(c): Verdict("false_positive") for c in
                ("SCORE_FULL_BELOW_TARGET", "EXEC_POINTS_NE_RATE")}  # fmt: skip
    text = text_of(written(verdicts=verdicts))
    assert "经核实为误报（2项，不计入统计）" in text
    assert "建议退回修改" not in text and "建议通过" in text


def test_confirmed_findings_are_marked() -> None:
    text = text_of(
        written(verdicts={fid("EXEC_POINTS_NE_RATE"): Verdict("confirmed", "已与单位核对")})
    )
    assert "【EXEC_POINTS_NE_RATE】" in text and "（已核实）" in text
    assert "核实说明：已与单位核对" in text
    assert "经核实为误报" not in text


def test_missing_evidence_is_counted_as_warnings() -> None:
    evidence = missing_evidence(run().card, set())
    assert len(evidence) == 8  # eight rows at 10 of 10, none with a file
    doc = written(evidence=evidence)
    text = text_of(doc)
    assert text.count("【EVIDENCE_MISSING_FULL_MARKS】") == 8
    assert "指标“特困人员救助供养人数”满分但无佐证材料" in text
    total = len(run().findings) + 8
    assert doc.tables[1].rows[-1].cells[-1].text == str(total)


def test_rescore_section() -> None:
    sheet = Rescore(
        rows=(("特困人员救助供养人数", "10", "10", "9.68", "按实际人数"),
              ("预算执行率（年度资金总额）", "10", "10", "9.24", "")),
        self_total="99", review_total="97.92", final_total="97.92",
        blend="全国规则未规定加权，复核分即为结果", grade="优", reviewer="张审核",
    )  # fmt: skip
    doc = written(rescore=sheet)
    text = text_of(doc)
    assert "表2 复核评分" in text
    assert "最终得分：97.92分（优）。计算方法：全国规则未规定加权，复核分即为结果。" in text
    header = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert header["审核人"] == "张审核"
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "指标")
    assert [c.text for c in table.rows[1].cells] == ["特困人员救助供养人数", "10", "10", "9.68",
                                                     "按实际人数"]  # fmt: skip
    assert [c.text for c in table.rows[-1].cells][:4] == ["合计", "", "99", "97.92"]


def test_the_old_call_is_unchanged() -> None:
    plain = text_of(written())
    assert "经核实为误报" not in plain and "复核评分" not in plain
