"""Printing results for people (rich) and for programs (JSON); exit codes."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from jixiao.model.blocks import Unreadable
from jixiao.services.evaluate import Checked, Scored, find_check
from jixiao.services.report import NotWritten, Reported
from jixiao.writers.jsondoc import finding_doc, scorecard_doc
from jixiao.writers.text import findings_report, score_report

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


EXIT_ERRORS = 1
_RANK = {"info": 0, "warning": 1, "error": 2}


def print_checked(results: list[Checked | Unreadable], fmt: str, min_severity: str) -> int:
    """Print the findings of every file; the exit code: 2 unreadable input, 1 an error-level
    finding, else 0. Crashed checks (programmer errors) go to stderr."""
    floor = _RANK[min_severity]
    docs: list[dict[str, Any]] = []
    errors = unreadable = False
    for item in results:
        if isinstance(item, Unreadable):
            print_unreadable(item)
            unreadable = True
            continue
        for crash in item.run.crashes:
            err.print(f"[red]检查程序出错[/red] {crash.code}（{item.path}）：\n{crash.traceback}")
        shown = [f for f in item.run.findings if _RANK[f.severity.value] >= floor]
        errors = errors or item.run.errors() > 0
        if fmt == "text":
            for part in findings_report(item.path, shown, item.run.ruleset, item.selected.reason):
                out.print(part)
        else:
            docs.extend(finding_doc(f) for f in shown)
    if fmt != "text":
        write_stdout(render_docs(docs, many=True, lines=fmt == "jsonl"))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if errors else EXIT_OK


def print_explanation(code: str) -> int:
    spec = find_check(code)
    if spec is None:
        err.print(f"没有名为 {code} 的检查项目（jixiao check --list 列出全部）")
        return EXIT_UNREADABLE
    out.print(f"[bold]{spec.code}[/bold]  {spec.title}")
    out.print(f"类别 {spec.category.value} · 级别 {spec.severity.value} · 依据 {spec.rule}")
    out.print(spec.why)
    if spec.defaults:
        out.print(
            "可由规则集 checks.yaml 调整的参数："
            + "，".join(f"{k}={v}" for k, v in spec.defaults.items())
        )
    return EXIT_OK


def print_reported(result: Reported | Unreadable | NotWritten) -> int:
    if isinstance(result, Unreadable):
        print_unreadable(result)
        return EXIT_UNREADABLE
    if isinstance(result, NotWritten):
        err.print(f"[red]未生成[/red] {result.reason}")
        return EXIT_UNREADABLE
    out.print(f"已生成 {result.out}（规则集 {result.selected.ruleset.name}）")
    for warning in result.written.warnings:
        out.print(f"[yellow]注意[/yellow] {warning}")
    for chart in result.charts:
        out.print(f"图表 {chart}")
    return EXIT_OK
