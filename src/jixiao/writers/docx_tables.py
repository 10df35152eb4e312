"""The tables of a report as grids: the 自评表 (header labels, money block, targets, indicator
block with merged 一级/二级 cells, 总分), the score summary and the signature table.

The 自评表 is written the way the genre parsers read real forms (R7 national layout, R10 F-B
department layout of seed 003): a label cell before its value, the money header words
年初预算数 / 全年预算数 / 全年执行数 / 执行率 / 得分, the indicator header words 一级指标 … 得分,
a 总分 row. Amounts keep the unit the document used (元 or 万元), so a form read back gives the
same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate, pairwise
from typing import Final

from jixiao.model.evaluation import Evaluation, Fund, Indicator
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import LineKind, ScoreCard
from jixiao.writers.docx_layout import Rows, grid_bounds, level_runs, spans_of, text_width_cm
from jixiao.writers.docx_model import Grid

TEXT_WIDTH_CM: Final = 15.6  # A4 less the 2.8 / 2.6 cm side margins


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    value: Callable[[Indicator], str]
    left: bool = False


def text(value: Decimal | str | None) -> str:
    """A cell's text: a number without exponent, a text as written, blank for nothing."""
    if value is None:
        return ""
    return fmt(value) if isinstance(value, Decimal) else value


def points(value: Decimal | None) -> str:
    """A sum of points without trailing zeros ("60.0" → "60", "11.00" → "11")."""
    if value is None:
        return ""
    return fmt(value.normalize()) if value == value.to_integral() else fmt(value)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt(value)}%"


def _always() -> list[Column]:
    return [
        Column("一级指标", 1.5, lambda i: text(i.level1)),
        Column("二级指标", 1.6, lambda i: text(i.level2)),
        Column("三级指标", 2.6, lambda i: text(i.level3), left=True),
        Column("年度指标值", 1.7, lambda i: text(i.target)),
        Column("实际完成值", 1.7, lambda i: text(i.actual)),
    ]


def indicator_columns(indicators: Sequence[Indicator], reason_title: str) -> list[Column]:
    """The indicator block's columns: the national ones, plus 单位 / 指标性质 / 完成率 /
    依据 / 解释 where some row has them (a column nobody filled is left out)."""
    cols = _always()
    if any(i.unit for i in indicators):
        cols.append(Column("单位", 0.9, lambda i: text(i.unit)))
    if any(i.nature for i in indicators):
        cols.append(Column("指标性质", 1.1, lambda i: text(i.nature)))
    cols.append(Column("分值", 1.1, lambda i: text(i.weight)))
    if any(i.completion_pct is not None for i in indicators):
        cols.append(Column("完成率", 1.5, lambda i: percent_text(i.completion_pct)))
    cols.append(Column("得分", 1.1, lambda i: text(i.score)))
    reasons = any(i.deviation_reason for i in indicators)
    cols.append(
        Column(reason_title, 2.8 if reasons else 1.8, lambda i: text(i.deviation_reason), left=True)
    )
    if any(i.basis for i in indicators):
        cols.append(Column("指标值确定依据", 2.0, lambda i: text(i.basis), left=True))
    if any(i.description for i in indicators):
        cols.append(Column("指标解释", 2.0, lambda i: text(i.description), left=True))
    return cols


def _money_unit(funds: Sequence[Fund]) -> str:
    """The unit the document wrote its money in (元 for seed 003), else 万元."""
    units = [f.source_unit for f in funds if f.source_unit]
    return "元" if units and units[0] == "元" else "万元"


def amount_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    return fmt(value.scaleb(4)) if unit == "元" else fmt(value)


def fund_name(fund: Fund, n_in_parent: int, first_child: bool, project_form: bool) -> str:
    """The name as the form writes it: "1.人员经费" below a 其中 row, "其中：当年财政拨款"."""
    if fund.level == 2:  # noqa: PLR2004 - the level below the 其中 rows
        return f"{n_in_parent}.{fund.name}"
    if fund.level == 1 and first_child and project_form:
        return f"其中：{fund.name}"
    return fund.name


# the width (cm) a money column needs at 10.5 pt: a name, an amount, a rate, points, a reason
_NEEDS: Final = {"name": 2.2, "amount": 2.7, "rate": 1.3, "points": 0.9, "reason": 2.5}
FundField = tuple[str, str, Callable[[Fund, str], str]]  # header, kind of need, value


