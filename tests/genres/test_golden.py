"""Goldens: ``golden/<name>.blocks.json`` (the txt reader's reading of
``src/jixiao/demo/<name>.txt``) → ``golden/<name>.evaluation.json`` (the full evaluation document).

``pytest --update-golden tests/genres`` rewrites both; review the diff. Hand-checked values of the
same documents are asserted in ``test_demo_documents.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jixiao.genres import parse
from jixiao.model.blocks import Block, Blocks, Cell, Paragraph, SourceInfo, Table
from jixiao.model.jsonable import evaluation_from_jsonable, to_jsonable
from jixiao.model.location import Location

GOLDEN = Path(__file__).parent / "golden"
DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
NAMES = sorted(p.stem for p in DEMO.glob("*.txt"))


def blocks_to_json(blocks: Blocks) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for item in blocks.items:
        if isinstance(item, Paragraph):
            items.append({"paragraph": item.text, "location": item.location.items()})
        else:
            cells = [
                {"text": c.text, "row": c.row, "col": c.col, "rowspan": c.rowspan,
                 "colspan": c.colspan, "location": c.location.items()}
                for c in item.cells
            ]  # fmt: skip
            items.append({"table": cells, "location": item.location.items()})
    info = blocks.source
    source = {"path": info.path, "sha256": info.sha256, "format": info.format, "pages": info.pages}
    return {"source": source, "items": items, "problems": list(blocks.problems)}


def blocks_from_json(data: dict[str, Any]) -> Blocks:
    items: list[Block] = []
    for item in data["items"]:
        if "paragraph" in item:
            items.append(Paragraph(item["paragraph"], Location(**item["location"])))
            continue
        cells = tuple(
            Cell(c["text"], c["row"], c["col"], c["rowspan"], c["colspan"],
                 Location(**c["location"]))
            for c in item["table"]
        )  # fmt: skip
        items.append(Table(cells, Location(**item["location"])))
    return Blocks(tuple(items), SourceInfo(**data["source"]), tuple(data["problems"]))


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_every_demo_document_has_a_golden(update_golden: bool) -> None:
    if update_golden:
        pytest.skip("goldens are being rewritten")
    have = {p.name.removesuffix(".blocks.json") for p in GOLDEN.glob("*.blocks.json")}
    assert set(NAMES) <= have, f"run pytest --update-golden for {sorted(set(NAMES) - have)}"


@pytest.mark.parametrize("name", NAMES)
def test_blocks_input_is_current(
    name: str, update_golden: bool, read_file: Callable[[Path], Blocks]
) -> None:
    """The golden input is what the txt reader makes of the demo file today."""
    path = GOLDEN / f"{name}.blocks.json"
    fresh = blocks_to_json(read_file(DEMO / f"{name}.txt"))
    if update_golden or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(dump(fresh), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == fresh, (
        f"{path.name} is stale: the demo file changed (pytest --update-golden)"
    )


@pytest.mark.parametrize("name", NAMES)
def test_evaluation_golden(name: str, update_golden: bool) -> None:
    blocks_path = GOLDEN / f"{name}.blocks.json"
    if not blocks_path.exists():
        pytest.skip(f"{blocks_path.name} missing (pytest --update-golden)")
    blocks = blocks_from_json(json.loads(blocks_path.read_text(encoding="utf-8")))
    got = to_jsonable(parse(blocks))
    path = GOLDEN / f"{name}.evaluation.json"
    if update_golden or not path.exists():
        path.write_text(dump(got), encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want
    # the document reads back into the same evaluation (the JSON contract holds)
    assert to_jsonable(evaluation_from_jsonable(got)) == got
