"""API tokens: a random token shown once, stored only as its SHA-256.

>>> len(hash_token("abc"))
64
>>> bearer("Bearer  abc "), bearer("Token abc"), bearer("Bearer")
('abc', None, None)
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jixiao.storage.models import ApiToken

MAX_TOKEN_LENGTH = 200


class TokenError(ValueError):
    """A token that cannot be issued; ``str()`` is the Chinese message."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: Any, name: str) -> str:
    """A new token for ``user`` under ``name`` (用途); returns the token, stores its hash."""
    name = name.strip()
    if not name:
        raise TokenError("请给令牌一个用途名称")
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise TokenError(f"用户 {user} 已有名为“{name}”的令牌；请先撤销（--revoke {name}）")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], key_hash=hash_token(token))
    return token


def revoke_token(user: Any, name: str) -> int:
    """Delete the user's tokens named ``name``; the number deleted."""
    deleted, _ = ApiToken.objects.filter(user=user, name=name.strip()).delete()
    return deleted


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("created_at", "id")


def bearer(header: str) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return token


def user_for(header: str) -> Any:
    """The active user whose token the header carries (its last use noted), or None."""
    token = bearer(header)
    if token is None:
        return None
    found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found.user
