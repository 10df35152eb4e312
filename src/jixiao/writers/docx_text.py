"""The sentences of a report, written from the evaluation's data: money row by row, indicator
rows, the conclusion (stated figures, recomputed ones beside them), problems, measures, use and
publication of the results.

The wording avoids what the genre parsers would misread: a score sentence carries a grade only
in the conclusion (the stated one, first); other scores end their sentence; no line outside a
task block starts with the labels 绩效目标 / 绩效指标 / 完成情况 and a colon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.evaluation import Evaluation, Fund, Indicator, ProjectLine
from jixiao.model.numbers import HUNDRED, fmt
from jixiao.model.scorecard import ScoreCard
from jixiao.scoring.explain import METHOD_LABELS
from jixiao.writers.docx_model import Draft


def n(value: Decimal | None) -> str:
    return fmt(value)


def wan(value: Decimal) -> str:
    return f"{fmt(value)}万元"


def fund_sentence(fund: Fund) -> str:
    """ "年度资金总额：年初预算数…万元，全年预算数…万元，全年执行数…万元，执行率…%。" """
    parts = [
        f"{label}{wan(value)}"
        for label, value in (
            ("年初预算数", fund.initial),
            ("全年预算数", fund.total),
            ("全年执行数", fund.executed),
        )
        if value is not None
    ]
    if fund.rate_pct is not None:
        parts.append(f"执行率{fmt(fund.rate_pct)}%")
    if fund.weight is not None:
        parts.append(f"分值{fmt(fund.weight)}分")
    if fund.score is not None:
        parts.append(f"得分{fmt(fund.score)}分")
    body = "，".join(parts) if parts else "金额未填报"
    reason = f"偏差原因：{fund.reason.strip()}" if fund.reason else ""
    return f"{fund.name}：{body}。{reason}"


def computed_rate(ev: Evaluation) -> Decimal | None:
    if ev.execution_rate_pct is not None:
        return ev.execution_rate_pct
    total, executed = ev.budget_total_wan, ev.executed_total_wan
    if total is None or executed is None or total <= 0:
        return None
    return (executed / total * HUNDRED).quantize(Decimal("0.01"))


def execution_overview(ev: Evaluation, who: str, draft: Draft) -> str:
    """The year's budget and execution in one sentence (no 其中 list: the rows follow)."""
    total, executed = ev.budget_total_wan, ev.executed_total_wan
    initial = f"年初预算{wan(ev.budget_initial_wan)}，" if ev.budget_initial_wan is not None else ""
    total_text = wan(total) if total is not None else draft.missing("全年预算数")
    executed_text = wan(executed) if executed is not None else draft.missing("全年执行数")
    rate = computed_rate(ev)
    rate_text = f"{fmt(rate)}%" if rate is not None else draft.missing("预算执行率")
    return (
        f"{who}{initial}全年预算数为{total_text}，全年执行{executed_text}，"
        f"预算执行率为{rate_text}。"
    )


def narrative_money(ev: Evaluation, year: str) -> list[str]:
    """Money as narrative reports state it (read back by the narrative parser): per column the
    department total and its 基本支出 / 项目支出 rows."""
    funds = [f for f in ev.funds if f.group is None]
    total = next((f for f in funds if f.level == 0), None)
    rows = [f for f in funds if f.level == 1 and f.name in ("基本支出", "项目支出")]
    out: list[str] = []
    for column, lead in (
        ("initial", f"{year}年年初支出总额为"),
        ("total", f"{year}年全年预算支出总额为"),
        ("executed", f"{year}年全年决算支出总额为"),
    ):
        whole = getattr(total, column) if total is not None else None
        parts = [f"{f.name}{wan(v)}" for f in rows if (v := getattr(f, column)) is not None]
        if whole is None and not parts:
            continue
        head = f"{lead}{wan(whole)}" if whole is not None else f"{lead[:-3]}"
        out.append("，".join([head, *parts]) + "。")
    return out


def indicator_sentence(ind: Indicator) -> str:
    """One indicator row: its levels, target, actual, weight and stated score (the score ends
    its sentence); the deviation reason as a sentence of its own."""
    levels = "／".join(x for x in (ind.level1, ind.level2) if x)
    head = f"{ind.name}（{levels}）" if levels else ind.name
    parts = [head]
    if ind.target:
        parts.append(f"年度指标值{ind.target}")
    if ind.actual:
        unit = ind.unit if ind.unit and not ind.actual.endswith(ind.unit) else ""
        parts.append(f"实际完成值{ind.actual}{unit}")
    if ind.completion_pct is not None:
        parts.append(f"完成率{fmt(ind.completion_pct)}%")
    if ind.weight is not None:
        parts.append(f"分值{fmt(ind.weight)}分")
    parts.append(f"自评得分{fmt(ind.score)}分" if ind.score is not None else "自评得分未填报")
    text = "，".join(parts) + "。"
    if ind.deviation_reason:
        text += f"偏差原因分析及改进措施：{ind.deviation_reason.strip()}"
    return text


