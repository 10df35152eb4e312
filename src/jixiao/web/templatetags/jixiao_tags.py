"""Small template filters: look a key up, name an audit action."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.model.workflow import ACTION_LABELS, Action

register = template.Library()

AUDIT_LABELS = {"create": "新建", "edit": "修改"} | {a.value: ACTION_LABELS[a] for a in Action}


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def action_label(action: str) -> str:
    return AUDIT_LABELS.get(action, action)
