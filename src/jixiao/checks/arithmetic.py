"""arithmetic: parts that do not add up to a stated whole, a part above its whole, a total
counted among its own parts, row scores against the total (stated weights: arithmetic_weights),
counts against their classes, and count × unit amount against a project's money.

Tolerances are those of checks.md §0 (:mod:`jixiao.checks._money_util`): amounts within 0.01 万元
widened by the document's own rounding, scores and weights within 0.01, counts exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from jixiao.checks._money_util import (
    SCORE_TOLERANCE,
    amount_text,
    complete,
    doubled,
    exceeding,
    is_count,
    is_money,
    named_items,
    part_values,
    per_unit_products,
    precision_for,
    rounded,
    summed_parts,
    where,
)
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import Evaluation, Indicator
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED, ZERO, fmt
from jixiao.model.scorecard import GroupScore, LineKind

_HALF_CENT: Final = Decimal("0.005")
_CENT: Final = Decimal("0.01")
_CANDIDATE_NAMES: Final = {
    "mean": "各块平均",
    "sum": "各块之和",
    "rescaled": "按块分值折算百分制",
    "budget_weighted": "按预算加权平均",
    "project_mean": "各项目所填得分平均",
}


@dataclass(frozen=True)
class GroupSum:
    """The stated row scores of one form (or project) next to its stated total."""

    what: str
    stated: Decimal
    indicator_sum: Decimal
    execution: Decimal | None  # the execution points as stated; None: not known
    execution_weight: Decimal
    rows: int
    location: Location | None


def _execution_stated(ev: Evaluation, g: GroupScore, rows: Sequence[Indicator]) -> Decimal | None:
    """The stated execution points of a group: its money total row's 得分, zero when an
    indicator row measures execution (its points are among the rows), else ``None``."""
    for line in g.lines:
        if line.kind is LineKind.EXECUTION:
            return line.stated
    if ev.execution_rows and any(i.inputs.execution_named for i in rows):
        return ZERO
    return None


def _stated_of(inp: CheckInput, g: GroupScore) -> tuple[Decimal | None, str, Location | None]:
    ev = inp.ev
    if g.group is None:
        return ev.stated_total_score, "", None
    project = ev.projects[g.group] if 0 <= g.group < len(ev.projects) else None
    if project is not None and project.score is not None:
        return project.score, f"项目“{project.name}”", project.location
    if len(inp.card.groups) == 1:
        return ev.stated_total_score, "", None
    return None, "", None


def group_sums(inp: CheckInput) -> Iterator[GroupSum]:
    """Each form (or project with a stated score) whose every indicator row has a score."""
    w_exec = inp.params.execution_scoring.weight
    for g in inp.card.groups:
        stated, what, loc = _stated_of(inp, g)
        rows = inp.ev.indicators_of(g.group)
        scores = [i.score for i in rows if i.score is not None]
        if stated is None or not rows or len(scores) != len(rows):
            continue
        execution = _execution_stated(inp.ev, g, rows)
        yield GroupSum(what, stated, sum(scores, ZERO), execution, w_exec, len(rows),
                       loc.at("score") if loc else None)  # fmt: skip


def _block(ev: Evaluation, g: GroupScore) -> tuple[Decimal, Decimal | None] | None:
    """(points, weight) of one task block from its stated rows; ``None`` if a row has none."""
    rows = ev.indicators_of(g.group)
    scores = [i.score for i in rows if i.score is not None]
    if not rows or len(scores) != len(rows):
        return None
    points = sum(scores, ZERO)
    weights = [line.weight for line in g.lines if line.kind is LineKind.INDICATOR]
    execution = next((line for line in g.lines if line.kind is LineKind.EXECUTION), None)
    if execution is not None and execution.stated is not None:
        points += execution.stated
        weights.append(execution.weight)
    known = [w for w in weights if w is not None]
    return points, (sum(known, ZERO) if len(known) == len(weights) else None)


def block_candidates(inp: CheckInput) -> tuple[list[Decimal], dict[str, Decimal]] | None:
    """The task blocks' points and every total the rule set allows from them (R6.1, §6.16)."""
    ev = inp.ev
    groups = [g for g in inp.card.groups if g.group is not None]
    if not ev.grouped or len(groups) < 2 or any(i.group is None for i in ev.indicators):  # noqa: PLR2004
        return None
    found = [_block(ev, g) for g in groups]
    blocks = [b for b in found if b is not None]
    if len(blocks) != len(groups):
        return None
    points = [p for p, _ in blocks]
    out = {"mean": sum(points, ZERO) / len(points), "sum": sum(points, ZERO)}
    weights = [w for _, w in blocks if w is not None]
    if len(weights) == len(blocks) and sum(weights, ZERO) > 0:
        out["rescaled"] = sum(points, ZERO) / sum(weights, ZERO) * HUNDRED
    projects = [ev.projects[g.group] if g.group is not None and g.group < len(ev.projects)
                else None for g in groups]  # fmt: skip
    budgets = [
        p.budget_wan for p in projects if p is not None and p.budget_wan and p.budget_wan > 0
    ]
    if len(budgets) == len(groups):
        out["budget_weighted"] = sum(
            (p * b for p, b in zip(points, budgets, strict=True)), ZERO
        ) / sum(budgets, ZERO)
    stated = [p.score for p in projects if p is not None and p.score is not None]
    if len(stated) == len(groups):
        out["project_mean"] = sum(stated, ZERO) / len(stated)
    return points, out


