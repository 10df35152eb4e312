"""Rows (dicts) → JSONL, CSV or Parquet: the tables of a batch.

Columns are given with a kind: ``str``, ``int``, ``float`` or ``decimal`` (a decimal string,
as the JSON keeps amounts and scores). CSV writes every value as text (``None`` → empty) in
UTF-8 with a byte-order mark, so Excel shows the Chinese; a nested value (a finding's location,
its evidence) is written as its JSON text. Parquet (pyarrow, the optional extra ``parquet``,
imported when asked for) keeps ints as int64 and floats as float64, and writes decimals as
float64, for analysis; the JSONL keeps the exact decimal strings.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

PARQUET_HINT: Final = "写 Parquet 需要 pyarrow：pip install 'jixiao[parquet]'"
FORMATS: Final = ("jsonl", "csv", "parquet")

Column = tuple[str, str]  # (name, kind)


class ParquetUnavailableError(RuntimeError):
    """pyarrow is not installed; ``str()`` is the one-line Chinese hint."""

    def __init__(self) -> None:
        super().__init__(PARQUET_HINT)


def table_format(path: Path) -> str | None:
    """ "jsonl", "csv" or "parquet" from the suffix; ``None`` for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def require_pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra
        import pyarrow.parquet  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise ParquetUnavailableError from None
    return pyarrow


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], path: Path, columns: Sequence[Column]) -> int:
    names = [name for name, _ in columns]
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_text(row.get(name)) for name in names])
            n += 1
    return n


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind in ("float", "decimal"):
        return float(Decimal(str(value)))
    return _text(value)


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, columns: Sequence[Column]) -> int:
    """Raises :class:`ParquetUnavailableError` when pyarrow is missing."""
    pa = require_pyarrow()
    types = {"int": pa.int64(), "float": pa.float64(), "decimal": pa.float64(),
             "str": pa.string()}  # fmt: skip
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    data: dict[str, list[Any]] = {name: [] for name, _ in columns}
    n = 0
    for row in rows:
        for name, kind in columns:
            data[name].append(_value(row.get(name), kind))
        n += 1
    table = pa.table(data, schema=schema)
    pa.parquet.write_table(table, str(path))
    return n


def write_table(
    rows: Iterable[dict[str, Any]], path: Path, columns: Sequence[Column], fmt: str | None = None
) -> int:
    """Write ``rows`` in the format of ``path``'s suffix (or ``fmt``); the number written."""
    kind = fmt or table_format(path)
    if kind == "csv":
        return write_csv(rows, path, columns)
    if kind == "parquet":
        return write_parquet(rows, path, columns)
    if kind == "jsonl":
        return write_jsonl(rows, path)
    raise ValueError(f"{path}：输出文件须为 .jsonl、.csv 或 .parquet")
