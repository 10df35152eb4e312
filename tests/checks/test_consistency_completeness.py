"""The consistency and completeness checks beyond their case files: rule-set outlines and
settings, "one finding per place", and no crash on odd documents."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest

from jixiao.checks import _text_util, completeness, consistency
from jixiao.checks._text_util import places
from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.checks.spec import CheckSpec
from jixiao.genres import parse
from jixiao.model.blocks import Source
from jixiao.model.evaluation import DocType, Evaluation, Indicator, ProjectLine, Section
from jixiao.model.findings import Finding
from jixiao.model.jsonable import evaluation_from_jsonable
from jixiao.readers.registry import read
from jixiao.rules import catalog
from jixiao.rules.ruleset import RuleSet

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
MINE: tuple[CheckSpec, ...] = tuple(
    s for s in ALL_CHECKS if s.func.__module__ in (consistency.__name__, completeness.__name__)
)


def _run(doc: Evaluation | dict[str, Any], rs: RuleSet | str, code: str) -> list[Finding]:
    ev = doc if isinstance(doc, Evaluation) else evaluation_from_jsonable(doc)
    ruleset = catalog.get(rs) if isinstance(rs, str) else rs
    run = run_checks(ev, ruleset, MINE, path="t")
    assert not run.crashes, run.crashes[0].traceback
    return [f for f in run.findings if f.code == code]


def test_fourteen_codes_in_their_modules() -> None:
    assert sorted(s.code for s in MINE) == sorted([
        "YEAR_TITLE_NE_CONTENT", "TARGET_DEADLINE_BEFORE_YEAR", "COMPLETION_PCT_NE_SCORE",
        "NARRATIVE_TABLE_MISMATCH", "RESULT_CONTRADICTS_GRADE",
        "DUPLICATE_RESULT_ACROSS_PROJECTS", "ROW_VALUES_MISSING", "DEVIATION_REASON_MISSING",
        "OVERACHIEVEMENT_UNEXPLAINED", "PROJECTS_NOT_COVERING_TOTAL", "REPORT_ELEMENT_MISSING",
        "ACHIEVED_COPIES_TARGET", "ACHIEVED_TEXT_GENERIC", "TARGET_NOT_REPORTED",
    ])  # fmt: skip


def test_helper_examples_run() -> None:
    assert doctest.testmod(_text_util).failed == 0


# ---- REPORT_ELEMENT_MISSING: the outline is the rule set's -------------------------------

GANSU_REPORT: dict[str, Any] = {
    "doc_type": "dept_self_eval_report", "fiscal_year": 2024,
    "executed_total_wan": "2830.90", "stated_total_score": "86.82", "stated_grade": "良",
    "problems": ["预算编制准确性有待提高。"],
    "sections": [
        {"heading": "六、改进措施", "text": "加强预算编制管理。"},
        {"heading": "七、绩效自评结果拟应用和公开情况", "text": "结果报县财政局，按时公开。"},
    ],
}  # fmt: skip


def test_gansu_outline_has_no_team_list() -> None:
    """checks.md N: 003 under the gansu outline, which has no team list; the same report
    under the Hebei outline lacks its 评价工作组人员名单."""
    assert _run(GANSU_REPORT, "gansu-2024", "REPORT_ELEMENT_MISSING") == []
    hebei = _run(GANSU_REPORT, "hebei-2019", "REPORT_ELEMENT_MISSING")
    assert [f.evidence["element"] for f in hebei] == ["评价工作组名单"]
    assert hebei[0].rule == "hebei-2019 R17"


def test_gansu_outline_asks_for_use_and_publication() -> None:
    doc = {**GANSU_REPORT, "sections": GANSU_REPORT["sections"][:1]}
    found = _run(doc, "gansu-2024", "REPORT_ELEMENT_MISSING")
    assert [f.evidence["element"] for f in found] == ["结果应用和公开"]


BUREAU = """
ruleset: {name: bureau-2019, extends: national-2020, title: 测试, effective: 2019-01-01,
          standing: bureau, confidence: low}
checks:
  OVERACHIEVEMENT_UNEXPLAINED:
    id: R3.2
    values:
      2019-01-01:
        value: {ratio: 1.2}
        source: {title: 测试, confidence: low}
  REPORT_ELEMENT_MISSING:
    id: R17
    values:
      2019-01-01:
        value: {R15: "总分"}
        source: {title: 测试, confidence: low}
