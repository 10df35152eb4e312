"""运行监控 arithmetic (rules.md R5.7, R12.4; jixiao.model.monitoring), numbers by hand.

The plan used throughout is seed 004's usual 25/50/75/100 at 3, 6, 10 and 12月底; the
thresholds are the national ones (§6 #18): below 60 red, below 80 yellow, else green.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.evaluation import Evaluation, Fund, PlanEntry, ProjectLine
from jixiao.model.monitoring import (
    Bands,
    Light,
    assess,
    budget_of,
    light,
    period_month,
    plan_share,
    time_progress,
)

D = Decimal
NATIONAL = Bands(D(60), D(80))
PLAN = (
    PlanEntry("3月底", D(25)),
    PlanEntry("6月底", D(50)),
    PlanEntry("10月底", D(75)),
    PlanEntry("12月底", D(100)),
)
RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}


def test_time_progress_is_the_share_of_the_year() -> None:
    assert time_progress(6) == D("0.5")
    assert time_progress(12) == 1
    assert time_progress(0) == 0
    with pytest.raises(ValueError, match="month"):
        time_progress(13)


def test_plan_share_at_checkpoints_and_between_them() -> None:
    assert plan_share(PLAN, 0) == 0  # nothing planned before the year starts
    assert plan_share(PLAN, 3) == 25
    assert plan_share(PLAN, 6) == 50
    # 8月: halfway from 6月底 50 % to 10月底 75 %: 50 + 25 × 2/4 = 62.5
    assert plan_share(PLAN, 8) == D("62.5")
    # 11月: halfway from 75 to 100 → 87.5; 1月: a third of the way from 0 to 25
    assert plan_share(PLAN, 11) == D("87.5")
    assert round(plan_share(PLAN, 1) or 0, 4) == D("8.3333")


def test_plan_share_without_a_usable_plan() -> None:
    assert plan_share((), 6) is None
    assert plan_share((PlanEntry("3月底", None), PlanEntry("其他", D(50))), 3) is None
    # a plan that stops at 10月底 claims nothing for 11月
    assert plan_share(PLAN[:3], 11) is None
    assert plan_share(PLAN[:3], 10) == 75


def test_plan_checkpoints_in_any_order_and_in_chinese_numerals() -> None:
    plan = (PlanEntry("年底", D(100)), PlanEntry("六月底", D(40)))
    assert plan_share(plan, 6) == 40
    assert plan_share(plan, 9) == 70  # 40 + 60 × 3/6
    assert [period_month(p) for p in ("3月底", "十二月底", "全年", "第一季度")] == [3, 12, 12, None]


def test_light_bands_are_lower_bound_inclusive() -> None:
    assert light(D("59.99"), D(60), D(80)) is Light.RED
    assert light(D(60), D(60), D(80)) is Light.YELLOW
    assert light(D("79.99"), D(60), D(80)) is Light.YELLOW
    assert light(D(80), D(60), D(80)) is Light.GREEN


def test_june_twenty_of_a_hundred_is_red_on_both_lights() -> None:
    # 20 spent of 100 by June: rate 20 %, time 6/12 = 50 %, 20/50 × 100 = 40 < 60 → red;
    # the plan says 50 % by 6月底: 20/50 × 100 = 40 → red as well
    (june,) = assess(D(100), {6: D(20)}, PLAN, NATIONAL)
    assert (june.month, june.cumulative, june.rate_pct, june.time_pct) == (6, D(20), D(20), D(50))
    assert (june.value, june.light) == (D("40.00"), Light.RED)
    assert (june.plan_pct, june.plan_value, june.plan_light) == (D(50), D("40.00"), Light.RED)
    assert june.explanation == (
        "6月累计支出20万元，预算100万元，执行率20%，时间进度50%，20÷50×100=40，低于60，红色预警"
    )
    assert june.plan_explanation == (
        "6月计划累计支出50%，实际累计支出20%，20÷50×100=40，低于60，红色预警"
    )


@pytest.mark.parametrize(
    ("spent", "value", "expected"),
    [("40", "80.00", Light.GREEN), ("35", "70.00", Light.YELLOW), ("25", "50.00", Light.RED)],
)
def test_worked_example_19(spent: str, value: str, expected: Light) -> None:
    # rules.md §7 #19: June, 执行率 40 / 35 / 25 % → 80 green / 70 yellow / 50 red
    (june,) = assess(D(100), {6: D(spent)}, PLAN, NATIONAL)
    assert (june.value, june.light) == (D(value), expected)


def test_months_accumulate_and_the_plan_is_interpolated() -> None:
    # 10 in March, 15 in June, 20 in August of a 100 budget
    lines = assess(D(100), {8: D(20), 3: D(10), 6: D(15)}, PLAN, NATIONAL)
    assert [x.month for x in lines] == [3, 6, 8]
    assert [x.cumulative for x in lines] == [10, 25, 45]
    march, june, august = lines
    # March: 10 % of the money, 25 % of the year → 40, red; plan 25 % → 10/25 × 100 = 40, red
    assert (march.value, march.light, march.plan_value) == (D("40.00"), Light.RED, D("40.00"))
    # June: 25 % by half the year → 50, red; plan 50 % → 50, red
    assert (june.value, june.plan_value) == (D("50.00"), D("50.00"))
    # August: 45 % by 8/12 = 66.67 % → 45 × 12/8 = 67.5 yellow; plan 62.5 % → 72 yellow
    assert (august.time_pct, august.value, august.light) == (D("66.67"), D("67.50"), Light.YELLOW)
    assert (august.plan_pct, august.plan_value) == (D("62.50"), D("72.00"))
    assert august.plan_light is Light.YELLOW
    assert "按6月底50%与10月底75%线性插值" in august.plan_explanation
    assert "45÷62.5×100=72，不低于60但低于80，黄色预警" in august.plan_explanation


def test_a_value_exactly_at_the_band_is_not_below_it() -> None:
    # 35 of 100 by July: 35 × 12/7 = 60 exactly (time 58.33 % shown) → yellow, not red
    (july,) = assess(D(100), {7: D(35)}, PLAN, NATIONAL)
    assert (july.time_pct, july.value, july.light) == (D("58.33"), D("60.00"), Light.YELLOW)


def test_shown_values_round_half_up() -> None:
    # 1 of 800 in December: 0.125 % → 0.13 (half-up, not 0.12); the value equals the rate
    (dec,) = assess(D(800), {12: D(1)}, PLAN, NATIONAL)
    assert (dec.rate_pct, dec.value) == (D("0.13"), D("0.13"))
    # 100 of 300 in December: 33.333… → 33.33
    (dec,) = assess(D(300), {12: D(100)}, PLAN, NATIONAL)
    assert dec.rate_pct == D("33.33") and dec.light is Light.RED


@pytest.mark.parametrize(("budget", "why"), [(None, "未填预算数"), (D(0), "预算数为0万元")])
def test_no_budget_no_rate_no_light(budget: Decimal | None, why: str) -> None:
    (june,) = assess(budget, {6: D(20)}, PLAN, NATIONAL)
    assert june.rate_pct is None and june.value is None and june.light is None
    assert june.plan_value is None and june.plan_light is None
    assert june.time_pct == 50 and june.cumulative == 20
    assert why in june.explanation and "无法计算执行率" in june.explanation


def test_no_plan_or_nothing_planned_yet_gives_no_plan_light() -> None:
    (june,) = assess(D(100), {6: D(45)}, (), NATIONAL)
    assert june.light is Light.GREEN  # 45 × 2 = 90
    assert june.plan_light is None and "未列可用的资金支出计划" in june.plan_explanation
    late = (PlanEntry("3月底", D(0)), PlanEntry("12月底", D(100)))
    (feb,) = assess(D(100), {2: D(1)}, late, NATIONAL)
    assert feb.plan_pct == 0 and feb.plan_light is None and "计划尚未支出" in feb.plan_explanation


def test_thresholds_come_from_the_caller() -> None:
    # a bureau that warns below 50 and 70: June 28 of 100 → 56 → yellow instead of red
    (june,) = assess(D(100), {6: D(28)}, PLAN, Bands(D(50), D(70)))
    assert (june.value, june.light) == (D("56.00"), Light.YELLOW)
    assert "不低于50但低于70，黄色预警" in june.explanation


def test_months_outside_the_year_are_ignored() -> None:
    assert assess(D(100), {0: D(5), 13: D(5)}, PLAN, NATIONAL) == ()


def test_budget_of_a_target_table() -> None:
    assert budget_of(Evaluation(budget_total_wan=D(120))) == 120
    funds = (
        Fund("其中：财政资金", total=D(80), level=1),
        Fund("年度资金总额", total=D(100), level=0),
    )
    assert budget_of(Evaluation(funds=funds)) == 100
    assert budget_of(Evaluation(funds=(Fund("资金总额", initial=D(90), level=0),))) == 90
    assert budget_of(Evaluation(projects=(ProjectLine("项目", budget_wan=D(70)),))) == 70
    assert budget_of(Evaluation()) is None


amounts = st.decimals(min_value=0, max_value=100_000, places=4, allow_nan=False)
budgets = st.decimals(min_value=D("0.01"), max_value=100_000, places=2, allow_nan=False)
months = st.integers(min_value=1, max_value=12)


@given(budget=budgets, month=months, spent=amounts, more=amounts)
def test_more_spending_never_gives_a_worse_light(
    budget: Decimal, month: int, spent: Decimal, more: Decimal
) -> None:
    (low,) = assess(budget, {month: spent}, PLAN, NATIONAL)
    (high,) = assess(budget, {month: spent + more}, PLAN, NATIONAL)
    assert low.light is not None and high.light is not None
    assert RANK[high.light] >= RANK[low.light]
    if low.plan_light is not None and high.plan_light is not None:
        assert RANK[high.plan_light] >= RANK[low.plan_light]


@given(budget=budgets, month=months, earlier=amounts, spent=amounts)
def test_spending_in_an_earlier_month_counts_too(
    budget: Decimal, month: int, earlier: Decimal, spent: Decimal
) -> None:
    (alone,) = assess(budget, {month: spent}, PLAN, NATIONAL)
    both = assess(budget, {1: earlier, month: spent} if month > 1 else {1: earlier + spent},
                  PLAN, NATIONAL)  # fmt: skip
    last = both[-1]
    assert last.light is not None and alone.light is not None
    assert RANK[last.light] >= RANK[alone.light]
    assert last.cumulative == earlier + spent


@given(budget=budgets, month=months, spent=amounts)
def test_the_value_is_the_rate_over_the_time(budget: Decimal, month: int, spent: Decimal) -> None:
    (line,) = assess(budget, {month: spent}, PLAN, NATIONAL)
    assert line.value is not None and line.rate_pct is not None
    exact = spent / budget * 100 * 12 / month
    assert abs(line.value - exact) <= D("0.005")
    assert line.light is light(line.value, D(60), D(80))


@given(a=months, b=months)
def test_a_cumulative_plan_never_plans_less_later(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    share_lo, share_hi = plan_share(PLAN, lo), plan_share(PLAN, hi)
    assert share_lo is not None and share_hi is not None
    assert D(0) <= share_lo <= share_hi <= D(100)