@check(
    "PARTS_NE_WHOLE", Category.ARITHMETIC, Severity.ERROR,
    title="各分项之和与所述总数不符", rule="arithmetic",
    why="对列全了分项的总数（表格的父行与子行；“其中”句须含为0的分项、以“其他……”收尾或列全各等级，"
    "才算列全——文中常只列主要分项而不写“等”），求各分项之和（净值则为原值减累计折旧），"
    "与所述总数比较；金额容差0.01万元，并放宽到各数字末位舍入可能造成的差（如“4.2亿”差0.05亿）。"
    "已报告分项大于总数或合计数被重复列入分项的，不在此报告；整数计数见 COUNTS_NE_TOTAL。",
)  # fmt: skip
def parts_not_whole(inp: CheckInput) -> Iterator[Hit]:
    """A closed breakdown whose parts (or difference) do not give its whole."""
    for bd in inp.ev.breakdowns:
        values = part_values(bd.parts)
        whole = bd.whole
        if not complete(bd) or whole is None or values is None or len(values) < 2:  # noqa: PLR2004
            continue
        if is_count(bd.unit, [whole, *values]):
            continue  # counts: COUNTS_NE_TOTAL
        prec = precision_for(bd, inp.facts.text)
        if exceeding(bd, prec) or doubled(bd, prec) is not None:
            continue
        if bd.kind == "difference":
            result = values[0] - sum(values[1:], ZERO)
            shown = " − ".join(fmt(v) for v in values)
        else:
            summed = summed_parts(bd)
            if summed is None:
                continue
            values = [p.value for p in summed if p.value is not None]
            result = sum(values, ZERO)
            shown = " + ".join(fmt(v) for v in values)
        gap = whole - result
        tol = prec.tolerance((whole, *values), is_money(bd.unit))
        if abs(gap) <= tol:
            continue
        unit = bd.unit or ""
        yield hit(
            f"“{bd.label}”为{fmt(whole)}{unit}，而各分项{shown} = "
            f"{amount_text(result)}{unit}，相差{amount_text(abs(gap))}{unit}",
            where(bd),
            whole=whole, parts=values, sum=amount_text(result),
            gap=amount_text(gap), unit=unit,
        )  # fmt: skip


@check(
    "PART_EXCEEDS_WHOLE", Category.ARITHMETIC, Severity.ERROR,
    title="分项大于其总数", rule="arithmetic",
    why="在任何“总数……其中……”的列举里，某一分项比总数还大（超出金额容差）。"
    "原值、累计折旧等总额与净额成对的毛额项除外。",
)  # fmt: skip
def part_exceeds_whole(inp: CheckInput) -> Iterator[Hit]:
    """One part larger than its whole: one finding per breakdown, naming the largest part."""
    for bd in inp.ev.breakdowns:
        over = exceeding(bd, precision_for(bd, inp.facts.text))
        if not over or bd.whole is None:
            continue
        top = max(over, key=lambda p: p.value or ZERO)
        assert top.value is not None
        unit = bd.unit or ""
        yield hit(
            f"“{bd.label}”为{fmt(bd.whole)}{unit}，其中“{top.label}”却为"
            f"{fmt(top.value)}{unit}，分项大于总数",
            where(bd),
            whole=bd.whole, part=top.label, value=top.value,
            gap=amount_text(top.value - bd.whole), exceeding=[p.label for p in over], unit=unit,
        )  # fmt: skip


