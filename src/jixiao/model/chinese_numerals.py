"""Chinese numerals (汉字数字, 大写 included) → exact ``Decimal``.

stack.md names cn2an for this. We parse them ourselves because the core (`model`) imports the
standard library only, and because cn2an returns floats (``"三万五千点五"`` → ``35000.5``), which
would have to be re-rounded into a ``Decimal``. The test suite checks this parser against cn2an
on generated numerals, so the two cannot drift apart.

>>> parse_chinese_numeral("三十万")
Decimal('300000')
>>> parse_chinese_numeral("一亿二千万")
Decimal('120000000')
>>> parse_chinese_numeral("三万五千点五")
Decimal('35000.5')
>>> parse_chinese_numeral("壹佰零伍")
Decimal('105')
>>> parse_chinese_numeral("一万二")
Decimal('12000')
>>> parse_chinese_numeral("十二")
Decimal('12')
>>> parse_chinese_numeral("一百零五")
Decimal('105')
>>> parse_chinese_numeral("二〇二四")
Decimal('2024')
>>> parse_chinese_numeral("abc") is None
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: Final[dict[str, int]] = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
}  # fmt: skip
BIG_UNITS: Final[dict[str, int]] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
POINT: Final = frozenset("点點")
NEGATIVE: Final = frozenset("负負")
NUMERAL_CHARS: Final = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(BIG_UNITS) | POINT


def _integer_part(text: str) -> int | None:
    total = 0  # completed 亿 groups
    section = 0  # completed 万 groups below the current 亿
    group = 0  # below 万
    digit: int | None = None
    last_unit = 1
    for ch in text:
        if ch in DIGITS:
            if digit:
                return None  # two digits in a row ("一二") are not a numeral
            digit = DIGITS[ch]
            if digit == 0:
                last_unit = 1  # "一百零五": a digit after 零 counts units
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            group += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        elif ch in BIG_UNITS:
            big = BIG_UNITS[ch]
            value = group + (digit or 0)
            if big == 10**8:
                total = (total + section + value) * big
                section = 0
            else:
                section = (section + value) * big
            group, digit, last_unit = 0, None, big
        else:
            return None
    if digit:
        # "一万二" = 12000 and "三百五" = 350: a lone trailing digit takes the next lower unit
        group += digit * (last_unit // 10 if last_unit >= 10 else 1)  # noqa: PLR2004
    return total + section + group


def parse_chinese_numeral(text: str) -> Decimal | None:
    """Parse a numeral written in Chinese characters; ``None`` when it is not one."""
    s = text.strip()
    if not s or not set(s) <= NUMERAL_CHARS | NEGATIVE:
        return None
    sign = 1
    if s[0] in NEGATIVE:
        sign, s = -1, s[1:]
    head, point, tail = next(
        ((s[:i], ch, s[i + 1 :]) for i, ch in enumerate(s) if ch in POINT), (s, "", "")
    )
    if (not head and not tail) or (point and not tail):
        return None
    if head and all(ch in DIGITS for ch in head) and len(head) > 1:
        whole: int | None = int("".join(str(DIGITS[ch]) for ch in head))  # "二〇二四"
    elif head and not set(head) & (set(DIGITS) | set(SMALL_UNITS)):
        return None  # "万" alone is no number
    else:
        whole = _integer_part(head) if head else 0
    if whole is None:
        return None
    if not tail:
        return Decimal(sign * whole)
    if not all(ch in DIGITS for ch in tail):
        return None
    fraction = "".join(str(DIGITS[ch]) for ch in tail)
    return Decimal(f"{'-' if sign < 0 else ''}{whole}.{fraction}")
