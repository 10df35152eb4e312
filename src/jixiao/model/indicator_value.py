"""Indicator values as people write them: "≥4754人" → comparator, number, unit; text kept.

>>> v = parse_value("≥50个")
>>> v.comparator, v.value, v.unit, v.kind
(<Direction.GE: '>='>, Decimal('50'), '个', <ValueKind.QUANTITATIVE: 'quantitative'>)
>>> parse_value("≧ 735").comparator, parse_value("≧ 735").value
(<Direction.GE: '>='>, Decimal('735'))
>>> parse_value("不超过2600万元")[1:4]
(<Direction.LE: '<='>, Decimal('2600'), '万元')
>>> parse_value("≥100百分比")[1:4]
(<Direction.GE: '>='>, Decimal('100'), '%')
>>> parse_value("95%以上")[1:4]
(<Direction.GE: '>='>, Decimal('95'), '%')
>>> parse_value("部分达成年度指标并具有一定效果").tier
2
>>> parse_value("100%-80%(含)").tier
1
>>> parse_value("%").kind
<ValueKind.UNPARSED: 'unparsed'>
>>> parse_value("促进发展").kind
<ValueKind.QUALITATIVE: 'qualitative'>
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Final, NamedTuple

from jixiao.model.chinese_numerals import parse_chinese_numeral
from jixiao.model.numbers import MONEY_UNITS, match_number
from jixiao.model.text import compact, normalize


class Direction(StrEnum):
    """指标性质: the comparator of a target (正向 ≥ >, 反向 ≤ <, 等于 =, 定性)."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    QUALITATIVE = "qualitative"

    @property
    def is_reverse(self) -> bool:
        return self in (Direction.LE, Direction.LT)


class ValueKind(StrEnum):
    QUANTITATIVE = "quantitative"  # a number (with comparator and unit where written)
    QUALITATIVE = "qualitative"  # words: "健全", "达成年度指标", "有效提升"
    EMPTY = "empty"  # nothing, or a dash / slash
    UNPARSED = "unparsed"  # looks like a value but cannot be read ("%", "≥优", "≥")


class IndicatorValue(NamedTuple):
    """A value as written and as parsed. Never raises, never a silent zero."""

    text: str
    comparator: Direction | None
    value: Decimal | None
    unit: str | None
    kind: ValueKind
    tier: int | None = None  # qualitative result tier: 1 达成, 2 部分达成, 3 未达成
    note: str | None = None  # why a value is unparsed

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def in_wan(self) -> Decimal | None:
        """The value in 万元 when its unit is a money unit."""
        if self.value is None or self.unit not in MONEY_UNITS:
            return None
        return self.value * MONEY_UNITS[self.unit]


EMPTY_MARKS: Final = frozenset({"", "/", "-", "—", "——", "--", "无数据", "空", "\\"})

# prefix words (longest first) and suffix words that carry a comparator
_PREFIX_WORDS: Final[tuple[tuple[str, Direction], ...]] = (
    ("大于或等于", Direction.GE), ("大于等于", Direction.GE), ("不低于", Direction.GE),
    ("不少于", Direction.GE), ("不小于", Direction.GE), ("至少", Direction.GE),
    ("达到", Direction.GE), ("≥", Direction.GE),
    ("小于或等于", Direction.LE), ("小于等于", Direction.LE), ("不高于", Direction.LE),
    ("不超过", Direction.LE), ("不大于", Direction.LE), ("不多于", Direction.LE),
    ("控制在", Direction.LE), ("至多", Direction.LE), ("≤", Direction.LE),
    ("大于", Direction.GT), ("高于", Direction.GT), ("超过", Direction.GT), ("多于", Direction.GT),
    (">", Direction.GT),
    ("小于", Direction.LT), ("低于", Direction.LT), ("少于", Direction.LT), ("<", Direction.LT),
    ("等于", Direction.EQ), ("=", Direction.EQ), ("≈", Direction.EQ),
)  # fmt: skip
_SUFFIX_WORDS: Final[tuple[tuple[str, Direction], ...]] = (
    ("及以上", Direction.GE), ("以上", Direction.GE), ("及以下", Direction.LE),
    ("以下", Direction.LE), ("以内", Direction.LE), ("之内", Direction.LE),
)  # fmt: skip
# 指标性质 written in its own column (or a comparator alone): the direction of the target
NATURE_WORDS: Final[dict[str, Direction]] = {
    **dict.fromkeys(("正向", "正向指标", "越大越好", "大于等于", "不低于", "不少于", "≥", ">="),
                    Direction.GE),
    **dict.fromkeys(("反向", "反向指标", "越小越好", "小于等于", "不高于", "不超过", "≤", "<="),
                    Direction.LE),
    **dict.fromkeys(("等于", "持平", "="), Direction.EQ),
    **dict.fromkeys(("大于", "高于", ">"), Direction.GT),
    **dict.fromkeys(("小于", "低于", "<"), Direction.LT),
    **dict.fromkeys(("定性", "定性指标"), Direction.QUALITATIVE),
}  # fmt: skip
_UNIT_ALIASES: Final[dict[str, str]] = {"百分比": "%", "百分点": "%", "％": "%", "‰": "‰"}
_MAX_UNIT_LEN: Final = 6
_PERCENT_WORDS: Final = re.compile(r"^百分之(?P<num>[零〇一二两三四五六七八九十百点]+)")
_CN_NUMBER: Final = re.compile(r"^[零〇一二两三四五六七八九十百千万亿点]+")
_RANGE: Final = re.compile(
    r"^(?P<hi>\d+(?:\.\d+)?)\s*%?\s*[-~～—至]+\s*(?P<lo>\d+(?:\.\d+)?)\s*%?\s*(?:[(（]含[)）])?$"
)

