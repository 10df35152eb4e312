"""The money block of a 自评表: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分.

Amounts are read in the block's unit ("整体支出规模(元)", "项目资金（万元）", "金额单位：万元")
and kept in 万元 exactly. A parent row and its child rows give one breakdown per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import clean, is_blank, key
from jixiao.genres.columns import (
    ColumnMap,
    column_map,
    field_of,
    is_fund_header,
    is_indicator_header,
)
from jixiao.genres.draft import Draft
from jixiao.genres.formrows import digits, label_of, money_unit, number, percent, row_location
from jixiao.model.blocks import Table
from jixiao.model.evaluation import Breakdown, Fund, Part
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED, parse_amount
from jixiao.model.text import strip_list_prefix

WAN: Final = "万元"
_AMOUNT_FIELDS: Final = ("initial", "total", "executed")
_COLUMN_LABELS: Final = {"initial": "年初预算数", "total": "全年预算数", "executed": "全年执行数"}
_ARABIC_ITEM: Final = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\s*\d{1,2}\s*[)）])")
_OF_WHICH: Final = re.compile(r"^\s*其中\s*[:：]?\s*")
_UNIT_NOTE: Final = re.compile(r"[（(]\s*(?:万元|千元|亿元|元)\s*[)）]")
_FRACTION_MAX: Final = Decimal("1.5")  # a rate at most this may be a fraction (0.9235)
_RATE_TOLERANCE: Final = Decimal("0.005")  # derived figures agree within 0.5 % (checks.md §0)


@dataclass(frozen=True, slots=True)
class FundBlock:
    funds: list[Fund]
    end: int  # the first grid row after the block


def _level(name: str) -> int:
    if key(name) in vocab.label_words("fund_total"):
        return 0
    return 2 if _ARABIC_ITEM.match(name) else 1


def _name(row: list[str], first_amount: int) -> str | None:
    texts = [clean(c) for c in row[:first_amount]]
    return next((t for t in reversed(texts) if t), None)


def _amount(text: str | None, unit: str, loc: Location, draft: Draft) -> Decimal | None:
    if is_blank(text):
        return None
    assert text is not None
    amount = parse_amount(digits(clean(text), loc, "金额", draft), default_unit=unit)
    if amount is None:
        draft.warn(loc, f"金额“{clean(text)}”不是数字")
        return None
    return amount.in_wan()


def _rate(
    text: str | None, total: Decimal | None, executed: Decimal | None, loc: Location, draft: Draft
) -> Decimal | None:
    """执行率 as stated. A spreadsheet cell formatted as a percentage holds a fraction
    ("0.9235" for 92.35 %): read as one only when the row's own amounts give that rate."""
    rate = percent(text, loc, "执行率", draft)
    if rate is None or text is None or "%" in text or rate > _FRACTION_MAX:
        return rate
    if total is None or executed is None or total <= 0:
        return rate
    computed = executed / total * HUNDRED
    if abs(rate * HUNDRED - computed) <= _RATE_TOLERANCE * computed and rate * HUNDRED != rate:
        draft.warn(loc, f"执行率“{clean(text)}”是小数，与本行金额相符，按{rate * HUNDRED}%读取")
        return rate * HUNDRED
    return rate


def _fund(row: list[str], cm: ColumnMap, name: str, unit: str, loc: Location, draft: Draft) -> Fund:
    unit = money_unit([name]) or unit  # "年度资金总额（元）": the row's own unit
    values = {f: _amount(cm.cell(row, f), unit, loc, draft) for f in _AMOUNT_FIELDS}
    label = _OF_WHICH.sub("", strip_list_prefix(name)) or name
    label = _UNIT_NOTE.sub("", label).strip() or label
    name = _UNIT_NOTE.sub("", name).strip() or name
    return Fund(
        name=label,
        initial=values["initial"],
        total=values["total"],
        executed=values["executed"],
        rate_pct=_rate(cm.cell(row, "rate_pct"), values["total"], values["executed"], loc, draft),
        weight=number(cm.cell(row, "weight"), loc, "分值", draft),
        score=number(cm.cell(row, "score"), loc, "得分", draft),
        level=_level(name),
        reason=cm.cell(row, "reason"),
        source_unit=unit if unit != WAN else None,
        location=loc,
    )


def _header_rows(grid: list[list[str]], at: int) -> list[list[str]]:
    """The header row, and the row above it when that row names more columns (seed 003 puts
    未完成原因分析 in the row above the amount headers)."""
    rows = [grid[at]]
    if at > 0 and any(field_of(c, "fund") for c in grid[at - 1]):
        rows.append(grid[at - 1])
    return rows


# Labels that start the next part of the form (a fund row may be named 其他资金, a label too).
_NEXT_PART: Final = frozenset({"planned", "achieved", "goal", "code", "project", "department",
                               "supervisor", "plan", "reporter"})  # fmt: skip


def _ends_block(row: list[str]) -> bool:
    """The next part of the form: a label, an indicator header ("评价指标 | … | 年度指标值")
    or another money header."""
    first = next((clean(c) for c in row if clean(c)), "")
    if label_of(first) in _NEXT_PART or field_of(first, "indicator") is not None:
        return True
    return is_indicator_header(row) or is_fund_header(row)


def read_fund_block(
    table: Table, grid: list[list[str]], at: int, context: list[str], draft: Draft
) -> FundBlock:
    """The money rows under the header row ``at``; ``context`` = text around the table, where
    the unit may be stated."""
    headers = _header_rows(grid, at)
    cm = column_map(headers, "fund")
    first_amount = min(c for f in _AMOUNT_FIELDS if cm.has(f) for c in cm.spans[f])
    left = [c for r in grid[at:] for c in r[:first_amount]]
    unit = money_unit([c for h in headers for c in h] + left + context)
    if unit is None:
        unit = WAN
        draft.warn(row_location(table, at), "资金表未写明金额单位，按万元读取")
    funds: list[Fund] = []
    row = at + 1
    while row < len(grid) and not _ends_block(grid[row]):
        name = _name(grid[row], first_amount)
        if name is None or all(is_blank(cm.cell(grid[row], f)) for f in _AMOUNT_FIELDS):
            break
        funds.append(_fund(grid[row], cm, name, unit, row_location(table, row), draft))
        row += 1
    return FundBlock(funds, row)


def fund_breakdowns(funds: list[Fund]) -> list[Breakdown]:
    """Parent row = Σ child rows, per amount column (年度资金总额 = 基本支出 + 项目支出 …)."""
    out: list[Breakdown] = []
    for i, parent in enumerate(funds):
        level = parent.level if parent.level is not None else 0
        children: list[Fund] = []
        for child in funds[i + 1 :]:
            child_level = child.level if child.level is not None else 0
            if child_level <= level:
                break
            if child_level == level + 1:
                children.append(child)
        if not children:
            continue
        for f in _AMOUNT_FIELDS:
            whole: Decimal | None = getattr(parent, f)
            parts = tuple(Part(c.name, getattr(c, f)) for c in children)
            if whole is None or any(p.value is None for p in parts):
                continue
            label = f"{parent.name}（{_COLUMN_LABELS[f]}）"
            out.append(Breakdown(label, whole, parts, True, "sum", WAN, parent.location))
    return out
