"""Two repairs for PDF-extracted target tables: the 资金支出计划 row and a split 项目编码.

The extraction splits cells ("2 | 5%" for 25 %, "3)]底" for 3月底, "13073024P00 |
008110001Q" for one code). A value is rejoined only when that is the one reading that fits;
otherwise it stays unknown and the warning says so.

>>> rejoin_percents(["2", "5%", "50%", "75%", "100%"], 4)
['25%', '50%', '75%', '100%']
>>> rejoin_percents(["10%", "30%", "30%"], 4) is None
True
>>> months("3)]底 6月底 10 月底 月底 12月底")
[3, 6, 10, 12]
"""

from __future__ import annotations

import re
from typing import Final

from jixiao.genres.cells import clean
from jixiao.genres.draft import Draft
from jixiao.model.evaluation import PlanEntry
from jixiao.model.location import Location
from jixiao.model.numbers import parse_number
from jixiao.model.text import normalize

_PCT_TOKEN: Final = re.compile(r"^\d+(?:\.\d+)?\s*%?$")
_BARE: Final = re.compile(r"^\d+$")
_WITH_PERCENT: Final = re.compile(r"^\d+(?:\.\d+)?%$")
_MONTH: Final = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_CODE: Final = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]*$")
_LAST_MONTH: Final = 12


def months(text: str) -> list[int]:
    """The month numbers of a checkpoint row, in order (1–12)."""
    found = [int(m) for m in _MONTH.findall(normalize(text))]
    return [m for m in found if 1 <= m <= _LAST_MONTH]


def percent_tokens(row: list[str]) -> list[str]:
    tokens = [normalize(clean(c)).replace(" ", "") for c in row]
    return [t for t in tokens if _PCT_TOKEN.match(t)]


def rejoin_percents(tokens: list[str], expected: int) -> list[str] | None:
    """Join a bare digit with the percentage after it ("2" + "5%") when that, and only that,
    gives one value per checkpoint."""
    if len(tokens) == expected:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _BARE.match(tokens[i]) and _WITH_PERCENT.match(nxt):
            out.append(tokens[i] + nxt)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out if len(out) == expected else None


def plan_entries(
    periods_row: list[str], values_row: list[str], group: int | None, loc: Location, draft: Draft
) -> list[PlanEntry]:
    """The 资金支出计划 checkpoints and their cumulative percentages."""
    checkpoints = months(" ".join(periods_row))
    if not checkpoints:
        draft.warn(loc, "资金支出计划未找到月份")
        return []
    if checkpoints != sorted(set(checkpoints)):
        draft.warn(loc, f"资金支出计划的月份顺序异常：{checkpoints}")
    tokens = percent_tokens(values_row)
    values = rejoin_percents(tokens, len(checkpoints))
    if values is None:
        read = " ".join(tokens)
        draft.warn(loc, f"资金支出计划有{len(checkpoints)}个时点，读到的数值“{read}”对不上，未读取")
        return [PlanEntry(f"{m}月底", None, group, loc) for m in checkpoints]
    if values != tokens:
        draft.warn(loc, f"资金支出计划单元格被拆开（{' '.join(tokens)}），按{' '.join(values)}读取")
    return [
        PlanEntry(f"{m}月底", parse_number(v.rstrip("%")), group, loc)
        for m, v in zip(checkpoints, values, strict=True)
    ]


def project_code(pieces: list[str], loc: Location, draft: Draft) -> str | None:
    """A 项目编码 from the cells after its label; pieces of a split code are joined."""
    parts = [normalize(clean(p)).replace(" ", "") for p in pieces if clean(p)]
    if not parts:
        return None
    code = "".join(parts)
    if not _CODE.match(code):
        draft.warn(loc, f"项目编码“{code}”含有非编码字符")
        return code
    if len(parts) > 1:
        draft.warn(loc, f"项目编码被拆成{len(parts)}段（{'、'.join(parts)}），已合并为{code}")
    return code