@check(
    "PART_IS_SUM_OF_OTHERS", Category.ARITHMETIC, Severity.WARNING,
    title="合计数被列为自己的分项", rule="arithmetic",
    why="同一列举中至少三个同类金额（如××支出），其中一项恰等于其余各项之和（金额容差）："
    "合计数被当作分项重复列示。分项下以“包括/其中”引出的子项不算同列。",
)  # fmt: skip
def part_is_sum_of_others(inp: CheckInput) -> Iterator[Hit]:
    """A total listed among its own parts."""
    for bd in inp.ev.breakdowns:
        found = doubled(bd, precision_for(bd, inp.facts.text))
        if found is None:
            continue
        part, others = found
        assert part.value is not None
        siblings = [p.label for p in bd.parts if p is not part and p.value]
        yield hit(
            f"“{part.label}”{fmt(part.value)}{bd.unit or ''}恰等于同列其余各项"
            f"（{'、'.join(siblings)}）之和{amount_text(others)}，疑为合计数被重复列作分项",
            where(bd, "parts"),
            part=part.label, value=part.value, others=siblings, sum=amount_text(others),
        )  # fmt: skip


def _rows_text(s: GroupSum, low: Decimal, high: Decimal) -> str:
    rows = f"指标行得分合计{fmt(s.indicator_sum)}分"
    if s.execution is not None:
        return f"{rows} + 执行得分{fmt(s.execution)}分 = {fmt(low)}分"
    if s.stated < low:
        return f"{rows}，已超过总分"
    return f"{rows}，加上执行分值{fmt(s.execution_weight)}分也至多{fmt(high)}分"


@check(
    "ROW_SCORES_NE_TOTAL", Category.ARITHMETIC, Severity.ERROR,
    title="各行得分之和与总分不符", rule="R6.1",
    why="总分应为各指标行得分之和加资金表合计行的执行得分（R6.1；资金分项行不计分，R5.4）。"
    "按文件所填各行得分求和，与所填总分相差超过0.01时报告（规则集只在最后取整时，"
    "容差为行数×0.005）。执行得分无从得知时，只在总分低于各行之和或高于各行之和加执行分值时报告；"
    "总分恰等于指标行之和（表格把执行得分另列）时不报告。",
)  # fmt: skip
def row_scores_not_total(inp: CheckInput) -> Iterator[Hit]:
    """Σ stated row scores (+ the total money row's score) against the stated total."""
    rounding_at_end = inp.params.rounding.value.at == "end"
    for s in group_sums(inp):
        tol = max(SCORE_TOLERANCE, _HALF_CENT * s.rows) if rounding_at_end else SCORE_TOLERANCE
        low = s.indicator_sum + (s.execution or ZERO)
        high = low if s.execution is not None else low + s.execution_weight
        if low - tol <= s.stated <= high + tol or abs(s.stated - s.indicator_sum) <= tol:
            continue  # equal to the indicator rows alone: a 总分 that leaves execution out
        yield hit(
            f"{s.what}所填总分{fmt(s.stated)}分，而{_rows_text(s, low, high)}",
            s.location,
            stated=s.stated, indicator_sum=s.indicator_sum, execution=s.execution,
            sum=low, rows=s.rows, gap=s.stated - low,
        )  # fmt: skip


