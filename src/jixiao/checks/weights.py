"""weights: the weights of a form against the rule set's framework (R2, R10) and weights ≤ 0
(R2.4, R13.9).

A block's weight is the sum of its rows' written weights. A row that gives only its score (the
Hebei reports: "自评得分10分") bounds its weight from below by that score; with the form's
total of 100 the other blocks then bound it from above. A block is reported only when its
weight, or both bounds, lie outside the framework's value: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from jixiao.checks._score_util import TOLERANCE, score_location
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator
from jixiao.model.findings import Category, Severity
from jixiao.model.indicator_value import ValueKind
from jixiao.model.location import Location
from jixiao.model.numbers import ZERO, fmt
from jixiao.model.scorecard import ScoreLine
from jixiao.model.text import compact
from jixiao.rules.values import FirstLevelWeights, Framework
from jixiao.scoring.execution import total_row

_COMPLETE_TOTALS: Final = (Decimal(90), Decimal(100))  # indicators alone, or with execution
_MIN_BLOCKS: Final = 2  # a form whose rows fall in one block is not compared with a framework
# first-level blocks of a project form (R2) and the words of a first- or second-level name
_OUTPUT: Final = "产出指标"
_BENEFIT: Final = "效益指标"
_SATISFACTION: Final = "满意度指标"
_EXECUTION: Final = "预算执行"
_COST: Final = "成本指标"
_PROJECT_WORDS: Final = (
    (_SATISFACTION, ("满意",)),
    (_EXECUTION, ("预算执行", "执行率")),
    (_COST, ("成本",)),
    (_BENEFIT, ("效益", "效果", "可持续影响", "可持续发展")),
    (_OUTPUT, ("产出", "数量", "质量", "时效")),
)


@dataclass
class _Block:
    name: str
    low: Decimal  # the framework's weight (a range where R2.2 moves the satisfaction points)
    high: Decimal
    known: Decimal = ZERO  # written weights, plus scores of rows without one (a lower bound)
    exact: bool = True  # every row of the block wrote its weight
    rows: int = 0


@dataclass
class _Plan:
    """How rows map to blocks, and each block's weight in the framework."""

    label: str
    blocks: dict[str, tuple[Decimal, Decimal]]
    classify: Callable[[Indicator], str | None]
    execution: str | None  # the block a money total row belongs to
    total: Decimal = Decimal(100)
    groups: Callable[[int | None], bool] = field(default=lambda _g: True)
    takes_satisfaction: tuple[str, ...] = ()  # R2.2: blocks that may take absent 满意度 points


def _project_block(ind: Indicator, cost_block: bool) -> str | None:
    if ind.inputs.execution_named:
        return _EXECUTION
    named = False
    for name in (ind.level1, ind.level2):
        c = compact(name or "")
        named = named or bool(c)
        for block, words in _PROJECT_WORDS:
            if c and any(w in c for w in words):
                return _OUTPUT if block == _COST and not cost_block else block
    return "?" if named else None  # "?": a name of another framework (决策, 过程 …)


def _project_plan(inp: CheckInput) -> _Plan | None:
    found = inp.ruleset.lookup("weights.first_level_weights", inp.ev.fiscal_year)
    if found is None or not isinstance(found.value, FirstLevelWeights):
        return None
    w: FirstLevelWeights = found.value
    blocks = {_OUTPUT: (w.output, w.output), _BENEFIT: (w.benefit, w.benefit),
              _SATISFACTION: (w.satisfaction, w.satisfaction),
              _EXECUTION: (w.execution, w.execution)}  # fmt: skip
    if w.cost is not None:
        blocks[_COST] = (w.cost, w.cost)
    cost_block = w.cost is not None
    label = "、".join(f"{k}{fmt(v[0])}" for k, v in blocks.items())
    takes = {
        "output": (_OUTPUT,),
        "benefit": (_BENEFIT,),
        "output_and_benefit": (_OUTPUT, _BENEFIT),
    }
    total = sum((lo for lo, _ in blocks.values()), Decimal(0))
    return _Plan(f"单位自评一级指标权重（{label}）", blocks,
                 lambda ind: _project_block(ind, cost_block), _EXECUTION, total,
                 takes_satisfaction=takes[w.satisfaction_absent])  # fmt: skip


def _framework_plan(fw: Framework) -> _Plan:
    by_row: dict[str, str] = {}
    by_block: dict[str, str] = {}
    for b in fw.blocks:
        for name in (b.name, *b.aliases):
            by_block[compact(name)] = b.name
        for row in b.rows:
            for name in (row.name, *row.aliases):
                by_row.setdefault(compact(name), b.name)

    def classify(ind: Indicator) -> str | None:
        for name in (ind.level3, ind.level2):
            if name and (block := by_row.get(compact(name))) is not None:
                return block
        c = compact(ind.level1 or "")
        if not c:
            return None
        found = by_block.get(c) or next((b for k, b in by_block.items() if c in k or k in c), None)
        return found or "?"

    execution = next((b.name for b in fw.blocks if "执行" in b.name), None)
    blocks = {b.name: (b.weight, b.weight) for b in fw.blocks}
    per_task = fw.per_task
    return _Plan(fw.label, blocks, classify, execution, fw.total, lambda g: per_task or g is None)


