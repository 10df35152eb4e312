"""execution (R5): rate against amounts, points against the method, claims above the document's
own rate E, low execution or large budget changes without a reason, rows that must not score.
Expected points come from the score card or :func:`jixiao.scoring.execution.execution_points`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from jixiao.checks._money_util import (
    SCORE_TOLERANCE,
    adjustment_explained,
    amount_text,
    change_text,
    pct_text,
    rates_agree,
    rounded,
    scores_agree,
    spending_explained,
)
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import Fund, ProjectLine
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED, ZERO, fmt, round_points
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.scoring.execution import denominator, execution_points, total_row

_MIN_REASON: Final = 4  # characters of a reason cell that says something ("无" does not)


def _at(loc: Location | None, name: str) -> Location | None:
    return loc.at(name) if loc is not None else None


def _rate_rows(inp: CheckInput) -> Iterator[tuple[str, Fund, Location | None]]:
    """Every stated rate with its amounts: the money rows, then the document's own sentence
    where it is not the total row's cell again."""
    ev = inp.ev
    for fund in ev.funds:
        if fund.rate_pct is not None:
            yield f"“{fund.name}”", fund, _at(fund.location, "rate_pct")
    stated = ev.execution_rate_pct
    if stated is None or any(f.rate_pct == stated for f in ev.funds if f.group is None):
        return
    doc = Fund(name="全文", initial=ev.budget_initial_wan, total=ev.budget_total_wan,
               executed=ev.executed_total_wan, rate_pct=stated)  # fmt: skip
    yield "文中", doc, None


@check(
    "EXEC_RATE_NE_AMOUNTS", Category.EXECUTION, Severity.ERROR,
    title="所填执行率与执行数、预算数不符", rule="R5.1",
    why="执行率 = 全年执行数 ÷ 全年预算数（调整后预算，R5.1）。按文件自己的金额复算，"
    "与所填执行率（表格单元格或正文）相对相差超过0.5%（且不只是所填数字的四舍五入）时报告；"
    "所填执行率恰等于执行数 ÷ 年初预算数时，指出用错了分母。预算为0的行见 ZERO_BUDGET_SCORED。",
)  # fmt: skip
def exec_rate_not_amounts(inp: CheckInput) -> Iterator[Hit]:
    """A stated execution rate its own amounts do not give."""
    by_total = inp.params.execution_scoring.denominator == "total"
    for what, fund, loc in _rate_rows(inp):
        budget = denominator(fund, inp.params)
        stated, executed = fund.rate_pct, fund.executed
        if stated is None or executed is None or budget is None or budget <= ZERO:
            continue
        rate = executed / budget * HUNDRED
        if rates_agree(stated, rate):
            continue
        other = fund.initial if by_total else fund.total
        names = ("全年预算数", "年初预算数") if by_total else ("年初预算数", "全年预算数")
        wrong = (other is not None and other > ZERO
                 and rates_agree(stated, executed / other * HUNDRED))  # fmt: skip
        note = f"；所填执行率等于执行数 ÷ {names[1]}{amount_text(other or ZERO)}万元，分母用错"
        yield hit(
            f"{what}执行率填{fmt(stated)}%，而执行数{amount_text(executed)}万元 ÷ {names[0]}"
            f"{amount_text(budget)}万元 = {pct_text(rate)}{note if wrong else ''}",
            loc,
            stated=stated, executed=executed, budget=budget, rate=rounded(rate),
            wrong_denominator=names[1] if wrong else None,
        )  # fmt: skip


def _money_lines(inp: CheckInput) -> Iterator[ScoreLine]:
    """Execution lines scored from their own money row with a stated score. Points above the
    assumed weight of a row that states none: its real weight is unknown (silent)."""
    for line in inp.card.lines:
        row, w, stated = line.row, line.weight, line.stated
        if line.kind is not LineKind.EXECUTION or line.status is not LineStatus.COMPUTED:
            continue
        own = line.note == "execution" and isinstance(row, Fund) and line.points is not None
        if own and stated is not None and w and (row.weight is not None or stated <= w):
            yield line