def task_indicator_text(indicators: Sequence[Indicator]) -> str:
    """A task's indicators the way Hebei reports number them, read back by the task parser:
    "（1）数量指标：名称，得分10分；（2）…。"."""
    out: list[str] = []
    for k, ind in enumerate(indicators, start=1):
        head = f"{ind.level2}：" if ind.level2 else ""
        desc = f"，{ind.description}" if ind.description else ""
        score = f"得分{fmt(ind.score)}分" if ind.score is not None else "得分未填报"
        out.append(f"（{k}）{head}{ind.level3 or ind.name}{desc}，{score}")
    return "；".join(out) + "。" if out else ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The figures of the conclusion: the stated ones, and the recomputed ones beside."""

    stated_total: Decimal | None
    stated_grade: str | None
    total: Decimal | None
    grade: str | None
    ruleset: str
    scored_by_us: bool  # the document stated no total: the report states the computed one

    @classmethod
    def of(cls, ev: Evaluation, card: ScoreCard) -> Verdict:
        grade = card.grade.label if card.grade is not None else None
        if ev.stated_total_score is None and card.total is not None:
            return cls(card.total, ev.stated_grade or grade, card.total, grade, card.ruleset, True)
        return cls(ev.stated_total_score, ev.stated_grade, card.total, grade, card.ruleset, False)

    @property
    def differs(self) -> bool:
        if self.total is None or self.stated_total is None:
            return False
        return self.total != self.stated_total or (self.grade or "") != (self.stated_grade or "")


def conclusion(v: Verdict, who: str, subject: str, draft: Draft) -> list[str]:
    """The stated score and grade (first, in one sentence), then the recomputation beside."""
    total = n(v.stated_total) if v.stated_total is not None else draft.missing("自评总分")
    grade = f"“{v.stated_grade}”" if v.stated_grade else draft.missing("评价等级")
    out = [f"经综合评价，{who}{subject}绩效自评得分为{total}分，评价等级为{grade}。"]
    rules = f"规则（{v.ruleset}）"
    if v.scored_by_us:
        out.append(f"上述得分按{rules}逐项计算得出。")
    elif v.total is None:
        out.append(f"按{rules}复算所需数据不全，未能复算总分。")
    elif v.differs:
        gap = v.stated_total - v.total if v.stated_total is not None else None
        side = "" if gap is None else f"，与自评得分相差{n(abs(gap))}分"
        out.append(f"按{rules}复算为{n(v.total)}分（{v.grade or '等级未定'}）{side}。")
    else:
        out.append(f"按{rules}复算，总分与等级与自评结果一致。")
    return out


def bands_sentence(bands: Sequence[tuple[Decimal, str]]) -> str | None:
    """ "综合得分≥90分为“优”，80分≤综合得分<90分为“良”，…" from the rule set's bands."""
    if not bands:
        return None
    parts: list[str] = []
    upper: Decimal | None = None
    for low, label in bands:
        if upper is None:
            parts.append(f"综合得分≥{fmt(low)}分为“{label}”")
        elif low > 0:
            parts.append(f"{fmt(low)}分≤综合得分<{fmt(upper)}分为“{label}”")
        else:
            parts.append(f"综合得分<{fmt(upper)}分为“{label}”")
        upper = low
    return "等级标准：" + "，".join(parts) + "。"


def methods_sentence(card: ScoreCard) -> str:
    used = sorted(
        {METHOD_LABELS.get(line.method, line.method or "") for line in card.lines if line.method}
    )
    methods = "、".join(m for m in used if m) or "规则集规定的方法"
    return (
        f"评分依据规则集{card.ruleset}：定量指标与年度指标值比较计分，"
        f"定性指标按达成程度分档计分，预算执行按执行率计分，本次用到的计分方法有{methods}。"
    )


def project_item(p: ProjectLine) -> str:
    """One project of the project chapter, read back by the project-chapter parser."""
    parts = [f"{p.name}：自评得分{fmt(p.score)}分" if p.score is not None else f"{p.name}："]
    if p.budget_wan is not None:
        parts.append(f"全年预算数{wan(p.budget_wan)}")
    if p.executed_wan is not None:
        parts.append(f"执行数{wan(p.executed_wan)}")
    if p.budget_wan and p.executed_wan is not None and p.budget_wan > 0:
        rate = (p.executed_wan / p.budget_wan * HUNDRED).quantize(Decimal("0.01"))
        parts.append(f"执行率{fmt(rate)}%")
    head = parts[0] + ("；" + "，".join(parts[1:]) if len(parts) > 1 else "") + "。"
    if p.grade:
        head += f"自评等级{p.grade}。"
    achieved = f"项目绩效目标完成情况：{p.achieved.strip()}" if p.achieved else ""
    return head + achieved


def income_sentences(ev: Evaluation) -> list[str]:
    """The income statements of the document ("本部门2025年预算收入…万元，其中…"): income is
    no money row, so it is written from the stated breakdowns."""
    out: list[str] = []
    for b in ev.breakdowns:
        if b.whole is None or b.unit != "万元" or b.kind != "sum" or "收入" not in b.label:
            continue
        if "、" in b.label or not b.parts:
            continue
        parts = "、".join(f"{p.label}{wan(p.value)}" for p in b.parts if p.value is not None)
        out.append(f"{b.label}{wan(b.whole)}，其中{parts}。")
    return out


def problem_items(ev: Evaluation) -> list[str]:
    """The unit's own problems, then the reasons it gave for rows below target."""
    items = [p for p in ev.problems if p.strip()]
    for ind in ev.indicators:
        if ind.deviation_reason:
            items.append(f"“{ind.name}”存在偏差。{ind.deviation_reason.strip()}")
    for fund in ev.funds:
        if fund.reason:
            items.append(f"“{fund.name}”执行存在偏差。{fund.reason.strip()}")
    return items


def application_text(who: str, finance: str) -> list[str]:
    """Use and publication of the results (R18), in our own words (no sentence of it reads as
    the explanation of a budget change)."""
    return [
        f"{who}将把本次自评结果作为编制以后年度预算、优化支出结构和完善管理制度的重要依据。"
        "对绩效目标完成较好的支出优先保障；对未达到年度指标值的事项逐项查找问题、限期整改，"
        "并在下一年度绩效目标设定中予以改进。",
        f"自评报告及自评表按规定报送{finance}，随部门决算一并向社会公开，主动接受人大、审计和社会监督。",
    ]
