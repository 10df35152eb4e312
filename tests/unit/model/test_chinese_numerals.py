"""Our exact Chinese-numeral parser agrees with cn2an (the library stack.md names)."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.chinese_numerals import parse_chinese_numeral


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_integers_agree_with_cn2an(n: int) -> None:
    # cn2an writes the numeral; we read it back exactly
    for mode in ("low", "up"):
        assert parse_chinese_numeral(cn2an.an2cn(n, mode)) == Decimal(n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三万五千点五", "35000.5"),  # cn2an returns the float 35000.5
        ("一百零五", "105"),
        ("两千", "2000"),
        ("一万二", "12000"),  # colloquial: the trailing digit takes the next lower unit
        ("三百五", "350"),
        ("十", "10"),
        ("负五", "-5"),
        ("二〇二四", "2024"),  # a year written digit by digit
        ("五五", "55"),
        ("零点零五", "0.05"),
    ],
)
def test_forms_people_write(text: str, expected: str) -> None:
    assert parse_chinese_numeral(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "万", "一点", "点", "abc", "一二三四五六七八九十x"])
def test_not_numerals(text: str) -> None:
    assert parse_chinese_numeral(text) is None
