"""The examples in the genre modules' docstrings run (the doctest paths leave genres out)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import jixiao.genres

MODULES = sorted(m.name for m in pkgutil.iter_modules(jixiao.genres.__path__, "jixiao.genres."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
