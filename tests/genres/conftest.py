"""Fixtures for the genre tests: Blocks from text or from a file, the demo folder. The
``--update-golden`` switch and its fixture live in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.model.blocks import Blocks, Source, SourceInfo
from jixiao.readers.registry import read
from jixiao.readers.text import blocks_from_text

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"


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
