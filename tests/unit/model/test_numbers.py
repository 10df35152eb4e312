"""Text → Decimal: what people write in the documents, converted exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.numbers import D, parse_amount, parse_number, pct, round_points


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", "1234.5"),
        ("１２３４.５", "1234.5"),  # full-width digits
        ("１，２３４.５", "1234.5"),  # full-width thousands comma
        ("879. 00", "879.00"),  # a space the PDF extraction put after the point
        ("-3", "-3"),
        ("0.5", "0.5"),
        ("三十万", "300000"),
        ("一亿二千万", "120000000"),
    ],
)
def test_parse_number(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "95%", "≥50", "1.2.3", None])
def test_parse_number_refuses_non_numbers(text: str | None) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "default", "wan"),
    [
        # seed 003 writes its money table in 元: 28 308 987.43 元 = 2830.898743 万元 exactly
        ("28308987.43", "元", "2830.898743"),
        ("405.378599 万元", "万元", "405.378599"),  # cn2an would drop these decimals (pitfall 9)
        ("4053785.99元", "万元", "405.378599"),
        ("1.2亿元", "万元", "12000"),
        ("4.2亿", "万元", "42000"),
        ("2600万", "万元", "2600"),
        ("三十万元", "万元", "30"),
        ("1,234.5千元", "万元", "123.45"),
    ],
)
def test_amounts_convert_exactly_to_wan(text: str, default: str, wan: str) -> None:
    amount = parse_amount(text, default_unit=default)
    assert amount is not None
    assert amount.in_wan() == Decimal(wan)


def test_parse_amount_refuses_words() -> None:
    assert parse_amount("保障单位工作") is None
    assert parse_amount("") is None


def test_d_refuses_floats() -> None:
    with pytest.raises(TypeError):
        D(0.1)  # type: ignore[arg-type]


def test_round_points_is_half_up_by_default() -> None:
    # 2.997 → 3.00 and 3.006 → 3.01 are seed 003's qualitative scores (0.9 × 3.33, 0.9 × 3.34);
    # 2.675 would become 2.67 under binary floats and banker's rounding, never here.
    assert round_points(Decimal("2.997")) == Decimal("3.00")
    assert round_points(Decimal("3.006")) == Decimal("3.01")
    assert round_points(Decimal("2.675")) == Decimal("2.68")
    assert round_points(Decimal("2.675"), mode="half_even") == Decimal("2.68")
    assert round_points(Decimal("2.665"), mode="half_even") == Decimal("2.66")
    assert round_points(Decimal("2.679"), mode="down") == Decimal("2.67")


def test_pct_of_zero_whole_is_undefined() -> None:
    assert pct(Decimal(5), Decimal(0)) is None
    assert pct(Decimal(1), Decimal(4)) == Decimal(25)


@given(st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False))
def test_yuan_to_wan_round_trip_is_exact(value: Decimal) -> None:
    text = format(value, "f")
    amount = parse_amount(text + "元")
    assert amount is not None
    assert amount.in_wan() * 10000 == value


def test_a_run_of_digits_longer_than_an_amount_is_not_a_number() -> None:
    """19 digits is a bank-card number; 10^15 and above is no amount even in 元 (万亿 = 10^12)."""
    assert parse_number("6222020200112233445") is None
    assert parse_number("1000000000000000") is None  # 10^15
    assert parse_number("999999999999999") == Decimal("999999999999999")  # 10^15 − 1
    assert parse_number("0.000001") == Decimal("0.000001")
    assert parse_number("0.0000001") is None
    assert parse_number("0") == Decimal(0)
