"""Module-level functions the batch tests hand to workers (pickled by name)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers import registry
from jixiao.services.batch_task import TaskOptions, process_file


def sleepy_read(source: Source) -> Blocks | Unreadable:
    """A reader that hangs on files named "hang…", as a hostile file could."""
    if Path(source.name).name.startswith("hang"):
        time.sleep(300)
    return registry.read(source)


def stuck_task(path: str, options: TaskOptions) -> dict[str, Any]:
    """A task that hangs after its read (in parsing, say) on files named "stuck…"."""
    if Path(path).name.startswith("stuck"):
        time.sleep(300)
    return process_file(path, options)


def crashing_task(path: str, options: TaskOptions) -> dict[str, Any]:
    """A task whose worker dies on files named "crash…" (as a native crash would)."""
    if Path(path).name.startswith("crash"):
        import os  # noqa: PLC0415

        os._exit(3)
    return process_file(path, options)