# Result phrases → tier (R4). Checked in this order: "未达成" and "部分达成" contain "达成".
TIER_PHRASES: Final[tuple[tuple[int, tuple[str, ...]], ...]] = (
    (3, ("未达成", "未完成", "未实现", "未达到", "没有达到", "没有完成", "效果较差", "效果差")),
    (2, ("部分达成", "部分完成", "部分实现", "基本达成", "基本完成", "基本实现", "一定效果")),
    (1, ("达成年度指标", "达成预期指标", "达成", "完成", "实现", "达到", "效果明显",
         "效果显著", "成效显著", "成效明显")),
)  # fmt: skip
_TIER_BOUNDS: Final = ((Decimal(80), 1), (Decimal(60), 2), (Decimal(0), 3))


def parse_nature(text: str | None) -> Direction | None:
    """The direction a 指标性质 cell gives ("正向" → ≥, "反向" → ≤, "定性"); ``None`` when the
    cell is empty, says only 定量, or is not understood.

    >>> parse_nature("反向指标"), parse_nature("≥"), parse_nature("定量")
    (<Direction.LE: '<='>, <Direction.GE: '>='>, None)
    """
    if not text:
        return None
    return NATURE_WORDS.get(compact(text)) or NATURE_WORDS.get(normalize(text).strip())


def tier_of_phrase(text: str) -> int | None:
    """The R4 tier a result phrase names, or ``None``."""
    c = compact(text)
    for tier, phrases in TIER_PHRASES:
        if any(p in c for p in phrases):
            return tier
    return None


def _comparator(s: str) -> tuple[Direction | None, str]:
    for word, direction in _PREFIX_WORDS:
        if s.startswith(word):
            return direction, s[len(word) :].strip()
    return None, s


def _suffix_comparator(s: str) -> tuple[Direction | None, str]:
    for word, direction in _SUFFIX_WORDS:
        if s.endswith(word):
            return direction, s[: -len(word)].strip()
    return None, s


def _number(s: str) -> tuple[Decimal, str, bool] | None:
    """Leading number → (value, rest, percent_by_words)."""
    m = _PERCENT_WORDS.match(s)
    if m:
        value = parse_chinese_numeral(m.group("num"))
        return (value, s[m.end() :], True) if value is not None else None
    found = match_number(s)
    if found:
        return found[0], s[found[1] :], False
    m = _CN_NUMBER.match(s)
    if m:
        value = parse_chinese_numeral(m.group(0))
        if value is not None:
            return value, s[m.end() :], False
    return None


def _unit(rest: str) -> tuple[str | None, bool]:
    """The unit after a number; ``False`` when the rest is not a unit."""
    unit = re.sub(r"\s+", "", rest).rstrip("。.")
    if not unit:
        return None, True
    unit = _UNIT_ALIASES.get(unit, unit)
    if len(unit) > _MAX_UNIT_LEN or any(ch.isdigit() for ch in unit):
        return None, False
    return unit, True


def _range_tier(s: str) -> int | None:
    """Seed 003 writes the tier range ("100%-80%(含)") where the tier label belongs."""
    m = _RANGE.match(s)
    if not m:
        return None
    lo = min(Decimal(m.group("hi")), Decimal(m.group("lo")))
    return next(tier for bound, tier in _TIER_BOUNDS if lo >= bound)


def _qualitative(text: str, s: str) -> IndicatorValue:
    tier = _range_tier(s)
    if tier is None:
        tier = tier_of_phrase(s)
    return IndicatorValue(text, Direction.QUALITATIVE, None, None, ValueKind.QUALITATIVE, tier)


def _unparsed(text: str, comparator: Direction | None, note: str) -> IndicatorValue:
    return IndicatorValue(text, comparator, None, None, ValueKind.UNPARSED, None, note)


def parse_value(text: str | None) -> IndicatorValue:
    """Parse a target or an actual value. Never raises; what cannot be read is UNPARSED."""
    raw = "" if text is None else text
    s = normalize(raw).strip()
    if s in EMPTY_MARKS:
        return IndicatorValue(raw, None, None, None, ValueKind.EMPTY)
    if _RANGE.match(s):
        return _qualitative(raw, s)
    comparator, body = _comparator(s)
    suffix_cmp, body = _suffix_comparator(body)
    comparator = comparator or suffix_cmp
    found = _number(body)
    if found is None:
        if comparator is not None or body in _UNIT_ALIASES.values() or body in _UNIT_ALIASES:
            return _unparsed(raw, comparator, "有比较符或单位，却没有数值")
        return _qualitative(raw, s)
    value, rest, percent_words = found
    unit, ok = _unit(rest)
    if not ok:
        if comparator is None:
            return _qualitative(raw, s)  # "完成3个村庄规划" starts with words; "3个村庄…" too
        return _unparsed(raw, comparator, f"数值后的内容不是单位：{rest.strip()}")
    if percent_words:
        unit = "%"
    return IndicatorValue(raw, comparator, value, unit, ValueKind.QUANTITATIVE)
