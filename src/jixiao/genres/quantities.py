"""Amounts and counts in running text, and the wholes and parts a sentence states.

"2025年预算收入28826.6921万元，其中：一般公共预算收入2378.0165万元，…" is a whole with its
parts; "基本支出1561.6451万元，包括人员经费1511.7151万元和日常公用经费49.93万元；项目支出…"
nests a second breakdown under a part. Amounts are converted to 万元 exactly.

>>> [(q.label, str(q.value), q.unit) for q in scan("预算收入4.22亿元，其中公开出让收入4.2亿元")]
[('预算收入', '42200.00', '万元'), ('公开出让收入', '42000.0', '万元')]
>>> [b.label for b in breakdowns_in("共自评5个项目，其中，3个项目评分优秀，2个项目评分良好。")]
['共自评']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.common import sentences
from jixiao.model.evaluation import Breakdown, Part
from jixiao.model.location import Location
from jixiao.model.numbers import MONEY_UNITS, parse_amount, parse_number
from jixiao.model.text import normalize

WAN: Final = "万元"

_SEPARATORS: Final = "，,；;：:。、"
_OPEN: Final = {"（": "）", "(": ")", "【": "】", "[": "]", "《": "》", "“": "”"}
_CLOSE: Final = {v: k for k, v in _OPEN.items()}
_LEAD: Final = re.compile(r"^(?:其中|包括|以及|和|及|与|另有|另)\s*")
_TRAIL: Final = re.compile(r"(?:为|是|共计|合计|总计|共|达到|达|约|计)\s*$")
_MIN_SIBLINGS: Final = 3  # fewer side-by-side amounts are columns of one row, not a list
# Gross and net members of an asset list: 净值 = 原值 − 累计折旧 (seed 001).
_GROSS: Final = "原值"
_DEPRECIATION: Final = "折旧"
_NET: Final = "净值"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit in a sentence; money is in 万元."""

    label: str
    value: Decimal
    unit: str  # "万元" for money, else the count word
    start: int
    end: int
    connector: str | None  # "其中" / "包括" between the previous quantity and this one
    new_clause: bool  # a "；" since the previous quantity (ends a 包括 list)

    @property
    def is_money(self) -> bool:
        return self.unit == WAN


