"""spending_plan: the 资金支出计划 (%) row of a 绩效目标表 (R12.4, R13.10).

The plan gives, at each checkpoint (3月底, 6月底, 10月底, 12月底 on the Hebei form), the share
of the budget spent by then: cumulative, never decreasing, 100 % at 12月底. Each check reports a
project's plan once. Percentages agree within 0.5 (checks.md §0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from jixiao.checks._indicator_util import group_label, rule_on
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import DocType, Evaluation, PlanEntry
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import fmt

SP = Category.SPENDING_PLAN
_HUNDRED: Final = Decimal(100)
_DECEMBER: Final = 12
_MONTH: Final = re.compile(r"(\d{1,2})\s*月")
_TOLERANCE: Final = Decimal("0.5")
_MIN_POINTS: Final = 2


def _month(period: str) -> int | None:
    """The month a checkpoint names ("10月底" → 10; "年底"/"全年" → 12)."""
    m = _MONTH.search(period)
    if m:
        return int(m.group(1))
    return _DECEMBER if any(w in period for w in ("年底", "年末", "全年")) else None


def _plans(ev: Evaluation) -> dict[int | None, list[PlanEntry]]:
    """Each project's filled checkpoints, in calendar order where every period names a month."""
    out: dict[int | None, list[PlanEntry]] = {}
    for entry in ev.spending_plan:
        if entry.pct is not None:
            out.setdefault(entry.group, []).append(entry)
    for group, entries in out.items():
        months = [_month(e.period) for e in entries]
        if all(m is not None for m in months):
            out[group] = [e for _, e in sorted(zip(months, entries, strict=True), key=_first)]
    return out


def _first(pair: tuple[int | None, PlanEntry]) -> int:
    return pair[0] or 0


def _shown(entries: list[PlanEntry]) -> str:
    return "、".join(f"{e.period}{fmt(e.pct)}%" for e in entries if e.pct is not None)


def _where(ev: Evaluation, group: int | None, entries: list[PlanEntry]) -> Location | None:
    loc = next((e.location for e in entries if e.location is not None), None)
    if loc is None and group is not None and 0 <= group < len(ev.projects):
        loc = ev.projects[group].location
    return None if loc is None else loc.at("spending_plan")


@check(
    "SPEND_PLAN_DECREASING", SP, Severity.ERROR,
    title="累计资金支出计划出现下降", rule="R13.10",
    why="资金支出计划是截至各时点的累计支出比例，只增不减（R13.10，R12.4）。按时点顺序"
    "（3月底、6月底、10月底、12月底），某一时点的比例比此前任一时点低0.5个百分点以上时报告。",
    tolerance=_TOLERANCE,
)  # fmt: skip
def spend_plan_decreasing(inp: CheckInput) -> Iterator[Hit]:
    if not rule_on(inp, "spending_plan_cumulative"):
        return
    tol: Decimal = inp.setting("tolerance")
    for group, entries in _plans(inp.ev).items():
        drop = _first_drop(entries, tol)
        if drop is None:
            continue
        earlier, later = drop
        yield hit(
            f"{group_label(inp.ev, group)}的资金支出计划（{_shown(entries)}）在{later.period}降为"
            f"{fmt(later.pct)}%，低于{earlier.period}的{fmt(earlier.pct)}%：累计比例不应下降",
            _where(inp.ev, group, entries), None,
            plan=_shown(entries), period=later.period, pct=later.pct, earlier=earlier.period,
            earlier_pct=earlier.pct,
        )  # fmt: skip


def _first_drop(entries: list[PlanEntry], tol: Decimal) -> tuple[PlanEntry, PlanEntry] | None:
    """The first checkpoint below an earlier one by more than ``tol``, with that earlier one."""
    top: PlanEntry | None = None
    for e in entries:
        if e.pct is None:
            continue
        if top is not None and top.pct is not None and e.pct < top.pct - tol:
            return top, e
        if top is None or top.pct is None or e.pct > top.pct:
            top = e
    return None