@check(
    "EXEC_POINTS_NE_RATE", Category.EXECUTION, Severity.ERROR,
    title="执行得分与执行率按规则应得分不符", rule="R5.2",
    why="资金表合计行的得分应为规则集的执行率计分方法（默认 min(执行率, 100%) × 分值，R5.2；"
    "或规则集规定的分档、每低一个百分点扣分）应用于该行执行率的结果；相差超过0.01时报告。"
    "只看合计行：分项行与零预算行另有检查。",
)  # fmt: skip
def exec_points_not_rate(inp: CheckInput) -> Iterator[Hit]:
    """The total money row's stated points against the method applied to its own rate."""
    for line in _money_lines(inp):
        if line.a is None or line.t is None or line.t <= ZERO:
            continue
        if line.stated is None or line.points is None:
            continue
        if scores_agree(line.stated, line.points):
            continue
        rate = line.a / line.t * HUNDRED
        yield hit(
            f"“{line.name}”执行率{pct_text(rate)}（执行数{amount_text(line.a)}万元 ÷ 预算数"
            f"{amount_text(line.t)}万元），分值{fmt(line.weight)}分，按规则应得{fmt(line.points)}分，"
            f"所填得分为{fmt(line.stated)}分",
            _at(line.location, "score"),
            line.rule,
            executed=line.a, budget=line.t, rate=rounded(rate),
            weight=line.weight, score=line.stated, expected=line.points,
        )  # fmt: skip


def _project(inp: CheckInput, group: int | None) -> ProjectLine | None:
    projects = inp.ev.projects
    return projects[group] if group is not None and 0 <= group < len(projects) else None


def _own_amounts(inp: CheckInput, group: int | None) -> bool:
    """Does the row's project give its own budget and spending (then E is not its rate)?"""
    p = _project(inp, group)
    return p is not None and p.budget_wan is not None and p.executed_wan is not None


def _claimed_rows(inp: CheckInput) -> list[ScoreLine]:
    """Execution indicator rows scored from the document's amounts that claim too much."""
    return [
        line
        for line in inp.card.indicator_lines()
        if line.note == "execution_from_amounts" and line.status is LineStatus.COMPUTED
        and line.stated is not None and line.points is not None and line.a is not None
        and line.t is not None and line.t > ZERO
        and line.stated > line.points + SCORE_TOLERANCE and not _own_amounts(inp, line.group)
    ]  # fmt: skip


def _scores_execution(inp: CheckInput) -> bool:
    """Does the rule set score budget execution in this kind of document? (A department
    framework without a 预算执行 block does not.)"""
    fw = inp.params.department_framework
    doc_type = inp.ev.doc_type
    if fw is None or doc_type is None or not doc_type.is_department:
        return True
    names = [b.name for b in fw.blocks] + [r.name for b in fw.blocks for r in b.rows]
    return any("预算执行" in n for n in names)


def _row_name(inp: CheckInput, line: ScoreLine) -> str:
    """A row named with its task or project ("土地管控制度改革：预算执行率")."""
    p = _project(inp, line.group)
    return line.name if p is None else f"{p.name}：{line.name}"


def _execution_stated_anywhere(inp: CheckInput) -> bool:
    if any(line.kind is LineKind.EXECUTION and line.stated is not None for line in inp.card.lines):
        return True
    return any(i.inputs.execution_named and i.score is not None for i in inp.ev.indicators)


