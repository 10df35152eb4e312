"""score_rule: a row's points that the rule set cannot give (R3, R4).

Checks never score on their own: the expected points come from the score card (``Method(a, t,
w)`` of checks.md §0), so a check and ``jixiao score`` cannot disagree. Where the rule set
lists variants of a method (reverse rows: reverse_linear, reverse_ratio), a stated score that
any variant gives stands.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Final

from jixiao.checks._score_util import (
    TOLERANCE,
    plain_quantitative,
    score_location,
    two_places,
    variant_points,
    written_as,
)
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import Indicator
from jixiao.model.findings import Category, Severity
from jixiao.model.indicator_value import Direction, ValueKind, parse_value
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import LineStatus, ScoreLine
from jixiao.model.text import compact, normalize
from jixiao.scoring.explain import TIER_LABELS
from jixiao.scoring.methods import tier_bounds

_HUNDRED: Final = Decimal(100)
_BAND: Final = re.compile(r"^\d+(?:\.\d+)?%?[-~～—至]+\d+(?:\.\d+)?%?(?:[(（]含[)）])?$")
# methods that score a missed target (R3); a zero target or a framework method is another rule
_ROW_NOTES: Final = ("", "zero_target")
_STRICT: Final = (Direction.GT, Direction.LT)
# the words that name a tier in the actual value (R4.1), longest first: "未达成年度指标…" and
# "部分达成年度指标…" both contain "达成年度指标"
_TIER_WORDS: Final = (
    (3, "未达成年度指标"),
    (3, "未达成预期指标"),
    (2, "部分达成年度指标"),
    (2, "部分达成预期指标"),
    (1, "达成年度指标"),
    (1, "达成预期指标"),
)


def _missed_or_met(line: ScoreLine) -> bool:
    """A quantitative row whose met / missed status the card computed by R3."""
    return (
        line.status is LineStatus.COMPUTED
        and line.method not in ("tiers", "share_in_band")
        and line.note in _ROW_NOTES
        and line.met_target is not None
        and line.weight is not None
        and line.weight > 0
        and isinstance(line.row, Indicator)
    )


@check(
    "SCORE_ABOVE_WEIGHT", Category.SCORE_RULE, Severity.ERROR,
    title="得分超过分值，或总分超过100分", rule="R3.1",
    why="每行得分不得超过该行分值（超额完成也不超过分值，R3.1），总分不得超过100分（R6.1）。"
    "只用文件自己写出的分值比较（不用规则集框架推得的分值），相差超过0.01分时报告；"
    "部门总分与各项目得分分别检查。",
)  # fmt: skip
def score_above_weight(inp: CheckInput) -> Iterator[Hit]:
    """A row above its own written weight, a money row above its 分值, a total above 100."""
    for _, ind, _line in inp.indicators():
        if ind.weight is None or ind.score is None or ind.score - ind.weight <= TOLERANCE:
            continue
        if ind.completion_pct is not None and ind.score == ind.completion_pct:
            continue  # the 完成率 read into the score column: a reading slip, not a score
        yield hit(
            f"指标“{ind.name}”得分{fmt(ind.score)}分，超过其分值{fmt(ind.weight)}分",
            score_location(ind), None,
            weight=ind.weight, score=ind.score, excess=ind.score - ind.weight,
        )  # fmt: skip
    for fund in inp.ev.funds:
        if fund.weight is None or fund.score is None or fund.score - fund.weight <= TOLERANCE:
            continue
        yield hit(
            f"资金行“{fund.name}”得分{fmt(fund.score)}分，超过其分值{fmt(fund.weight)}分",
            fund.location.at("score") if fund.location else None, None,
            weight=fund.weight, score=fund.score, excess=fund.score - fund.weight,
        )  # fmt: skip
    yield from _totals_above_hundred(inp)


def _totals_above_hundred(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.ev
    total = ev.stated_total_score
    if total is not None and total - _HUNDRED > TOLERANCE:
        yield hit(f"总分{fmt(total)}分，超过满分100分", None, None,
                  score=total, maximum=_HUNDRED)  # fmt: skip
    for project in ev.projects:
        if project.score is not None and project.score - _HUNDRED > TOLERANCE:
            yield hit(
                f"项目“{project.name}”得分{fmt(project.score)}分，超过满分100分",
                project.location.at("score") if project.location else None, None,
                project=project.name, score=project.score, maximum=_HUNDRED,
            )  # fmt: skip


@check(
    "SCORE_FULL_BELOW_TARGET", Category.SCORE_RULE, Severity.ERROR,
    title="未达到目标却得满分", rule="R3",
    why="定量指标未达到目标（正向实际值低于目标、反向实际值高于目标），却填了满分。"
    "按规则集的计分方法（未完成按完成值与指标值的比例计分，R3；反向指标的各个可选算法都算）"
    "复算该行，应得分低于满分超过0.01分时报告，并给出应得分。",
)  # fmt: skip
def full_marks_below_target(inp: CheckInput) -> Iterator[Hit]:
    """A quantitative row missed its target yet states full marks; expected points from the
    score card. Execution rows scored from the amounts belong to the execution checks."""
    for _, ind, line in inp.indicators():
        if line is None or not _missed_or_met(line) or line.met_target is not False:
            continue
        w, expected, stated = line.weight, line.points, ind.score
        if w is None or expected is None or stated is None or stated < w - TOLERANCE:
            continue
        variants = variant_points(inp, line) if plain_quantitative(line) else []
        if max([expected, *(two_places(p) for p in variants)]) >= w - TOLERANCE:
            continue
        yield hit(
            f"指标“{ind.name}”实际完成{ind.actual}，未达到目标{ind.target}，"
            f"却得满分{fmt(stated)}分（按规则应得{fmt(expected)}分）",
            score_location(ind),
            line.rule,
            target=ind.target, actual=ind.actual, weight=w, score=stated, expected=expected,
        )  # fmt: skip


def _over_allowed(inp: CheckInput, ind: Indicator, line: ScoreLine) -> bool:
    """R3.2: a target exceeded by θ or more whose stated reason says it was set too low may
    lose points (§6.9)."""
    a, t = line.a, line.t
    if a is None or t is None or t <= 0:
        return False
    over = inp.params.over_achievement
    theta = over.ratio if over.ratio is not None else inp.setting("over_ratio")
    words = tuple(over.reason_keywords) + tuple(inp.setting("too_low_words"))
    reason = compact(ind.deviation_reason or "")
    return a / t >= theta and any(compact(w) in reason for w in words)


@check(
    "SCORE_DOCKED_TARGET_MET", Category.SCORE_RULE, Severity.ERROR,
    title="完成目标却被扣分", rule="R3",
    why="定量指标已完成目标，按规则应得满分（R3），文件却填了低于分值的得分。"
    "规则集列出的其他算法（如“=”指标按偏离度计分）给出的分数不报告；"
    "完成值达到指标值的θ倍（默认1.3）且偏差原因说明目标设定偏低时，可以适度扣分（R3.2），也不报告。"
    "预算执行率指标另由执行类检查处理。",
    over_ratio=Decimal("1.3"), too_low_words=("偏低", "过低"),
)  # fmt: skip
def docked_target_met(inp: CheckInput) -> Iterator[Hit]:
    """A quantitative row met its target (the card gives full points) but states fewer."""
    for _, ind, line in inp.indicators():
        if line is None or not _missed_or_met(line) or line.met_target is not True:
            continue
        w, stated = line.weight, ind.score
        if w is None or stated is None or stated >= w - TOLERANCE or ind.inputs.execution_named:
            continue
        if ind.direction in _STRICT and line.a == line.t:
            continue  # "> 90%" with 90: met or not is a matter of reading
        if line.points is None or line.points < w - TOLERANCE:
            continue
        if any(written_as(stated, p) for p in variant_points(inp, line)):
            continue
        if _over_allowed(inp, ind, line):
            continue
        yield hit(
            f"指标“{ind.name}”实际完成{ind.actual}，已达到目标{ind.target}，"
            f"应得满分{fmt(w)}分，却只得{fmt(stated)}分",
            score_location(ind),
            line.rule,
            target=ind.target, actual=ind.actual, weight=w, score=stated, expected=w,
        )  # fmt: skip


@check(
    "SCORE_NOT_PROPORTIONAL", Category.SCORE_RULE, Severity.WARNING,
    title="未完成目标的得分不符合计分公式", rule="R3",
    why="定量指标未完成目标且未得满分时，按规则集的计分方法复算（正向：分值×完成值/指标值；"
    "反向：规则集列出的每个可选算法，§6.7）。填报得分与每个算法的结果都不一致"
    "（相差超过0.01分，且不是按文件所用小数位四舍五入、进位或舍去所得）时报告。",
)  # fmt: skip
def score_not_proportional(inp: CheckInput) -> Iterator[Hit]:
    """A missed target scored other than by any method the rule set allows for the row."""
    for _, ind, line in inp.indicators():
        if line is None or not plain_quantitative(line) or line.met_target is not False:
            continue
        w, stated, expected = line.weight, ind.score, line.points
        if w is None or stated is None or expected is None or stated >= w - TOLERANCE:
            continue
        if ind.inputs.execution_named:
            continue
        allowed = variant_points(inp, line) or [expected]
        if any(written_as(stated, p) for p in allowed):
            continue
        shown = list(dict.fromkeys(two_places(p) for p in allowed))
        yield hit(
            f"指标“{ind.name}”实际完成{ind.actual}，未达到目标{ind.target}，"
            f"按规则应得{fmt(expected)}分，文件填{fmt(stated)}分",
            score_location(ind),
            line.rule,
            target=ind.target, actual=ind.actual, weight=w, score=stated, expected=expected,
            accepted=shown,
        )  # fmt: skip


def tier_named(text: str | None) -> int | None:
    """The R4 tier the actual value names in the words of the fixed list (达成年度指标 …) or
    as a band ("100%-80%(含)"); ``None`` for anything looser ("已完成")."""
    if not text:
        return None
    c = compact(text)
    for tier, word in _TIER_WORDS:
        if word in c:
            return tier
    value = parse_value(text)
    if (
        value.kind is ValueKind.QUALITATIVE
        and value.tier is not None
        and _BAND.match(normalize(text).replace(" ", ""))
    ):
        return value.tier
    return None


def _inside(stated: Decimal, low: Decimal, high: Decimal, inclusive: bool) -> bool:
    """Inside a tier's points, allowing a bound that needs more than two places to be written
    rounded (w 3.33: 0.8w = 2.664 is written 2.66)."""
    low_ok = low if two_places(low) == low else low.quantize(TOLERANCE, rounding=ROUND_DOWN)
    if stated < low_ok:
        return False
    if inclusive:
        return stated <= high + TOLERANCE
    return stated < high or (two_places(high) != high and stated <= two_places(high))


@check(
    "QUAL_SCORE_OUTSIDE_TIER", Category.SCORE_RULE, Severity.ERROR,
    title="定性指标得分不在所填档次的分值区间", rule="R4.1",
    why="定性指标按实际完成值所写的档次计分（R4）：达成年度指标80%（含）–100%，"
    "部分达成年度指标并具有一定效果60%（含）–80%，未达成年度指标且效果较差0–60%（R4.1）。"
    "只认规定的档次用语或“100%-80%(含)”这类区间写法；得分不在该档区间时报告。",
)  # fmt: skip
def qualitative_outside_tier(inp: CheckInput) -> Iterator[Hit]:
    tiers = {t.tier: t for t in inp.params.qualitative.tiers}
    for _, ind, line in inp.indicators():
        if line is None or line.method != "tiers" or not line.note.startswith("tier_stated"):
            continue
        tier_no, w, stated = tier_named(ind.actual), line.weight, ind.score
        tier = tiers.get(tier_no) if tier_no is not None else None
        if tier is None or w is None or w <= 0 or stated is None or stated > w + TOLERANCE:
            continue
        low, high, inclusive = tier_bounds(tier, w)
        if _inside(stated, low, high, inclusive):
            continue
        band = f"{fmt(two_places(low).normalize())}–{fmt(two_places(high).normalize())}"
        label = TIER_LABELS.get(str(tier.tier), tier.label)
        yield hit(
            f"定性指标“{ind.name}”实际完成值“{ind.actual}”属第{tier.tier}档“{label}”"
            f"（{band}分{'' if inclusive else '，不含上限'}），填报得分{fmt(stated)}分不在该档区间",
            score_location(ind),
            inp.params.tiers.ref,
            actual=ind.actual, tier=label, weight=w, score=stated, band=band,
        )  # fmt: skip


def _qualitative_rows(inp: CheckInput) -> dict[int | None, list[tuple[Indicator, Decimal]]]:
    """Qualitative rows with a score and a positive weight (own or the framework's), by group:
    (row, weight)."""
    out: dict[int | None, list[tuple[Indicator, Decimal]]] = defaultdict(list)
    for _, ind, line in inp.indicators():
        if line is None or ind.score is None or line.weight is None or line.weight <= 0:
            continue
        if line.method == "tiers" or ind.kind is ValueKind.QUALITATIVE:
            out[ind.group].append((ind, line.weight))
    return out


@check(
    "QUAL_SCORES_UNIFORM", Category.SCORE_RULE, Severity.INFO,
    title="定性指标得分都是分值的同一比例", rule="R4.2",
    why="档内得分应由评价人逐项判断（R4.2）。同一张表的定性指标不少于min_rows行（默认5行），"
    "得分÷分值都在同一个小于1的比例上下0.005以内（如都按90%给分），像是按公式而非逐项评判，提示复核。",
    min_rows=5, spread=Decimal("0.01"),
)  # fmt: skip
def qualitative_scores_uniform(inp: CheckInput) -> Iterator[Hit]:
    for rows in _qualitative_rows(inp).values():
        if len(rows) < inp.setting("min_rows"):
            continue
        shares = [ind.score / w for ind, w in rows if ind.score is not None]
        low, high = min(shares), max(shares)
        middle = two_places((low + high) / 2)
        if high - low > inp.setting("spread") or not 0 < middle < 1:
            continue
        first, first_weight = rows[0]
        names = [ind.name for ind, _ in rows]
        yield hit(
            f"{len(rows)}个定性指标的得分都是分值的{fmt((middle * _HUNDRED).normalize())}%"
            f"（如“{first.name}”{fmt(first.score)}/{fmt(first_weight)}），像是统一按比例给分",
            score_location(first),
            None,
            rows=names, count=len(rows), share=middle,
            scores=[f"{fmt(ind.score)}/{fmt(w)}" for ind, w in rows],
        )  # fmt: skip


@check(
    "FULL_MARKS_NEAR_ALL", Category.SCORE_RULE, Severity.INFO,
    title="几乎所有指标都得满分", rule="R1.3",
    why="有分值和得分的指标行不少于min_rows行（默认20行），其中满分行的比例不低于share"
    "（默认95%），是自评打分偏松的常见形态（R1.3 禁止虚高自评），提示复核。"
    "文件未写分值而由规则集框架给出分值的行也计入。",
    min_rows=20, share=Decimal("0.95"),
)  # fmt: skip
def full_marks_near_all(inp: CheckInput) -> Iterator[Hit]:
    scored = [
        line for line in inp.card.indicator_lines()
        if line.stated is not None and line.weight is not None and line.weight > 0
    ]  # fmt: skip
    if len(scored) < inp.setting("min_rows"):
        return
    short = [line for line in scored if line.stated < line.weight - TOLERANCE]  # type: ignore[operator]
    full = len(scored) - len(short)
    if Decimal(full) / len(scored) < inp.setting("share"):
        return
    share = (Decimal(full) / len(scored) * _HUNDRED).quantize(Decimal("0.1"), ROUND_HALF_UP)
    rest = "、".join(f"“{line.name}”" for line in short)
    yield hit(
        f"{len(scored)}个有分值的指标中{full}个得满分（{fmt(share)}%）"
        + (f"，未得满分的只有{rest}" if rest else "，全部得满分"),
        None,
        None,
        full=full, rows=len(scored), share_pct=share, not_full=[line.name for line in short],
    )  # fmt: skip
