"""arithmetic, weights: the rows' weights against the weights the document itself states — a
block label's ("产出指标（50分）") and the 分值 of the 总分 row (R2, R7, R13.9).

Only written weights are added up. The money row's weight is its 分值 where the form gives one,
else the rule set's execution weight when the form scores the money row (the Gansu form writes
得分 10 and no 分值); a total is compared only when every row has its weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from jixiao.checks._money_util import SCORE_TOLERANCE
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import Evaluation, Indicator
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import ZERO, fmt
from jixiao.model.scorecard import LineKind, ScoreCard
from jixiao.model.text import normalize

_BLOCK_WEIGHT: Final = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def stated_block_weights(
    ev: Evaluation,
) -> Iterator[tuple[str, Decimal, list[Indicator], Location | None]]:
    """Blocks whose label states a weight ("产出指标（50分）"), with their rows."""
    seen: dict[tuple[int | None, str, str], list[Indicator]] = {}
    for ind in ev.indicators:
        for level, label in (("1", ind.level1), ("2", ind.level2)):
            if label and _BLOCK_WEIGHT.search(normalize(label)):
                key = (ind.group, level + (ind.level1 or ""), label)
                seen.setdefault(key, []).append(ind)
    for (_, _, label), rows in seen.items():
        m = _BLOCK_WEIGHT.search(normalize(label))
        assert m is not None
        loc = rows[0].location
        yield label, Decimal(m.group(1)), rows, loc.at("weight") if loc else None


def _money_weight(ev: Evaluation, card: ScoreCard) -> tuple[Decimal, str] | None:
    """The money row's weight and where it comes from; ``None`` when it cannot be known."""
    total = next((f for f in ev.funds if f.level == 0), None)
    if total is None:
        return ZERO, "无资金行"
    if total.weight is not None:
        return total.weight, "资金行分值"
    if total.score is None:
        return ZERO, "资金行不计分"
    line = next((ln for ln in card.lines if ln.kind is LineKind.EXECUTION), None)
    if line is None or line.weight is None:
        return None
    return line.weight, "规则集的预算执行率分值"


def _total_weight_hit(inp: CheckInput) -> Hit | None:
    ev = inp.ev
    stated = ev.stated_total_weight
    if stated is None or not ev.indicators or len({i.group for i in ev.indicators}) > 1:
        return None  # one form's 总分 row; a file of several forms states one per form
    weights = [i.weight for i in ev.indicators]
    money = _money_weight(ev, inp.card)
    if money is None or any(w is None for w in weights):
        return None
    rows = sum((w for w in weights if w is not None), ZERO)
    total = rows + money[0]
    if abs(total - stated) <= SCORE_TOLERANCE:
        return None
    money_text = f" + {money[1]}{fmt(money[0])}分" if money[0] else ""
    return hit(
        f"“总分”行写明分值{fmt(stated)}分，而{len(weights)}个指标行分值之和{fmt(rows)}分"
        f"{money_text} = {fmt(total)}分",
        Location(field="stated_total_weight"),
        block="总分", stated=stated, indicator_sum=rows, money_weight=money[0],
        money_weight_from=money[1], sum=total, gap=total - stated,
    )  # fmt: skip


@check(
    "WEIGHTS_NE_STATED_TOTAL", Category.ARITHMETIC, Severity.ERROR,
    title="各行分值之和与所述块分值或总分分值不符", rule="R2",
    why="文件为一级或二级指标写明了分值（如“产出指标（50分）”）时，该块各三级指标分值之和"
    "应等于它；自评表“总分”行写明分值时，各指标行分值之和加上资金行（预算执行率）的分值应等于它"
    "（资金行未写分值而有得分的，取规则集的执行率分值）（R2、R7、R13.9）；相差超过0.01时报告。",
)  # fmt: skip
def weights_not_stated_total(inp: CheckInput) -> Iterator[Hit]:
    """Row weights against the weight a block label or the 总分 row states."""
    for label, stated, rows, location in stated_block_weights(inp.ev):
        weights = [ind.weight for ind in rows]
        if any(w is None for w in weights):
            continue
        total = sum((w for w in weights if w is not None), ZERO)
        if abs(total - stated) <= SCORE_TOLERANCE:
            continue
        yield hit(
            f"“{label}”写明分值{fmt(stated)}分，而其下{len(rows)}行分值之和为{fmt(total)}分",
            location,
            block=label, stated=stated, weights=[w for w in weights if w is not None],
            sum=total, gap=total - stated,
        )  # fmt: skip
    total_hit = _total_weight_hit(inp)
    if total_hit is not None:
        yield total_hit
