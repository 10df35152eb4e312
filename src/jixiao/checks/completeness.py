"""completeness: required things missing (interface.md §3) — values, reasons, projects, outline
elements, and results that say nothing of their own (a copied target, a stock phrase, targets
left unreported)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Final

from jixiao.checks._similarity import norm, similarity
from jixiao.checks._text_util import (
    SCORE_TOLERANCE,
    copied_threshold,
    excerpt,
    first_row,
    flat,
    is_blank,
    names_with_reason,
    narrative_texts,
    places,
    quantities,
    row_names,
    unreported,
    words,
)
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import DocType, Evaluation
from jixiao.model.findings import Category, Severity
from jixiao.model.indicator_value import Direction
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED

SELF_EVALUATION: Final = frozenset({
    DocType.PROJECT_SELF_EVAL_TABLE, DocType.PROJECT_SELF_EVAL_REPORT,
    DocType.DEPT_SELF_EVAL_TABLE, DocType.DEPT_SELF_EVAL_REPORT,
})  # fmt: skip
_FIELDS: Final = {"target": "年度指标值", "actual": "实际完成值", "score": "得分"}


# ---- ROW_VALUES_MISSING --------------------------------------------------------------------


@check(
    "ROW_VALUES_MISSING", Category.COMPLETENESS, Severity.ERROR,
    title="自评指标缺少目标值或实际完成值", rule="R1.2",
    why="自评文件中有得分的指标行，未填年度指标值或实际完成值（定性指标为实际完成情况的文字），"
    "或填了实际完成值却没有得分（同组其他行有得分）：无从核对得分（R1.2、R7）。"
    "一个指标块（或全文）的所有行都缺少时合报一条。绩效目标表不查。",
)  # fmt: skip
def row_values_missing(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    if ev.doc_type not in SELF_EVALUATION:
        return
    scored_groups = {i.group for i in ev.indicators if i.score is not None}
    missing: dict[int, list[str]] = {}
    for pos, ind in enumerate(ev.indicators):
        if ind.score is not None:
            gaps = [f for f in ("target", "actual") if is_blank(getattr(ind, f))]
        elif not is_blank(ind.actual) and ind.group in scored_groups:
            gaps = ["score"]
        else:
            gaps = []
        if gaps:
            missing[pos] = gaps
    for place in places(ev, missing):
        ind = first_row(ev, place)
        gaps = list(dict.fromkeys(g for p in place.positions for g in missing[p]))
        what = "、".join(_FIELDS[g] for g in gaps)
        loc = ind.location.at(gaps[0]) if ind.location else None
        if place.scope is None:
            yield hit(
                f"指标“{ind.name}”未填{what}（得分{_text(ind.score)}）",
                loc, None, row=ind.name, missing=what, score=ind.score,
            )  # fmt: skip
            continue
        rows = row_names(ev, place.positions)
        yield hit(
            f"{place.scope}的{len(rows)}项指标都未填{what}，只有指标名称和得分，无从核对",
            loc, None, block=place.scope, count=len(rows), missing=what, rows=rows,
        )  # fmt: skip


def _text(value: Decimal | None) -> str:
    return "未填" if value is None else f"{value}分"


# ---- DEVIATION_REASON_MISSING --------------------------------------------------------------


@check(
    "DEVIATION_REASON_MISSING", Category.COMPLETENESS, Severity.WARNING,
    title="扣分指标没有偏差原因", rule="R3.3",
    why="指标得分低于分值（差0.01以上），偏差原因（未完成原因分析）栏为空，正文也没有一句既提到该"
    "指标、又用 reason_words 说明原因的话（R1.2、R3.3）。资金行的执行率由"
    " EXEC_LOW_UNEXPLAINED 检查。一个指标块所有行都如此时合报一条。",
    reason_words="因、由于、原因、未能",
)  # fmt: skip
def deviation_reason_missing(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    reason_words = words(inp.setting("reason_words"))
    texts = narrative_texts(ev)
    docked: dict[int, tuple[Decimal, Decimal]] = {}
    for pos, ind, line in inp.indicators():
        if line is not None and line.note == "execution_from_amounts":
            continue
        w = ind.weight if ind.weight is not None else (line.weight if line is not None else None)
        if w is None or ind.score is None or ind.score >= w - SCORE_TOLERANCE:
            continue
        if not is_blank(ind.deviation_reason, "无") or names_with_reason(
            texts, ind.name, reason_words
        ):
            continue
        docked[pos] = (ind.score, w)
    for place in places(ev, docked):
        ind = first_row(ev, place)
        score, w = docked[place.positions[0]]
        loc = ind.location.at("deviation_reason") if ind.location else None
        if place.scope is None:
            yield hit(
                f"指标“{ind.name}”得{score}分（分值{w}分），未说明偏差原因",
                loc, None, row=ind.name, score=score, weight=w,
            )  # fmt: skip
            continue
        rows = row_names(ev, place.positions)
        yield hit(
            f"{place.scope}的{len(rows)}项指标都未得满分，均未说明偏差原因",
            loc, None, block=place.scope, count=len(rows), rows=rows,
            scores=[f"{docked[p][0]}/{docked[p][1]}" for p in place.positions],
        )  # fmt: skip


# ---- OVERACHIEVEMENT_UNEXPLAINED -----------------------------------------------------------


@check(
    "OVERACHIEVEMENT_UNEXPLAINED", Category.COMPLETENESS, Severity.WARNING,
    title="大幅超额完成却未说明原因", rule="R3.2",
    why="正向定量指标实际值达到目标值的 ratio 倍（默认1.3倍）以上，偏差原因栏为空，正文也没有提到"
    "该指标并说明原因的话：超额过多应说明原因，目标可能定得过低（R3.2、R3.3，§6.9）。",
    ratio=Decimal("1.3"), reason_words="因、由于、原因、超额、超出、偏低",
)  # fmt: skip
def overachievement_unexplained(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    ratio = Decimal(str(inp.setting("ratio")))
    reason_words = words(inp.setting("reason_words"))
    texts = narrative_texts(ev)
    for _, ind, line in inp.indicators():
        if line is None or line.note == "execution_from_amounts":
            continue
        a, t = line.a, line.t
        if a is None or t is None or t <= 0 or ind.direction not in (Direction.GE, Direction.GT):
            continue
        if a < ratio * t:
            continue
        if not is_blank(ind.deviation_reason, "无") or names_with_reason(
            texts, ind.name, reason_words
        ):
            continue
        share = (a / t * HUNDRED).quantize(Decimal("0.01"))
        yield hit(
            f"指标“{ind.name}”实际完成{ind.actual}，为目标{ind.target}的{share}%，未说明超额原因",
            ind.location.at("deviation_reason") if ind.location else None, None,
            target=ind.target, actual=ind.actual, share_pct=share, ratio=ratio,
        )  # fmt: skip


# ---- PROJECTS_NOT_COVERING_TOTAL -----------------------------------------------------------


@check(
    "PROJECTS_NOT_COVERING_TOTAL", Category.COMPLETENESS, Severity.WARNING,
    title="所列项目未覆盖全部项目支出", rule="R1.3",
    why="部门文件逐项列出的项目预算数之和，少于资金表中的项目支出（全年预算数）超过0.5%且超过"
    "0.01万元：不是每个项目都作了自评（R1.3）。有项目未写金额时无法计算，不作判断。",
    min_share_gap=Decimal("0.5"),
)  # fmt: skip
def projects_not_covering_total(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    if ev.doc_type is None or not ev.doc_type.is_department or not ev.projects:
        return
    if any(p.budget_wan is None for p in ev.projects):
        return
    fund = next((f for f in ev.funds if f.group is None and norm(f.name) == "项目支出"), None)
    if fund is None or fund.total is None or fund.total <= 0:
        return
    listed = sum((p.budget_wan for p in ev.projects if p.budget_wan is not None), Decimal(0))
    gap = fund.total - listed
    if (
        gap <= Decimal("0.01")
        or gap <= fund.total * Decimal(str(inp.setting("min_share_gap"))) / HUNDRED
    ):
        return
    share = (listed / fund.total * HUNDRED).quantize(Decimal("0.1"))
    two = Decimal("0.01")
    yield hit(
        f"列出的{len(ev.projects)}个项目预算合计{listed.quantize(two)}万元，只占项目支出"
        f"{fund.total.quantize(two)}万元的{share}%，其余{gap.quantize(two)}万元的项目未作说明",
        fund.location.at("total") if fund.location else None, None,
        projects=len(ev.projects), listed=listed.quantize(two),
        project_spending=fund.total.quantize(two), share_pct=share, gap=gap.quantize(two),
    )  # fmt: skip


# ---- REPORT_ELEMENT_MISSING ----------------------------------------------------------------

_AMOUNT_AFTER: Final = re.compile(r"(?<!预)决算[^。；\n]{0,30}?\d+(?:\.\d+)?\s*(?:亿元|万元|元)")


def _has_final_accounts(ev: Evaluation, text: str) -> bool:
    if ev.executed_total_wan is not None or any(f.executed is not None for f in ev.funds):
        return True
    return bool(_AMOUNT_AFTER.search(text))


_PROBLEM_WORDS: Final = (("存在问题",), ("存在的问题",), ("主要问题",), ("问题及",), ("不足",))
_MEASURE_WORDS: Final = (("改进措施",), ("改进建议",), ("建议",), ("整改措施",), ("下一步",))


def _has(text: str, *alternatives: tuple[str, ...]) -> bool:
    """Some alternative has all its words in the text."""
    return any(all(w in text for w in words_) for words_ in alternatives)


def _element_present(element: str, ev: Evaluation, text: str) -> bool | None:
    """Whether the report has the element; ``None`` for an element this check cannot read."""
    tests = {
        "决算": lambda: _has_final_accounts(ev, text),
        "总分": lambda: ev.stated_total_score is not None,
        "等级": lambda: ev.stated_grade is not None,
        "存在问题": lambda: bool(ev.problems) or _has(text, *_PROBLEM_WORDS),
        "改进措施": lambda: _has(text, *_MEASURE_WORDS),
        "评价工作组名单": lambda: _has(text, ("人员名单",), ("工作组", "组长")),
        "结果应用和公开": lambda: _has(text, ("结果", "应用", "公开")),
    }
    test = tests.get(element)
    return None if test is None else bool(test())


@check(
    "REPORT_ELEMENT_MISSING", Category.COMPLETENESS, Severity.WARNING,
    title="自评报告缺少提纲要求的内容", rule="R17",
    why="按规则集的部门整体支出自评报告提纲（report_outline：R15，河北 R17_hebei，甘肃 R17_gansu）"
    "逐项查找：决算金额、总得分、评价等级、存在问题、改进措施、评价工作组人员名单（河北）、结果"
    "应用和公开（甘肃），找标题或内容，缺哪项报哪项（R17、R18）。",
    R15="总分、等级、存在问题、改进措施",
    R17_hebei="决算、总分、等级、存在问题、评价工作组名单",
    R17_gansu="决算、总分、等级、存在问题、改进措施、结果应用和公开",
)  # fmt: skip
def report_element_missing(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    if ev.doc_type is not DocType.DEPT_SELF_EVAL_REPORT:
        return
    found = inp.ruleset.lookup("report.report_outline", ev.fiscal_year)
    outline = getattr(found.value, "department_report", None) if found is not None else None
    if not isinstance(outline, str):
        return
    key = outline.replace("-", "_")
    if key not in inp.settings:
        return
    text = flat("\n".join(narrative_texts(ev)))
    # cite the outline itself ("R17-hebei" → R17), not the id of the parameter that names it
    ref = replace(found.ref, rule_id=outline.split("-")[0]) if found is not None else None
    for element in words(inp.setting(key)):
        if _element_present(element, ev, text) is not False:
            continue
        yield hit(
            f"报告缺少{outline}提纲要求的“{element}”",
            None, ref, outline=outline, element=element,
        )  # fmt: skip


# ---- ACHIEVED_COPIES_TARGET ----------------------------------------------------------------


@check(
    "ACHIEVED_COPIES_TARGET", Category.COMPLETENESS, Severity.WARNING,
    title="完成情况照抄目标", rule="R1.2",
    why="项目的完成情况与其绩效目标或绩效指标文字相似度不低于 similarity，或完成情况照写目标的"
    "门槛说法（大于、不低于、以上 + 同一数字，如“满意度大于90%”）：写的是目标，不是实际完成了"
    "什么（R1.2）。指标行的实际完成值照写带比较符的目标值也报告。",
    similarity=Decimal("0.95"),
)  # fmt: skip
def achieved_copies_target(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    threshold = float(inp.setting("similarity"))
    pairs: list[tuple[str, str | None, list[tuple[str, str | None]], Location | None]] = []
    if ev.targets is not None:
        pairs.append(("年度总体目标", ev.targets.achieved, [("预期目标", ev.targets.planned)],
                      Location(field="targets.achieved")))  # fmt: skip
    for p in ev.projects:
        pairs.append((f"项目“{p.name}”", p.achieved,
                      [("绩效目标", p.goal), ("绩效指标", p.indicator_text)],
                      p.location.at("achieved") if p.location else None))  # fmt: skip
    for what, achieved, targets, loc in pairs:
        if not achieved:
            continue
        best = max(((similarity(achieved, t, threshold), label) for label, t in targets if t),
                   default=(0.0, ""))  # fmt: skip
        if best[0] >= threshold:
            yield hit(
                f"{what}的完成情况与其{best[1]}几乎相同（相似度{best[0]:.2f}），写的是目标而非结果",
                loc, None, copies=best[1], similarity=f"{best[0]:.2f}", achieved=excerpt(achieved),
            )  # fmt: skip
            continue
        phrase = copied_threshold(achieved, [t for _, t in targets if t])
        if phrase is not None:
            yield hit(
                f"{what}的完成情况照写目标的门槛“{phrase}”，未写实际达到多少",
                loc, None, phrase=phrase, achieved=excerpt(achieved),
            )  # fmt: skip
    yield from _rows_copying_target(ev)


def _rows_copying_target(ev: Evaluation) -> Iterator[Hit]:
    for ind in ev.indicators:
        a, t = ind.actual_parsed, ind.target_parsed
        if a.comparator is None or a.comparator is Direction.QUALITATIVE or a.value is None:
            continue
        if t.value is None or a.value != t.value:
            continue
        yield hit(
            f"指标“{ind.name}”的实际完成值“{ind.actual}”照写目标“{ind.target}”，未写实际值",
            ind.location.at("actual") if ind.location else None, None,
            row=ind.name, target=ind.target, actual=ind.actual,
        )  # fmt: skip


# ---- ACHIEVED_TEXT_GENERIC -----------------------------------------------------------------


@check(
    "ACHIEVED_TEXT_GENERIC", Category.COMPLETENESS, Severity.WARNING,
    title="完成情况只是套话", rule="R1.2",
    why="完成情况规范化后不超过 max_chars 个字、没有数字，且为“完成全年任务”“已完成”“完成较好”"
    "“达到预期”“圆满完成”之类套话：没有对象、没有数量，无从核对（R1.2）。",
    max_chars=12, phrases="完成全年任务、已完成、完成较好、达到预期、圆满完成",
)  # fmt: skip
def achieved_text_generic(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    max_chars = int(inp.setting("max_chars"))
    phrases = words(inp.setting("phrases"))
    items: list[tuple[str, str | None, Location | None]] = []
    if ev.targets is not None:
        items.append(("年度总体目标的实际完成情况", ev.targets.achieved,
                      Location(field="targets.achieved")))  # fmt: skip
    items += [(f"项目“{p.name}”的完成情况", p.achieved,
               p.location.at("achieved") if p.location else None) for p in ev.projects]  # fmt: skip
    for what, text, loc in items:
        s = norm(text)
        if not s or len(s) > max_chars or any(c.isdigit() for c in s):
            continue
        phrase = next((w for w in phrases if w in s), None)
        if phrase is not None:
            yield hit(
                f"{what}只写“{text}”，没有说明完成了什么、完成多少",
                loc, None, achieved=text, phrase=phrase,
            )  # fmt: skip


# ---- TARGET_NOT_REPORTED -------------------------------------------------------------------


@check(
    "TARGET_NOT_REPORTED", Category.COMPLETENESS, Severity.WARNING,
    title="目标中的量化指标在完成情况中未提及", rule="R1.2",
    why="取项目绩效目标和绩效指标（或自评表的年度目标）中带单位的数量（如60平方公里、2000个），"
    "在完成情况中找同一单位、数值相差不超过0.5%的数量；目标中的数量有 min_quantities 个以上而"
    "完成情况提到的不到一半时报告，并列出未提及的数量（R1.2）。百分比是比率的门槛，不算数量；"
    "单个的“1个”不计；几个分量之和在完成情况中出现时，分量算已提及。",
    min_quantities=2,
)  # fmt: skip
def target_not_reported(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    minimum = int(inp.setting("min_quantities"))
    items: list[tuple[str, str, str | None, Location | None]] = []
    if ev.targets is not None:
        items.append(("年度总体目标", ev.targets.planned or "", ev.targets.achieved,
                      Location(field="targets.achieved")))  # fmt: skip
    items += [(f"项目“{p.name}”", f"{p.goal or ''}\n{p.indicator_text or ''}", p.achieved,
               p.location.at("achieved") if p.location else None) for p in ev.projects]  # fmt: skip
    for what, target_text, achieved, loc in items:
        wanted = quantities(target_text)
        if not achieved or len(wanted) < minimum:
            continue
        missing = [w for _, _, w in unreported(wanted, quantities(achieved))]
        reported = len(wanted) - len(missing)
        if reported * 2 >= len(wanted):
            continue
        yield hit(
            f"{what}的目标有{len(wanted)}个量化指标，完成情况只提到{reported}个，"
            f"未提及{'、'.join(missing)}",
            loc, None,
            where=what, targets=[w for _, _, w in wanted], missing=missing, reported=reported,
        )  # fmt: skip
