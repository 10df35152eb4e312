"""Indicator values as written in real documents (issue #3 item 4, seeds 003 and 004)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.indicator_value import Direction, ValueKind, parse_value, tier_of_phrase

GE, GT, LE, LT, EQ = Direction.GE, Direction.GT, Direction.LE, Direction.LT, Direction.EQ


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("≥50个", GE, "50", "个"),
        ("≧ 735", GE, "735", None),  # the ≧ variant and a space
        ("≤90万元", LE, "90", "万元"),
        ("=100%", EQ, "100", "%"),
        ("≥100百分比", GE, "100", "%"),  # seed 004 table 7
        ("≥100 百分 比", GE, "100", "%"),  # the same, split by the PDF extraction
        ("不低于95%", GE, "95", "%"),
        ("不超过2600万元", LE, "2600", "万元"),
        ("＞＝９５％", GE, "95", "%"),  # full-width digits and signs
        (">=90%", GE, "90", "%"),
        ("<=100%", LE, "100", "%"),
        ("≤170人", LE, "170", "人"),
        ("=1 个", EQ, "1", "个"),
        ("91万", None, "91", "万"),  # seed 004: no comparator
        ("95%以上", GE, "95", "%"),
        ("5天以内", LE, "5", "天"),
        ("大于80%", GT, "80", "%"),
        ("低于5%", LT, "5", "%"),
        ("1,234.5吨", None, "1234.5", "吨"),
        ("百分之九十五", None, "95", "%"),
        ("≥三十个", GE, "30", "个"),
        ("100", None, "100", None),
    ],
)
def test_quantitative(
    text: str, comparator: Direction | None, value: str, unit: str | None
) -> None:
    v = parse_value(text)
    assert v.kind is ValueKind.QUANTITATIVE
    assert (v.comparator, v.value, v.unit) == (comparator, Decimal(value), unit)
    assert v.text == text  # kept as written


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("达成年度指标", 1),
        ("部分达成年度指标并具有一定效果", 2),
        ("未达成年度指标且效果较差", 3),
        ("达成预期指标", 1),
        ("效果明显", 1),
        ("基本完成", 2),
        ("100%-80%(含)", 1),  # seed 003 writes the tier range where the label belongs
        ("80%-60%(含)", 2),
        ("60%-0%", 3),
        ("健全", None),
        ("有效提升", None),
    ],
)
def test_qualitative_tiers(text: str, tier: int | None) -> None:
    v = parse_value(text)
    assert v.kind is ValueKind.QUALITATIVE
    assert v.comparator is Direction.QUALITATIVE
    assert v.tier == tier
    assert v.value is None  # never a silent zero


@pytest.mark.parametrize("text", ["%", "≥%", "≥", "≥优", "≥abc个"])
def test_unparsed_is_marked(text: str) -> None:
    v = parse_value(text)
    assert v.kind is ValueKind.UNPARSED
    assert v.value is None
    assert v.note


@pytest.mark.parametrize("text", ["", "/", "—", "-", None])
def test_empty(text: str | None) -> None:
    assert parse_value(text).kind is ValueKind.EMPTY


def test_words_with_a_number_inside_are_qualitative() -> None:
    # "完成3个村庄规划编制": a sentence, not a value with a unit
    assert parse_value("完成3个村庄规划编制").kind is ValueKind.QUALITATIVE
    assert parse_value("3个村庄规划编制完成").kind is ValueKind.QUALITATIVE


def test_money_units_convert() -> None:
    assert parse_value("≤2600万").in_wan() == Decimal(2600)
    assert parse_value("2450000元").in_wan() == Decimal(245)
    assert parse_value("≥50个").in_wan() is None


def test_tier_phrase_order_puts_negations_first() -> None:
    assert tier_of_phrase("未达成") == 3
    assert tier_of_phrase("部分达成") == 2
    assert tier_of_phrase("已达成") == 1


@given(st.text(max_size=40))
def test_never_raises(text: str) -> None:
    v = parse_value(text)
    assert v.text == text
    assert v.kind in ValueKind
    if v.kind is ValueKind.QUANTITATIVE:
        assert v.value is not None
    else:
        assert v.value is None
