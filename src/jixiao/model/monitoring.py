"""In-year monitoring of an approved target table (运行监控, rules.md R5.7 and R12.4): each
month's spending against the time gone by and against the target's 资金支出计划.

Two warnings per month, both with the rule set's ``monitoring_thresholds`` (§6 #18):

- 时间进度预警: ``value = 执行率 / (month / 12) × 100`` (the rate and the time both in percent);
- 支出计划进度预警: ``value = 累计支出比例 / 计划累计支出比例 × 100``, the planned share read from
  the plan's checkpoints (3月底 / 6月底 / 10月底 / 12月底).

Below ``red_below`` is red, below ``yellow_below`` yellow, else green. The figures shown are
rounded to 2 places half-up, and the light follows the figure shown, so a value shown as 60
is never called "below 60".

>>> from decimal import Decimal as Dec
>>> plan = (PlanEntry("3月底", Dec(25)), PlanEntry("6月底", Dec(50)),
...         PlanEntry("10月底", Dec(75)), PlanEntry("12月底", Dec(100)))
>>> june = assess(Dec(100), {6: Dec(20)}, plan, Bands(Dec(60), Dec(80)))[0]
>>> june.value, june.light, june.plan_value, june.plan_light
(Decimal('40.00'), <Light.RED: 'red'>, Decimal('40.00'), <Light.RED: 'red'>)
>>> june.explanation
'6月累计支出20万元，预算100万元，执行率20%，时间进度50%，20÷50×100=40，低于60，红色预警'
>>> plan_share(plan, 8)
Decimal('62.5')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final, Protocol

from jixiao.model.chinese_numerals import parse_chinese_numeral
from jixiao.model.evaluation import Evaluation, PlanEntry

MONTHS: Final = 12
_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
_MONTH_IN_PERIOD: Final = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
_YEAR_END: Final = ("年底", "年末", "全年")


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self]


LIGHT_LABELS: Final[dict[Light, str]] = {
    Light.RED: "红色预警",
    Light.YELLOW: "黄色预警",
    Light.GREEN: "正常",
}


class Thresholds(Protocol):
    """What the rule set's ``monitoring_thresholds`` holds (``rules.values.Monitoring``)."""

    @property
    def red_below(self) -> Decimal: ...

    @property
    def yellow_below(self) -> Decimal: ...


@dataclass(frozen=True, slots=True)
class Bands:
    """Thresholds given directly (tests, or a value taken out of a rule set)."""

    red_below: Decimal
    yellow_below: Decimal


@dataclass(frozen=True, slots=True)
class MonthStatus:
    """One month's monitoring line. Percentages are in percent, rounded to 2 places; ``None``
    where a figure cannot be computed (the explanation says why)."""

    month: int
    amount: Decimal  # 当月支出, 万元, as entered
    cumulative: Decimal  # 累计支出, 万元
    rate_pct: Decimal | None  # 执行率 = 累计支出 / 预算
    time_pct: Decimal  # 时间进度 = month / 12
    value: Decimal | None  # 执行率 ÷ 时间进度 × 100
    light: Light | None
    plan_pct: Decimal | None  # 计划累计支出比例 at the end of the month
    plan_value: Decimal | None  # 执行率 ÷ 计划比例 × 100
    plan_light: Light | None
    explanation: str
    plan_explanation: str


def rounded(value: Decimal) -> Decimal:
    """2 places, half-up (the figures shown)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def shown(value: Decimal) -> str:
    """A figure as the explanation writes it: 2 places at most, no trailing zeros.

    >>> shown(Decimal("20.00")), shown(Decimal("62.50")), shown(Decimal("58.333"))
    ('20', '62.5', '58.33')
    """
    value = rounded(value)
    if not value:
        return "0"  # never "-0"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def time_progress(month: int) -> Decimal:
    """The share of the year gone by at the end of ``month`` (a fraction: 6 → 0.5)."""
    if not 0 <= month <= MONTHS:
        raise ValueError(f"month out of range: {month}")
    return Decimal(month) / MONTHS


def period_month(period: str) -> int | None:
    """The month a plan checkpoint names ("10月底" → 10, "六月底" → 6, "年底" → 12).

    >>> period_month("3月底"), period_month("十月底"), period_month("全年"), period_month("其他")
    (3, 10, 12, None)
    """
    m = _MONTH_IN_PERIOD.search(period)
    if m:
        text = m.group(1)
        number = int(text) if text.isdigit() else parse_chinese_numeral(text)
        month = None if number is None else int(number)
        return month if month is not None and 1 <= month <= MONTHS else None
    return MONTHS if any(w in period for w in _YEAR_END) else None


def plan_points(plan: Iterable[PlanEntry]) -> tuple[tuple[int, Decimal], ...]:
    """The plan's usable checkpoints, (month, cumulative %), in calendar order; a month given
    twice keeps its first entry. Entries without a month or a percentage are left out."""
    points: dict[int, Decimal] = {}
    for entry in plan:
        month = period_month(entry.period)
        if month is not None and entry.pct is not None and month not in points:
            points[month] = entry.pct
    return tuple(sorted(points.items()))


def plan_share(plan: Iterable[PlanEntry], month: int) -> Decimal | None:
    """The planned cumulative share (in percent) at the end of ``month``.

    The plan gives the share at its checkpoints (3, 6, 10, 12月底 on the Hebei form); at month
    0 nothing is planned. Between two checkpoints the share is taken to grow evenly, month by
    month (linear interpolation): with 50 % at 6月底 and 75 % at 10月底, 8月底 is 62.5 %. This
    is our reading, not a rule text: the form states only the checkpoints, and an even pace is
    the assumption that claims nothing the unit did not write. Past the last checkpoint nothing
    is claimed either: ``None``, as without a usable plan.

    >>> p = (PlanEntry("6月底", Decimal(50)), PlanEntry("12月底", Decimal(100)))
    >>> plan_share(p, 0), plan_share(p, 3), plan_share(p, 9)
    (Decimal('0'), Decimal('25'), Decimal('75'))
    >>> plan_share((), 6) is None
    True
    """
    points = plan_points(plan)
    if not points or not 0 <= month <= MONTHS:
        return None
    if month == 0:
        return Decimal(0)
    lo_month, lo_pct = 0, Decimal(0)
    for hi_month, hi_pct in points:
        if month == hi_month:
            return hi_pct
        if month < hi_month:
            return lo_pct + (hi_pct - lo_pct) * (month - lo_month) / (hi_month - lo_month)
        lo_month, lo_pct = hi_month, hi_pct
    return None


def light(value: Decimal, red_below: Decimal, yellow_below: Decimal) -> Light:
    """Below ``red_below`` red, below ``yellow_below`` yellow, else green (R5.7)."""
    if value < red_below:
        return Light.RED
    if value < yellow_below:
        return Light.YELLOW
    return Light.GREEN


def _verdict(value: Decimal, t: Thresholds) -> tuple[Light, str]:
    found = light(value, t.red_below, t.yellow_below)
    red, yellow = shown(t.red_below), shown(t.yellow_below)
    words = {
        Light.RED: f"低于{red}",
        Light.YELLOW: f"不低于{red}但低于{yellow}",
        Light.GREEN: f"不低于{yellow}",
    }
    return found, f"{words[found]}，{found.label}"


def budget_of(ev: Evaluation) -> Decimal | None:
    """The target's budget (万元): the stated 全年预算数, else the money block's total row, else
    the one project's 预算数."""
    if ev.budget_total_wan is not None:
        return ev.budget_total_wan
    totals = [f for f in ev.funds if f.level == 0] or [f for f in ev.funds if f.level is None][:1]
    for fund in totals:
        amount = fund.total if fund.total is not None else fund.initial
        if amount is not None:
            return amount
    if len(ev.projects) == 1:
        return ev.projects[0].budget_wan
    return None


