"""Query parameters of the list endpoints: the list pages' filters, but a bad value is a 400
with the parameter named, not silently ignored."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from jixiao.model.workflow import Status
from jixiao.storage.selectors import Filters
from jixiao.web.api.http import ApiError

DEFAULT_PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 200
INTEGERS: Final = ("year", "unit")
DECIMALS: Final = ("min_score", "max_score")


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


def _positive(params: Any, key: str, default: int, most: int | None = None) -> int:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError("bad_request", f"参数 {key} 应为正整数，实为 {raw!r}") from None
    if value < 1 or (most is not None and value > most):
        limit = f" 1 至 {most} 的整数" if most is not None else "正整数"
        raise ApiError("bad_request", f"参数 {key} 应为{limit}，实为 {value}")
    return value


def paging(params: Any) -> Paging:
    return Paging(
        page=_positive(params, "page", 1),
        page_size=_positive(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def _check_number(params: Any, key: str, kind: type) -> None:
    raw = params.get(key)
    if raw in (None, ""):
        return
    try:
        value = kind(raw)
    except (ValueError, InvalidOperation):
        value = None
    if value is None or (isinstance(value, Decimal) and not value.is_finite()):
        what = "整数" if kind is int else "数字"
        raise ApiError("bad_request", f"参数 {key} 应为{what}，实为 {raw!r}")


def filters(params: Any, with_status: bool = True) -> Filters:
    """The filters of a list request; 400 for a value that is not what its name says."""
    for key in INTEGERS:
        _check_number(params, key, int)
    for key in DECIMALS:
        _check_number(params, key, Decimal)
    status = params.get("status") or None
    if with_status and status is not None and status not in {s.value for s in Status}:
        allowed = "、".join(s.value for s in Status)
        raise ApiError("bad_request", f"参数 status 应为以下之一：{allowed}，实为 {status!r}")
    f = Filters.from_query(params)
    if not with_status:
        f = Filters(year=f.year, unit=f.unit, grade=f.grade, q=f.q,
                    min_score=f.min_score, max_score=f.max_score)  # fmt: skip
    return f