def _fund_fields(funds: Sequence[Fund]) -> list[FundField]:
    fields: list[FundField] = [
        ("年初预算数", "amount", lambda f, u: amount_text(f.initial, u)),
        ("全年预算数", "amount", lambda f, u: amount_text(f.total, u)),
        ("全年执行数", "amount", lambda f, u: amount_text(f.executed, u)),
    ]
    if any(f.weight is not None for f in funds):
        fields.append(("分值", "points", lambda f, u: text(f.weight)))
    fields.append(("执行率", "rate", lambda f, u: percent_text(f.rate_pct)))
    fields.append(("得分", "points", lambda f, u: text(f.score)))
    if any(f.reason for f in funds):
        fields.append(("偏差原因分析及改进措施", "reason", lambda f, u: text(f.reason)))
    return fields


def _need(header: str, values: Sequence[str], kind: str) -> float:
    """The width a money column asks for: its longest value on one line, its header on two,
    at least the kind's usual width, at most 4 cm (longer text wraps)."""
    widest = max([text_width_cm(header) / 2, *(text_width_cm(v) for v in values)])
    return min(max(widest + 0.3, _NEEDS[kind] * 0.5), 4.0)


def money_widths(funds: Sequence[Fund], label_width: float, project_form: bool) -> list[float]:
    """The money block's own column widths: the label column as wide as the 一级 column, the
    rest shared in proportion to what each column holds."""
    unit = _money_unit(funds)
    names = [name for _, name in _fund_names(funds, project_form)]
    needs = [_need("", names, "name")]
    for header, kind, value in _fund_fields(funds):
        needs.append(_need(header, [value(f, unit) for f in funds], kind))
    scale = (TEXT_WIDTH_CM - label_width) / sum(needs)
    return [label_width, *(need * scale for need in needs)]


def _fund_names(funds: Sequence[Fund], project_form: bool) -> list[tuple[Fund, str]]:
    out: list[tuple[Fund, str]] = []
    counters = {1: 0, 2: 0}
    for fund in funds:
        level = fund.level if fund.level in (1, 2) else 0
        if level == 1:
            counters[2] = 0
        counters[level] = counters.get(level, 0) + 1
        out.append((fund, fund_name(fund, counters.get(2, 0), counters[1] == 1, project_form)))
    return out


def _money_block(
    rows: Rows, funds: Sequence[Fund], label: str, project_form: bool, spans: Sequence[int]
) -> None:
    unit = _money_unit(funds)
    fields = _fund_fields(funds)
    first = rows.add([f"{label}（{unit}）", "", *(t for t, _, _ in fields)], spans, header=True)
    for fund, name in _fund_names(funds, project_form):
        rows.add(["", name, *(value(fund, unit) for _, _, value in fields)], spans)
    rows.merge_down(first, len(rows.rows) - 1, 0, spans[0])


def _targets(
    rows: Rows, ev: Evaluation, missing: Callable[[str], str], spans: Sequence[int]
) -> None:
    targets = ev.targets
    if targets is None or not (targets.planned or targets.achieved):
        return
    planned = targets.planned or missing("年度总体目标（预期目标）")
    achieved = targets.achieved or missing("年度总体目标（实际完成情况）")
    head = [spans[0], spans[1], 1]
    first = rows.add(["年度总体目标", "预期目标", planned], head)
    rows.add(["", "实际完成情况", achieved], head)
    rows.merge_down(first, first + 1, 0, spans[0])


def _indicator_block(
    rows: Rows,
    indicators: Sequence[Indicator],
    cols: list[Column],
    total: tuple[str, str],
    spans: Sequence[int],
) -> None:
    rows.add([c.title for c in cols], spans, header=True)
    first = len(rows.rows)
    for ind in indicators:
        rows.add([c.value(ind) for c in cols], spans)
    level1 = [i.level1 for i in indicators]
    level2 = [(i.level1, i.level2) if i.level2 else None for i in indicators]
    for a, b in level_runs(level1):
        rows.merge_down(first + a, first + b, 0, spans[0])
    for a, b in level_runs(level2):
        rows.merge_down(first + a, first + b, spans[0], spans[1])
    titles = [c.title for c in cols]
    weight_col, score_col = titles.index("分值"), titles.index("得分")
    between = list(spans[weight_col + 1 : score_col])
    cells = ["总分", total[0], *([""] * len(between)), total[1], ""]
    row_spans = [sum(spans[:weight_col]), spans[weight_col], *between, spans[score_col], 1]
    rows.add(cells, row_spans, header=True)


