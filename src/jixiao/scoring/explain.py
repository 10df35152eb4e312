"""Each score line in words: the rule, the inputs and the arithmetic, in Chinese.

Rendered on demand (the engine keeps a key and the numbers), so scoring a province's batch
does not build millions of sentences nobody reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import Indicator
from jixiao.model.indicator_value import Direction
from jixiao.model.numbers import HUNDRED, fmt
from jixiao.model.scorecard import LineKind, LineStatus, ScoreLine

_ADOPTED: Final[dict[str, str]] = {
    "no_weight": "没有分值",
    "no_target": "指标值缺失或无法识别",
    "no_actual": "实际完成值缺失或不是数值",
    "unit_mismatch": "指标值与实际值单位不一致",
    "no_comparator": "指标值未写比较符（≥/≤/=）",
    "tier_unknown": "定性结果未写明达成档次",
    "zero_budget": "预算数为0，执行率无意义",
    "no_amounts": "缺少预算数或执行数",
}
_TIER_READ: Final[dict[str, str]] = {
    "tier_stated": "实际完成情况写明档次",
    "tier_equals_target": "实际完成情况与指标值一致，按达成",
}
METHOD_LABELS: Final[dict[str | None, str]] = {
    "ratio": "比例法",
    "reverse_linear": "反向线性法",
    "reverse_ratio": "反向比例法",
    "symmetric": "偏离度法",
    "tiers": "定性分档",
    "bands": "分档计分",
    "deduct_per_point": "逐点扣分",
    "share_in_band": "区间占比法",
    "zero_target": "零目标",
}
TIER_LABELS: Final[dict[str, str]] = {
    "1": "达成年度指标",
    "2": "部分达成年度指标并具有一定效果",
    "3": "未达成年度指标且效果较差",
}
_SIGN: Final[dict[Direction, str]] = {
    Direction.GE: "≥", Direction.GT: ">", Direction.LE: "≤", Direction.LT: "<", Direction.EQ: "=",
}  # fmt: skip


def _n(value: Decimal | None) -> str:
    return fmt(value.normalize() if value is not None and value == value.to_integral() else value)


def completion_pct(line: ScoreLine) -> Decimal | None:
    """完成率 as displayed (R3.4): a/t for 正向 (may pass 100 %); 反向 100 % when met."""
    a, t = line.a, line.t
    if a is None or t is None or t == 0:
        return None
    if line.kind is LineKind.EXECUTION or line.note == "execution_from_amounts":
        return a / t * HUNDRED
    row = line.row
    direction = row.direction if isinstance(row, Indicator) else None
    if direction is not None and direction.is_reverse:
        return HUNDRED if a <= t else t / a * HUNDRED
    return a / t * HUNDRED


def _quantitative(line: ScoreLine) -> str:
    a, t, w, p = _n(line.a), _n(line.t), _n(line.weight), fmt(line.points)
    row = line.row
    assert isinstance(row, Indicator)
    unit = row.effective_unit or ""
    direction = row.direction or Direction.EQ
    sign = _SIGN.get(direction, "=")
    head = f"目标{sign}{t}{unit}，实际{a}{unit}"
    if line.note == "assumed_eq":
        head += "（目标未写比较符，按“=”计）"
    if line.met_target:
        if line.note == "over_deducted":
            return f"{head}，超额过多且原因为目标设定偏低，按偏离度扣分，得{p}分"
        return f"{head}，已完成，得满分{w}分"
    method = line.method
    if method == "ratio":
        return f"{head}，未完成：{w} × {a}/{t} = {p}分"
    if method == "reverse_linear":
        return f"{head}，超出目标：{w} × (k − {a}/{t}) / (k − 1)，到 k 倍目标为0，得{p}分"
    if method == "reverse_ratio":
        return f"{head}，超出目标：{w} × {t}/{a} = {p}分"
    if method == "symmetric":
        return f"{head}：{w} × (1 − |{a} − {t}|/{t}) = {p}分"
    return f"{head}，按{METHOD_LABELS.get(method, method)}计，得{p}分"


def describe(line: ScoreLine) -> str:
    """The line in words, e.g. "目标≥4754人，实际4604人，未完成：10 × 4604/4754 = 9.68分"."""
    if line.status is LineStatus.ADOPTED:
        why = _ADOPTED.get(line.note, line.note)
        return f"无法按规则复算（{why}），沿用填报得分{fmt(line.stated)}分"
    if line.status is LineStatus.UNSCORED:
        why = _ADOPTED.get(line.note, line.note)
        return f"不计分（{why}）"
    prefix = ""
    if isinstance(line.row, Indicator) and line.row.weight is None:
        prefix = f"文中未给分值，按规则集框架取{_n(line.weight)}分；"
    return prefix + _body(line)


def _execution(line: ScoreLine) -> str:
    rate = completion_pct(line)
    rate_text = "—" if rate is None else fmt(rate.quantize(Decimal("0.01")))
    return (
        f"执行率 = 执行数{_n(line.a)} / 预算数{_n(line.t)} = {rate_text}%，"
        f"按{METHOD_LABELS.get(line.method, line.method)}计分（满分{_n(line.weight)}），"
        f"得{fmt(line.points)}分"
    )


def _share_in_band(line: ScoreLine) -> str:
    a, t = _n(line.a), _n(line.t)
    return (
        f"按同块数量指标计分：{t}项中{a}项完成值在指标值的区间内，"
        f"{_n(line.weight)} × {a}/{t} = {fmt(line.points)}分"
    )


def _framework(line: ScoreLine) -> str:
    return (
        f"按规则集框架的{METHOD_LABELS.get(line.method, line.method)}计分："
        f"实际{_n(line.a)}，满分{_n(line.weight)}，"
        f"得{fmt(line.points)}分"
    )


def _zero_target(line: ScoreLine) -> str:
    if line.met_target:
        return f"目标为0，实际{_n(line.a)}未超出，得满分{_n(line.weight)}分"
    return f"目标为0，实际{_n(line.a)}超出，得{fmt(line.points)}分"


def _tiers(line: ScoreLine) -> str:
    how, what, tier = [*line.note.split(":"), "", ""][:3]
    read = f"{_TIER_READ.get(how, how)}：第{tier}档“{TIER_LABELS.get(tier, '')}”"
    if what == "in_tier":
        return f"定性指标，{read}；填报{fmt(line.stated)}分在该档分值区间内，予以采用"
    if what == "out_of_tier":
        return (
            f"定性指标，{read}；填报{fmt(line.stated)}分不在该档区间，按规则取{fmt(line.points)}分"
        )
    return f"定性指标，{read}；按规则取{fmt(line.points)}分"


_BY_NOTE = {
    "execution": _execution,
    "execution_from_amounts": _execution,
    "share_in_band": _share_in_band,
    "framework_method": _framework,
    "zero_target": _zero_target,
}


def _body(line: ScoreLine) -> str:
    if line.kind is LineKind.EXECUTION:
        return _execution(line)
    by_note = _BY_NOTE.get(line.note)
    if by_note is not None:
        return by_note(line)
    if line.method == "tiers":
        return _tiers(line)
    return _quantitative(line)
