"""Template context: the user's unit and role, on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jixiao.storage import selectors


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    m = selectors.membership(user)
    role = selectors.role_of(user)
    return {
        "current_unit": None if m is None else m.unit,
        "current_role": role,
        "current_role_label": "" if role is None else role.label,
    }
