"""API tokens: shown once, stored only as SHA-256, last use noted; `jixiao manage apitoken`."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jixiao.storage.models import ApiToken
from jixiao.web.api.tokens import TokenError, issue_token
from tests.web.conftest import World
from tests.web.test_api import PREFIX


def _stored_anywhere(token: str) -> bool:
    return any(token in str(v) for row in ApiToken.objects.values() for v in row.values())


def test_only_the_hash_is_stored_and_last_use_is_noted(world: World) -> None:
    token = issue_token(world.users["filler_a"], "报表系统")
    assert len(token) >= 43 and not _stored_anywhere(token)
    row = ApiToken.objects.get(name="报表系统")
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.last_used is None
    c = Client(headers={"authorization": f"Bearer {token}"})
    assert c.get(f"{PREFIX}/rulesets/").status_code == 200
    row.refresh_from_db()
    assert row.last_used is not None


def test_tokens_differ_and_names_are_unique_per_user(world: World) -> None:
    first = issue_token(world.users["filler_a"], "a")
    assert issue_token(world.users["filler_a"], "b") != first
    assert issue_token(world.users["filler_b"], "a") != first
    with pytest.raises(TokenError, match="已有名为“a”的令牌"):
        issue_token(world.users["filler_a"], "a")
    with pytest.raises(TokenError):
        issue_token(world.users["filler_a"], "  ")


def test_manage_apitoken_issues_lists_and_revokes(world: World) -> None:
    out, err = StringIO(), StringIO()
    call_command("apitoken", "reviewer_a", "--name", "审核接口", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert "只显示这一次" in err.getvalue() and not _stored_anywhere(token)
    c = Client(headers={"authorization": f"Bearer {token}"})
    assert c.get(f"{PREFIX}/evaluations/").status_code == 200
    listing = StringIO()
    call_command("apitoken", "reviewer_a", "--list", stdout=listing)
    assert listing.getvalue().startswith("审核接口\t")
    done = StringIO()
    call_command("apitoken", "reviewer_a", "--revoke", "审核接口", stdout=done)
    assert "已撤销" in done.getvalue()
    assert c.get(f"{PREFIX}/evaluations/").status_code == 401


def test_manage_apitoken_refuses_clearly(world: World) -> None:
    with pytest.raises(CommandError, match="没有用户 ghost"):
        call_command("apitoken", "ghost", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="没有名为“x”的令牌"):
        call_command("apitoken", "filler_a", "--revoke", "x", stdout=StringIO())
    call_command("apitoken", "filler_a", stdout=StringIO(), stderr=StringIO())  # name "api"
    with pytest.raises(CommandError, match="已有名为“api”的令牌"):
        call_command("apitoken", "filler_a", stdout=StringIO(), stderr=StringIO())
