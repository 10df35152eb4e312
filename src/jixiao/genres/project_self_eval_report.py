"""项目支出绩效自评报告 (narrative, R15/R16): read like a department report — title, year,
score and grade, chapters, problems, money sentences, and a 自评表 inside it when present —
plus the project's name from the title, and its money from sentences about the project
("全年预算4000.00万元", "执行3694.00万元", "执行率92.35%") when no table gives it.

>>> project_money("本项目全年预算4000.00万元，截至年底执行3694.00万元，执行率92.35%。")
{'total': Decimal('4000.00'), 'executed': Decimal('3694.00'), 'rate_pct': Decimal('92.35')}
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from jixiao.genres.dept_self_eval_report import fill_report
from jixiao.genres.draft import Draft
from jixiao.genres.narrative import lines
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation, Fund
from jixiao.model.numbers import parse_amount, parse_number
from jixiao.model.text import normalize

_NAME: Final = re.compile(r"^(?:\d{4}\s*年度?)?\s*(?P<name>.+?)(?:支出)?绩效(?:自评|评价)报告")
_NUM: Final = r"\s*(?:为|是|达|共计|合计)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
_MONEY: Final = {
    "initial": re.compile(r"年初预算(?:数|资金)?" + _NUM + r"(?P<unit>亿元|万元|元)"),
    "total": re.compile(r"(?:全年|调整后)预算(?:数|资金)?" + _NUM + r"(?P<unit>亿元|万元|元)"),
    "executed": re.compile(r"(?:执行数?|实际支出|支出)" + _NUM + r"(?P<unit>亿元|万元|元)"),
}
_RATE: Final = re.compile(r"执行率" + _NUM + r"%")
TOTAL_NAME: Final = "年度资金总额"


def project_money(text: str) -> dict[str, Decimal]:
    """The first amount of each kind a text states about the project, in 万元."""
    s = normalize(text)
    out: dict[str, Decimal] = {}
    for column, pattern in _MONEY.items():
        m = pattern.search(s)
        amount = None if m is None else parse_amount(m.group("num") + m.group("unit"))
        if amount is not None:
            out[column] = amount.in_wan()
    m = _RATE.search(s)
    rate = None if m is None else parse_number(m.group("num"))
    if rate is not None:
        out["rate_pct"] = rate
    return out


def _read_money(blocks: Blocks, draft: Draft) -> None:
    found: dict[str, Decimal] = {}
    where = None
    for line in lines(blocks):
        for column, value in project_money(line.text).items():
            if column not in found:
                found[column] = value
                where = where or line.location
    if not found:
        return
    draft.funds.append(Fund(TOTAL_NAME, found.get("initial"), found.get("total"),
                            found.get("executed"), found.get("rate_pct"), level=0,
                            location=where))  # fmt: skip
    draft.set_once("budget_initial_wan", found.get("initial"))
    draft.set_once("budget_total_wan", found.get("total"))
    draft.set_once("executed_total_wan", found.get("executed"))
    draft.set_once("execution_rate_pct", found.get("rate_pct"))


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.PROJECT_SELF_EVAL_REPORT)
    fill_report(blocks, draft, DocType.PROJECT_SELF_EVAL_REPORT)
    m = _NAME.match(draft.title or "")
    if m:
        draft.set_once("project", m.group("name").strip())
    if not draft.funds:
        _read_money(blocks, draft)
    return draft.build(blocks)