@check(
    "BLOCK_SCORES_NE_TOTAL", Category.ARITHMETIC, Severity.WARNING,
    title="总分不是各任务块得分的任何合计方式", rule="R6.1",
    why="按重点任务（或项目）分块打分的文件，先求各块得分，再按规则集允许的合计方式"
    "（算术平均、各块之和、按块分值折算为百分制、按预算加权平均）计算总分；"
    "所填总分与每一种都相差超过0.01时报告（R6.1，rules.md §6 第16项）。",
)  # fmt: skip
def block_scores_not_total(inp: CheckInput) -> Iterator[Hit]:
    """A stated total that no allowed aggregation of the task blocks gives."""
    stated = inp.ev.stated_total_score
    found = block_candidates(inp)
    if stated is None or found is None:
        return
    blocks, candidates = found
    if any(abs(stated - value) <= SCORE_TOLERANCE for value in candidates.values()):
        return
    shown = "，".join(f"{_CANDIDATE_NAMES[k]}{fmt(rounded(v))}分" for k, v in candidates.items())
    evidence: dict[str, Any] = {k: rounded(v) for k, v in candidates.items()}
    yield hit(
        f"所填总分{fmt(stated)}分，而{len(blocks)}个任务块得分为"
        f"{'、'.join(fmt(b) for b in blocks)}：{shown}，均不等于所填总分",
        None,
        None,
        stated=stated, blocks=blocks, **evidence,
    )  # fmt: skip


@check(
    "COUNTS_NE_TOTAL", Category.ARITHMETIC, Severity.ERROR,
    title="分类计数与所述总数或所列名单不符", rule="arithmetic",
    why="所述总数（如自评项目数）应等于列全了的各类计数之和（整数，须完全相等；“其中”句须列全各等级、"
    "含为0的类或以“其他”收尾）；某类计数后括号内列出名称的，按顿号（只在最外层括号内）拆分，"
    "名称少于该类计数时报告。以“等”结尾的列举不计，名称多于计数时不报告（一个名称本身可含顿号）。",
)  # fmt: skip
def counts_not_total(inp: CheckInput) -> Iterator[Hit]:
    """Class counts against the stated count; named items against their class count."""
    for bd in inp.ev.breakdowns:
        values = part_values(bd.parts)
        whole = bd.whole
        if values is None or not is_count(bd.unit, [*values, *([whole] if whole else [])]):
            continue
        unit = bd.unit or ""
        if complete(bd) and bd.kind == "sum" and whole is not None and sum(values, ZERO) != whole:
            total = sum(values, ZERO)
            yield hit(
                f"“{bd.label}”共{fmt(whole)}{unit}，而各类之和为"
                f"{' + '.join(fmt(v) for v in values)} = {fmt(total)}{unit}",
                where(bd),
                whole=whole, parts=values, sum=total, gap=whole - total,
            )  # fmt: skip
        for part in bd.parts:
            names = named_items(part.label)
            if names is None or part.value is None or len(names) >= part.value:
                continue
            yield hit(
                f"“{part.label}”计{fmt(part.value)}{unit}，括号内只列出{len(names)}个名称",
                bd.location.at("parts") if bd.location else None,
                part=part.label, count=part.value, named=len(names),
            )  # fmt: skip


@check(
    "PER_UNIT_PRODUCT_NE_AMOUNT", Category.ARITHMETIC, Severity.WARNING,
    title="数量×单位金额超过项目资金", rule="arithmetic",
    why="同一项目的同一段文字写了数量（户、人、亩、宗、个……）和每单位金额（每户××万元），"
    "两者之积超过该项目的预算数和执行数（相对差0.5%以上）时报告。"
    "不同段落的数字不相乘；“最高”“不超过”等上限说法和有多个单价的段落不计。",
)  # fmt: skip
def per_unit_product_not_amount(inp: CheckInput) -> Iterator[Hit]:
    """Count × unit amount in a project's paragraph above the project's money."""
    for project, field, f in per_unit_products(inp.ev):
        yield hit(
            f"项目“{project.name}”文中{fmt(f.count)}{f.unit} × 每{f.unit}"
            f"{amount_text(f.each_wan)}万元 = {amount_text(f.product)}万元，"
            f"超过该项目资金{amount_text(f.amount)}万元",
            project.location.at(field) if project.location else None,
            count=f.count, unit=f.unit, per_unit_wan=f.each_wan, product=f.product,
            budget=project.budget_wan, executed=project.executed_wan,
        )  # fmt: skip
