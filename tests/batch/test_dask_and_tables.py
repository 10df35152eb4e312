"""The same batch on a 2-worker Dask LocalCluster gives the local rows, row for row; CSV and
Parquet written from the journal hold the same rows; a missing extra is one Chinese line."""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao.cli.batch import app
from jixiao.services.batch import BatchConfig, run_batch
from jixiao.services.batch_rows import DECIMAL_FIELDS, INT_FIELDS, ROW_FIELDS, comparable
from jixiao.services.batch_tables import latest_rows
from tests.batch.conftest import files_in

try:
    import distributed
except ImportError:  # pragma: no cover - the extra is part of `make test`
    distributed = None  # type: ignore[assignment]


def _findings(out: Path) -> list[dict[str, Any]]:
    lines = Path(f"{out}.findings.jsonl").read_text("utf-8").splitlines()
    return sorted((json.loads(x) for x in lines), key=lambda f: (f["path"], f["id"]))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    if distributed is None:
        pytest.skip("dask[distributed] is not installed (pip install 'jixiao[distributed]')")
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as c:
        yield c


def test_a_dask_cluster_gives_the_local_rows(mixed: Path, tmp_path: Path, cluster: Any) -> None:
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch([str(mixed)], local, BatchConfig(workers=2))
    result = CliRunner().invoke(
        app, ["batch", str(mixed), "-o", str(remote), "--scheduler", cluster.scheduler_address]
    )
    assert result.exit_code == 2, result.output  # the bad inputs are unreadable there too
    local_rows = [comparable(r) for r in latest_rows(local)]
    remote_rows = [comparable(r) for r in latest_rows(remote)]
    assert len(local_rows) == len(files_in(mixed))
    assert remote_rows == local_rows  # sorted by path, timing left out
    assert _findings(remote) == _findings(local)


def test_missing_extras_are_one_line_with_the_pip_command(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    runner = CliRunner()
    dask = runner.invoke(
        app,
        [
            "batch",
            str(mixed / "*.txt"),
            "-o",
            str(tmp_path / "a.jsonl"),
            "--scheduler",
            "tcp://127.0.0.1:1",
        ],
    )
    assert dask.exit_code == 2
    assert dask.stderr.strip() == "分布式引擎未安装：pip install 'jixiao[distributed]'"
    parquet = runner.invoke(app, ["batch", str(mixed / "*.txt"), "-o", str(tmp_path / "a.parquet")])
    assert parquet.exit_code == 2
    assert parquet.stderr.strip() == "写 Parquet 需要 pyarrow：pip install 'jixiao[parquet]'"
    assert not (tmp_path / "a.jsonl").exists()  # refused before any work


def _same(journal: dict[str, Any], other: dict[str, Any], name: str) -> None:
    want, got = journal[name], other[name]
    if want is None:
        assert got in (None, ""), name
    elif name in DECIMAL_FIELDS:
        assert Decimal(str(got)) == Decimal(want).quantize(Decimal("0.000001")) or float(
            got
        ) == pytest.approx(float(want)), name
    elif name in INT_FIELDS:
        assert int(got) == want, name
    elif name == "seconds":
        assert float(got) == pytest.approx(want), name
    else:
        assert str(got) == str(want), name


def test_csv_and_parquet_hold_the_journal_rows(mixed: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is missing")
    out = tmp_path / "out.jsonl"
    run_batch([str(mixed)], out, BatchConfig(workers=2))
    rows = latest_rows(out)
    run_batch([str(mixed)], tmp_path / "out.csv")  # same journal: nothing to redo, exports only
    run_batch([str(mixed)], tmp_path / "out.parquet")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.DictReader(f))
    table = pq.read_table(str(tmp_path / "out.parquet")).to_pylist()
    assert [r["path"] for r in csv_rows] == [r["path"] for r in table] == [r["path"] for r in rows]
    assert list(csv_rows[0]) == list(table[0]) == list(ROW_FIELDS)
    for journal, from_csv, from_parquet in zip(rows, csv_rows, table, strict=True):
        for name in ROW_FIELDS:
            _same(journal, from_csv, name)
            _same(journal, from_parquet, name)
    findings = pq.read_table(str(tmp_path / "out.findings.parquet")).to_pylist()
    assert len(findings) == len(_findings(out))
