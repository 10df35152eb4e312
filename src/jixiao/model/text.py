"""Text normalisation shared by every parser: full-width → half-width, comparators, spaces.

Documents mix full-width digits (１２３), full-width signs (＞＝, ％), the ≧/≦ variants and
stray spaces inside numbers ("879. 00"). Everything that turns text into a value first goes
through :func:`normalize`.

>>> normalize("≧ ７３５")
'≥ 735'
>>> normalize("＞＝９５％")
'≥95%'
>>> compact(" （1）数量 指标： ")
'数量指标'
"""

from __future__ import annotations

import re
from typing import Final

_FULLWIDTH_OFFSET: Final = 0xFEE0
_EXTRA: Final[dict[int, str]] = {
    0x3000: " ",  # ideographic space
    0x00A0: " ",  # no-break space
    0x2267: "≥",  # ≧
    0x2266: "≤",  # ≦
    0x2A7E: "≥",  # ⩾
    0x2A7D: "≤",  # ⩽
    0xFE65: ">",  # small >
    0xFE64: "<",
    0x2014: "—",
    0x3002: "。",
}
# full-width punctuation a Chinese sentence needs stays full-width; only the characters that
# carry numbers and comparators are folded.
_KEEP_FULLWIDTH: Final = frozenset("，：；（）！？")

_TRANSLATE: Final[dict[int, str]] = {
    **{
        code: chr(code - _FULLWIDTH_OFFSET)
        for code in range(0xFF01, 0xFF5F)
        if chr(code) not in _KEEP_FULLWIDTH
    },
    **_EXTRA,
}

_COMPARATOR_SPELLINGS: Final = (
    (re.compile(r">\s*=|=\s*>"), "≥"),
    (re.compile(r"<\s*=|=\s*<"), "≤"),
    (re.compile(r"≥\s*="), "≥"),
    (re.compile(r"≤\s*="), "≤"),
)

_THOUSANDS_COMMA: Final = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")

_LIST_PREFIX: Final = re.compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9]+\s*[.、．]|"
    r"[一二三四五六七八九十]+\s*、)\s*"
)
_NOISE: Final = re.compile(r"[\s，,。.：:；;、“”\"'‘’（）()\[\]【】《》<>!！?？·…\-—_/]+")


def normalize(text: str) -> str:
    """Fold full-width digits, letters and signs to ASCII and unify comparator spellings."""
    out = _THOUSANDS_COMMA.sub(",", text.translate(_TRANSLATE))
    for pattern, repl in _COMPARATOR_SPELLINGS:
        out = pattern.sub(repl, out)
    return out


def strip_list_prefix(text: str) -> str:
    """Remove a leading list marker: "1." "（2）" "三、".

    >>> strip_list_prefix("（5）预算执行率指标")
    '预算执行率指标'
    """
    return _LIST_PREFIX.sub("", text, count=1)


def compact(text: str) -> str:
    """Normalised text for comparison: no list prefix, spaces or punctuation."""
    return _NOISE.sub("", strip_list_prefix(normalize(text)))


_OPEN: Final = "（("
_CLOSE: Final = "）)"


def bracket_at(text: str, start: int) -> str | None:
    """The content of the bracket that opens at ``start``, nested brackets kept; ``None`` when
    it never closes.

    >>> bracket_at("良好（甲、乙（东、西））其余", 2)
    '甲、乙（东、西）'
    """
    depth = 0
    for i in range(start, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
    return None


def split_top(text: str, sep: str = "、") -> list[str]:
    """``text`` split on ``sep`` outside brackets, each part stripped.

    >>> split_top("甲、乙（东、西）、丙")
    ['甲', '乙（东、西）', '丙']
    """
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += (c in _OPEN) - (c in _CLOSE)
        if c == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts
