"""The 绩效目标审核意见 (.docx, rules.md R14), read back with python-docx: the four criteria with
their questions, ratings and comments, the result and its consequence, the indicators' findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import docx

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator
from jixiao.model.target_review import Criterion, Rated, Tier
from jixiao.services.assess import assess
from jixiao.writers.target_review import write_target_review


def _target() -> Evaluation:
    return Evaluation(
        doc_type=DocType.TARGET_TABLE, fiscal_year=2025, department="甲市自然资源局",
        project="高标准农田耕地保护",
        funds=(Fund(name="预算数", total=Decimal(100), level=0),),
        indicators=(
            Indicator(level1="产出指标", level2="数量指标", level3="新增耕地保护面积",
                      target="≥1200亩", weight=Decimal(80)),
            Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="农户满意度",
                      target="≥100%", weight=Decimal(10)),
        ),
    )  # fmt: skip


def _text(data: bytes) -> tuple[str, list[list[str]]]:
    d: Any = docx.Document(BytesIO(data))
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    return "\n".join(p.text for p in d.paragraphs), cells


def test_the_opinion_holds_the_ratings_the_result_and_the_findings() -> None:
    ev = _target()
    findings = assess(ev).run.findings
    assert any(f.code == "SATISFACTION_TARGET_100" for f in findings)  # R13.4
    rated = [
        Rated(Criterion.COMPLETENESS, Tier.GOOD),
        Rated(Criterion.RELEVANCE, Tier.GOOD),
        Rated(Criterion.APPROPRIATENESS, Tier.FAIR, "满意度目标“≥100%”不合理，请按≥90%设定"),
        Rated(Criterion.FEASIBILITY, Tier.GOOD),
    ]
    out = write_target_review(ev, rated, Tier.FAIR, "请修改后重新申报", findings,
                              reviewer="审核人甲", reviewed_on=date(2025, 3, 20))  # fmt: skip
    text, cells = _text(out.data)
    assert ["审核人", "审核人甲"] in cells and ["审核日期", "2025年3月20日"] in cells
    assert ["预算数", "100万元"] in cells and ["项目名称", "高标准农田耕地保护"] in cells
    row = next(r for r in cells if r[0] == "适当性")
    assert row[2] == "中" and "过高或过低" in row[1] and "请按≥90%设定" in row[3]
    assert "审核结果为“中”：退回预算部门修改完善绩效目标后重新提交审核。" in text
    assert "SATISFACTION_TARGET_100" in text and "请修改后重新申报" in text


def test_a_clean_table_says_so() -> None:
    rated = [Rated(c, Tier.EXCELLENT) for c in Criterion]
    out = write_target_review(_target(), rated, Tier.EXCELLENT, "", ())
    text, _cells = _text(out.data)
    assert "绩效指标未发现质量问题" in text
    assert "审核结果为“优”：直接进入下一步预算安排流程。" in text
