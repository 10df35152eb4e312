"""Hand-written goldens (``tests/e2e/golden/*.json``) and the field-by-field comparison.

A golden file holds:

* ``expect``: keys of the evaluation document (interface.md §2) that every version of the
  document gives, a curated subset, never a dump of the parser's output;
* ``whole``: keys only the whole document gives (the narrative: grade, projects);
* ``table_part``: keys that differ when only the table part is read (its doc_type);
* ``seed_text``: ``"path": value`` pairs for cells the seed's own extraction garbled, which
  replace the expected value when the seed itself is read.

The comparison walks the expected value: a dict compares only the keys it names, a list must
have the same length, ``breakdowns`` is keyed by label. Texts compare with whitespace removed
(a line break inside a cell is layout, not content); two texts that are both decimal numbers
compare as numbers ("2600.00" = "2600").

>>> differences({"a": "2600.00", "b": [{"c": "≥100 %"}]}, {"a": "2600", "b": [{"c": "≥100%"}]})
[]
>>> differences({"a": None}, {"a": "1"})
['a: expected None, got 1']
>>> apply_overrides({"p": [{"x": 1}]}, {"p[0].x": 2})
{'p': [{'x': 2}]}
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

GOLDEN: Final = Path(__file__).resolve().parents[1] / "e2e" / "golden"
_PATH_PART: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return data


def expected(golden: dict[str, Any], version: str) -> dict[str, Any]:
    """The expected keys for one version: ``seed`` (the whole seed, with its garbled cells),
    ``whole`` (a whole rebuilt document) or ``table_part``."""
    out: dict[str, Any] = copy.deepcopy(golden["expect"])
    if version in {"seed", "whole"}:
        out.update(copy.deepcopy(golden.get("whole", {})))
    else:
        out.update(copy.deepcopy(golden.get(version, {})))
    if version == "seed":
        out = apply_overrides(out, golden.get("seed_text", {}))
    return out


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for path, value in overrides.items():
        parts = [m.group(1) if m.group(1) is not None else int(m.group(2))
                 for m in _PATH_PART.finditer(path)]  # fmt: skip
        node: Any = out
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return out


def _decimal(value: Any) -> Decimal | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _same(want: Any, got: Any) -> bool:
    if want is None or got is None:
        return want is got
    a, b = _decimal(want), _decimal(got)
    if a is not None and b is not None:
        return a == b
    if isinstance(want, str) and isinstance(got, str):
        return re.sub(r"\s+", "", want) == re.sub(r"\s+", "", got)
    return bool(want == got)


def _breakdowns(want: dict[str, Any], got: Any, path: str) -> list[str]:
    by_label = {b["label"]: b for b in got or []}
    out: list[str] = []
    for label, spec in want.items():
        found = by_label.get(label)
        if found is None:
            out.append(f"{path}: no breakdown “{label}” (have {sorted(by_label)})")
            continue
        parts = [[p["label"], p["value"]] for p in found["parts"]]
        out += differences(spec, {"whole": found["whole"], "parts": parts}, f"{path}[{label}]")
    return out


def differences(want: Any, got: Any, path: str = "") -> list[str]:
    """Where ``got`` differs from ``want``, one line per place."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object, got {got!r}"]
        out: list[str] = []
        for k, v in want.items():
            where = f"{path}.{k}" if path else k
            if k == "breakdowns" and isinstance(v, dict):
                out += _breakdowns(v, got.get(k), where)
            else:
                out += differences(v, got.get(k), where)
        return out
    if isinstance(want, list):
        if not isinstance(got, list):
            return [f"{path}: expected a list, got {got!r}"]
        out = (
            [f"{path}: expected {len(want)} items, got {len(got)}"] if len(want) != len(got) else []
        )
        for i, (w, g) in enumerate(zip(want, got, strict=False)):
            out += differences(w, g, f"{path}[{i}]")
        return out
    return [] if _same(want, got) else [f"{path}: expected {want}, got {got}"]
