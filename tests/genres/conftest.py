"""Fixtures for the genre tests: Blocks from text or from a file, the demo folder, and the
``--update-golden`` switch (registered here unless the root conftest already has it)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.model.blocks import Blocks, Source, SourceInfo
from jixiao.readers.registry import read
from jixiao.readers.text import blocks_from_text

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"


def pytest_addoption(parser: pytest.Parser) -> None:
    # tests/conftest.py may register the same switch; one registration is enough
    with contextlib.suppress(ValueError):
        parser.addoption(
            "--update-golden",
            action="store_true",
            default=False,
            help="rewrite golden expectation files instead of comparing (review the diff)",
        )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


@pytest.fixture
def text_blocks() -> Callable[[str], Blocks]:
    """Blocks from a text as the txt reader reads it (tab-separated lines are table rows)."""

    def make(text: str) -> Blocks:
        return Blocks(tuple(blocks_from_text(text)), SourceInfo(path="t.txt", format="txt"))

    return make


@pytest.fixture
def read_file() -> Callable[[Path], Blocks]:
    """A file read the way the CLI reads it (registry: reader, sha256)."""

    def load(path: Path) -> Blocks:
        blocks = read(Source(path.name, path.read_bytes()))
        assert isinstance(blocks, Blocks), blocks
        return blocks

    return load


@pytest.fixture
def demo_dir() -> Path:
    return DEMO