def _plan(inp: CheckInput) -> _Plan | None:
    ev = inp.ev
    if ev.doc_type is None or ev.doc_type is DocType.TARGET_TABLE:
        return None
    fw = inp.params.department_framework
    if ev.doc_type.is_department and fw is not None:
        return None if fw.partial or any(b.partial for b in fw.blocks) else _framework_plan(fw)
    return _project_plan(inp)  # a project form; a department report laid out like one


def _fill(
    plan: _Plan, rows: Sequence[Indicator], funds: Sequence[Fund]
) -> tuple[dict[str, _Block], Decimal] | None:
    """Each block's weight (or lower bound) for one form; ``None`` when a row belongs to no
    block of the framework (another framework: nothing to compare)."""
    blocks = {k: _Block(k, lo, hi) for k, (lo, hi) in plan.blocks.items()}
    loose = ZERO  # rows of no block (no name at all): their points are somewhere
    for ind in rows:
        if ind.weight is None and ind.score is None:
            continue
        name = plan.classify(ind)
        if name == "?" or (name is not None and name not in blocks):
            return None
        weight = max(ind.weight if ind.weight is not None else ind.score or ZERO, ZERO)
        if name is None:
            loose += weight
            continue
        block = blocks[name]
        block.known += weight
        block.exact = block.exact and ind.weight is not None
        block.rows += 1
    _money(plan, blocks, funds)
    return blocks, loose


def _money(plan: _Plan, blocks: dict[str, _Block], funds: Sequence[Fund]) -> None:
    """The money total row stands for the execution block when no indicator row does."""
    block = blocks.get(plan.execution) if plan.execution else None
    if block is None or block.rows:
        return
    found = total_row(funds)
    fund = found[1] if found else None
    if fund is None or (fund.weight is None and fund.score is None):
        return  # not on the form: no rows, bounded by the other blocks
    block.known = max(fund.weight if fund.weight is not None else fund.score or ZERO, ZERO)
    block.exact = fund.weight is not None
    block.rows = 1


def _satisfaction_absent(plan: _Plan, blocks: dict[str, _Block], loose: Decimal) -> None:
    """R2.2: a form without a satisfaction indicator moves its points to 产出 and/or 效益."""
    sat = blocks.get(_SATISFACTION)
    if sat is None or sat.rows or loose or not plan.takes_satisfaction:
        return
    for name in plan.takes_satisfaction:
        blocks[name].high += sat.high
    sat.low = ZERO


_Off = list[tuple[_Block, str]]  # blocks off the framework, with their weight as shown


def _adds_up(
    blocks: dict[str, _Block], known: Decimal, loose: Decimal, total: Decimal, share: Decimal
) -> bool:
    """Whether the whole form was read, as far as can be told (a lost row would show as a light
    block). Written weights must add up to the total, or to the total less the framework's
    points of blocks absent from the form (no money row); scores standing for weights must
    reach ``share`` of the total (a row below full marks leaves a little unseen)."""
    if loose or any(not b.exact and b.rows for b in blocks.values()):
        return known >= total * share - TOLERANCE
    absent = sum((b.high for b in blocks.values() if not b.rows), ZERO)
    return any(abs(known + extra - total) <= TOLERANCE for extra in {ZERO, absent})


def _deviations(
    plan: _Plan, blocks: dict[str, _Block], loose: Decimal, share: Decimal
) -> _Off | None:
    """Blocks outside the framework, with their weight as known ("40", "38–40"); a block
    without rows is unknown (its rows may be elsewhere on the page): bounded by the others."""
    _satisfaction_absent(plan, blocks, loose)
    total = plan.total
    known = sum((b.known for b in blocks.values()), ZERO) + loose
    if known > total + TOLERANCE or sum(1 for b in blocks.values() if b.rows) < _MIN_BLOCKS:
        return None  # more than 100 in all, or one block: WEIGHTS_NE_STATED_TOTAL's business
    if not _adds_up(blocks, known, loose, total, share):
        return None
    out: _Off = []
    for b in blocks.values():
        high = b.known if b.exact and b.rows else total - (known - loose - b.known)
        if b.known - b.high > TOLERANCE or b.low - high > TOLERANCE:
            shown = fmt(b.known) if high == b.known else f"{fmt(b.known)}–{fmt(high)}"
            out.append((b, shown))
    return out


def _group_name(ev: Evaluation, group: int | None) -> str:
    if group is None or group >= len(ev.projects):
        return "本表"
    return f"“{ev.projects[group].name}”"


