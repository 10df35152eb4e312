"""Where the real seed documents are: ../shared/seeds beside the clone, or $JIXIAO_SEEDS.

Tests that read them skip with this reason where they are absent (a user's fresh clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("JIXIAO_SEEDS", ROOT.parent / "shared" / "seeds"))


def seed_path(prefix: str) -> Path:
    """The seed whose name starts with ``prefix`` ("003"); skips the test where absent."""
    if not SEEDS.is_dir():
        pytest.skip(
            f"seed documents not found at {SEEDS} (set JIXIAO_SEEDS); a fresh clone has none"
        )
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]