def total_weight(card: ScoreCard) -> Decimal | None:
    weights = [line.weight for line in card.lines if line.weight is not None]
    return sum(weights, Decimal(0)) if weights else None


@dataclass(frozen=True, slots=True)
class FormSpec:
    """What the 自评表 needs besides the evaluation."""

    project_form: bool  # R7 labels (项目名称 / 主管部门 / 实施单位) and 项目资金 money label
    reason_title: str  # 偏差原因分析及改进措施 (national) or 未完成原因分析 (Gansu)
    stated_total: str  # the 总分 row's 得分


def self_eval_form(
    ev: Evaluation, card: ScoreCard, spec: FormSpec, missing: Callable[[str], str]
) -> Grid:
    """The 自评表 of an evaluation whose rows are not grouped by project."""
    indicators = [i for i in ev.indicators if i.group is None]
    funds = [f for f in ev.funds if f.group is None]
    cols = indicator_columns(indicators, spec.reason_title)
    widths = [c.width * TEXT_WIDTH_CM / sum(c.width for c in cols) for c in cols]
    money = money_widths(funds, widths[0], spec.project_form) if funds else None
    layouts = [widths, money] if money else [widths]
    bounds = grid_bounds(layouts)
    ind_spans, *money_spans = [spans_of(w, bounds) for w in layouts]
    rows = Rows(len(bounds) - 1)
    _labels(rows, ev, spec.project_form, ind_spans, missing)
    if funds:
        _money_block(
            rows,
            funds,
            "项目资金" if spec.project_form else "整体支出规模",
            spec.project_form,
            money_spans[0],
        )
    _targets(rows, ev, missing, ind_spans)
    weight = total_weight(card) if indicators else None
    _indicator_block(rows, indicators, cols, (points(weight), spec.stated_total), ind_spans)
    starts = [0, *accumulate(ind_spans)]
    left = frozenset(starts[n] for n, c in enumerate(cols) if c.left)
    grid_widths = tuple(round(b - a, 2) for a, b in pairwise(bounds))
    return Grid(tuple(rows.rows), tuple(rows.merges), frozenset(rows.headers), grid_widths, left)


def _labels(
    rows: Rows,
    ev: Evaluation,
    project_form: bool,
    spans: Sequence[int],
    missing: Callable[[str], str],
) -> None:
    """项目名称 / 主管部门 / 实施单位 (project form) or 部门（单位）名称 (department form)."""
    if project_form:
        rows.add(["项目名称", ev.project or missing("项目名称")], [spans[0], 1])
        half = max(2, len(spans) // 2)
        rows.add(
            [
                "主管部门",
                ev.supervisor or missing("主管部门"),
                "实施单位",
                ev.department or missing("实施单位"),
            ],
            [spans[0], sum(spans[1:half]), spans[half], 1],
        )
    else:
        rows.add(
            ["部门（单位）名称", ev.department or missing("部门（单位）名称")],
            [spans[0] + spans[1], 1],
        )


def score_summary(card: ScoreCard, group_names: Sequence[str]) -> Grid:
    """Points by first-level block (or by task), as stated and as recomputed. The header words
    are not those of a 自评表, so a reader never takes this table for the form."""
    blocks: dict[str, list[Decimal | None]] = {}
    for line in card.lines:
        if line.kind is LineKind.EXECUTION:
            name = "预算执行"
        elif line.group is not None and line.group < len(group_names):
            name = group_names[line.group]
        else:
            row = line.row
            name = getattr(row, "level1", None) or "其他"
        acc = blocks.setdefault(name, [None, None, None])
        for n, value in enumerate((line.weight, line.stated, line.points)):
            if value is not None:
                acc[n] = (acc[n] or Decimal(0)) + value
    rows = [("评价维度", "满分", "填报分", "复算分")]
    rows += [(name, points(w), points(s), points(p)) for name, (w, s, p) in blocks.items()]
    widths = (6.0, 3.2, 3.2, 3.2)
    return Grid(tuple(rows), (), frozenset({0}), widths, frozenset({0}))


def signature_table(members: int = 5) -> Grid:
    """评价工作组人员名单及签字: blank lines the unit fills in by hand."""
    rows = [("序号", "姓名", "单位及职务", "工作组职务", "签字")]
    rows += [(str(n), "", "", "组长" if n == 1 else "成员", "") for n in range(1, members + 1)]
    return Grid(tuple(rows), (), frozenset({0}), (1.2, 2.6, 5.6, 2.6, 3.6))