def _cap_claim(inp: CheckInput) -> Iterator[Hit]:
    """No execution points stated: the total cannot exceed 100 − w + Method(E, w)."""
    ev, found = inp.ev, inp.facts.execution
    stated = ev.stated_total_score
    if stated is None or found is None or ev.grouped or _execution_stated_anywhere(inp):
        return
    if not _scores_execution(inp):
        return
    weights = [line.weight for line in inp.card.indicator_lines() if line.weight is not None]
    w = inp.params.execution_scoring.weight
    if sum(weights, ZERO) > HUNDRED - w + SCORE_TOLERANCE:
        return  # the rows' weights leave no room for execution points
    executed, budget, rate = found
    points, _ = execution_points(executed, budget, w, inp.params)
    if points is None:
        return
    points = round_points(points)
    cap = HUNDRED - w + points
    if stated <= cap + SCORE_TOLERANCE:
        return
    yield hit(
        f"按文件自己的数字，执行数{amount_text(executed)}万元 ÷ 预算数{amount_text(budget)}万元 = "
        f"{pct_text(rate)}，预算执行（{fmt(w)}分）按规则至多得{fmt(points)}分，总分至多"
        f"{fmt(cap)}分，而所填总分为{fmt(stated)}分",
        None,
        inp.params.execution.ref,
        executed=executed, budget=budget, rate=rounded(rate), weight=w,
        expected=points, cap=cap, stated=stated,
    )  # fmt: skip


@check(
    "EXEC_CLAIM_ABOVE_RATE", Category.EXECUTION, Severity.WARNING,
    title="执行得分高于文件自身执行率所能给的分", rule="R5.2",
    why="E = 全文执行数 ÷ 全年预算数（文件自己的预算、决算数）。没有自己金额的“预算执行率”"
    "指标行，得分高于规则集方法按 E 应得分0.01以上时报告（多行一并报告）；文件未单列执行得分的，"
    "总分高于 100 − 执行分值 + 按 E 应得执行分 时报告（R5.2）。",
)  # fmt: skip
def exec_claim_above_rate(inp: CheckInput) -> Iterator[Hit]:
    """Execution marks above what the document's own budget and spending allow."""
    rows = _claimed_rows(inp)
    if not rows:
        yield from _cap_claim(inp)
        return
    first = rows[0]
    if first.a is None or first.t is None:
        return
    rate = first.a / first.t * HUNDRED
    scores = "、".join(sorted({fmt(r.stated) for r in rows if r.stated is not None}))
    expected = "、".join(sorted({fmt(r.points) for r in rows if r.points is not None}))
    yield hit(
        f"按文件自己的数字，执行数{amount_text(first.a)}万元 ÷ 预算数{amount_text(first.t)}万元 = "
        f"{pct_text(rate)}，预算执行率指标按规则应得{expected}分，而文中{len(rows)}行"
        f"预算执行率指标填{scores}分",
        _at(first.location, "score"),
        first.rule,
        executed=first.a, budget=first.t, rate=rounded(rate),
        rows=[_row_name(inp, r) for r in rows], score=scores, expected=expected,
    )  # fmt: skip


@check(
    "HIGH_SCORE_LOW_EXECUTION", Category.EXECUTION, Severity.INFO,
    title="最高等级的得分，钱却花得少得多", rule="R5.2",
    why="所填得分达到规则集最高等级的下限，而得分 ÷ 100 比执行率高出规定差距（默认0.10）以上"
    "（部门整体用 E，项目用其执行数 ÷ 预算数）：值得复核人员一看（R5.2、R6.1）。",
    gap=Decimal("0.10"),
)  # fmt: skip
def high_score_low_execution(inp: CheckInput) -> Iterator[Hit]:
    """A top-band score with a far smaller share of the money spent."""
    top, gap = inp.facts.top_band, inp.setting("gap")
    ev, found = inp.ev, inp.facts.execution
    items: list[tuple[str, Decimal | None, Decimal | None, Location | None]] = []
    if found is not None:
        items.append(("总分", ev.stated_total_score, found[2], None))
    for p in ev.projects:
        if p.budget_wan is not None and p.budget_wan > ZERO and p.executed_wan is not None:
            share = p.executed_wan / p.budget_wan * HUNDRED
            items.append((f"项目“{p.name}”得分", p.score, share, _at(p.location, "score")))
    for what, score, rate, loc in items:
        if score is None or rate is None or score < top.min:
            continue
        if (score - rate) / HUNDRED <= gap:
            continue
        yield hit(
            f"{what}{fmt(score)}分（“{top.grade}”），而执行率只有{pct_text(rate)}",
            loc,
            score=score, rate=rounded(rate), top_band=top.min, gap=gap,
        )  # fmt: skip


