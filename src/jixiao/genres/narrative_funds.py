"""Budget and final-account sentences of a narrative report → money rows and totals.

"2025年部门支出预算为28826.6921万元，其中基本支出1561.6451万元，…；项目支出27265.0470万元"
gives the 全年预算数 of the total row and of the 基本支出 / 项目支出 rows; "…支出决算为…" the
执行数; "年初…" the 年初预算数. Which column a sentence fills comes from its own words, else
from its paragraph's (seed 001 states "基本支出…，项目支出…" in paragraphs that open with
"2022年年初…", "2022年预算调整…", "2022年决算…").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.common import sentences
from jixiao.genres.draft import Draft
from jixiao.genres.narrative import Line
from jixiao.model.evaluation import Fund
from jixiao.model.location import Location
from jixiao.model.numbers import parse_amount
from jixiao.model.text import normalize

TOTAL_NAME: Final = "部门整体支出"
_AMOUNT: Final = (
    r"\s*(?:为|是|共计|合计|达|计)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
)
_COLUMN_NAMES: Final = {"initial": "年初预算数", "total": "全年预算数", "executed": "执行数"}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(department total, named rows) sentence patterns from ``vocab/sentences.yaml``."""
    total = "|".join(vocab.sentence_words("fund_total"))
    rows = "|".join(vocab.sentence_words("fund_rows"))
    return (
        re.compile(rf"(?:{total})(?:数|总额)?" + _AMOUNT),
        re.compile(rf"(?P<name>{rows})" + _AMOUNT),
    )


def _hits(text: str) -> list[tuple[int, str]]:
    return sorted(
        (m.start(), col)
        for col, words in vocab.fund_columns()
        for w in words
        for m in re.finditer(re.escape(w), text)
    )


def _topic(text: str) -> str | None:
    """The column a paragraph is about: its first column word ("2022年年初…")."""
    hits = _hits(text)
    return hits[0][1] if hits else None


def _nearest(text: str, end: int) -> str | None:
    """The column of the last column word before ``end`` in a sentence."""
    hits = [col for pos, col in _hits(text) if pos < end]
    return hits[-1] if hits else None


def _wan(num: str, unit: str) -> Decimal | None:
    amount = parse_amount(f"{num}{unit}")
    return None if amount is None else amount.in_wan()


class _Table:
    """Values found so far: (row name, column) → (amount, where)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.values: dict[tuple[str, str], tuple[Decimal, Location]] = {}

    def put(self, name: str, column: str, value: Decimal | None, loc: Location) -> None:
        if value is None:
            return
        old = self.values.get((name, column))
        if old is None:
            self.values[(name, column)] = (value, loc)
        elif old[0] != value:
            self.draft.warn(
                loc, f"{name}{_COLUMN_NAMES[column]}又写作{value}万元（前文为{old[0]}万元），取前者"
            )

    def get(self, name: str, column: str) -> Decimal | None:
        found = self.values.get((name, column))
        return None if found is None else found[0]


def _read_line(line: Line, table: _Table) -> None:
    topic = _topic(normalize(line.text))
    total, rows = _patterns()
    for sentence in sentences(normalize(line.text)):
        for m in total.finditer(sentence):
            # the match names its own column ("支出决算为…"); "支出预算为X，实际支出为Y" has both
            column = _nearest(sentence, m.start("num")) or topic
            if column is not None:
                value = _wan(m.group("num"), m.group("unit"))
                table.put(TOTAL_NAME, column, value, line.location)
        for m in rows.finditer(sentence):
            column = _nearest(sentence, m.start()) or topic
            if column is not None:
                value = _wan(m.group("num"), m.group("unit"))
                table.put(m.group("name"), column, value, line.location)


def _derive_totals(table: _Table) -> None:
    """A total not written out is the sum of the named rows (基本支出 + 项目支出 = 部门支出)."""
    for column in ("initial", "total", "executed"):
        if table.get(TOTAL_NAME, column) is not None:
            continue
        parts = [table.values.get((name, column)) for name in vocab.sentence_words("fund_rows")]
        if any(p is None for p in parts):
            continue
        whole = sum((p[0] for p in parts if p is not None), Decimal(0))
        loc = next(p[1] for p in parts if p is not None)
        table.draft.warn(
            loc,
            f"部门支出{_COLUMN_NAMES[column]}合计未直接写明，按基本支出与项目支出之和计为{whole}万元",
        )
        table.put(TOTAL_NAME, column, whole, loc)


def _fund(table: _Table, name: str, level: int) -> Fund | None:
    cols = {c: table.values.get((name, c)) for c in ("initial", "total", "executed")}
    found = [v for v in cols.values() if v is not None]
    if not found:
        return None
    return Fund(
        name=name,
        initial=table.get(name, "initial"),
        total=table.get(name, "total"),
        executed=table.get(name, "executed"),
        level=level,
        location=found[0][1],
    )


def read_narrative_funds(all_lines: list[Line], draft: Draft) -> None:
    """Money rows and the department totals from the budget and final-account sentences."""
    table = _Table(draft)
    for line in all_lines:
        if "预算" in line.text or "决算" in line.text:
            _read_line(line, table)
    if not table.values:
        return
    _derive_totals(table)
    rows = [(TOTAL_NAME, 0)] + [(name, 1) for name in vocab.sentence_words("fund_rows")]
    for name, level in rows:
        fund = _fund(table, name, level)
        if fund is not None:
            draft.funds.append(fund)
    draft.set_once("budget_initial_wan", table.get(TOTAL_NAME, "initial"))
    draft.set_once("budget_total_wan", table.get(TOTAL_NAME, "total"))
    draft.set_once("executed_total_wan", table.get(TOTAL_NAME, "executed"))