def assess(
    budget_wan: Decimal | None,
    monthly: Mapping[int, Decimal],
    plan: Iterable[PlanEntry],
    thresholds: Thresholds,
) -> tuple[MonthStatus, ...]:
    """One status per month entered (1–12, in order). A month not entered counts as nothing
    spent in the cumulative figures of the months after it."""
    plan = tuple(plan)
    usable = budget_wan is not None and budget_wan > 0
    out: list[MonthStatus] = []
    cumulative = Decimal(0)
    for month in sorted(m for m in monthly if 1 <= m <= MONTHS):
        amount = monthly[month]
        cumulative += amount
        head = f"{month}月累计支出{shown(cumulative)}万元"
        if budget_wan is None or not usable:
            out.append(_no_budget(month, amount, cumulative, budget_wan, head))
            continue
        out.append(_month(month, amount, cumulative, budget_wan, plan, thresholds, head))
    return tuple(out)


def _no_budget(
    month: int, amount: Decimal, cumulative: Decimal, budget: Decimal | None, head: str
) -> MonthStatus:
    why = "未填预算数" if budget is None else f"预算数为{shown(budget)}万元"
    text = f"{head}，{why}，无法计算执行率，不作预警"
    return MonthStatus(
        month, amount, cumulative, None, rounded(time_progress(month) * _HUNDRED),
        None, None, None, None, None, text, text,
    )  # fmt: skip


def _month(
    month: int,
    amount: Decimal,
    cumulative: Decimal,
    budget: Decimal,
    plan: tuple[PlanEntry, ...],
    t: Thresholds,
    head: str,
) -> MonthStatus:
    rate = cumulative / budget * _HUNDRED
    time = time_progress(month) * _HUNDRED
    value = rounded(rate * MONTHS / month)  # = rate ÷ (month/12), without rounding month/12
    found, verdict = _verdict(value, t)
    explanation = (
        f"{head}，预算{shown(budget)}万元，执行率{shown(rate)}%，时间进度{shown(time)}%，"
        f"{shown(rate)}÷{shown(time)}×100={shown(value)}，{verdict}"
    )
    planned = plan_share(plan, month)
    plan_value: Decimal | None = None
    plan_light: Light | None = None
    if planned is None:
        plan_text = f"{month}月：目标表未列可用的资金支出计划（至{month}月底），不作计划进度预警"
    elif planned <= 0:
        plan_text = f"{month}月计划累计支出{shown(planned)}%，计划尚未支出，不作计划进度预警"
    else:
        plan_value = rounded(rate / planned * _HUNDRED)
        plan_light, plan_verdict = _verdict(plan_value, t)
        plan_text = (
            f"{month}月计划累计支出{shown(planned)}%{_how(plan, month)}，实际累计支出"
            f"{shown(rate)}%，{shown(rate)}÷{shown(planned)}×100={shown(plan_value)}，"
            f"{plan_verdict}"
        )
    return MonthStatus(
        month, amount, cumulative, rounded(rate), rounded(time), value, found,
        None if planned is None else rounded(planned), plan_value, plan_light,
        explanation, plan_text,
    )  # fmt: skip


def _how(plan: tuple[PlanEntry, ...], month: int) -> str:
    """How the planned share was found: a checkpoint, or between two."""
    points = plan_points(plan)
    if any(m == month for m, _ in points):
        return ""
    before = [(m, p) for m, p in points if m < month]
    after = next((m, p) for m, p in points if m > month)
    start = f"{before[-1][0]}月底{shown(before[-1][1])}%" if before else "年初0%"
    return f"（按{start}与{after[0]}月底{shown(after[1])}%线性插值）"
