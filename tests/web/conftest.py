"""Web and storage test fixtures: every test runs on SQLite and on PostgreSQL (stack.md §5).

``backend`` picks the database for the test (through storage.routing, so the views under
Django's test client use it too); ``world`` builds two bureaus with their units, a user per
role and a record per department, from our own demo documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.model.evaluation import Evaluation
from jixiao.model.workflow import Role
from jixiao.services.demo import demo_paths
from jixiao.services.extract import extract_path
from jixiao.storage.models import AuditEntry, Membership, Record, Unit
from jixiao.storage.routing import use_database
from jixiao.web import flows

PASSWORD = "test-password-123"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that takes ``backend`` (directly or through ``world``) may use every database."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "backend" in names and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(databases="__all__"))


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    alias = "default" if request.param == "sqlite" else "postgres"
    if alias not in settings.DATABASES:
        if getattr(settings, "POSTGRES_REQUIRED", False):
            pytest.fail("DATABASE_URL names PostgreSQL but no 'postgres' alias was configured")
        pytest.skip(getattr(settings, "POSTGRES_REASON", "PostgreSQL not configured"))
    with use_database(alias):
        yield alias


@cache
def demo_evaluation(stem: str) -> Evaluation:
    """A shipped demo document, extracted once per test run."""
    path = next(p for p in demo_paths() if p.stem == stem)
    extracted = extract_path(path)
    assert not hasattr(extracted, "reason"), extracted
    return extracted.evaluation  # type: ignore[union-attr]


@dataclass
class World:
    bureau_a: Unit
    dept_a: Unit
    branch_a: Unit
    bureau_b: Unit
    dept_b: Unit
    users: dict[str, Any]
    record_a: Record  # 青岚县民政局's project form, in dept_a, draft
    record_b: Record  # the same form in dept_b, draft

    def client(self, who: str) -> Client:
        c = Client()
        assert c.login(username=who, password=PASSWORD), who
        return c


def _user(username: str, unit: Unit | None, role: Role | None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if unit is not None and role is not None:
        Membership.objects.create(user=user, unit=unit, role=role.value)
    return user


@pytest.fixture
def world(backend: str) -> World:
    bureau_a = Unit.objects.create(name="甲市财政局", kind="bureau", region="河北省石家庄市")
    dept_a = Unit.objects.create(name="甲市民政局", kind="department", parent=bureau_a)
    branch_a = Unit.objects.create(name="甲市民政局分局", kind="branch", parent=dept_a)
    bureau_b = Unit.objects.create(name="乙县财政局", kind="bureau", region="河北省")
    dept_b = Unit.objects.create(name="乙县民政局", kind="department", parent=bureau_b)
    users = {
        "filler_a": _user("filler_a", dept_a, Role.FILLER),
        "branch_a": _user("branch_a", branch_a, Role.FILLER),
        "reviewer_a": _user("reviewer_a", bureau_a, Role.REVIEWER),
        "auditor_a": _user("auditor_a", bureau_a, Role.AUDITOR),
        "filler_b": _user("filler_b", dept_b, Role.FILLER),
        "reviewer_b": _user("reviewer_b", bureau_b, Role.REVIEWER),
        "nobody": _user("nobody", None, None),
        "admin": get_user_model().objects.create_superuser("admin", password=PASSWORD),
    }
    ev = demo_evaluation("minzheng-2024-project-self-eval")
    record_a = flows.create_from_evaluation(users["filler_a"], dept_a, ev)
    record_b = flows.create_from_evaluation(users["filler_b"], dept_b, ev)
    return World(bureau_a, dept_a, branch_a, bureau_b, dept_b, users, record_a, record_b)


def stored_state(record: Record) -> tuple[Any, ...]:
    """What a refused request must leave as it was: document, version, state, audit length."""
    fresh = Record.objects.get(pk=record.pk)
    return (
        fresh.document,
        fresh.version,
        fresh.status,
        AuditEntry.objects.filter(record=fresh).count(),
    )
