"""The engine over whole evaluations: bounds, totals per project, explanations."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator, ProjectLine
from jixiao.model.scorecard import LineKind, LineStatus
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.scoring.explain import completion_pct, describe

D = Decimal
NATIONAL = catalog.get("national-2020")

targets = st.sampled_from(["≥{t}个", "≤{t}万元", "={t}%", "{t}人", ">{t}", "<{t}%", "达成年度指标",
                           "健全", "", "%"])  # fmt: skip
actuals = st.sampled_from(["{a}", "{a}万元", "达成年度指标", "部分达成年度指标并具有一定效果",
                           "未达成年度指标且效果较差", "", "健全", "不适用"])  # fmt: skip
numbers = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@st.composite
def rows(draw: st.DrawFn) -> Indicator:
    t, a = draw(numbers), draw(numbers)
    return Indicator(
        level3=draw(st.text(min_size=1, max_size=6)),
        target=draw(targets).format(t=t),
        actual=draw(actuals).format(a=a),
        weight=draw(st.decimals(min_value=D("0.5"), max_value=D(15), places=2)),
        score=draw(st.none() | st.decimals(min_value=D(-5), max_value=D(30), places=2)),
    )


@settings(max_examples=200)
@given(st.lists(rows(), min_size=1, max_size=12), st.sampled_from(catalog.names()),
       st.sampled_from([None, *DocType]))  # fmt: skip
def test_points_within_weight_and_total_at_most_100(
    indicators: list[Indicator], name: str, doc_type: DocType | None
) -> None:
    # scale the weights so they sum to at most 90, leaving 10 for execution
    total_w = sum(i.weight or D(0) for i in indicators)
    scaled = tuple(
        Indicator(level3=i.level3, target=i.target, actual=i.actual, score=i.score,
                  weight=(i.weight * 90 / total_w).quantize(D("0.01"), rounding="ROUND_DOWN"))
        for i in indicators
    )  # fmt: skip
    ev = Evaluation(
        doc_type=doc_type, fiscal_year=2024, indicators=scaled,
        funds=(Fund("年度资金总额", level=0, total=D(100), executed=D(93)),),
    )  # fmt: skip
    card = score(ev, catalog.get(name))
    for line in card.lines:
        assert line.points is None or D(0) <= line.points <= (line.weight or D(0))
        describe(line)  # every line can be put in words
    if card.total is not None:
        assert D(0) <= card.total <= D(100)


@given(numbers, numbers, st.decimals(min_value=D("0.01"), max_value=D(10_000), places=2))
def test_engine_ratio_monotone_in_actual(a1: Decimal, a2: Decimal, t: Decimal) -> None:
    lo, hi = sorted((a1, a2))

    def points(a: Decimal) -> Decimal:
        ev = Evaluation(indicators=(Indicator(level3="x", target=f"≥{t}", actual=str(a),
                                              weight=D(10)),))  # fmt: skip
        p = score(ev, NATIONAL).lines[0].points
        assert p is not None
        return p

    assert points(lo) <= points(hi)


def test_target_tables_are_not_scored() -> None:
    ev = Evaluation(doc_type=DocType.TARGET_TABLE,
                    indicators=(Indicator(level3="x", target="≥1个", weight=D(10)),))  # fmt: skip
    card = score(ev, NATIONAL)
    assert card.lines == () and card.total is None
    assert any("不评分" in n for n in card.notes)


def test_several_projects_are_scored_apart() -> None:
    ev = Evaluation(
        fiscal_year=2024,
        projects=(ProjectLine("甲", score=D(100)), ProjectLine("乙", score=D(90))),
        indicators=(
            Indicator(level3="a", target="≥10个", actual="10", weight=D(90), score=D(90), group=0),
            Indicator(level3="b", target="≥10个", actual="5", weight=D(90), score=D(90), group=1),
        ),
        funds=(Fund("年度资金总额", level=0, total=D(10), executed=D(10), group=0),
               Fund("年度资金总额", level=0, total=D(10), executed=D(8), group=1)),
    )  # fmt: skip
    card = score(ev, NATIONAL)
    # 甲: 90 + 10 = 100; 乙: 90 × 5/10 = 45 + 10 × 80 % = 8 → 53
    assert [g.total for g in card.groups] == [D("100.00"), D("53.00")]
    assert [g.grade.label for g in card.groups if g.grade] == ["优", "差"]
    assert [g.stated_total for g in card.groups] == [D(100), D(90)]
    assert card.total is None and card.total_method == "per_group"


def test_no_indicator_rows_no_total_but_execution_shown() -> None:
    # seed 001 shape: budget and spending in the text, no indicator table
    ev = Evaluation(doc_type=DocType.DEPT_SELF_EVAL_REPORT, fiscal_year=2022,
                    budget_total_wan=D("183681.01"), executed_total_wan=D("153231.51"),
                    stated_total_score=D("99.44"))  # fmt: skip
    card = score(ev, NATIONAL)
    assert card.total is None
    (line,) = card.lines
    assert line.kind is LineKind.EXECUTION
    assert line.points == D("8.34")  # 153231.51 / 183681.01 = 83.42 % → 8.34


def test_explanations_show_the_arithmetic() -> None:
    ev = Evaluation(
        fiscal_year=2024,
        indicators=(
            Indicator(level3="特困人员救助供养人数", target="≥4754人", actual="4604", weight=D(10),
                      score=D(10)),
            Indicator(level3="制度健全性", target="健全", actual="达成年度指标", weight=D(2),
                      score=D("1.8")),
            Indicator(level3="矿山修复治理面积", weight=D(10), score=D(8)),
        ),
        funds=(Fund("年度资金总额", level=0, total=D(1000), executed=D("923.5")),),
    )  # fmt: skip
    card = score(ev, NATIONAL)
    words = [describe(line) for line in card.lines]
    assert words[0] == "目标≥4754人，实际4604人，未完成：10 × 4604/4754 = 9.68分"
    assert "第1档“达成年度指标”" in words[1] and "予以采用" in words[1]
    assert words[2] == "无法按规则复算（指标值缺失或无法识别），沿用填报得分8分"
    assert words[3].startswith("执行率 = 执行数923.5 / 预算数1000 = 92.35%")
    assert card.lines[3].points == D("9.24")  # 10 × 92.35 % = 9.235 → 9.24 half-up
    assert completion_pct(card.lines[0]) is not None
    assert card.lines[2].status is LineStatus.ADOPTED
    # 9.68 + 1.8 + 8 + 9.24 = 28.72
    assert card.total == D("28.72")


# any number a document can hold: 10^-6 … 10^15 (model.numbers.plausible), at any scale
extreme = st.builds(
    lambda digits, exp: D(digits).scaleb(exp),
    st.integers(min_value=1, max_value=999_999),
    st.integers(min_value=-11, max_value=9),
).filter(lambda d: D("1E-6") <= d < D("1E15"))


@settings(max_examples=300)
@given(extreme, extreme, extreme, extreme, extreme, st.sampled_from(catalog.names()),
       st.sampled_from(["≥", "≤", "=", ""]))  # fmt: skip
def test_extreme_magnitudes_are_scored_without_error(
    t: Decimal, a: Decimal, w: Decimal, budget: Decimal, spent: Decimal, name: str, cmp: str
) -> None:
    """A 19-digit figure is refused when read; within the range every ratio in percent
    (≤ 10^15 / 10^-6 × 100) rounds to 0.01 without an error, in the score and in every check."""
    ev = Evaluation(
        doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2024,
        indicators=(Indicator(level1="产出指标", level2="数量指标", level3="件数",
                              target=f"{cmp}{t}件", actual=f"{a}件", weight=w),),
        funds=(Fund("年度资金总额", level=0, total=budget, executed=spent),),
    )  # fmt: skip
    rs = catalog.get(name)
    card = score(ev, rs)
    for line in card.lines:
        describe(line)
        # a full row is its weight rounded to 0.01 (444.065 → 444.07), never more
        cap = (line.weight or D(0)).quantize(D("0.01"), rounding="ROUND_UP")
        assert line.points is None or D(0) <= line.points <= cap
    run = run_checks(ev, rs, ALL_CHECKS, card)
    assert not run.crashes, run.crashes[0].traceback
