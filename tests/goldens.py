"""Golden files: a value's interface JSON compared with the file, or written with
``pytest --update-golden`` (then review the diff before committing it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jixiao.model.jsonable import to_jsonable


def check_golden(value: Any, path: Path, update: bool) -> None:
    got = json.dumps(to_jsonable(value), ensure_ascii=False, indent=1) + "\n"
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run pytest --update-golden and review it"
    assert got == path.read_text(encoding="utf-8")
