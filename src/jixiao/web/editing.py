"""The edit grid: an evaluation → form fields, and posted fields → an evaluation.

Field names are ``ind-<i>-<field>``, ``fund-<i>-<field>`` and ``head-<field>``. A number that
cannot be read is kept out of the document and reported with its row and column, in Chinese.

A self-evaluation carried forward from an approved target table (rules.md R1.4) is edited under
a *lock*, the target table: its carried fields are put back from it, rows are neither added nor
deleted, and any change a post makes to them is an error
(:func:`jixiao.services.carry.locked_changes`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final

from jixiao.model.evaluation import Evaluation, Fund, Indicator
from jixiao.model.location import Location
from jixiao.model.numbers import parse_number
from jixiao.services.carry import added_row, locked_changes, rebase, removed_row

IND_TEXT: Final = ("level1", "level2", "level3", "target", "actual", "unit", "deviation_reason")
IND_NUM: Final = ("weight", "score")
FUND_NUM: Final = ("initial", "total", "executed", "weight", "score")
HEAD_TEXT: Final = ("title", "project", "department", "stated_grade")
LABELS: Final = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
    "actual": "实际完成值", "unit": "单位", "weight": "分值", "score": "自评得分",
    "deviation_reason": "偏差原因", "initial": "年初预算数", "total": "全年预算数",
    "executed": "全年执行数", "fiscal_year": "年度", "stated_total_score": "自评总分",
}  # fmt: skip
MAX_ROWS: Final = 2000


@dataclass(frozen=True)
class Edited:
    evaluation: Evaluation
    errors: tuple[str, ...]


def _text(post: Any, key: str, old: str | None) -> str | None:
    if key not in post:
        return old
    value = str(post.get(key, "")).strip()
    return value or None


class _Numbers:
    """Reads number cells, collecting the errors."""

    def __init__(self, post: Any) -> None:
        self.post = post
        self.errors: list[str] = []

    def get(self, key: str, old: Decimal | None, where: str, label: str) -> Decimal | None:
        if key not in self.post:
            return old
        raw = str(self.post.get(key, "")).strip()
        if raw in ("", "/", "—", "-"):
            return None
        value = parse_number(raw)
        if value is None or not value.is_finite():
            self.errors.append(f"{where} {label}：“{raw[:20]}”不是数字")
            return old
        return value


def _count(post: Any, key: str, default: int) -> int:
    try:
        return max(0, min(MAX_ROWS, int(post.get(key, default))))
    except (TypeError, ValueError):
        return default


def _indicators(ev: Evaluation, post: Any, nums: _Numbers, fixed: bool) -> list[Indicator]:
    """The posted rows; ``fixed`` (a carried form): exactly the form's rows, whatever count
    was posted; asking to delete one is an error."""
    rows: list[Indicator] = []
    count = len(ev.indicators) if fixed else _count(post, "ind-count", len(ev.indicators))
    for i in range(count):
        old = ev.indicators[i] if i < len(ev.indicators) else Indicator()
        if post.get(f"ind-{i}-delete"):
            if not fixed:
                continue
            nums.errors.append(removed_row(i, old))
        where = f"指标第{i + 1}行"
        changes: dict[str, Any] = {
            f: _text(post, f"ind-{i}-{f}", getattr(old, f)) for f in IND_TEXT
        }
        for f in IND_NUM:
            changes[f] = nums.get(f"ind-{i}-{f}", getattr(old, f), where, LABELS[f])
        rows.append(replace(old, **changes))
    return rows


def _funds(ev: Evaluation, post: Any, nums: _Numbers) -> list[Fund]:
    rows: list[Fund] = []
    for i, old in enumerate(ev.funds):
        where = f"资金第{i + 1}行（{old.name}）"
        changes: dict[str, Any] = {
            f: nums.get(f"fund-{i}-{f}", getattr(old, f), where, LABELS[f]) for f in FUND_NUM
        }
        rows.append(replace(old, **changes))
    return rows


def _next_row(ev: Evaluation, rows: list[Indicator]) -> Location:
    places = [r.location for r in rows] + [f.location for f in ev.funds]
    used = [loc.row for loc in places if loc is not None and loc.row is not None]
    return Location(sheet="在线填报", row=max(used, default=0) + 1)


def apply_edits(ev: Evaluation, post: Any, lock: Evaluation | None = None) -> Edited:
    """The evaluation with the posted cells applied; rows added or deleted as asked. With a
    ``lock`` (the approved target table the form carries), every change to a carried field or
    row is reported as an error (module docstring)."""
    if lock is not None:
        ev = rebase(lock, ev)
    nums = _Numbers(post)
    inds = _indicators(ev, post, nums, fixed=lock is not None)
    if post.get("add-indicator") and lock is not None:
        nums.errors.append(added_row(len(inds)))
    elif post.get("add-indicator"):
        last = inds[-1] if inds else Indicator(level1="产出指标", level2="数量指标")
        inds.append(Indicator(level1=last.level1, level2=last.level2, location=_next_row(ev, inds)))
    head: dict[str, Any] = {f: _text(post, f"head-{f}", getattr(ev, f)) for f in HEAD_TEXT}
    head["stated_total_score"] = nums.get(
        "head-stated_total_score", ev.stated_total_score, "表头", LABELS["stated_total_score"]
    )
    year = nums.get("head-fiscal_year", _dec(ev.fiscal_year), "表头", LABELS["fiscal_year"])
    head["fiscal_year"] = _year(year, ev.fiscal_year, nums)
    new = replace(ev, indicators=tuple(inds), funds=tuple(_funds(ev, post, nums)), **head)
    refused = locked_changes(lock, new) if lock is not None else []
    return Edited(new, (*nums.errors, *refused))


def _dec(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _year(value: Decimal | None, old: int | None, nums: _Numbers) -> int | None:
    if value is None:
        return None
    if value != value.to_integral_value() or not 2000 <= value <= 2100:  # noqa: PLR2004
        nums.errors.append(f"表头 年度：“{value}”不是有效年度")
        return old
    return int(value)


def original_yuan(fund: Fund, value: Decimal | None) -> Decimal | None:
    """A money cell as the document wrote it, where it wrote 元 (seed 003): 万元 × 10000.

    >>> original_yuan(Fund(name="x", source_unit="元"), Decimal("2830.898743"))
    Decimal('28308987.430000')
    """
    if value is None or fund.source_unit != "元":
        return None
    return value * 10000
