"""To and from the interface JSON ("jixiao.evaluation/1"): Decimal ↔ decimal string.

Mechanical, driven by the dataclass fields, so a new field needs no code here. Reading
checks types and names the JSON path of a bad value in Chinese.

>>> from jixiao.model.evaluation import Evaluation, Indicator
>>> ev = Evaluation(fiscal_year=2024, indicators=(Indicator(level3="人数", target="≥50个"),))
>>> doc = to_jsonable(ev)
>>> doc["indicators"][0]["direction"], doc["indicators"][0]["target_value"]
('>=', '50')
>>> evaluation_from_jsonable(doc) == ev
True
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from jixiao.model.evaluation import SCHEMA, Evaluation, Indicator
from jixiao.model.location import Location
from jixiao.model.numbers import fmt, plausible

T = TypeVar("T")


class JsonDocumentError(ValueError):
    """A JSON document that does not fit the schema; the message names the path."""


def _indicator_extra(ind: Indicator) -> dict[str, Any]:
    return {
        "direction": None if ind.direction is None else ind.direction.value,
        "target_value": None if ind.target_parsed.value is None else fmt(ind.target_parsed.value),
        "actual_value": None if ind.actual_parsed.value is None else fmt(ind.actual_parsed.value),
        "kind": ind.kind.value,
    }


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values: decimals as strings, enums as their values, tuples as lists."""
    if obj is None or isinstance(obj, str | bool | int):
        return obj
    if isinstance(obj, Decimal):
        return fmt(obj)
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, Location):
        return obj.items()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
        if isinstance(obj, Indicator):
            out.update(_indicator_extra(obj))
        return out
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """Field types of a dataclass, resolved once (the annotations are strings)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _fail(path: str, expected: str, value: Any) -> JsonDocumentError:
    return JsonDocumentError(f"{path or '文档'}：应为{expected}，实为 {value!r}")


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise _fail(path, "数字（十进制字符串）", value)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise _fail(path, "数字（十进制字符串）", value) from None
    if not result.is_finite():
        raise _fail(path, "有限的数字", value)
    if not plausible(result):
        raise _fail(path, "0，或绝对值在 10^-6 至 10^15 之间的数字", value)
    return result


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "true/false", value)
    return value


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise _fail(path, "整数", value)
    try:
        return int(value)
    except (ValueError, InvalidOperation):
        raise _fail(path, "整数", value) from None


def _str(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _fail(path, "文本", value)
    return str(value)


def _date(value: Any, path: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, "日期 YYYY-MM-DD", value) from None


_SCALARS: dict[Any, Callable[[Any, str], Any]] = {
    Decimal: _decimal,
    bool: _bool,
    int: _int,
    str: _str,
    date: _date,
    Any: lambda value, _path: value,
}


def _enum(tp: type[Enum], value: Any, path: str) -> Enum:
    try:
        return tp(value)
    except ValueError:
        allowed = "、".join(str(m.value) for m in tp)
        raise _fail(path, f"以下之一：{allowed}", value) from None


def _container(tp: Any, origin: Any, value: Any, path: str) -> Any:
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise _fail(path, "数组", value)
        item_tp = typing.get_args(tp)[0]
        return tuple(_convert(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value))
    if not isinstance(value, dict):
        raise _fail(path, "对象", value)
    v_tp = typing.get_args(tp)[1]
    return {str(k): _convert(v_tp, v, f"{path}.{k}") for k, v in value.items()}


def _convert(tp: Any, value: Any, path: str) -> Any:
    """``value`` as the field type ``tp``; the path names the place of a bad value."""
    origin = typing.get_origin(tp)
    if origin is types.UnionType or origin is typing.Union:
        if value is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value, path)
    if origin in (tuple, dict):
        return _container(tp, origin, value, path)
    if tp in _SCALARS:
        return _SCALARS[tp](value, path)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum(tp, value, path)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_jsonable(tp, value, path)
    raise TypeError(f"unsupported field type {tp!r}")  # a programmer error


def from_jsonable(cls: type[T], data: Any, path: str = "") -> T:
    """Build ``cls`` from JSON values; unknown keys are ignored (newer documents add keys)."""
    if not isinstance(data, dict):
        raise _fail(path, "对象", data)
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init or f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{path}.{f.name}".lstrip("."))
    if cls is Indicator:
        _fill_target_from_parts(kwargs, data)
    return cls(**kwargs)


def _fill_target_from_parts(kwargs: dict[str, Any], data: dict[str, Any]) -> None:
    """A hand-made document may give direction and target_value without the text."""
    if kwargs.get("target") is None and data.get("target_value") is not None:
        direction = data.get("direction") or ""
        sign = {">=": "≥", "<=": "≤"}.get(direction, direction)
        kwargs["target"] = f"{sign}{data['target_value']}{kwargs.get('unit') or ''}"
    if kwargs.get("actual") is None and data.get("actual_value") is not None:
        kwargs["actual"] = str(data["actual_value"])


def evaluation_from_jsonable(data: Any) -> Evaluation:
    """An :class:`Evaluation` from a parsed ``jixiao.evaluation/1`` document."""
    if isinstance(data, dict) and data.get("schema", SCHEMA) != SCHEMA:
        raise JsonDocumentError(f"schema：不支持的文档版本 {data.get('schema')!r}，应为 {SCHEMA}")
    return from_jsonable(Evaluation, data)
