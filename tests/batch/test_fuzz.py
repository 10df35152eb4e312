"""Fuzzing the readers through the registry and the batch task: random bytes under every
suffix give a document or a one-line reason, never an exception. Inputs that once broke a
reader are kept in tests/fixtures/fuzz/ and run here every time."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.model.blocks import Blocks, Source, Unreadable
from jixiao.readers.registry import read
from jixiao.services.batch_task import TaskOptions, process_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"
SUFFIXES = [
    ".txt",
    ".html",
    ".htm",
    ".pdf",
    ".docx",
    ".xlsx",
    ".xls",
    ".ofd",
    ".json",
    ".csv",
    ".doc",
    "",
]
# prefixes that steer the registry's sniffing into each reader
MAGIC = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"<html><body><table><tr><td>",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    "项目名称\t".encode(),
]


def _check(result: Blocks | Unreadable, name: str) -> None:
    if isinstance(result, Unreadable):
        assert result.reason.startswith(f"{name}：") and "\n" not in result.reason, result.reason
        assert "Traceback" not in result.reason


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    magic=st.sampled_from(MAGIC), body=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES)
)
def test_random_bytes_under_any_suffix_never_raise(magic: bytes, body: bytes, suffix: str) -> None:
    name = f"fuzz{suffix}"
    _check(read(Source(name, magic + body)), name)


CELLS = list("\t\n 0123456789.%≥≤=／万元人项目名称得分年度指标值")


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(CELLS), max_size=400))
def test_tab_tables_of_random_cells_go_through_the_whole_chain(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.txt"
    path.write_text(text, encoding="utf-8")
    result = process_file(str(path), TaskOptions())
    row = result["row"]
    assert row["path"] == str(path)
    assert row["error"] is None or ("\n" not in row["error"] and "Traceback" not in row["error"])


@pytest.mark.parametrize(
    "path", sorted(p for p in FIXTURES.glob("*") if p.suffix != ".md"), ids=lambda p: p.name
)
def test_kept_fuzz_inputs_stay_fixed(path: Path) -> None:
    _check(read(Source(path.name, path.read_bytes())), path.name)
    row = process_file(str(path), TaskOptions(timeout=20))["row"]
    assert row["error"] is None or "Traceback" not in row["error"]