@check(
    "SPEND_PLAN_NOT_100_AT_END", SP, Severity.ERROR,
    title="资金支出计划到12月底不是100%，或超过100%", rule="R13.10",
    why="累计资金支出计划到12月底应为100%（R13.10，R12.4）：12月底的比例与100相差0.5以上，"
    "或任一时点超过100.5%时报告。",
    tolerance=_TOLERANCE,
)  # fmt: skip
def spend_plan_not_100_at_end(inp: CheckInput) -> Iterator[Hit]:
    if not rule_on(inp, "spending_plan_cumulative"):
        return
    tol: Decimal = inp.setting("tolerance")
    for group, entries in _plans(inp.ev).items():
        end = next((e for e in entries if _month(e.period) == _DECEMBER), None)
        over = [e for e in entries if e.pct is not None and e.pct > _HUNDRED + tol]
        problems = [f"{e.period}为{fmt(e.pct)}%，超过100%" for e in over]
        off = end is not None and end.pct is not None and abs(end.pct - _HUNDRED) > tol
        if end is not None and off and end not in over:
            problems.insert(0, f"{end.period}为{fmt(end.pct)}%，不是100%")
        if problems:
            text = "；".join(problems)
            yield hit(
                f"{group_label(inp.ev, group)}的资金支出计划（{_shown(entries)}）：{text}",
                _where(inp.ev, group, entries), None,
                plan=_shown(entries), end=None if end is None else end.pct, problem=text,
            )  # fmt: skip


@check(
    "SPEND_PLAN_PER_PERIOD", SP, Severity.WARNING,
    title="资金支出计划填的是各期比例，不是累计比例", rule="R13.10",
    why="资金支出计划应填截至各时点的累计比例（R13.10）。各时点比例之和为100（±0.5）而最后一个"
    "时点不到100%时，填的是各期支出比例：应逐期累加（如10/30/30/30 应为10/40/70/100）。",
    tolerance=_TOLERANCE,
)  # fmt: skip
def spend_plan_per_period(inp: CheckInput) -> Iterator[Hit]:
    if not rule_on(inp, "spending_plan_cumulative"):
        return
    tol: Decimal = inp.setting("tolerance")
    for group, entries in _plans(inp.ev).items():
        values = [e.pct for e in entries if e.pct is not None]
        if len(values) < _MIN_POINTS or abs(sum(values) - _HUNDRED) > tol:
            continue
        if values[-1] >= _HUNDRED - tol:
            continue
        running, total = [], Decimal(0)
        for v in values:
            total += v
            running.append(fmt(total))
        yield hit(
            f"{group_label(inp.ev, group)}的资金支出计划（{_shown(entries)}）各期相加为100%，"
            f"填的是各期比例；累计应为{'/'.join(running)}",
            _where(inp.ev, group, entries), None,
            plan=_shown(entries), sum=sum(values, Decimal(0)), cumulative="/".join(running),
        )  # fmt: skip


def _per_project(
    ev: Evaluation, plans: dict[int | None, list[PlanEntry]]
) -> list[tuple[int | None, list[PlanEntry]]]:
    """The plan of each project; a form of one project (or one split out of a multi-table
    file, whose entries lost their group) has one plan, whatever its entries' group."""
    if len(ev.projects) <= 1:
        return [(None, [*plans.get(None, []), *plans.get(0, [])])]
    return [(g, plans.get(g, [])) for g in range(len(ev.projects))]


@check(
    "SPEND_PLAN_MISSING", SP, Severity.WARNING,
    title="绩效目标表缺少资金支出计划或其中的时点", rule="R12.4",
    why="规则集的绩效目标表有“资金支出计划（%）”行（河北：3月底、6月底、10月底、12月底，R12.4）"
    "时，表中没有该行或缺少时点即报告（form_has_plan 由规则集设定）。规则集未设定时，只在同一"
    "文件其他项目表填有支出计划、本项目表却没有时报告。",
    form_has_plan=False,
    periods=("3月底", "6月底", "10月底", "12月底"),
)  # fmt: skip
def spend_plan_missing(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.ev
    if ev.doc_type is not DocType.TARGET_TABLE:
        return
    required = bool(inp.setting("form_has_plan"))
    plans = _plans(ev)
    for group, entries in _per_project(ev, plans):
        if not entries and (required or any(plans.values())):
            yield hit(
                f"{group_label(ev, group)}没有填写资金支出计划（%）",
                _where(ev, group, entries), None, missing="资金支出计划",
            )  # fmt: skip
        elif entries and required:
            have = {_month(e.period) for e in entries}
            missing = [p for p in inp.setting("periods") if _month(p) not in have]
            if missing:
                yield hit(
                    f"{group_label(ev, group)}的资金支出计划缺少{'、'.join(missing)}的比例"
                    f"（已填：{_shown(entries)}）",
                    _where(ev, group, entries), None, missing=missing, plan=_shown(entries),
                )  # fmt: skip
