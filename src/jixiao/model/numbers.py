"""The only place where text becomes a number. Amounts are 万元 ``Decimal``; never ``float``.

>>> parse_amount("405.378599 万元")
Amount(value=Decimal('405.378599'), unit='万元')
>>> parse_amount("4053785.99元").in_wan()
Decimal('405.378599')
>>> parse_amount("1.2亿元").in_wan()
Decimal('12000.0')
>>> parse_amount("28,308,987.43", default_unit="元").in_wan()
Decimal('2830.898743')
>>> parse_amount("三十万元").in_wan()
Decimal('30')
>>> round_points(Decimal("4604") / Decimal("4754") * 10)
Decimal('9.68')
>>> parse_number("１，２３４.５")
Decimal('1234.5')
>>> parse_number("879. 00")
Decimal('879.00')
>>> parse_number("abc") is None
True
>>> ocr_digits("IO"), ocr_digits("9.6l"), ocr_digits("1O0%")
('10', '9.61', '100%')
>>> ocr_digits("M.8") is None, ocr_digits("10") is None, ocr_digits("Old") is None
(True, True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    InvalidOperation,
)
from typing import Final

from jixiao.model.chinese_numerals import parse_chinese_numeral
from jixiao.model.text import normalize

ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)
HUNDRED: Final = Decimal(100)
TWO_PLACES: Final = Decimal("0.01")

ROUNDING_MODES: Final[dict[str, str]] = {
    "half_up": ROUND_HALF_UP,  # 四舍五入, the default everywhere
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
}

# unit as written → the factor that turns it into 万元 (exact: a power of ten)
MONEY_UNITS: Final[dict[str, Decimal]] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}

_ARABIC: Final = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\s?\d+)?|[-+]?\.\d+")
# Letters OCR reads in place of digits, and the digit each stands for.
_OCR_DIGITS: Final = str.maketrans({"I": "1", "l": "1", "O": "0", "o": "0"})
_OCR_NUMBER: Final = re.compile(r"[0-9IlOo]+(?:\.[0-9IlOo]+)?%?")
_AMOUNT: Final = re.compile(
    r"^\s*(?P<num>[-+]?[\d,]*\.?\s?\d+|[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点负]+?)"
    r"\s*(?P<unit>千元|万元|亿元|元|万|亿)?\s*$"
)


# Magnitudes a document's number can have: 10^-6 … 10^15 (a 万亿 amount in 元 is 10^12). A
# longer run of digits is an account or certificate number, not an amount; within the range a
# ratio (≤ 10^20) in percent rounds to 0.01 within Decimal's default 28 digits, and the
# scoring rounds with 60.
MIN_EXPONENT: Final = -6
MAX_EXPONENT: Final = 14
SCORING_DIGITS: Final = 60
_ROUNDING_CONTEXT: Final = Context(prec=SCORING_DIGITS)


def plausible(value: Decimal) -> bool:
    """A finite number a document can mean: zero, or with its leading digit at 10^-6 … 10^14.

    >>> plausible(Decimal("4754")), plausible(Decimal("6222020200112233445")), plausible(Decimal(0))
    (True, False, True)
    """
    return value.is_finite() and (not value or MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT)


def D(value: str | int | Decimal) -> Decimal:  # noqa: N802 - the short constructor, as in Beancount
    """A ``Decimal`` from a literal; refuses floats, which would carry binary noise."""
    if isinstance(value, float):
        raise TypeError("floats are not amounts; pass a string")
    return value if isinstance(value, Decimal) else Decimal(value)


def parse_number(text: str | None) -> Decimal | None:
    """A plain number (Arabic, with thousands separators, or in Chinese numerals), or ``None``.

    The whole text must be the number: ``"95%"`` is not a number here (see
    :func:`jixiao.model.indicator_value.parse_value`).
    """
    if text is None:
        return None
    s = normalize(text).strip()
    if not s:
        return None
    m = _ARABIC.fullmatch(s)
    if m:
        try:
            value: Decimal | None = Decimal(s.replace(",", "").replace(" ", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return None
    else:
        value = parse_chinese_numeral(s)
    return value if value is not None and plausible(value) else None


def ocr_digits(text: str) -> str | None:
    """The text with the letters OCR puts for digits (I and l for 1, O and o for 0) read as
    digits, when the whole text is a number once they are and holds at least one of them;
    else ``None``. Safe only where a number is expected (a score or an amount cell): any other
    letter ("M.8"), or a word, is not a number and stays unread.
    """
    s = normalize(text).strip()
    if not _OCR_NUMBER.fullmatch(s) or s == s.translate(_OCR_DIGITS):
        return None
    return s.translate(_OCR_DIGITS)


def match_number(text: str) -> tuple[Decimal, int] | None:
    """The number at the start of ``text`` (already normalised) and where it ends."""
    m = _ARABIC.match(text)
    if not m:
        return None
    try:
        value = Decimal(m.group(0).replace(",", "").replace(" ", ""))
    except InvalidOperation:  # pragma: no cover
        return None
    return (value, m.end()) if plausible(value) else None


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as written: its number and its unit (元, 万元, 亿元 …)."""

    value: Decimal
    unit: str

    def in_wan(self) -> Decimal:
        """Exact conversion to 万元 (a shift of the decimal point, never a rounding)."""
        return self.value * MONEY_UNITS[self.unit]


def parse_amount(text: str | None, default_unit: str = "万元") -> Amount | None:
    """An amount with its unit; ``default_unit`` applies when the text has none."""
    if text is None:
        return None
    s = normalize(text).strip().removesuffix("整")
    m = _AMOUNT.match(s)
    if not m:
        return None
    num = m.group("num")
    value = parse_number(num)
    if value is None:
        return None
    unit = m.group("unit") or default_unit
    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}")
    return Amount(value, unit)


def round_points(value: Decimal, places: int = 2, mode: str = "half_up") -> Decimal:
    """Round points the way the rule set says (default 2 places, 四舍五入)."""
    return value.quantize(
        Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode], context=_ROUNDING_CONTEXT
    )


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in percent, unrounded; ``None`` for a zero or negative whole."""
    if whole <= 0:
        return None
    return part / whole * HUNDRED


def fmt(value: Decimal | None) -> str:
    """A decimal as plain text without exponent ("1E+1" → "10")."""
    return "—" if value is None else format(value, "f")