def _problems(inp: CheckInput) -> list[str]:  # the items of 存在问题, the sections on problems
    return [*inp.ev.problems, *(s.text for s in inp.ev.sections if "问题" in s.heading)]


def _fund_rate(fund: Fund, inp: CheckInput) -> Decimal | None:
    budget = denominator(fund, inp.params)
    if budget is None or budget <= ZERO:
        return None
    return fund.rate_pct if fund.executed is None else fund.executed / budget * HUNDRED


@check(
    "EXEC_LOW_UNEXPLAINED", Category.EXECUTION, Severity.WARNING,
    title="执行率低于90%却未说明原因", rule="R5.3",
    why="E 或资金表某行的执行率低于规定值（默认90%）时，应说明原因（R5.3）。在该行的原因栏、"
    "存在问题和正文中找与支出进度有关的说明（执行率、支出进度、支付进度、拨付、未支付、结转、"
    "资金未到位，正文须同时说出原因）；“执行监管”“执行计划”之类不算。找不到时报告。",
    explain_below_pct=Decimal("90"),
)  # fmt: skip
def exec_low_unexplained(inp: CheckInput) -> Iterator[Hit]:
    """Execution below the threshold with no explanation anywhere in the document."""
    limit = inp.setting("explain_below_pct")
    ev, found = inp.ev, inp.facts.execution
    main = total_row(tuple(f for f in ev.funds if f.group is None))
    low_doc = found is not None and found[2] < limit
    rows = []
    for fund in ev.funds:
        rate = _fund_rate(fund, inp)
        if main is not None and fund is main[1]:
            continue
        if rate is not None and rate < limit and len(compact(fund.reason or "")) < _MIN_REASON:
            rows.append((fund, rate))
    if not (low_doc or rows) or spending_explained(_problems(inp), inp.facts.text):
        return
    listed = [f"{f.name}{pct_text(r)}" for f, r in rows]
    if low_doc and found is not None:
        if main is not None and len(compact(main[1].reason or "")) >= _MIN_REASON:
            return
        executed, budget, rate = found
        yield hit(
            f"执行率{pct_text(rate)}（执行数{amount_text(executed)}万元 ÷ 预算数"
            f"{amount_text(budget)}万元）低于{fmt(limit)}%，文中未说明原因",
            _at(main[1].location, "rate_pct") if main else None,
            rate=rounded(rate), executed=executed, budget=budget, limit=limit,
            rows=listed or None,
        )  # fmt: skip
        return
    for fund, rate in rows:
        yield hit(
            f"“{fund.name}”执行率{pct_text(rate)}，低于{fmt(limit)}%，文中未说明原因",
            _at(fund.location, "rate_pct"),
            rate=rounded(rate), executed=fund.executed, budget=fund.total,
            limit=limit,
        )  # fmt: skip


