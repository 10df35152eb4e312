"""Tolerances of checks.md §0 and the money helpers of the arithmetic and execution checks.

Amounts agree within 0.01 万元, widened by the rounding the document itself did: every figure
may be off by half a unit of its last written digit ("26448" by 0.5, "2378.0165" by 0.00005,
"4.2亿" by 0.05 亿 = 500 万). A sum of rounded figures may be off by the sum of those halves, so
that is the widest gap a check lets pass as rounding. Figures written in 亿 lose their written
precision when turned into 万元 (4.2 × 10 000 = "42000.0"); it is recovered from the text.

>>> half_unit(Decimal("26448")), half_unit(Decimal("2378.0165")), half_unit(Decimal("0"))
(Decimal('0.5'), Decimal('0.00005'), Decimal('0'))
>>> precision_of("入库4.22亿元，其中收入4.2亿元").half(Decimal("42000.0"))
Decimal('500.00')
>>> rates_agree(Decimal("83"), Decimal("83.42")), rates_agree(Decimal("80"), Decimal("83.42"))
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

from jixiao.model.evaluation import Breakdown, Evaluation, Part, ProjectLine
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED, MONEY_UNITS, ZERO, fmt
from jixiao.model.text import bracket_at, normalize, split_top

AMOUNT_TOLERANCE: Final = Decimal("0.01")  # 万元 (checks.md §0)
SCORE_TOLERANCE: Final = Decimal("0.01")  # scores and weights
RATE_RELATIVE: Final = Decimal("0.005")  # derived figures: 0.5 % relative
HALF: Final = Decimal("0.5")
_YI: Final = Decimal(10000)
_YI_FIGURE: Final = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*亿")


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit as written (zero is exact)."""
    if value == ZERO:
        return ZERO
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: no digits to speak of
        return ZERO
    return HALF * Decimal(1).scaleb(exponent)


@dataclass(frozen=True)
class Precision:
    """The written precision of the figures a document gives in 亿 (value in 万元 → half unit)."""

    yi: dict[Decimal, Decimal] = field(default_factory=dict)

    def half(self, value: Decimal) -> Decimal:
        """Half a unit of the last digit the document wrote for ``value`` (in 万元)."""
        if value == ZERO:
            return ZERO
        return max(half_unit(value), self.yi.get(value.normalize(), ZERO))

    def tolerance(self, values: Iterable[Decimal], money: bool = True) -> Decimal:
        """Agreement tolerance between ``values`` (checks.md §0): at least 0.01 万元, and the
        widest gap rounding alone can make, Σ half units."""
        bound = sum((self.half(v) for v in values), ZERO)
        return max(AMOUNT_TOLERANCE if money else ZERO, bound)


@lru_cache(maxsize=32)
def precision_of(text: str) -> Precision:
    """The 亿 figures of a document's text with their written precision."""
    found: dict[Decimal, Decimal] = {}
    for m in _YI_FIGURE.finditer(normalize(text)):
        written = Decimal(m.group(1))
        wan = (written * _YI).normalize()
        found[wan] = max(found.get(wan, ZERO), half_unit(written) * _YI)
    return Precision(found)


def is_money(unit: str | None) -> bool:
    return unit is not None and unit.strip() in MONEY_UNITS


def rates_agree(stated: Decimal, computed: Decimal) -> bool:
    """A stated rate (percent) against the one its amounts give: 0.5 % relative, or the
    rounding of the stated figure ("83%" for 83.42 %)."""
    if stated == HUNDRED and computed >= HUNDRED:
        return True  # a form that shows the rate capped at 100 %
    gap = abs(stated - computed)
    return gap <= RATE_RELATIVE * abs(computed) or gap <= half_unit(stated)


def scores_agree(stated: Decimal, expected: Decimal) -> bool:
    """Scores agree within 0.01; a score written to one decimal may round the expected one."""
    gap = abs(stated - expected)
    one_decimal = stated.as_tuple().exponent == -1
    return gap <= SCORE_TOLERANCE or (one_decimal and gap <= half_unit(stated))


