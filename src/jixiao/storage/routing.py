"""Which database alias storage uses: ``default``, unless a caller (the test suite running the
same tests on PostgreSQL, a benchmark) picks another for the current context.

>>> current() is None
True
>>> with use_database("postgres"):
...     current()
'postgres'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_ALIAS: ContextVar[str | None] = ContextVar("jixiao_db_alias", default=None)


def current() -> str | None:
    return _ALIAS.get()


def alias() -> str:
    """The alias writes go to now (for ``transaction.atomic(using=...)``)."""
    return _ALIAS.get() or "default"


@contextmanager
def use_database(name: str) -> Iterator[None]:
    token = _ALIAS.set(name)
    try:
        yield
    finally:
        _ALIAS.reset(token)


class Router:
    """Every model, read and write, on the chosen alias; relations only within one alias."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return _ALIAS.get()

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return _ALIAS.get()

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return None
