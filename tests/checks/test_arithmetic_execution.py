"""The arithmetic and execution checks beyond their case files: the tolerance helpers, rounding
that must never fire, and documents of every shape that must never crash a check."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks import arithmetic, arithmetic_weights, execution
from jixiao.checks._money_util import (
    Precision,
    adjustment_explained,
    named_items,
    precision_of,
    product_in,
    rates_agree,
    scores_agree,
    spending_explained,
)
from jixiao.checks.engine import run_checks
from jixiao.checks.spec import CheckSpec
from jixiao.model.evaluation import (
    Breakdown,
    DocType,
    Evaluation,
    Fund,
    Indicator,
    Part,
    ProjectLine,
    Section,
)
from jixiao.model.location import Location
from jixiao.rules import catalog

D = Decimal
MINE = tuple(
    v
    for m in (arithmetic, arithmetic_weights, execution)
    for v in vars(m).values()
    if isinstance(v, CheckSpec)
)


def _run(ev: Evaluation, ruleset: str = "national-2020", *codes: str) -> list[str]:
    specs = [s for s in MINE if not codes or s.code in codes]
    run = run_checks(ev, catalog.get(ruleset), specs)
    assert not run.crashes, run.crashes[0].traceback
    return [f.code for f in run.findings]


def test_my_sixteen_codes_are_registered() -> None:
    assert sorted(s.code for s in MINE) == sorted([
        "PARTS_NE_WHOLE", "PART_EXCEEDS_WHOLE", "PART_IS_SUM_OF_OTHERS", "ROW_SCORES_NE_TOTAL",
        "BLOCK_SCORES_NE_TOTAL", "WEIGHTS_NE_STATED_TOTAL", "COUNTS_NE_TOTAL",
        "PER_UNIT_PRODUCT_NE_AMOUNT", "EXEC_RATE_NE_AMOUNTS", "EXEC_POINTS_NE_RATE",
        "EXEC_CLAIM_ABOVE_RATE", "HIGH_SCORE_LOW_EXECUTION", "EXEC_LOW_UNEXPLAINED",
        "ZERO_BUDGET_SCORED", "FUND_SUBROWS_SCORED", "BUDGET_ADJUSTMENT_UNEXPLAINED",
    ])  # fmt: skip


# ---- helpers ----------------------------------------------------------------------------------


def test_tolerance_is_the_documents_own_rounding() -> None:
    prec = Precision()
    # "26448" may be off by 0.5; the 4-place figures by 0.00005 each; zeros are exact
    assert prec.tolerance([D("28826.6921"), D("2378.0165"), D("26448"), D("0")]) == D("0.50010")
    assert prec.tolerance([D("1357.0077"), D("1325.4464"), D("31.5612")]) == D("0.01")
    yi = precision_of("收入4.22亿元，其中出让4.2亿元")
    assert yi.half(D("42200.00")) == D("50.00") and yi.half(D("42000.0")) == D("500.00")
    assert yi.half(D("2.04")) == D("0.005")


@pytest.mark.parametrize(
    ("stated", "computed", "agree"),
    [("92.35", "92.3500", True), ("92", "92.35", True), ("92.4", "92.35", True),
     ("97.21", "92.35", False), ("100", "104.2", True), ("99", "104.2", False),
     ("0", "0.3", False), ("83", "83.4227", True), ("80", "83.4227", False)],
)  # fmt: skip
def test_rates_agree(stated: str, computed: str, agree: bool) -> None:
    assert rates_agree(D(stated), D(computed)) is agree


def test_scores_agree() -> None:
    assert scores_agree(D("9.24"), D("9.24")) and scores_agree(D("9.68"), D("9.684"))
    assert scores_agree(D("9.2"), D("9.24"))  # one decimal written
    assert not scores_agree(D("10"), D("9.24")) and not scores_agree(D("9"), D("9.24"))


@pytest.mark.parametrize(
    ("label", "names"),
    [("良好（甲项目、乙项目、丙项目）", 3), ("良好（甲、乙、丙）", None),
     ("一般（主城区重要地段、街区城市设计）", 2),
     ("较差（A项目（一期）、B项目（王屋、高家台项目区）、C项目）", 3), ("优秀", None),
     ("原值（房屋、车辆等）", None), ("在职（含借调、聘用）", None), ("良好（甲项目）", None)],
)  # fmt: skip
def test_named_items(label: str, names: int | None) -> None:
    found = named_items(label)
    assert (None if found is None else len(found)) == names


@pytest.mark.parametrize(
    ("text", "product"),
    [("搬迁 30 户群众，每户 10 万元补助资金", "300"), ("为120人发放补助，每人500元", "6.0"),
     ("治理200亩，按1.5万元/亩补助", "300.0"), ("搬迁30户，每户最高补助10万元", None),
     ("搬迁30户，其中12户每户10万元", None), ("每户10万元", None),
     ("搬迁30户，每户补助10万元，每户奖励1万元", None)],
)  # fmt: skip
def test_product_in_one_paragraph(text: str, product: str | None) -> None:
    found = product_in(text)
    assert (None if found is None else found[3]) == (None if product is None else D(product))


def test_explanations() -> None:
    assert spending_explained(["部分项目资金支付进度较缓慢。"], "")
    assert not spending_explained(["监督检查力度有待加强。"], "年初结转和结余4430.59万元。")
    assert adjustment_explained("因新增项目，年中追加预算500万元。", [])
    assert not adjustment_explained("2022年预算调整具体为：基本支出30145.19万元。", [])
    assert spending_explained([], "受疫情影响，部分项目资金拨付滞后。")
    assert not spending_explained([], "加强预算执行监管，完善执行计划。")
    assert not spending_explained(["项目监督检查力度有待加强"], "")
    assert adjustment_explained("", ["年中追加预算"])
    assert not adjustment_explained("未完成的，按偏离度调减分值，由于目标偏低。", [])


def test_no_cap_where_the_framework_scores_no_execution() -> None:
    fund = Fund("部门整体支出", total=D("183681.01"), executed=D("153231.51"), level=0)
    ev = Evaluation(doc_type=DocType.DEPT_SELF_EVAL_REPORT, fiscal_year=2022,
                    stated_total_score=D("99.44"), funds=(fund,))  # fmt: skip
    assert _run(ev, "hebei-2019", "EXEC_CLAIM_ABOVE_RATE") == ["EXEC_CLAIM_ABOVE_RATE"]
    # 达州 (25/30/45) has no 预算执行 block: 83.42 % caps nothing
    assert _run(ev, "sichuan-dazhou-2020", "EXEC_CLAIM_ABOVE_RATE") == []


# ---- rounding never fires ---------------------------------------------------------------------


def test_a_gap_beyond_rounding_fires() -> None:
    parts = (Part("基本支出", D("1159.82")), Part("项目支出", D("1583.72")))
    bd = Breakdown("年度资金总额", D("2830.90"), parts, unit="万元", location=Location(table=1))
    ev = Evaluation(doc_type=DocType.DEPT_SELF_EVAL_TABLE, fiscal_year=2024, breakdowns=(bd,))
    assert _run(ev, "national-2020", "PARTS_NE_WHOLE") == ["PARTS_NE_WHOLE"]


def _written(value: Decimal, places: int) -> Decimal:
    return value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    exact=st.lists(st.decimals(min_value=1, max_value=10**7, places=6), min_size=2, max_size=6),
    places=st.lists(st.sampled_from([0, 2, 4]), min_size=7, max_size=7),
)
def test_parts_rounded_as_written_never_fire(exact: list[Decimal], places: list[int]) -> None:
    parts = tuple(Part(f"分项{i}", _written(v, places[i])) for i, v in enumerate(exact))
    whole = _written(sum(exact, D(0)), places[-1])
    where = Location(table=1, row=3)  # a table's child rows: the list is complete
    bd = Breakdown("合计", whole, parts, closed=True, kind="sum", unit="万元", location=where)
    ev = Evaluation(doc_type=DocType.DEPT_SELF_EVAL_REPORT, fiscal_year=2024, breakdowns=(bd,))
    assert _run(ev, "national-2020", "PARTS_NE_WHOLE", "PART_IS_SUM_OF_OTHERS") == []


@settings(max_examples=150, deadline=None)
@given(
    budget=st.decimals(min_value=1, max_value=10**6, places=2),
    share=st.decimals(min_value=D("0.01"), max_value=D("1.2"), places=4),
    places=st.sampled_from([0, 1, 2]),
)
def test_rates_rounded_as_written_never_fire(budget: Decimal, share: Decimal, places: int) -> None:
    executed = _written(budget * share, 2)
    rate = _written(executed / budget * 100, places)
    fund = Fund("年度资金总额", total=budget, executed=executed, rate_pct=rate, level=0)
    ev = Evaluation(doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2024, funds=(fund,))
    assert _run(ev, "national-2020", "EXEC_RATE_NE_AMOUNTS") == []


def test_points_the_rule_gives_never_fire() -> None:
    fund = Fund("年度资金总额", total=D("4000"), executed=D("3694"), weight=D("10"),
                score=D("9.24"), level=0)  # fmt: skip
    ind = Indicator(level3="甲", target="≥10个", actual="10", weight=D("90"), score=D("90"))
    ev = Evaluation(doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2024,
                    stated_total_score=D("99.24"), funds=(fund,), indicators=(ind,))  # fmt: skip
    assert _run(ev) == []


# ---- no document crashes a check --------------------------------------------------------------

_AMOUNTS = st.one_of(  # what the scoring engine reads stays below 10^12 (see the report)
    st.none(),
    st.sampled_from([D(0), D("0.0000"), D(-5), D("100"), D("0.0001"), D("1E-20")]),
    st.decimals(min_value=-1000, max_value=10**9, places=4, allow_nan=False),
)
_WILD = st.one_of(
    _AMOUNTS, st.sampled_from([D("1E+30"), D("-1E+30"), D("123456789012345678901234.5")])
)
_LABELS = st.sampled_from(["基本支出", "项目支出", "经营支出", "货币资金", "固定资产原值",
                           "固定资产净值", "累计折旧", "良好（甲、乙）",
                           "较差（甲（一、二期）、乙等）", "（", "）、（", ""])  # fmt: skip
_TEXTS = st.one_of(st.none(), st.sampled_from([
    "搬迁30户，每户10万元", "每人500元，共100人", "1.5万元/亩，治理200亩", "每户最高10万元",
    "因追加预算，资金拨付滞后", "产出指标（50分）", "（12.5分）", "预算执行率", "", "（",
    "每户万元",
]))  # fmt: skip
_UNITS = st.sampled_from([None, "万元", "元", "亿元", "个", "人", "亩", "起", ""])


@st.composite
def _evaluations(draw: st.DrawFn) -> Evaluation:
    groups = st.sampled_from([None, None, 0, 1, 7])
    funds = draw(
        st.lists(
            st.builds(
                Fund,
                name=_LABELS,
                initial=_AMOUNTS,
                total=_AMOUNTS,
                executed=_AMOUNTS,
                rate_pct=_AMOUNTS,
                weight=_AMOUNTS,
                score=_AMOUNTS,
                level=st.sampled_from([None, 0, 1, 2]),
                group=groups,
                reason=_TEXTS,
            ),
            max_size=5,
        )
    )
    parts = st.lists(st.builds(Part, label=_LABELS, value=_WILD), max_size=5)
    breakdowns = draw(
        st.lists(
            st.builds(
                Breakdown,
                label=_LABELS,
                whole=_WILD,
                parts=parts.map(tuple),
                closed=st.booleans(),
                kind=st.sampled_from(["sum", "difference", "other"]),
                unit=_UNITS,
            ),
            max_size=4,
        )
    )
    indicators = draw(
        st.lists(
            st.builds(
                Indicator,
                level1=_TEXTS,
                level2=_TEXTS,
                level3=_TEXTS,
                target=st.sampled_from([None, "≥10个", "≤100%", "=100%", "健全", "≥0%"]),
                actual=st.sampled_from([None, "10", "95", "达成年度指标", "0"]),
                weight=_AMOUNTS,
                score=_AMOUNTS,
                group=groups,
            ),
            max_size=8,
        )
    )
    projects = draw(
        st.lists(
            st.builds(
                ProjectLine,
                name=_LABELS,
                score=_WILD,
                budget_wan=_WILD,
                executed_wan=_WILD,
                achieved=_TEXTS,
                goal=_TEXTS,
            ),
            max_size=3,
        )
    )
    return Evaluation(
        doc_type=draw(st.sampled_from([*DocType, None])), fiscal_year=2024,
        stated_total_score=draw(_AMOUNTS), budget_initial_wan=draw(_AMOUNTS),
        budget_total_wan=draw(_AMOUNTS), executed_total_wan=draw(_AMOUNTS),
        execution_rate_pct=draw(_AMOUNTS), funds=tuple(funds), breakdowns=tuple(breakdowns),
        indicators=tuple(indicators), projects=tuple(projects),
        sections=tuple(Section(t or "", t or "") for t in draw(st.lists(_TEXTS, max_size=2))),
        problems=tuple(t for t in draw(st.lists(_TEXTS, max_size=2)) if t),
    )  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ev=_evaluations(), ruleset=st.sampled_from(["national-2020", "hebei-2019", "gansu-2024"]))
def test_no_document_crashes_a_check(ev: Evaluation, ruleset: str) -> None:
    _run(ev, ruleset)
