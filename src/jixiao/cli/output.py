"""Printing results for people (rich) and for programs (JSON); exit codes."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from jixiao.model.blocks import Unreadable
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import GroupScore, LineStatus
from jixiao.scoring.explain import describe
from jixiao.services.evaluate import Scored
from jixiao.writers.jsondoc import scorecard_doc

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

EXIT_OK = 0
EXIT_UNREADABLE = 2


def print_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def print_unreadable(item: Unreadable) -> None:
    err.print(f"[red]无法读取[/red] {item.reason}")


def _status_mark(status: LineStatus) -> str:
    return {"computed": "", "adopted": "沿用", "unscored": "不计"}[status.value]


def _group_table(g: GroupScore) -> Table:
    title = g.name or ""
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for col, justify in (("行", "right"), ("指标", "left"), ("规则", "left"), ("分值", "right"),
                         ("填报", "right"), ("复算", "right"), ("说明", "left")):  # fmt: skip
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for line in g.lines:
        loc = line.location
        where = "" if loc is None else str(loc.row or loc.line or "")
        rule = "" if line.rule is None else line.rule.cite()
        points = fmt(line.points) if line.points is not None else "—"
        mark = _status_mark(line.status)
        differs = line.points is not None and line.stated is not None and line.points != line.stated
        style = "bold yellow" if differs else ""
        table.add_row(where, line.name, rule, fmt(line.weight), fmt(line.stated),
                      f"[{style}]{points}[/{style}]" if style else points,
                      (f"[{mark}] " if mark else "") + describe(line))  # fmt: skip
    return table


def _total_line(label: str, total: Any, grade: Any, stated: Any, stated_grade: Any) -> str:
    computed = "—" if total is None else f"{fmt(total)}（{grade.label if grade else '—'}）"
    written = "—" if stated is None else f"{fmt(stated)}（{stated_grade or '—'}）"
    flag = ""
    if total is not None and stated is not None and total != stated:
        flag = "  [bold red]≠[/bold red]"
    return f"{label}复算 {computed}   填报 {written}{flag}"


def print_scored(item: Scored) -> None:
    ev, card = item.evaluation, item.card
    kind = ev.doc_type.label if ev.doc_type else "类型未识别"
    year = f"{ev.fiscal_year}年度" if ev.fiscal_year else "年度未识别"
    out.rule(f"[bold]{item.path}[/bold]")
    out.print(f"{ev.department or ''} {kind} {year}")
    out.print(f"规则集：[bold]{item.selected.ruleset.name}[/bold]  {item.selected.reason}")
    for w in (*item.selected.warnings, *ev.warnings):
        out.print(f"[yellow]注意[/yellow] {w}")
    for g in card.groups:
        if g.lines:
            out.print(_group_table(g))
        if len(card.groups) > 1:
            out.print(_total_line(f"{g.name or ''}：", g.total, g.grade, g.stated_total,
                                  g.stated_grade))  # fmt: skip
    out.print(_total_line("总分：", card.total, card.grade, card.stated_total, card.stated_grade))
    for note in card.notes:
        out.print(f"[dim]说明[/dim] {note}")


def scored_json(item: Scored) -> dict[str, Any]:
    warnings = (*item.selected.warnings, *item.evaluation.warnings)
    return scorecard_doc(item.card, item.path, item.selected.reason, warnings)


def write_stdout(text: str) -> None:
    sys.stdout.write(text)


def render_docs(docs: list[dict[str, Any]], many: bool, lines: bool) -> str:
    """json: one object for one file, an array for several; jsonl: one document a line."""
    if lines:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    body: Any = docs if many else (docs[0] if docs else None)
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def print_rulesets(metas: Any) -> None:
    table = Table(title="随包规则集", title_justify="left")
    for col in ("名称", "继承", "地区", "文号", "生效", "置信度", "标题"):
        table.add_column(col, overflow="fold")
    for m in metas:
        region = "".join(x for x in (m.region.province, m.region.city, m.region.county) if x)
        table.add_row(m.name, m.extends or "—", region or "全国", m.doc or "—",
                      m.effective.isoformat(), m.confidence, m.title)  # fmt: skip
    out.print(table)
