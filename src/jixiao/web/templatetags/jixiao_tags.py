"""Small template filters: look a key up, name an audit action."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from jixiao.model.numbers import fmt
from jixiao.model.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status
from jixiao.web.present import FIELD_LABELS

register = template.Library()

# keys the document derives from a cell (the parsed target, its comparator …): not changes
DERIVED = frozenset({"direction", "target_value", "actual_value", "kind"})
ROWS = {"indicators": "指标", "funds": "资金", "projects": "项目", "spending_plan": "支出计划"}
_PATH = re.compile(r"^(?P<list>[a-z_]+)\[(?P<i>\d+)\]\.(?P<key>[a-z_.]+)$")

AUDIT_LABELS = {
    "create": "新建", "edit": "修改", "verdict": "核实问题", "sample": "抽中复核",
    "rescore": "复核评分", "evidence": "上传佐证材料", "monitor": "填报运行监控",
    "target_review": "目标审核",
} | {a.value: ACTION_LABELS[a] for a in Action}  # fmt: skip


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def action_label(action: str) -> str:
    return AUDIT_LABELS.get(action, action)


def _path_label(path: str) -> str | None:
    """ "indicators[11].actual" → "指标第12行 实际完成值"; None for a derived key."""
    m = _PATH.match(path)
    key = m.group("key") if m else path
    if key.split(".")[-1] in DERIVED:
        return None
    label = FIELD_LABELS.get(key, "状态" if key == "status" else key)
    if m is None:
        return label
    rows = ROWS.get(m.group("list"), m.group("list"))
    return f"{rows}第{int(m.group('i')) + 1}行 {label}"


def _value(key: str, value: Any) -> str:
    if value is None or value in ("", []):
        return "（空）"
    if isinstance(value, list):  # rows added or deleted: the whole list changed
        named = [_row_name(v) for v in value]
        shown = "、".join(n for n in named[:6] if n)
        more = "等" if len(named) > 6 else ""  # noqa: PLR2004 - a readable handful
        return f"{len(value)}行" + (f"（{shown}{more}）" if shown else "")
    if isinstance(value, dict):
        return _row_name(value) or "（一行）"
    if key == "status":
        try:
            return STATUS_LABELS[Status(value)]
        except ValueError:
            return str(value)
    return str(value)


def _row_name(row: Any) -> str:
    if not isinstance(row, dict):
        return str(row)
    for key in ("level3", "name", "period", "heading", "label"):
        if row.get(key):
            return str(row[key])
    return ""


@register.filter
def changes(entry: Any) -> list[tuple[str, str, str]]:
    """An audit entry's changes as (where, before, after), in Chinese, derived keys left out."""
    after = entry.after if isinstance(entry.after, dict) else {}
    before = entry.before if isinstance(entry.before, dict) else {}
    out = []
    for key, new in after.items():
        label = _path_label(key)
        if label is not None:
            out.append((label, _value(key, before.get(key)), _value(key, new)))
    return out


@register.filter
def plain(value: Any) -> Any:
    """A decimal without trailing zeros for display and editing ("15.0000" → "15"); exact."""
    if not isinstance(value, Decimal):
        return value
    try:
        text = fmt(value.normalize())
    except InvalidOperation:
        return value
    return text
