"""Printing results for people (rich) and for programs (JSON); exit codes."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from jixiao.model.blocks import Unreadable
from jixiao.services.evaluate import Scored
from jixiao.writers.jsondoc import scorecard_doc
from jixiao.writers.text import score_report

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message

EXIT_OK = 0
EXIT_UNREADABLE = 2


def write_stdout(text: str) -> None:
    sys.stdout.write(text)


def print_unreadable(item: Unreadable) -> None:
    err.print(f"[red]无法读取[/red] {item.reason}")


def _warnings(item: Scored) -> tuple[str, ...]:
    return (*item.selected.warnings, *item.evaluation.warnings)


def print_scored(item: Scored) -> None:
    for part in score_report(item.path, item.evaluation, item.card, item.selected.ruleset.name,
                             item.selected.reason, _warnings(item)):  # fmt: skip
        out.print(part)


def scored_json(item: Scored) -> dict[str, Any]:
    return scorecard_doc(item.card, item.path, item.selected.reason, _warnings(item))


def render_docs(docs: list[dict[str, Any]], many: bool, lines: bool) -> str:
    """json: one object for one file, an array for several; jsonl: one document a line."""
    if lines:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    body: Any = docs if many else (docs[0] if docs else None)
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
