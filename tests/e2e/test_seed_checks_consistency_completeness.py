"""The consistency and completeness checks on the real seeds (../shared/seeds, or
$JIXIAO_SEEDS; skipped where absent) and on our demo documents that rebuild them
(src/jixiao/demo): the S examples of checks.md fire, the N examples stay silent.

Each seed is paired with its demo document: the demo keeps the seed's tables, figures, names and
scores, so the same expectations hold for both. Expected values were read off the documents by
hand (checks.md S/N, rules.md §5); the parser's output was not copied.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from jixiao.model.findings import Finding
from jixiao.services.evaluate import Checked, check_paths
from tests.seeds import seed_path

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
MINE = frozenset({
    "YEAR_TITLE_NE_CONTENT", "TARGET_DEADLINE_BEFORE_YEAR", "COMPLETION_PCT_NE_SCORE",
    "NARRATIVE_TABLE_MISMATCH", "RESULT_CONTRADICTS_GRADE", "DUPLICATE_RESULT_ACROSS_PROJECTS",
    "ROW_VALUES_MISSING", "DEVIATION_REASON_MISSING", "OVERACHIEVEMENT_UNEXPLAINED",
    "PROJECTS_NOT_COVERING_TOTAL", "REPORT_ELEMENT_MISSING", "ACHIEVED_COPIES_TARGET",
    "ACHIEVED_TEXT_GENERIC", "TARGET_NOT_REPORTED",
})  # fmt: skip
PAIRS = {
    "000": "jingxing-2025-dept-self-eval",
    "001": "shijiazhuang-2022-dept-self-eval",
    "002": "luquan-2025-dept-self-eval",
    "003": "qingcheng-2024-dept-self-eval",
    "004": "huailai-2024-targets",
}


@cache
def _checked(path: Path) -> Checked:
    [checked] = check_paths([path])
    assert isinstance(checked, Checked), checked
    mine = [c for c in checked.run.crashes if c.code in MINE]
    assert not mine, mine[0].traceback
    return checked


def _seed(prefix: str) -> Checked:
    return _checked(seed_path(prefix))


def _demo(prefix: str) -> Checked:
    return _checked(DEMO / f"{PAIRS[prefix]}.txt")


SOURCES = [pytest.param(_seed, id="seed", marks=pytest.mark.seeds), pytest.param(_demo, id="demo")]
Get = Callable[[str], Checked]


def _found(doc: Checked, code: str) -> list[Finding]:
    return [f for f in doc.run.findings if f.code == code]


def _silent_elsewhere(get: Get, code: str, firing: set[str]) -> None:
    for prefix in sorted(set(PAIRS) - firing):
        assert _found(get(prefix), code) == [], (prefix, _found(get(prefix), code)[0].message)


# ---- consistency --------------------------------------------------------------------------


@pytest.mark.parametrize("get", SOURCES)
def test_year_title_ne_content(get: Get) -> None:
    """000: title 2026年度, content 2025 (2025年预算收入, 2025年决算收入, 2025年末 …); N: 002's
    hearing "2026年3月13日", 003's "2015 年土地变更调查项目", 004's 冀财资环【2023】26号."""
    [f] = _found(get("000"), "YEAR_TITLE_NE_CONTENT")
    assert (f.evidence["title_year"], f.evidence["content_year"]) == ("2026", "2025")
    assert f.location is not None and f.location.field == "title"
    _silent_elsewhere(get, "YEAR_TITLE_NE_CONTENT", {"000"})


@pytest.mark.parametrize("get", SOURCES)
def test_target_deadline_before_year(get: Get) -> None:
    """004 (2024): items (二) and (十一) of 分项绩效目标 keep 2023 deadlines; N: 002 (2025)
    "2025年3月底前完成…", 004 "对照全县 2023 年谋划重点项目" (no deadline)."""
    found = _found(get("004"), "TARGET_DEADLINE_BEFORE_YEAR")
    phrases = [p for f in found for p in f.evidence["phrases"].split("、")]
    assert len(found) == 2 and all(f.evidence["year"] == "2024" for f in found)
    assert phrases[0] == "2023年年中完成总体规划上报审批工作"
    assert phrases[-1] == "2023年年底前完成全部整改任务"
    assert not any("谋划" in p for p in phrases)
    _silent_elsewhere(get, "TARGET_DEADLINE_BEFORE_YEAR", {"004"})


QUALITATIVE_003 = [
    "财务管理制度健全性", "资金使用规范性", "政府采购规范性", "重点工作管理制度健全性",
    "资产管理规范性", "提升股室协作", "提升工作效率", "违法违纪情况", "单位管理制度",
    "人员分工明确", "档案管理制度",
]  # fmt: skip


def _rows(found: list[Finding]) -> list[str]:
    """The rows a list of findings names: a row finding's row, a block finding's rows."""
    out: list[str] = []
    for f in found:
        rows = f.evidence.get("rows")
        out += rows.split("、") if rows else [f.evidence["row"]]
    return out


@pytest.mark.parametrize("get", SOURCES)
def test_completion_pct_ne_score(get: Get) -> None:
    """003: 11 qualitative rows show 完成率 100 with scores at 90 % of weight (§5.1): eight
    single rows, and 能力建设 whose three rows are all such (one finding); N: 办公用品保障率
    105.56 % = 95 ÷ 90 at 12.5 of 12.5."""
    found = _found(get("003"), "COMPLETION_PCT_NE_SCORE")
    assert sorted(_rows(found)) == sorted(QUALITATIVE_003)
    assert len(found) == 9
    block = next(f for f in found if "block" in f.evidence)
    assert block.evidence["scores"] == "3/3.33、3/3.33、3.01/3.34"
    _silent_elsewhere(get, "COMPLETION_PCT_NE_SCORE", {"003"})


@pytest.mark.parametrize("get", SOURCES)
def test_narrative_table_mismatch(get: Get) -> None:
    """003: text 基本支出 1247.18 万元 vs table 11598174.5 元 = 1159.81745 万元, gap 87.36;
    N: text 2830.9 万元 vs 28308987.43 元 = 2830.898743 万元 (and the score 86.82 twice)."""
    [f] = _found(get("003"), "NARRATIVE_TABLE_MISMATCH")
    assert f.evidence["label"] == "基本支出"
    assert Decimal(f.evidence["text_value"]) == Decimal("1247.18")
    assert Decimal(f.evidence["table_value"]) == Decimal("1159.81745")
    assert "87.36万元" in f.message
    _silent_elsewhere(get, "NARRATIVE_TABLE_MISMATCH", {"003"})


@pytest.mark.parametrize("get", SOURCES)
def test_result_contradicts_grade(get: Get) -> None:
    """002 item 34 (耕地资源质量分类…): "已掌握…", graded 较差 in chapter 四, and its problem says
    the government no longer runs the work; N: 古树名木管护, graded 良好."""
    [f] = _found(get("002"), "RESULT_CONTRADICTS_GRADE")
    assert f.evidence["project"] == "2025年耕地资源质量分类年度更新与监测评价工作"
    assert (f.evidence["done_word"], f.evidence["grade"]) == ("已掌握", "较差")
    assert "不再" in f.evidence["problem"]
    _silent_elsewhere(get, "RESULT_CONTRADICTS_GRADE", {"002"})


@pytest.mark.parametrize("get", SOURCES)
def test_duplicate_result_across_projects(get: Get) -> None:
    """003: projects 6 and 7 (避险搬迁 30 户, budgets 90 and 210), 5 and 10 (巴家咀), 2 and 3
    (耕地开垦费); N: 002 items 11 and 12 share a clause only."""
    doc = get("003")
    names = [p.name for p in doc.evaluation.projects]
    found = _found(doc, "DUPLICATE_RESULT_ACROSS_PROJECTS")
    pairs = sorted(
        tuple(names.index(n) + 1 for n in f.evidence["projects"].split("、")) for f in found
    )
    assert pairs == [(2, 3), (5, 10), (6, 7)]
    _silent_elsewhere(get, "DUPLICATE_RESULT_ACROSS_PROJECTS", {"003"})


# ---- completeness -------------------------------------------------------------------------


@pytest.mark.parametrize("get", SOURCES)
def test_row_values_missing(get: Get) -> None:
    """000: all 60 rows give a name and 自评得分 only (one finding for the whole document);
    N: 004's target tables, 003's qualitative rows with an empty 单位."""
    [f] = _found(get("000"), "ROW_VALUES_MISSING")
    assert (f.evidence["block"], f.evidence["count"]) == ("全部指标", "60")
    assert f.evidence["missing"] == "年度指标值、实际完成值"
    _silent_elsewhere(get, "ROW_VALUES_MISSING", {"000"})


@pytest.mark.parametrize("get", SOURCES)
def test_deviation_reason_missing(get: Get) -> None:
    """003: the 11 qualitative rows at 90 % of weight, 未完成原因分析 empty; 000: 矿山修复治理面积
    8 of 10; N: 003 办公用品保障率 12.5 of 12.5 with an empty cell."""
    assert sorted(_rows(_found(get("003"), "DEVIATION_REASON_MISSING"))) == sorted(QUALITATIVE_003)
    [f] = _found(get("000"), "DEVIATION_REASON_MISSING")
    assert (f.evidence["row"], f.evidence["score"], f.evidence["weight"]) == (
        "矿山修复治理面积",
        "8",
        "10",
    )
    _silent_elsewhere(get, "DEVIATION_REASON_MISSING", {"000", "003"})


@pytest.mark.parametrize("get", SOURCES)
def test_overachievement_unexplained(get: Get) -> None:
    """No seed example; N: 003 办公用品保障率 95 against ≥90 (105.56 %)."""
    _silent_elsewhere(get, "OVERACHIEVEMENT_UNEXPLAINED", set())


@pytest.mark.parametrize("get", SOURCES)
def test_projects_not_covering_total(get: Get) -> None:
    """003: 12 projects, 1013.56 万元, vs 项目支出 15837230.74 元 = 1583.72 万元 (64.0 %); N: 002
    gives no project amounts."""
    [f] = _found(get("003"), "PROJECTS_NOT_COVERING_TOTAL")
    assert (f.evidence["projects"], f.evidence["listed"]) == ("12", "1013.56")
    assert (f.evidence["project_spending"], f.evidence["share_pct"]) == ("1583.72", "64.0")
    _silent_elsewhere(get, "PROJECTS_NOT_COVERING_TOTAL", {"003"})


@pytest.mark.parametrize("get", SOURCES)
def test_report_element_missing(get: Get) -> None:
    """002: budget only, no 决算, no department score or grade; 000: no 评价工作组人员名单;
    N: 001 has them all; 003 under the gansu outline, which has no team list."""
    assert [f.evidence["element"] for f in _found(get("002"), "REPORT_ELEMENT_MISSING")] == [
        "决算", "总分", "等级"
    ]  # fmt: skip
    assert [f.evidence["element"] for f in _found(get("000"), "REPORT_ELEMENT_MISSING")] == [
        "评价工作组名单"
    ]  # fmt: skip
    assert get("003").selected.ruleset.name == "gansu-2024"
    _silent_elsewhere(get, "REPORT_ELEMENT_MISSING", {"000", "002"})


@pytest.mark.parametrize("get", SOURCES)
def test_achieved_copies_target(get: Get) -> None:
    """002 items 2, 7, 8, 19, 23 (= their 绩效指标), 16, 17 (= their 绩效目标), 11, 12 ("群众满意度
    大于90%"); N: item 6 (similarity 0.66, the values reported), item 25 "林木保存率达85%"."""
    doc = get("002")
    names = [p.name for p in doc.evaluation.projects]
    found = _found(doc, "ACHIEVED_COPIES_TARGET")
    items = {names.index(f.message.split("“")[1].split("”")[0]) + 1: f for f in found}
    assert sorted(items) == [2, 7, 8, 11, 12, 16, 17, 19, 23]
    assert {items[i].evidence["copies"] for i in (2, 7, 8, 19, 23)} == {"绩效指标"}
    assert {items[i].evidence["copies"] for i in (16, 17)} == {"绩效目标"}
    assert items[11].evidence["phrase"] == "大于90%"
    _silent_elsewhere(get, "ACHIEVED_COPIES_TARGET", {"002"})


@pytest.mark.parametrize("get", SOURCES)
def test_achieved_text_generic(get: Get) -> None:
    """003 table: 实际完成情况 "完成全年任务"; N: 003 project 6 (30 户 × 10 万元 …)."""
    [f] = _found(get("003"), "ACHIEVED_TEXT_GENERIC")
    assert f.evidence["achieved"] == "完成全年任务"
    assert f.location is not None and f.location.field == "targets.achieved"
    _silent_elsewhere(get, "ACHIEVED_TEXT_GENERIC", {"003"})


@pytest.mark.parametrize("get", SOURCES)
def test_target_not_reported(get: Get) -> None:
    """001 task (5): 60平方公里, 287平方公里, 2万条, the results speak of 建筑风貌 and 片区设计;
    002 item 18: 2000个图斑, 4000次, 1000个地块; N: 002 item 6, every quantity reported.
    (The other 001 and 002 tasks that name quantities their results leave out fire as well.)"""
    by_where = {f.evidence["where"]: f for f in _found(get("001"), "TARGET_NOT_REPORTED")}
    assert set(by_where["项目“做好地理信息数据保障工作”"].evidence["missing"].split("、")) == {
        "60平方公里", "287平方公里", "2万条"
    }  # fmt: skip
    doc = get("002")
    where = [f"项目“{p.name}”" for p in doc.evaluation.projects]
    found = _found(doc, "TARGET_NOT_REPORTED")
    by_item = {where.index(f.evidence["where"]) + 1: f for f in found}
    assert by_item[18].evidence["missing"] == "2000个、1000个、4000次"
    assert 6 not in by_item
    _silent_elsewhere(get, "TARGET_NOT_REPORTED", {"001", "002"})


def test_the_invented_project_table_is_clean() -> None:
    """minzheng (no seed): its qualitative row 9 of 10 has a reason, its satisfaction 93 of ≥90
    is no over-achievement, every row has a target and an actual."""
    doc = _checked(DEMO / "minzheng-2024-project-self-eval.txt")
    assert [f.message for f in doc.run.findings if f.code in MINE] == []
