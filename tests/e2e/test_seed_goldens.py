"""`jixiao extract` on seeds 003 and 004 against goldens written by hand (tests/e2e/golden).

The same golden holds for the seed itself (its garbled cells named in ``seed_text``), for our
demo document that rebuilds it (src/jixiao/demo, the same tables and figures), and for the
demo's table part read on its own. The DOCX, XLSX, HTML and PDF versions are in
tests/formats/test_cross_format.py. Where the seeds are absent the seed tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.genres import parse
from jixiao.model.blocks import Blocks, SourceInfo
from jixiao.model.jsonable import to_jsonable
from jixiao.readers.text import blocks_from_text
from tests.formats import table_part
from tests.formats.golden import differences, expected, load
from tests.seeds import seed_path

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
# golden → (seed prefix, demo document, table part: (caption line, title lines kept))
CASES = {
    "seed-003": ("003", "qingcheng-2024-dept-self-eval", ("部门整体支出绩效自评表", 0)),
    "seed-004": ("004", "huailai-2024-targets", ("第二部分 预算项目绩效目标", 1)),
}
runner = CliRunner()


def _extract(path: Path) -> dict[str, object]:
    """What `jixiao extract FILE --format json` prints, as JSON."""
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def _text_doc(text: str) -> dict[str, object]:
    blocks = Blocks(tuple(blocks_from_text(text)), SourceInfo(path="part.txt", format="txt"))
    doc: dict[str, object] = to_jsonable(parse(blocks))
    return doc


@pytest.mark.seeds
@pytest.mark.parametrize("golden", sorted(CASES))
def test_seed_extract_matches_golden(golden: str) -> None:
    want = expected(load(golden), "seed")
    got = _extract(seed_path(CASES[golden][0]))
    assert differences(want, got) == []


@pytest.mark.parametrize("golden", sorted(CASES))
def test_demo_document_matches_golden(golden: str) -> None:
    want = expected(load(golden), "whole")
    got = _extract(DEMO / f"{CASES[golden][1]}.txt")
    assert differences(want, got) == []


@pytest.mark.parametrize("golden", sorted(CASES))
def test_demo_table_part_matches_golden(golden: str) -> None:
    _, name, (start, keep) = CASES[golden]
    text = table_part((DEMO / f"{name}.txt").read_text(encoding="utf-8"), start, keep)
    assert differences(expected(load(golden), "table_part"), _text_doc(text)) == []


def test_goldens_are_curated_not_dumps() -> None:
    """A golden names only keys of interface.md §2 and the keys the checks read."""
    allowed = {
        "doc_type", "department", "fiscal_year", "title_year", "stated_total_score",
        "stated_grade", "budget_initial_wan", "budget_total_wan", "executed_total_wan",
        "execution_rate_pct", "targets", "funds", "indicators", "projects", "spending_plan",
        "breakdowns",
    }  # fmt: skip
    for golden in CASES:
        data = load(golden)
        keys = set(data["expect"]) | set(data["whole"]) | set(data["table_part"])
        assert keys <= allowed, keys - allowed
        assert "warnings" not in keys and "sections" not in keys