def rounded(value: Decimal, places: str = "0.01") -> Decimal:
    """``value`` rounded for display; a figure too large to round is shown as it is."""
    try:
        return value.quantize(Decimal(places))
    except InvalidOperation:
        return value


def pct_text(value: Decimal) -> str:
    """A rate for messages: two decimals, "57.91%"."""
    return f"{fmt(rounded(value))}%"


def change_text(before: Decimal, after: Decimal) -> str:
    """A relative change for messages: "+96.5%", "−81.3%"."""
    change = (after - before) / before * HUNDRED
    sign = "+" if change >= 0 else "−"
    return f"{sign}{fmt(rounded(abs(change), '0.1'))}%"


def amount_text(value: Decimal) -> str:
    """An amount for messages, without the trailing zeros a sum carries ("28826.0165")."""
    text = fmt(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


GROSS_WORDS: Final = ("原值", "原价", "累计折旧", "累计摊销")  # gross members of a gross/net pair
NET_WORDS: Final = ("净值", "净额")
COUNT_UNITS: Final = frozenset(
    [*"个项人名户宗家件次起所座处条块栋套辆台批类本份幅棵株间", "人次", "项目"]
)
_OPEN: Final = "（("
_CLOSE: Final = "）)"
_NOT_A_LIST: Final = ("含", "包括", "其中", "即", "如", "主要", "约", "不含")
_MIN_NAME: Final = 2
_MIN_SIBLINGS: Final = 3  # a total among at least two other parts
_MIN_DIGITS: Final = 4  # … written precisely enough not to match by coincidence
_SUFFIX: Final = 2  # siblings of one kind end alike (基本支出, 项目支出, 经营支出)
_COLUMN_FIELDS: Final = (("年初预算数", "initial"), ("全年预算数", "total"),
                          ("全年执行数", "executed"))  # fmt: skip
_REST_WORDS: Final = ("其他", "其它", "其余", "剩余")
_GRADES: Final = 4
_NOT_SIBLING: Final = ("年初", "调整", "追加", "调减", "全年", "年末", "上年", "累计", "合计", "总",
                       "共计", "小计", "增加", "减少", "增长", "下降", "结余", "结转")  # fmt: skip
_GRADE_WORDS: Final = ("优秀", "良好", "一般", "较差", "合格", "“优”", "“良”", "“中”", "“差”")
_BRACKETED: Final = re.compile(r"[（(][^（()）]*[)）]")


def is_gross(label: str) -> bool:
    return any(w in label for w in GROSS_WORDS)


def is_count(unit: str | None, values: Iterable[Decimal]) -> bool:
    """Integers of a count unit (个, 人, 项 …): compared exactly, not as amounts."""
    if unit is None or unit.strip() not in COUNT_UNITS:
        return False
    return all(v == v.to_integral_value() for v in values)


def where(bd: Breakdown, default: str = "whole") -> Location | None:
    """The breakdown's place; a money table's column becomes the field (``total`` …)."""
    if bd.location is None:
        return None
    name = next((f for words, f in _COLUMN_FIELDS if words in bd.label), default)
    return bd.location.at(name)


def part_values(parts: Sequence[Part]) -> list[Decimal] | None:
    """Every part's value, or ``None`` when one is unknown."""
    values = [p.value for p in parts if p.value is not None]
    return values if len(values) == len(parts) else None


def precision_for(bd: Breakdown, text: str) -> Precision:
    return precision_of(text) if is_money(bd.unit) else Precision()


def exceeding(bd: Breakdown, prec: Precision) -> list[Part]:
    """Parts above their whole (gross members of a gross/net pair are exempt)."""
    whole = bd.whole
    if whole is None or whole <= ZERO or bd.kind != "sum":
        return []
    money = is_money(bd.unit)
    return [
        p
        for p in bd.parts
        if p.value is not None
        and not is_gross(p.label)
        and p.value - whole > prec.tolerance((p.value, whole), money)
    ]


def _suffix(label: str) -> str:
    return _BRACKETED.sub("", label).strip()[-_SUFFIX:]


def doubled(bd: Breakdown, prec: Precision) -> tuple[Part, Decimal] | None:
    """A part equal to the sum of its siblings (money counted twice), with that sum."""
    parts = [p for p in bd.parts if p.value is not None and p.value != ZERO]
    if bd.kind != "sum" or not is_money(bd.unit) or len(parts) < _MIN_SIBLINGS:
        return None
    if len({_suffix(p.label) for p in parts}) != 1:
        return None
    if any(is_gross(p.label) or any(w in p.label for w in _NOT_SIBLING) for p in parts):
        return None  # stages (年初 → 调整后), changes, stated totals ("合计") are no siblings
    values = [p.value for p in parts if p.value is not None]
    total = sum(values, ZERO)
    if bd.whole is not None and abs(bd.whole - total) <= prec.tolerance((bd.whole, *values)):
        return None  # the parts give the stated whole: nothing is counted twice
    for p, value in zip(parts, values, strict=True):
        if len(value.normalize().as_tuple().digits) < _MIN_DIGITS:
            continue
        if abs(value - (total - value)) <= prec.tolerance(values):
            return p, total - value
    return None


def complete(bd: Breakdown) -> bool:
    """Does the breakdown name every part? A table's child rows do, and so does a 净值 triple;
    a 其中 sentence only shows it by a zero part, a closing "其他…", or a full set of grade
    classes (checks.md PARTS_NE_WHOLE). Sentences often name only the main parts without "等"."""
    loc = bd.location or Location()
    if not bd.closed:
        return False
    if bd.kind == "difference" or loc.table is not None or loc.sheet is not None:
        return True
    if any(p.value == ZERO for p in bd.parts):
        return True
    if any(w in p.label for p in bd.parts for w in _REST_WORDS):
        return True
    graded = all(any(w in p.label for w in _GRADE_WORDS) for p in bd.parts)
    return graded and len(bd.parts) >= _GRADES  # every grade named, not just the top ones


def summed_parts(bd: Breakdown) -> list[Part] | None:
    """The parts that add up to the whole: a gross/net pair counts by its net member; a gross
    member without its net member makes the sum unknowable (``None``)."""
    if not any(is_gross(p.label) for p in bd.parts):
        return list(bd.parts)
    if any(w in p.label for p in bd.parts for w in NET_WORDS):
        return [p for p in bd.parts if not is_gross(p.label)]
    return None


def _bracket(text: str) -> str | None:
    """The content of the first bracket of ``text`` (nested brackets kept), or ``None``."""
    start = next((i for i, c in enumerate(text) if c in _OPEN), None)
    return None if start is None else bracket_at(text, start)


def named_items(label: str) -> list[str] | None:
    """The names listed in the bracket after a class count ("良好（甲、乙、丙）"): split on 、 at
    the top bracket level. ``None`` when the bracket is no closed list of names (none, one
    name, "…等", "含…")."""
    content = _bracket(normalize(label))
    if content is None or content.strip().startswith(_NOT_A_LIST):
        return None
    names = split_top(content)
    if len(names) < _MIN_NAME or names[-1].endswith("等"):
        return None
    if any(len(n) < _MIN_NAME for n in names):
        return None
    return names


_UNITS: Final = "户|人|亩|宗|个|名|家|处|所|套|间"
_PER: Final = re.compile(
    rf"每(?P<unit>{_UNITS})(?P<gap>[^，。；,;\d]{{0,6}}?)(?P<num>\d+(?:\.\d+)?)(?P<money>万元|元)"
    rf"|(?P<num2>\d+(?:\.\d+)?)(?P<money2>万元|元)/(?P<unit2>{_UNITS})"
)
_COUNT: Final = re.compile(rf"(?<![\d.每/])(\d+(?:\.\d+)?)({_UNITS})(?!次)")
_LIMIT_WORDS: Final = ("最高", "不超过", "最多", "上限", "以内", "不低于", "至少", "最低",
                       "以上", "以下", "左右", "约", "平均不超过", "起")  # fmt: skip
_LIMIT_REACH: Final = 4  # characters either side of the per-unit phrase searched for a limit
_FIELDS: Final = ("goal", "indicator_text", "achieved", "purpose")
_RELATIVE: Final = Decimal("1.005")


@dataclass(frozen=True)
class PerUnit:
    count: Decimal
    unit: str
    each_wan: Decimal
    product: Decimal
    amount: Decimal  # the project's larger money figure, which the product exceeds


def _per_unit(text: str) -> tuple[str, Decimal, tuple[int, int]] | None:
    """The paragraph's one per-unit amount: (unit, 万元 per unit, span); ``None`` when there is
    none, several, or a limit ("最高每户10万元")."""
    found = list(_PER.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    unit = m.group("unit") or m.group("unit2")
    num = m.group("num") or m.group("num2")
    money = m.group("money") or m.group("money2")
    around = text[max(0, m.start() - _LIMIT_REACH) : m.end() + _LIMIT_REACH] + (
        m.group("gap") or ""
    )
    if any(w in around for w in _LIMIT_WORDS):
        return None
    return unit, Decimal(num) * MONEY_UNITS[money], m.span()


def product_in(text: str) -> tuple[Decimal, str, Decimal, Decimal] | None:
    """(count, unit, 万元 per unit, product) of one paragraph; ``None`` unless it names exactly
    one per-unit amount and exactly one count of that unit."""
    flat = re.sub(r"\s+", "", normalize(text))
    per = _per_unit(flat)
    if per is None:
        return None
    unit, each, (start, end) = per
    counts = {
        Decimal(m.group(1))
        for m in _COUNT.finditer(flat)
        if m.group(2) == unit and not start <= m.start() < end
    }
    if len(counts) != 1:
        return None
    count = counts.pop()
    return count, unit, each, count * each


def per_unit_products(ev: Evaluation) -> Iterator[tuple[ProjectLine, str, PerUnit]]:
    """Projects whose paragraph gives count × unit amount above both their budget and spending."""
    for project in ev.projects:
        amounts = [a for a in (project.budget_wan, project.executed_wan) if a is not None]
        if not amounts or max(amounts) <= ZERO:
            continue
        top = max(amounts)
        for name in _FIELDS:
            text = getattr(project, name)
            found = product_in(text) if isinstance(text, str) else None
            if found is None:
                continue
            count, unit, each, product = found
            if product > top * _RELATIVE and product - top > AMOUNT_TOLERANCE:
                yield project, name, PerUnit(count, unit, each, product, top)


_SENTENCE: Final = re.compile(r"[。；;！!？?\n]+")
_SPENDING_WORDS: Final = ("执行率", "支出进度", "支付进度", "执行进度", "拨付", "未支付", "结转",
                          "资金未到位", "未到位", "使用率", "支出率", "未使用", "未支出", "结余",
                          "支出缓慢", "付款")  # fmt: skip
_CAUSE_WORDS: Final = ("原因", "由于", "因", "导致", "造成", "缓慢", "较慢", "滞后", "未能", "尚未",
                       "未完成", "影响", "延迟", "延期", "较低", "偏低", "不足")  # fmt: skip
_ADJUST_WORDS: Final = ("调整", "追加", "调减", "调剂", "调增")
_ADJUST_REASON_WORDS: Final = ("因", "由于", "原因", "用于", "主要是", "主要为", "新增")
_BUDGET_WORDS: Final = ("预算", "资金", "经费", "支出", "拨款", "万元")


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def spending_explained(problems: Iterable[str], text: str) -> bool:
    """Low execution is explained by a problem that names spending (执行率, 支付进度, 拨付 …),
    or by a sentence that gives a cause of slow spending. "执行监管", "执行计划" do not count."""
    if any(_has(p, _SPENDING_WORDS) for p in problems):
        return True
    return any(_has(s, _SPENDING_WORDS) and _has(s, _CAUSE_WORDS) for s in _sentences(text))


def adjustment_explained(text: str, reasons: Iterable[str]) -> bool:
    """A sentence joining an adjustment word, a reason word and a budget word (not "调减分值"),
    or a reason cell that speaks of the adjustment."""
    for s in _sentences(text):
        if _has(s, _ADJUST_WORDS) and _has(s, _ADJUST_REASON_WORDS) and _has(s, _BUDGET_WORDS):
            return True
    return any(_has(r, _ADJUST_WORDS) for r in reasons)