@check(
    "ZERO_BUDGET_SCORED", Category.EXECUTION, Severity.ERROR,
    title="零预算行填了执行率或得分", rule="R5.5",
    why="全年预算数为0（且未执行）的资金行没有执行率可言：执行率应为“—”，不应计分（R5.5）。"
    "这样的行填了执行率（如0%）或得分时报告。",
)  # fmt: skip
def zero_budget_scored(inp: CheckInput) -> Iterator[Hit]:
    """A zero-budget money row showing a rate or points."""
    unscored = inp.params.execution_scoring.zero_budget == "unscored"
    for fund in inp.ev.funds:
        if fund.total is None or fund.total != ZERO:
            continue
        if fund.executed is not None and fund.executed != ZERO:
            continue
        score = fund.score if unscored else None
        if fund.rate_pct is None and score is None:
            continue
        shown = [f"执行率{fmt(fund.rate_pct)}%"] if fund.rate_pct is not None else []
        shown += [f"得分{fmt(score)}分"] if score is not None else []
        yield hit(
            f"“{fund.name}”全年预算数为0，执行率无从计算，却填了{'、'.join(shown)}",
            _at(fund.location, "rate_pct" if fund.rate_pct is not None else "score"),
            total=fund.total, executed=fund.executed, rate_pct=fund.rate_pct, score=score,
        )  # fmt: skip


@check(
    "FUND_SUBROWS_SCORED", Category.EXECUTION, Severity.WARNING,
    title="资金分项行也填了得分", rule="R5.4",
    why="资金表只有合计行计执行得分，分项行（其中：当年财政拨款、上年结转……）的分值、得分应为“/”"
    "（R5.4）。分项行填了得分时，每个资金表报告一次，列出这些行。",
)  # fmt: skip
def fund_subrows_scored(inp: CheckInput) -> Iterator[Hit]:
    """Money-table sub-rows carrying points: one finding per money block."""
    if inp.params.execution_scoring.scored_rows == "every_row":
        return
    blocks: dict[int | None, list[Fund]] = {}
    for fund in inp.ev.funds:
        if fund.level is not None and fund.level > 0 and fund.score is not None:
            blocks.setdefault(fund.group, []).append(fund)
    for rows in blocks.values():
        yield hit(
            f"资金表的{len(rows)}个分项行（{'、'.join(f.name for f in rows)}）填了得分，"
            f"只有合计行应计分",
            _at(rows[0].location, "score"),
            rows=[f.name for f in rows], scores=[f.score for f in rows],
        )  # fmt: skip


@check(
    "BUDGET_ADJUSTMENT_UNEXPLAINED", Category.EXECUTION, Severity.WARNING,
    title="年中预算大幅调整却未说明原因", rule="R5.3",
    why="合计行或一级资金行的全年预算数比年初预算数变动超过规定比例（默认20%）时，应说明调整原因"
    "（R5.1、R5.3）。文中没有一句话同时说到调整（调整、追加、调减、调剂）、原因（因、由于、原因、"
    "用于）和预算资金时，每个资金表报告一次，列出变动过大的行。",
    adjust_ratio=Decimal("0.2"),
)  # fmt: skip
def budget_adjustment_unexplained(inp: CheckInput) -> Iterator[Hit]:
    """A large 年初 → 全年 change on the total or a first-level row, with no reason given."""
    ratio = inp.setting("adjust_ratio")
    blocks: dict[int | None, list[Fund]] = {}
    for fund in inp.ev.funds:
        if fund.level not in (0, 1) or fund.initial is None or fund.total is None:
            continue
        if fund.initial > ZERO and abs(fund.total - fund.initial) / fund.initial > ratio:
            blocks.setdefault(fund.group, []).append(fund)
    reasons = [f.reason or "" for f in inp.ev.funds]
    if not blocks or adjustment_explained(inp.facts.text, reasons):
        return
    for rows in blocks.values():
        changes = [
            f"{f.name}{fmt(rounded(f.initial))}→{fmt(rounded(f.total))}万元"
            f"（{change_text(f.initial, f.total)}）"
            for f in rows
            if f.initial is not None and f.total is not None
        ]
        yield hit(
            f"年初预算数到全年预算数变动超过{fmt(ratio * HUNDRED)}%："
            f"{'；'.join(changes)}，文中未说明调整原因",
            _at(rows[0].location, "total"),
            rows=changes, ratio=ratio,
        )  # fmt: skip
