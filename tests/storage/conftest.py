"""Storage tests share the web fixtures: two bureaus, their units and users, on both databases."""

from tests.web.conftest import backend, pytest_collection_modifyitems, world

__all__ = ["backend", "pytest_collection_modifyitems", "world"]
