"""What a row gives the scoring engine, read once from its parsed values (rule-independent).

An indicator row is classified when it is built: a quantitative row with target and actual in
one unit (元 and 亿元 brought to 万元), a zero target, a qualitative result and its tier, or
why it cannot be recomputed. The engine then only applies the rule set's methods, so a
province's million rows, or a form re-scored as the user types, never re-read text.

>>> from jixiao.model.indicator_value import parse_value
>>> r = row_input(parse_value("≤2600万元"), parse_value("2450000元"), None, "成本", "工资总成本")
>>> r.kind, r.direction, r.a, r.t
(<RowKind.QUANTITATIVE: 'quantitative'>, <Direction.LE: '<='>, Decimal('245.0000'), Decimal('2600'))
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final, NamedTuple

from jixiao.model.indicator_value import Direction, IndicatorValue, ValueKind
from jixiao.model.numbers import MONEY_UNITS
from jixiao.model.text import compact

_PERCENT: Final = frozenset({"%", "％", "百分比"})
# Rows that measure the whole budget's execution ("预算执行率指标"), not a part of it (R5, R13.6)
_EXECUTION_WORDS: Final = ("预算执行率", "预算执行情况", "资金执行率", "支出执行率")
_PART_WORDS: Final = ("项目支出", "基本支出", "人员", "公用")


class RowKind(StrEnum):
    QUANTITATIVE = "quantitative"  # a and t comparable, t > 0
    ZERO_TARGET = "zero_target"  # t ≤ 0 (结转结余变动率 ≤ 0 %): ratios would divide by zero
    QUALITATIVE = "qualitative"  # a tier is known (stated, or the result repeats the target)
    EXECUTION = "execution"  # "预算执行率" without a numeric target: scored from the amounts
    NO_COMPARATOR = "no_comparator"  # a and t comparable, but no ≥/≤/= written
    NO_TARGET = "no_target"
    NO_ACTUAL = "no_actual"
    UNIT_MISMATCH = "unit_mismatch"
    TIER_UNKNOWN = "tier_unknown"


class RowInput(NamedTuple):
    kind: RowKind
    direction: Direction | None = None
    a: Decimal | None = None  # actual, in the target's unit (万元 for money)
    t: Decimal | None = None
    tier: int | None = None  # 1 达成, 2 部分达成, 3 未达成
    tier_from_target: bool = False  # the tier was read as "achieved": the result repeats the target
    execution_named: bool = False  # the row's name says it measures budget execution


def is_execution_name(level2: str | None, level3: str | None) -> bool:
    """A row that measures the whole budget's execution ("预算执行率指标")."""
    raw = f"{level2 or ''}{level3 or ''}"
    if "执行" not in raw:  # cheap test first: almost no row mentions execution
        return False
    name = compact(raw)
    return any(w in name for w in _EXECUTION_WORDS) and not any(p in name for p in _PART_WORDS)


def _common_unit(
    t: IndicatorValue, a: IndicatorValue, column: str | None
) -> tuple[Decimal, Decimal] | None:
    """Target and actual in one unit; ``None`` when they cannot be compared."""
    assert t.value is not None and a.value is not None
    tu = t.unit or column
    au = a.unit or tu
    if tu == au or au is None or tu is None or (tu in _PERCENT and au in _PERCENT):
        return t.value, a.value
    if tu in MONEY_UNITS and au in MONEY_UNITS:
        return t.value * MONEY_UNITS[tu], a.value * MONEY_UNITS[au]
    return None


def _qualitative(t: IndicatorValue, a: IndicatorValue) -> RowInput:
    if a.tier is not None:
        return RowInput(RowKind.QUALITATIVE, Direction.QUALITATIVE, tier=a.tier)
    if t.text and (a.text == t.text or (compact(a.text) == compact(t.text) and compact(t.text))):
        return RowInput(RowKind.QUALITATIVE, Direction.QUALITATIVE, tier=1, tier_from_target=True)
    return RowInput(RowKind.TIER_UNKNOWN, Direction.QUALITATIVE)


def row_input(
    t: IndicatorValue,
    a: IndicatorValue,
    column_unit: str | None,
    level2: str | None,
    level3: str | None,
    nature: Direction | None = None,
) -> RowInput:
    """Classify a row from its parsed target and actual (and the unit and 指标性质 columns)."""
    if nature is not None and t.comparator is None:
        if nature is Direction.QUALITATIVE and t.kind is not ValueKind.QUALITATIVE:
            t = t._replace(kind=ValueKind.QUALITATIVE, comparator=Direction.QUALITATIVE, value=None)
        elif nature is not Direction.QUALITATIVE and t.value is not None:
            t = t._replace(comparator=nature)  # "4754" in a 正向 row is "≥4754"
    found = _classify(t, a, column_unit)
    if is_execution_name(level2, level3):
        if t.value is None:
            return RowInput(RowKind.EXECUTION, execution_named=True)
        return found._replace(execution_named=True)
    return found


def _classify(t: IndicatorValue, a: IndicatorValue, column_unit: str | None) -> RowInput:
    """The row's kind from its values alone."""
    if t.kind is ValueKind.QUALITATIVE or (
        t.kind is ValueKind.EMPTY and a.kind is ValueKind.QUALITATIVE and a.tier is not None
    ):
        return _qualitative(t, a)
    if t.kind is not ValueKind.QUANTITATIVE:
        return RowInput(RowKind.NO_TARGET)
    if a.value is None:
        return RowInput(RowKind.NO_ACTUAL, t.comparator)
    pair = _common_unit(t, a, column_unit)
    if pair is None:
        return RowInput(RowKind.UNIT_MISMATCH, t.comparator)
    tv, av = pair
    if t.comparator is None:
        return RowInput(RowKind.NO_COMPARATOR, None, av, tv)
    if tv <= 0:
        return RowInput(RowKind.ZERO_TARGET, t.comparator, av, tv)
    return RowInput(RowKind.QUANTITATIVE, t.comparator, av, tv)
