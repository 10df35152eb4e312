"""The demo documents shipped inside the package (our own, rebuilt from the seeds)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_paths() -> list[Path]:
    """Every shipped demo document, sorted by name."""
    folder = Path(str(resources.files("jixiao").joinpath("demo")))
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")
