"""Reading a batch back (the last row of each path) and writing its CSV or Parquet tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from jixiao.services.batch_rows import (
    DECIMAL_FIELDS,
    FLOAT_FIELDS,
    INT_FIELDS,
    ROW_FIELDS,
    Row,
)
from jixiao.services.batch_store import BatchFiles, iter_objects
from jixiao.writers.tabular import Column, table_format, write_table


def _kind(name: str) -> str:
    if name in INT_FIELDS:
        return "int"
    if name in DECIMAL_FIELDS:
        return "decimal"
    return "float" if name in FLOAT_FIELDS else "str"


ROW_COLUMNS: Final[tuple[Column, ...]] = tuple((name, _kind(name)) for name in ROW_FIELDS)
FINDING_FIELDS: Final = ("path", "sha256", "id", "code", "category", "severity", "message",
                         "location", "evidence", "rule")  # fmt: skip
FINDING_COLUMNS: Final[tuple[Column, ...]] = tuple((name, "str") for name in FINDING_FIELDS)


def latest_rows(journal: Path) -> list[Row]:
    """The last row of each path (a file that changed between runs has several), by path."""
    latest: dict[str, Row] = {}
    for row in iter_objects(journal):
        latest[row["path"]] = row
    return [latest[p] for p in sorted(latest)]


def current(rows: list[Row]) -> set[tuple[str, str | None]]:
    return {(r["path"], r.get("sha256")) for r in rows}


def current_objects(path: Path, keys: set[tuple[str, str | None]]) -> Iterator[dict[str, Any]]:
    """The findings or extracts that belong to the current version of each file."""
    for obj in iter_objects(path):
        if (obj["path"], obj.get("sha256")) in keys:
            yield obj


def export(files: BatchFiles, out: Path) -> list[Path]:
    """``OUT.csv`` / ``OUT.parquet`` (rows) and ``OUT.findings.csv`` / ``.parquet`` from the
    journal; nothing for ``OUT.jsonl``, which is the journal itself."""
    fmt = table_format(out)
    if fmt in (None, "jsonl"):
        return []
    rows = latest_rows(files.rows)
    write_table(rows, out, ROW_COLUMNS, fmt)
    findings_out = out.with_name(f"{out.stem}.findings.{fmt}")
    write_table(current_objects(files.findings, current(rows)), findings_out, FINDING_COLUMNS, fmt)
    return [out, findings_out]