"""


def test_settings_come_from_the_rule_set() -> None:
    """A bureau's checks.yaml moves θ to 1.2 and cuts the national outline to the score."""
    rs = catalog.from_text(BUREAU, "<bureau>")
    row = {"level3": "培训人数", "target": "≥100人", "actual": "125", "unit": "人",
           "weight": "10", "score": "10"}  # fmt: skip
    doc = {"doc_type": "project_self_eval_table", "indicators": [row]}
    assert _run(doc, "national-2020", "OVERACHIEVEMENT_UNEXPLAINED") == []  # 1.25 < 1.3
    assert len(_run(doc, rs, "OVERACHIEVEMENT_UNEXPLAINED")) == 1  # 1.25 ≥ 1.2
    report = {"doc_type": "dept_self_eval_report", "stated_grade": "优"}
    national = _run(report, "national-2020", "REPORT_ELEMENT_MISSING")
    assert [f.evidence["element"] for f in national] == ["总分", "存在问题", "改进措施"]
    assert [f.evidence["element"] for f in _run(report, rs, "REPORT_ELEMENT_MISSING")] == ["总分"]


# ---- one finding per place ----------------------------------------------------------------


def _rows(*spec: tuple[int | None, str]) -> Evaluation:
    return Evaluation(
        indicators=tuple(
            Indicator(level1=l1, level3=f"行{i}", group=g) for i, (g, l1) in enumerate(spec)
        ),
        projects=(ProjectLine(name="甲任务"), ProjectLine(name="乙任务")),
    )


def test_places_collapse_whole_blocks_only() -> None:
    ev = _rows((0, "产出"), (0, "产出"), (0, "效益"), (1, "产出"), (1, "效益"))
    assert [(p.positions, p.scope) for p in places(ev, range(5))] == [((0, 1, 2, 3, 4), "全部指标")]
    assert [(p.positions, p.scope) for p in places(ev, [0, 1, 2, 4])] == [
        ((0, 1, 2), "“甲任务”"), ((4,), None),
    ]  # fmt: skip
    assert [(p.positions, p.scope) for p in places(ev, [0, 1, 3])] == [
        ((0, 1), "“产出”"), ((3,), None),
    ]  # fmt: skip
    assert places(ev, []) == []


# ---- never a crash ------------------------------------------------------------------------

ODD: list[Evaluation] = [
    Evaluation(),
    Evaluation(
        doc_type=DocType.DEPT_SELF_EVAL_REPORT,
        title_year=2024,
        fiscal_year=None,
        sections=(Section("目标", ""), Section("", "2023年年中完成\n\n")),
        projects=(ProjectLine(name="", achieved="", goal="2023年完成"),),
        problems=("：", ""),
    ),
    evaluation_from_jsonable(
        {
            "doc_type": "dept_self_eval_table",
            "fiscal_year": 2024,
            "funds": [{"name": "项目支出", "level": 1, "total": "0", "location": {"table": 1}}],
            "projects": [{"name": "甲", "budget_wan": "0", "achieved": "已完成"}],
            "indicators": [
                {
                    "level3": "甲",
                    "target": "≥0个",
                    "actual": "5",
                    "weight": "0",
                    "score": "0",
                    "completion_pct": "0",
                },
                {
                    "level3": "乙",
                    "target": "健全",
                    "actual": "/",
                    "weight": "-1",
                    "score": "3",
                    "completion_pct": "100",
                },
            ],
        }
    ),
]


@pytest.mark.parametrize("index", range(len(ODD)))
@pytest.mark.parametrize("ruleset", ["national-2020", "hebei-2019", "gansu-2024"])
def test_no_crash_on_odd_documents(index: int, ruleset: str) -> None:
    run = run_checks(ODD[index], catalog.get(ruleset), MINE)
    assert not run.crashes, run.crashes[0].traceback


@pytest.mark.parametrize("name", sorted(p.name for p in DEMO.glob("*.txt")))
@pytest.mark.parametrize("ruleset", ["national-2020", "hebei-2019", "gansu-2024"])
def test_no_crash_on_the_demo_documents_under_any_rule_set(name: str, ruleset: str) -> None:
    blocks = read(Source(name, (DEMO / name).read_bytes()))
    ev = parse(blocks)  # type: ignore[arg-type]
    run = run_checks(ev, catalog.get(ruleset), MINE)
    assert not run.crashes, run.crashes[0].traceback
