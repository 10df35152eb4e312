"""``jixiao manage apitoken USERNAME [--name 用途]``: issue an API token, shown once;
``--revoke NAME`` deletes the user's token of that name; ``--list`` shows the names."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jixiao.web.api.tokens import TokenError, issue_token, revoke_token, tokens_of

DEFAULT_NAME = "api"


class Command(BaseCommand):
    help = "为用户生成 API 令牌（只显示一次，只保存其 SHA-256），或撤销、列出令牌"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default=DEFAULT_NAME, help="令牌用途（默认 api）")
        parser.add_argument("--revoke", metavar="NAME", help="撤销该用户名为 NAME 的令牌")
        parser.add_argument("--list", action="store_true", help="列出该用户的令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["username"])
        if options["list"]:
            self._list(user)
        elif options["revoke"] is not None:
            self._revoke(user, options["revoke"])
        else:
            self._issue(user, options["name"])

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户 {username}") from None

    def _issue(self, user: Any, name: str) -> None:
        try:
            token = issue_token(user, name)
        except TokenError as exc:
            raise CommandError(str(exc)) from None
        if not user.is_active:
            self.stderr.write(f"注意：用户 {user} 已停用，令牌在启用前无效")
        self.stderr.write(f"已为 {user} 生成令牌“{name.strip()}”；令牌只显示这一次，请妥善保存：")
        self.stdout.write(token)

    def _revoke(self, user: Any, name: str) -> None:
        if revoke_token(user, name) == 0:
            raise CommandError(f"用户 {user} 没有名为“{name}”的令牌")
        self.stdout.write(f"已撤销 {user} 的令牌“{name}”")

    def _list(self, user: Any) -> None:
        for t in tokens_of(user):
            used = t.last_used.isoformat(timespec="seconds") if t.last_used else "从未使用"
            self.stdout.write(f"{t.name}\t创建于 {t.created_at:%Y-%m-%d %H:%M}\t最近使用 {used}")
