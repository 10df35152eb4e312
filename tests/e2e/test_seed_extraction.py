"""The five real seed documents (../shared/seeds, or $JIXIAO_SEEDS) read end to end.

Every expected value here was read off the seed text by hand (rules.md §5, checks.md), not
copied from the parser's output. Where the seeds are absent the tests skip with the reason.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from jixiao.genres import parse
from jixiao.genres.detect import detect
from jixiao.model.blocks import Blocks, Source
from jixiao.model.evaluation import DocType, Evaluation
from jixiao.readers.registry import read
from tests.seeds import seed_path

pytestmark = pytest.mark.seeds

D = Decimal


def _blocks(prefix: str) -> Blocks:
    path = seed_path(prefix)
    blocks = read(Source(path.name, path.read_bytes()))
    assert isinstance(blocks, Blocks)
    return blocks


@cache
def _parsed(prefix: str) -> Evaluation:
    return parse(_blocks(prefix))


@pytest.fixture
def s003() -> Evaluation:
    return _parsed("003")


@pytest.fixture
def s000() -> Evaluation:
    return _parsed("000")


@pytest.fixture
def s001() -> Evaluation:
    return _parsed("001")


@pytest.fixture
def s002() -> Evaluation:
    return _parsed("002")


@pytest.fixture
def s004() -> Evaluation:
    return _parsed("004")


@pytest.mark.parametrize(
    ("prefix", "doc_type"),
    [
        ("000", DocType.DEPT_SELF_EVAL_REPORT),
        ("001", DocType.DEPT_SELF_EVAL_REPORT),
        ("002", DocType.DEPT_SELF_EVAL_REPORT),
        ("003", DocType.DEPT_SELF_EVAL_REPORT),
        ("004", DocType.TARGET_TABLE),
    ],
)
def test_doc_type(prefix: str, doc_type: DocType) -> None:
    blocks = _blocks(prefix)
    assert detect(blocks) is doc_type
    ev = _parsed(prefix)
    assert ev.doc_type is doc_type
    assert ev.source == blocks.source and ev.source.sha256
    assert ev.region is None


# ---- 003 庆城县自然资源局 (Gansu, 2024): report with its scored table --------------------------


def test_003_header(s003: Evaluation) -> None:
    assert s003.department == "庆城县自然资源局"
    assert (s003.fiscal_year, s003.title_year) == (2024, 2024)
    assert (s003.stated_total_score, s003.stated_grade) == (D("86.82"), "良")
    assert s003.budget_initial_wan == D("1440.309614")  # 14403096.14 元
    assert s003.budget_total_wan == D("2830.898743")  # 28308987.43 元
    assert s003.executed_total_wan == D("2830.898743")
    assert s003.execution_rate_pct == D("100")


def test_003_funds(s003: Evaluation) -> None:
    rows = [(f.name, f.level) for f in s003.funds]
    assert rows == [("年度资金总额", 0), ("基本支出", 1), ("人员经费", 2), ("公用经费", 2),
                    ("项目支出", 1), ("一般性项目", 2), ("重点项目", 2)]  # fmt: skip
    total, basic, staff, office, project, general, key = s003.funds
    assert all(f.source_unit == "元" for f in s003.funds)
    assert (basic.initial, basic.total, basic.executed) == (
        D("1425.309614"),
        D("1159.81745"),
        D("1159.81745"),
    )
    assert staff.total == D("1090.666338") and office.total == D("69.151112")
    assert project.initial == D("15") and project.total == D("1583.723074")
    assert (general.total, general.rate_pct, general.score) == (D("0"), D("0"), D("10"))
    assert key.executed == D("1583.723074")
    assert all(f.score == D("10") for f in s003.funds) and total.weight is None
    assert total.location is not None and total.location.table == 1


def test_003_indicators(s003: Evaluation) -> None:
    rows = s003.indicators
    assert len(rows) == 18
    assert [(r.level1, r.level2) for r in rows[:4]] == [("资金投入", None)] * 4
    assert [r.level3 for r in rows[:2]] == ["项目支出预算执行率", "结转结余变动率"]
    first = rows[4]
    assert (first.level1, first.level2, first.level3) == (
        "部门管理",
        "财务管理",
        "财务管理制度健全性",
    )
    assert (first.target, first.actual, first.weight, first.score) == (
        "健全",
        "100%-80%(含)",
        D("2"),
        D("1.8"),
    )
    assert first.completion_pct == D("100") and first.unit is None
    office = next(r for r in rows if r.level3 == "办公用品保障率")
    assert (office.level1, office.level2, office.target, office.actual, office.unit) == (
        "履职效果",
        "部门履职目标",
        ">=90%",
        "95",
        "%",
    )
    assert (office.weight, office.score, office.completion_pct) == (
        D("12.5"),
        D("12.5"),
        D("105.56"),
    )
    staff = next(r for r in rows if r.level3 == "职工满意度")
    assert (staff.level1, staff.level2) == ("履职效果", "服务对象满意度")
    assert rows[-1].level1 == "能力建设" and (rows[-1].weight, rows[-1].score) == (
        D("3.34"),
        D("3.01"),
    )
    assert rows[0].completion_pct == D("100.00") and rows[1].completion_pct == D("100")
    # rules.md §5.1: weights 8 + 12 + 60 + 10, row scores 84.26
    assert sum(r.weight or 0 for r in rows) == D("90")
    assert sum(r.score or 0 for r in rows) == D("84.26")
    assert all(r.deviation_reason is None for r in rows)


def test_003_targets_sections_problems(s003: Evaluation) -> None:
    assert s003.targets is not None and s003.targets.achieved == "完成全年任务"
    assert s003.targets.planned is not None and "100人" in s003.targets.planned
    headings = [s.heading for s in s003.sections]
    assert headings[0] == "一、基本情况" and headings[-1] == "八、相关附件"
    assert len(headings) == 9 and sum(h.startswith("三、") for h in headings) == 2
    assert len(s003.problems) == 3 and s003.problems[0].startswith("预算编制准确性")


def test_003_projects(s003: Evaluation) -> None:
    projects = s003.projects
    assert len(projects) == 12
    assert (projects[0].score, projects[0].budget_wan, projects[0].executed_wan) == (
        D("94"),
        D("9.1168"),
        D("9.1168"),
    )
    assert projects[3].budget_wan == D("405.378599")
    assert projects[10].name == "2015 年土地变更调查项目及三权发证项目欠款"
    last = projects[11]
    assert (last.name, last.score, last.budget_wan) == (
        "城墙垛口防水工程项目",
        D("98"),
        D("2.712759"),
    )
    assert all(p.achieved for p in projects)
    # rules.md §5.1: the 12 projects total 1013.56 万元
    assert sum(p.budget_wan or 0 for p in projects) == D("1013.559158")


def test_003_breakdowns(s003: Evaluation) -> None:
    by_label = {b.label: b for b in s003.breakdowns}
    year = by_label["年度资金总额（全年预算数）"]
    assert year.whole == D("2830.898743") and year.closed and year.unit == "万元"
    assert [(p.label, p.value) for p in year.parts] == [
        ("基本支出", D("1159.81745")), ("项目支出", D("1583.723074"))
    ]  # fmt: skip
    basic = by_label["基本支出（全年预算数）"]
    assert [p.value for p in basic.parts] == [D("1090.666338"), D("69.151112")]
    assert [p.label for p in by_label["项目支出（年初预算数）"].parts] == ["一般性项目", "重点项目"]
    text = by_label["自评总金额"]
    assert text.whole == D("2830.9") and [p.value for p in text.parts] == [
        D("1247.18"),
        D("1583.72"),
    ]


def test_003_warnings(s003: Evaluation) -> None:
    assert len(s003.warnings) == 1 and "资金投入" in s003.warnings[0]


# ---- 000 井陉县自然资源和规划局 (Hebei; title 2026, content 2025) ------------------------------


def test_000_header(s000: Evaluation) -> None:
    assert s000.department == "井陉县自然资源和规划局"
    assert (s000.title_year, s000.fiscal_year) == (2026, 2025)
    assert (s000.stated_total_score, s000.stated_grade) == (D("100"), "优秀")
    assert (s000.budget_total_wan, s000.executed_total_wan) == (D("28826.6921"), D("16694.553"))


def test_000_funds(s000: Evaluation) -> None:
    got = [(f.level, f.name, f.total, f.executed) for f in s000.funds]
    assert got[0][0] == 0 and got[0][2:] == (D("28826.6921"), D("16694.553"))
    assert got[1:] == [(1, "基本支出", D("1561.6451"), D("1357.0077")),
                       (1, "项目支出", D("27265.0470"), D("15337.5452"))]  # fmt: skip


def test_000_breakdowns(s000: Evaluation) -> None:
    income = next(b for b in s000.breakdowns if b.whole == D("28826.6921") and "收入" in b.label)
    assert [p.value for p in income.parts] == [D("2378.0165"), D("26448"), D("0"), D("0")]
    assert income.closed
    basic = [b for b in s000.breakdowns if b.label == "基本支出"]
    assert [(b.whole, [p.value for p in b.parts]) for b in basic] == [
        (D("1561.6451"), [D("1511.7151"), D("49.93")]),
        (D("1357.0077"), [D("1325.4464"), D("31.5612")]),
    ]


def test_000_tasks_and_indicators(s000: Evaluation) -> None:
    names = [p.name for p in s000.projects]
    assert names == ["土地管控制度改革", "服务社会经济发展", "执法监察体制改革",
                     "积极推动矿山综合整治", "大力提升行政服务水准", "夯实基础工作"]  # fmt: skip
    assert all(p.goal for p in s000.projects)
    rows = s000.indicators
    assert len(rows) == 60 and [sum(r.group == g for r in rows) for g in range(6)] == [10] * 6
    assert all(r.weight is None for r in rows)
    low = [r for r in rows if r.score != D("10")]
    assert [(r.group, r.level2, r.level3, r.score) for r in low] == [
        (3, "数量指标", "矿山修复治理面积", D("8"))
    ]
    first = rows[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "收储土地数量")
    levels = {(r.level2, r.level1) for r in rows if r.level2}
    assert ("预算执行率指标", "预算执行") in levels
    assert ("可持续效益指标", "效益指标") in levels and ("满意度指标", "满意度指标") in levels
    unnamed = [r for r in rows if r.level2 is None]  # task 2's (9) names no category
    assert [(r.group, r.level1) for r in unnamed] == [(1, None)]


def test_000_problems_and_warnings(s000: Evaluation) -> None:
    assert len(s000.problems) == 2 and "支付进度" in s000.problems[1]
    assert len(s000.warnings) == 1 and "（9）" in s000.warnings[0]


# ---- 001 石家庄市自然资源和规划局 (Hebei, 2022) ------------------------------------------------


def test_001(s001: Evaluation) -> None:
    assert s001.department == "石家庄市自然资源和规划局"
    assert (s001.fiscal_year, s001.title_year) == (2022, 2022)
    assert (s001.stated_total_score, s001.stated_grade) == (D("99.44"), "优秀")
    # 调整后支出预算 30145.19 + 153535.82; 支出 29007.27 + 124224.24 (rules.md §5.3)
    assert s001.budget_total_wan == D("183681.01")
    assert s001.executed_total_wan == D("153231.51")
    assert s001.budget_initial_wan == D("984574.84")  # 18557.82 + 966017.02
    basic = next(f for f in s001.funds if f.name == "基本支出")
    assert (basic.initial, basic.total, basic.executed) == (
        D("18557.82"),
        D("30145.19"),
        D("29007.27"),
    )
    assert len(s001.projects) == 6 and all(p.goal and p.achieved for p in s001.projects)
    assert "287平方公里" in (s001.projects[4].indicator_text or "")
    assert len(s001.problems) == 2
    assert sum("合计未直接写明" in w for w in s001.warnings) == 3


def test_001_breakdowns(s001: Evaluation) -> None:
    staff = next(b for b in s001.breakdowns if b.unit == "人")
    assert staff.whole == D("1162") and [p.value for p in staff.parts] == [
        D("1133"),
        D("2"),
        D("27"),
    ]
    assets = next(b for b in s001.breakdowns if b.whole == D("115019.20"))
    assert assets.parts[0].value == D("176432.02")  # a part above its whole (checks.md)
    net = next(b for b in s001.breakdowns if b.kind == "difference")
    assert (net.whole, [p.value for p in net.parts]) == (
        D("10212.49"),
        [D("23575.36"), D("13362.87")],
    )
    siblings = next(b for b in s001.breakdowns if b.whole is None and "经营支出" in b.label)
    assert [p.value for p in siblings.parts] == [D("29007.27"), D("124224.24"), D("153231.51")]


# ---- 002 鹿泉分局 (Hebei, 2025): grade counts, no department score ---------------------------


def test_002(s002: Evaluation) -> None:
    assert s002.department == "石家庄市自然资源和规划局鹿泉分局"
    assert (s002.fiscal_year, s002.title_year) == (2025, 2025)
    assert s002.grade_counts == {"优秀": 138, "良好": 3, "一般": 1, "较差": 4}
    assert (s002.stated_total_score, s002.stated_grade) == (None, None)
    assert (s002.budget_total_wan, s002.executed_total_wan) == (D("126183.49"), None)
    counts = next(b for b in s002.breakdowns if b.unit == "个")
    assert counts.whole == D("146") and [p.value for p in counts.parts] == [138, 3, 1, 4]
    income = next(b for b in s002.breakdowns if b.whole == D("126183.49") and "收入" in b.label)
    assert [p.value for p in income.parts] == [D("12959.53"), D("113206.07"), D("17.89")]
    spend = next(b for b in s002.breakdowns if b.whole == D("126183.49") and "支出" in b.label)
    assert [p.value for p in spend.parts] == [D("776.34"), D("125407.15")]
    assert len(s002.projects) == 34
    last = s002.projects[-1]
    assert last.name == "2025年耕地资源质量分类年度更新与监测评价工作"
    assert last.achieved is not None and "30个样点" in last.achieved  # its second paragraph
    assert all(p.goal and p.achieved for p in s002.projects)
    # item 13 labels its indicators "绩效目标" a second time: merged into the goal, and warned
    assert [i for i, p in enumerate(s002.projects) if not p.indicator_text] == [12]
    assert "\n" in (s002.projects[12].goal or "") and len(s002.warnings) == 1
    assert len(s002.problems) == 5


def test_002_project_grades_from_the_grade_count_sentence(s002: Evaluation) -> None:
    """Chapter 四 names the projects graded 良好, 一般 and 较差 in brackets; three of them are
    detailed in chapter 三 (names compared without years and "项目": 土地承包经营权确权 vs
    土地承包经营权确权登记 = 18/20 = 0.90). The 138 优秀 projects are not named."""
    graded = {p.name: p.grade for p in s002.projects if p.grade is not None}
    assert graded == {
        "土地承包经营权确权": "良好",
        "古树名木管护": "良好",
        "2025年耕地资源质量分类年度更新与监测评价工作": "较差",
    }


# ---- 004 怀来县 target tables (Hebei, 2024) ----------------------------------------------------

CODES = ["13073024P000142100019", "13073024P00014110001K", "13073024P00008110001Q",
         "13073024P000086100015", "13073024P00014510001A", "13073024P000137100049",
         "13073024P000139100031"]  # fmt: skip
BUDGETS = ["2600.00", "6500.00", "91.00", "200.00", "879.00", "205.00", "146.00"]


def test_004_projects(s004: Evaluation) -> None:
    assert s004.department == "怀来县自然资源和规划局" and s004.fiscal_year == 2024
    assert [p.code for p in s004.projects] == CODES
    assert [p.budget_wan for p in s004.projects] == [D(b) for b in BUDGETS]
    assert s004.projects[0].name == "怀财字[2024]7号 土地出让业务"
    assert s004.projects[4].name == "怀来县南部特大型黄土崩塌群地质灾害治理国债项目县级配套"
    goals = [p.goal for p in s004.projects]
    assert (goals[1], goals[5], goals[6]) == ("1. 目标内容1", "1. 目标内容 1", "1. 目标 1")
    assert s004.projects[3].purpose == "建设自然资源智能监管平台"
    assert s004.projects[6].purpose == "自然资源利用与保护"  # under the merged label


def test_004_spending_plan(s004: Evaluation) -> None:
    plans = {g: [(e.period, e.pct) for e in s004.spending_plan if e.group == g] for g in range(7)}
    periods = ["3月底", "6月底", "10月底", "12月底"]
    for g in range(4):
        assert plans[g] == list(zip(periods, [D(25), D(50), D(75), D(100)], strict=True))
    for g in range(4, 7):
        assert plans[g] == list(zip(periods, [D(10), D(30), D(30), D(30)], strict=True))


def test_004_indicators(s004: Evaluation) -> None:
    rows = s004.indicators
    assert [sum(r.group == g for r in rows) for g in range(7)] == [6, 7, 7, 7, 8, 7, 9]
    assert all(r.level1 in {"产出指标", "效益指标", "满意度指标"} for r in rows)
    by = {(r.group, r.level3): r for r in rows}
    staff = by[0, "职工人数"]
    assert (staff.level1, staff.level2, staff.target, staff.basis, staff.description) == (
        "产出指标",
        "数量指标",
        "≤170人",
        "自然规划局 2024 年工作计划",
        "发放工资职工人数",
    )
    assert by[0, "工资总成本"].target == "≤2600万"
    assert by[0, "工资发放及时率"].level1 == "产出指标"  # its 一级 cell is misread text
    assert by[2, "资金成本"].target == "91万"
    assert by[3, "建设项目个数"].target == "=1 个"
    assert (by[3, "受益对象满意率"].target, by[3, "社会影响力"].target) == ("%", "有所提高")
    assert by[3, "对社会经济发展的影响"].target == "促进发展"
    assert by[3, "预算控制数"].basis == "2024 县级预算编制通知"
    # the 一级 text sits in the block's middle row: the rows above and below it take it
    assert by[4, "对经济发展带来效果"].level1 == "效益指标"
    assert by[6, "编制标准规范数量"].target == "≥100 百分比"
    assert by[5, "项目总成本"].target is None and by[6, "社会满意度"].target is None


def test_004_warnings(s004: Evaluation) -> None:
    text = "\n".join(s004.warnings)
    assert text.count("资金支出计划单元格被拆开") == 6  # table 6 was already whole
    assert text.count("一级指标单元格") == 5
    assert "13073024P00008110001Q" in text and "单元格错位" in text