def _last_clause(segment: str) -> str:
    """The text after the last top-level separator (brackets kept whole)."""
    depth = 0
    for i in range(len(segment) - 1, -1, -1):
        ch = segment[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in _SEPARATORS:
            return segment[i + 1 :]
    return segment


def _first_clause(segment: str) -> str:
    """The text up to the first top-level separator (brackets kept whole)."""
    depth = 0
    for i, ch in enumerate(segment):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in _SEPARATORS:
            return segment[:i]
    return segment


def _label(before: str, after: str) -> str:
    text = _last_clause(before)
    for word in ("其中", "包括"):
        if word in text:
            text = text.rsplit(word, 1)[1]
    text = _TRAIL.sub("", _LEAD.sub("", text.strip())).strip()
    return text or _first_clause(after).strip()


def _value(num: str, unit: str) -> tuple[Decimal, str] | None:
    if unit in MONEY_UNITS:
        amount = parse_amount(f"{num}{unit}")
        return None if amount is None else (amount.in_wan(), WAN)
    value = parse_number(num)
    return None if value is None else (value, unit)


@cache
def _quantity() -> re.Pattern[str]:
    counts = "|".join(vocab.sentence_words("count_units"))
    return re.compile(
        r"(?<![\d.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
        rf"(?P<unit>亿元|万元|千元|元(?!旦)|(?:{counts})(?![\d]))"
    )


def scan(sentence: str) -> list[Quantity]:
    """The quantities of one sentence, in order."""
    s = normalize(sentence)
    out: list[Quantity] = []
    # where the previous quantity of each family ended: a count inside an amount's label
    # ("公开出让14个项目17宗地收入4.2亿元") does not cut the label
    prev_end = {True: 0, False: 0}
    for m in _quantity().finditer(s):
        found = _value(m.group("num"), m.group("unit"))
        if found is None:
            continue
        money = found[1] == WAN
        between = s[prev_end[money] : m.start()]
        connector = next((w for w in ("其中", "包括") if w in between), None)
        label = _label(between, s[m.end() :])
        out.append(Quantity(label, found[0], found[1], m.start(), m.end(), connector,
                            "；" in between or ";" in between))  # fmt: skip
        prev_end[money] = m.end()
    return out


def _is_open(sentence: str, last: Quantity) -> bool:
    """A list that ends in "等" names only some parts."""
    return normalize(sentence)[last.end :].lstrip().startswith("等")


def _breakdown(
    label: str, whole: Decimal | None, parts: list[Quantity], closed: bool, loc: Location | None
) -> Breakdown:
    unit = parts[0].unit
    items = tuple(Part(p.label, p.value) for p in parts)
    return Breakdown(label, whole, items, closed, "sum", unit, loc)


def _parts_after(qs: list[Quantity], i: int) -> tuple[list[Quantity], dict[int, list[Quantity]]]:
    """Top-level parts from qs[i] on, and nested 包括 lists keyed by their parent's index."""
    unit = qs[i].unit
    parts: list[Quantity] = []
    nested: dict[int, list[Quantity]] = {}
    inside: int | None = None  # index in ``parts`` of the part a 包括 list belongs to
    for q in qs[i:]:
        if q.unit != unit:
            continue
        if q is not qs[i] and q.connector == "其中":
            break  # a second whole starts
        if q is not qs[i] and q.connector == "包括" and parts:
            inside = len(parts) - 1
        elif q.new_clause:
            inside = None
        if inside is None:
            parts.append(q)
        else:
            nested.setdefault(inside, []).append(q)
    return parts, nested


def _whole_before(qs: list[Quantity], i: int) -> Quantity | None:
    """The last quantity before qs[i] of its own kind (a count inside an amount's label is
    not the whole of amounts)."""
    return next((q for q in reversed(qs[:i]) if q.unit == qs[i].unit), None)


def _wholes(sentence: str, qs: list[Quantity], loc: Location | None) -> list[Breakdown]:
    out: list[Breakdown] = []
    used: set[int] = set()  # quantities already read as parts
    for i, q in enumerate(qs):
        whole = _whole_before(qs, i) if q.connector and id(q) not in used else None
        if whole is None:
            continue
        parts, nested = _parts_after(qs, i)
        closed = len(parts) > 1 and not _is_open(sentence, parts[-1])
        out.append(_breakdown(whole.label, whole.value, parts, closed, loc))
        used.update(id(p) for p in parts)
        for n, items in nested.items():
            used.update(id(p) for p in items)
            closed = len(items) > 1 and not _is_open(sentence, items[-1])
            out.append(_breakdown(parts[n].label, parts[n].value, items, closed, loc))
    return out


def _difference(qs: list[Quantity], loc: Location | None) -> Breakdown | None:
    """净值 = 原值 − 累计折旧, where a list names all three."""
    gross = next((q for q in qs if q.is_money and _GROSS in q.label), None)
    less = next((q for q in qs if q.is_money and _DEPRECIATION in q.label), None)
    net = next((q for q in qs if q.is_money and _NET in q.label), None)
    if gross is None or less is None or net is None:
        return None
    parts = (Part(gross.label, gross.value), Part(less.label, less.value))
    return Breakdown(net.label, net.value, parts, True, "difference", WAN, loc)


def _siblings(qs: list[Quantity], loc: Location | None) -> Breakdown | None:
    """Three or more amounts side by side with no whole stated (checks look for a total listed
    among its own parts)."""
    money = [q for q in qs if q.is_money]
    if len(money) < _MIN_SIBLINGS or any(q.connector for q in qs):
        return None
    label = "、".join(q.label for q in money)
    return _breakdown(label, None, money, False, loc)


def breakdowns_in(text: str, loc: Location | None = None) -> list[Breakdown]:
    """Every breakdown a paragraph states, sentence by sentence."""
    out: list[Breakdown] = []
    for sentence in sentences(text):
        qs = scan(sentence)
        if len(qs) < 2:  # noqa: PLR2004 - a whole and one part at least
            continue
        found = _wholes(sentence, qs, loc)
        diff = _difference(qs, loc)
        if diff is not None:
            found.append(diff)
        if not found:
            sib = _siblings(qs, loc)
            found = [sib] if sib is not None else []
        out.extend(found)
    return out