def _group_location(
    ev: Evaluation, group: int | None, rows: Sequence[Indicator]
) -> Location | None:
    if group is not None and group < len(ev.projects) and ev.projects[group].location:
        return ev.projects[group].location
    return next((score_location(r, "weight") for r in rows if r.location), None)


@check(
    "WEIGHTS_OFF_FRAMEWORK", Category.WEIGHTS, Severity.WARNING,
    title="各部分分值与规则集框架不符", rule="R2",
    why="按规则集的框架比较各部分分值：项目自评 产出50/效益30/满意度10/预算执行10（R2；"
    "没有满意度指标时其10分可并入产出和效益，R2.2）；部门整体按规则集的部门框架（甘肃 8/12/60/10 + "
    "执行10，河北每项任务 40/10/40/10，R10）。文件只写得分不写分值时，以得分为下限、"
    "以总分100减去其他部分为上限，只有确定不符才报告（容差0.01）；同样的偏差出现在多个任务里只报告一次。"
    "表没有读全时不比较：写出的分值须合计为100（或缺资金行时为90），只写得分的须至少达到"
    "总分的min_share（默认95%）。",
    min_share=Decimal("0.95"),
)  # fmt: skip
def weights_off_framework(inp: CheckInput) -> Iterator[Hit]:
    plan = _plan(inp)
    if plan is None:
        return
    ev = inp.ev
    found: dict[tuple[tuple[str, str, str], ...], list[tuple[int | None, _Off]]] = {}
    for group in ev.groups():
        rows = ev.indicators_of(group)
        filled = _fill(plan, rows, ev.funds_of(group)) if rows and plan.groups(group) else None
        off = _deviations(plan, *filled, inp.setting("min_share")) if filled else None
        if off:
            key = tuple((b.name, fmt(b.low), shown) for b, shown in off)
            found.setdefault(key, []).append((group, off))
    for cases in found.values():
        group, off = cases[0]
        said = "、".join(f"{b.name}{shown}分" for b, shown in off)
        want = "、".join(f"{b.name}{_range(b)}分" for b, _ in off)
        where = "、".join(_group_name(ev, g) for g, _ in cases)
        yield hit(
            f"{where}的分值为{said}，规则集框架为{want}（{plan.label}）"
            + (f"，{len(cases)}处相同" if len(cases) > 1 else ""),
            _group_location(ev, group, ev.indicators_of(group)),
            None,
            blocks=[b.name for b, _ in off], found=[s for _, s in off],
            framework=[_range(b) for b, _ in off], groups=len(cases),
        )  # fmt: skip


def _range(b: _Block) -> str:
    return fmt(b.low) if b.low == b.high else f"{fmt(b.low)}–{fmt(b.high)}"


def _weight_missing(
    ind: Indicator, line: ScoreLine | None, given: bool, complete: bool, na: tuple[str, ...]
) -> bool:
    """A row with a score or an actual whose weight is ≤ 0, or absent where the form gives
    weights and the framework none (a merged 分值 cell leaves the group's total complete).
    A row marked not applicable (不适用, R3.5) may go without."""
    if ind.score is None and ind.actual_parsed.kind is ValueKind.EMPTY:
        return False
    if any(m in f"{ind.target or ''}{ind.actual or ''}" for m in na):
        return False
    if ind.weight is not None:
        return ind.weight <= 0
    return given and not complete and (line is None or line.weight is None)


@check(
    "WEIGHT_NOT_POSITIVE", Category.WEIGHTS, Severity.ERROR,
    title="计分的指标没有分值，或分值不大于0", rule="R2.4",
    why="有得分或实际完成值的指标行，分值须大于0（R2.4、R13.9）。分值写为0或负数时报告；"
    "表内其他行写了分值、本行却空着，而规则集框架也给不出分值时报告。"
    "整张表都不写分值的（如只写“自评得分10分”的报告）不报告。同一表内多行同样缺分值时合并报告。",
)  # fmt: skip
def weight_not_positive(inp: CheckInput) -> Iterator[Hit]:
    na = tuple(inp.params.na.markers)
    by_group: dict[int | None, list[tuple[Indicator, ScoreLine | None]]] = {}
    for _, ind, line in inp.indicators():
        by_group.setdefault(ind.group, []).append((ind, line))
    for rows in by_group.values():
        given = [r.weight for r, _ in rows if r.weight is not None and r.weight > 0]
        complete = any(abs(sum(given, ZERO) - t) <= TOLERANCE for t in _COMPLETE_TOTALS)
        bad = [r for r, line in rows if _weight_missing(r, line, bool(given), complete, na)]
        if not bad:
            continue
        first = bad[0]
        what = "未写分值" if first.weight is None else f"分值为{fmt(first.weight)}"
        more = f"等{len(bad)}行" if len(bad) > 1 else ""
        yield hit(
            f"指标“{first.name}”{more}有得分或实际完成值，却{what}",
            score_location(first, "weight"),
            None,
            rows=[r.name for r in bad], weight=[r.weight for r in bad],
            score=[r.score for r in bad],
        )  # fmt: skip
