"""Rich output for people: the score card as a table per project, totals beside the stated ones."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from rich.console import RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from jixiao.checks.spec import CheckSpec
from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import Finding
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import Grade, GroupScore, LineStatus, ScoreCard
from jixiao.rules.schema import RuleSetMeta
from jixiao.scoring.explain import describe

_MARK = {LineStatus.COMPUTED: "", LineStatus.ADOPTED: "[沿用] ", LineStatus.UNSCORED: "[不计] "}


def group_table(g: GroupScore) -> Table:
    table = Table(title=g.name or None, title_justify="left", expand=False)
    for col, justify in (("行", "right"), ("指标", "left"), ("规则", "left"), ("分值", "right"),
                         ("填报", "right"), ("复算", "right"), ("说明", "left")):  # fmt: skip
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for line in g.lines:
        loc = line.location
        where = "" if loc is None else str(loc.row or loc.line or "")
        rule = "" if line.rule is None else line.rule.cite()
        points = Text(fmt(line.points) if line.points is not None else "—")
        if line.points is not None and line.stated is not None and line.points != line.stated:
            points.stylize("bold yellow")
        table.add_row(where, line.name, rule, fmt(line.weight), fmt(line.stated), points,
                      _MARK[line.status] + describe(line))  # fmt: skip
    return table


def total_text(
    label: str,
    total: Decimal | None,
    grade: Grade | None,
    stated: Decimal | None,
    stated_grade: str | None,
) -> Text:
    computed = "—" if total is None else f"{fmt(total)}（{grade.label if grade else '—'}）"
    written = "—" if stated is None else f"{fmt(stated)}（{stated_grade or '—'}）"
    text = Text(f"{label}复算 {computed}   填报 {written}")
    if total is not None and stated is not None and total != stated:
        text.append("  ≠", style="bold red")
    return text


def score_report(
    path: str,
    ev: Evaluation,
    card: ScoreCard,
    ruleset_name: str,
    reason: str,
    warnings: Sequence[str],
) -> Iterator[RenderableType]:
    """What `jixiao score` prints for one file."""
    kind = ev.doc_type.label if ev.doc_type else "类型未识别"
    year = f"{ev.fiscal_year}年度" if ev.fiscal_year else "年度未识别"
    yield Rule(Text(path, style="bold"))
    yield Text(f"{ev.department or ''} {kind} {year}".strip())
    yield Text.assemble("规则集：", (ruleset_name, "bold"), f"  {reason}")
    for w in warnings:
        yield Text.assemble(("注意 ", "yellow"), w)
    for g in card.groups:
        if g.lines:
            yield group_table(g)
        if len(card.groups) > 1:
            yield total_text(f"{g.name or ''}：", g.total, g.grade, g.stated_total, g.stated_grade)
    yield total_text("总分：", card.total, card.grade, card.stated_total, card.stated_grade)
    for note in card.notes:
        yield Text.assemble(("说明 ", "dim"), note)


def rulesets_table(metas: Sequence[RuleSetMeta]) -> Table:
    table = Table(title="随包规则集", title_justify="left")
    for col in ("名称", "继承", "地区", "文号", "生效", "置信度", "标题"):
        table.add_column(col, overflow="fold")
    for m in metas:
        region = "".join(x for x in (m.region.province, m.region.city, m.region.county) if x)
        table.add_row(m.name, m.extends or "—", region or "全国", m.doc or "—",
                      m.effective.isoformat(), m.confidence, m.title)  # fmt: skip
    return table


_SEVERITY_LABEL = {
    "error": ("错误", "bold red"),
    "warning": ("警告", "yellow"),
    "info": ("提示", "cyan"),
}


def findings_report(
    path: str, findings: Sequence[Finding], ruleset_name: str, reason: str
) -> Iterator[RenderableType]:
    """What `jixiao check` prints for one file: findings grouped by severity, each with its
    place, message, evidence and rule."""
    yield Rule(Text(path, style="bold"))
    yield Text.assemble("规则集：", (ruleset_name, "bold"), f"  {reason}")
    if not findings:
        yield Text("未发现问题", style="green")
        return
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in _SEVERITY_LABEL}
    yield Text("  ".join(f"{_SEVERITY_LABEL[s][0]} {n}" for s, n in counts.items() if n))
    for f in findings:
        label, style = _SEVERITY_LABEL[f.severity.value]
        where = f.location.describe() if f.location else "全文"
        yield Text.assemble((f"[{label}] ", style), (f"{f.code}", "bold"), f"  {where}")
        yield Text(f"    {f.message}")
        if f.evidence:
            facts = "；".join(f"{k}={v}" for k, v in f.evidence.items())
            yield Text(f"    依据：{facts}（{f.rule}）", style="dim")


def checks_table(specs: Sequence[CheckSpec]) -> Table:
    """The catalog (`jixiao check --list`), generated from the registry."""
    table = Table(title="检查项目", title_justify="left")
    for col in ("代码", "类别", "级别", "说明", "规则"):
        table.add_column(col, overflow="fold")
    for s in specs:
        table.add_row(s.code, s.category.value, s.severity.value, s.title, s.rule)
    return table
