"""统计分析: four charts of one fiscal year (and year over year), each with the table behind it
and that table as an .xlsx download. The numbers come from :mod:`jixiao.storage.dashboards`
(scoped to what the user may see); the charts read them from ``json_script`` blocks, and the
tables carry the same numbers, so the page works without JavaScript.

- ``/dashboards/?year=2025`` — the page;
- ``/dashboards/<chart>.xlsx?year=2025`` — chart ``grades``, ``scatter``, ``findings`` or
  ``years``: the table as a workbook (``2025年度_等级分布.xlsx``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape  # the standard library's: & < > " ' as Django's, without its wrappers
from typing import Any, Final
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from jixiao.model.findings import CATEGORY_LABELS, SEVERITY_LABELS, Severity
from jixiao.model.numbers import fmt
from jixiao.storage import dashboards as dash
from jixiao.storage import selectors
from jixiao.web.views.common import login_required
from jixiao.writers.table_xlsx import Column, table_xlsx

XLSX_MIME: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CATEGORY_NAMES: Final = {c.value: label for c, label in CATEGORY_LABELS.items()}
SEVERITY_NAMES: Final = tuple(SEVERITY_LABELS[Severity(s)] for s in dash.SEVERITIES)
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass
class Table:
    """One chart's table: Chinese headers with each column's kind (as in the workbook), the
    rows, a footer row of totals, notes, and the chart's data."""

    key: str
    title: str  # the section's heading
    name: str  # 等级分布: the file name's second half
    columns: list[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # per row: a record's page
    link_col: int | None = None  # the column that carries the link

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    def html(self) -> SafeString:
        """The ``<table>``, every text escaped; built here rather than in a template, where the
        scatter's 2 000 rows × 5 cells cost 150 ms against 15 ms."""
        nums = [kind != "text" for _, kind in self.columns]
        head = "".join(_cell("th", h, num) for (h, _), num in zip(self.columns, nums, strict=True))
        links = self.links or [""] * len(self.rows)
        body = [
            "<tr>" + "".join(
                _cell("td", v, num, link if k == self.link_col else "")
                for k, (v, num) in enumerate(zip(row, nums, strict=True))
            ) + "</tr>"
            for row, link in zip(self.rows, links, strict=True)
        ]  # fmt: skip
        foot = ""
        if self.footer is not None:
            cells = "".join(_cell("th", v, n) for v, n in zip(self.footer, nums, strict=True))
            foot = f"<tfoot><tr>{cells}</tr></tfoot>"
        return mark_safe(  # every value above went through escape()
            f'<table id="table-{escape(self.key)}"><thead><tr>{head}</tr></thead>'
            "<tbody>\n" + "\n".join(body) + f"\n</tbody>{foot}</table>"
        )


def _cell(tag: str, value: Any, num: bool, link: str = "") -> str:
    text = escape(_shown(value))
    if link:
        text = f'<a href="{escape(link)}">{text}</a>'
    return f'<{tag} class="num">{text}</{tag}>' if num else f"<{tag}>{text}</{tag}>"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    return fmt(value) if isinstance(value, Decimal) else str(value)


Groups = list[dash.Group] | None  # one scan of the records, shared by the page's charts


def grades_table(user: Any, year: int, groups: Groups = None) -> Table:
    rows = dash.grade_distribution(user, year, groups)
    columns: list[Column] = [("单位", "text"), *((g, "int") for g in dash.GRADE_HEADERS)]
    columns.append(("合计", "int"))
    sums = [sum(r.counts[k] for r in rows) for k in range(len(dash.GRADE_HEADERS))]
    chart = {
        "units": [r.unit for r in rows],
        "series": [
            {"name": g, "data": [r.counts[k] for r in rows]}
            for k, g in enumerate(dash.GRADE_HEADERS)
        ],
    }
    return Table(
        "grades", "各单位等级分布", "等级分布", columns,
        [[r.unit, *r.counts, r.total] for r in rows],
        footer=["合计", *sums, sum(sums)] if rows else None, chart=chart,
        notes=["等级按复算结果统计；优秀、良好、一般、较差（河北省规则）分别计入优、良、中、差。"],
    )  # fmt: skip


def scatter_table(user: Any, year: int, groups: Groups = None) -> Table:
    s = dash.execution_scatter(user, year, groups=groups)
    columns: list[Column] = [
        ("记录编号", "int"), ("预算执行率（%）", "decimal"), ("复算总分", "decimal"),
        ("名称", "text"), ("单位", "text"),
    ]  # fmt: skip
    rows = [[p.record_id, p.execution_rate, p.score, p.title, p.unit] for p in s.points]
    chart = {
        "points": [[p.execution_rate, p.score, p.title, p.unit] for p in s.points],
        "execution_line": dash.EXECUTION_LINE, "score_line": dash.SCORE_LINE,
    }  # fmt: skip
    return Table(
        "scatter", "预算执行率与复算总分", "执行率与得分", columns, rows, chart=chart,
        notes=scatter_notes(s), links=[f"/evaluations/{p.record_id}/" for p in s.points],
        link_col=3,
    )  # fmt: skip


def scatter_notes(s: dash.Scatter) -> list[str]:
    shown = f"共{s.total}条记录同时有预算执行率和复算总分，显示{s.shown}条"
    if s.step > 1:
        shown += f"（按记录编号散列抽样，约每{s.step}条取1条）"
    q = s.quadrants
    return [
        shown + "。",
        f"执行率≥80%且得分≥90：{q[(True, True)]}条；执行率≥80%且得分<90：{q[(True, False)]}条；"
        f"执行率<80%且得分≥90：{q[(False, True)]}条；执行率<80%且得分<90：{q[(False, False)]}条"
        f"（按全部{s.total}条统计）。",
    ]


def findings_table(user: Any, year: int, _groups: Groups = None) -> Table:
    rows = dash.findings_by_category(user, year)
    columns: list[Column] = [("问题类别", "text"), *((s, "int") for s in SEVERITY_NAMES)]
    columns.append(("合计", "int"))
    labels = [CATEGORY_NAMES.get(r.category, r.category) for r in rows]
    sums = [sum(r.counts[k] for r in rows) for k in range(len(dash.SEVERITIES))]
    chart = {
        "categories": labels,
        "series": [
            {"name": name, "data": [r.counts[k] for r in rows]}
            for k, name in enumerate(SEVERITY_NAMES)
        ],
    }
    body = [[label, *r.counts, r.total] for label, r in zip(labels, rows, strict=True)]
    return Table(
        "findings", "问题类别与严重程度", "问题分类", columns, body,
        footer=["合计", *sums, sum(sums)], chart=chart,
        notes=["各记录最近一次保存时的检查结果，按类别和严重程度计数；"
               "含绩效目标表的指标质量与资金支出计划问题。"],
    )  # fmt: skip


def years_table(user: Any, _year: int, groups: Groups = None) -> Table:
    rows = dash.year_over_year(user, groups)
    columns: list[Column] = [
        ("年度", "int"), ("记录数", "int"), ("已复算", "int"), ("平均复算总分", "decimal"),
        *((f"{g}占比（%）", "decimal") for g in dash.GRADE_HEADERS),
        ("平均预算执行率（%）", "decimal"),
    ]  # fmt: skip
    chart = {
        "years": [r.year for r in rows],
        "records": [r.records for r in rows],
        "mean_score": [r.mean_score for r in rows],
        "mean_execution": [r.mean_execution for r in rows],
    }
    body = [
        [r.year, r.records, r.scored, r.mean_score, *r.grade_shares, r.mean_execution] for r in rows
    ]
    return Table(
        "years", "历年对比", "历年对比", columns, body, chart=chart,
        notes=["平均值按求和÷条数计算，四舍五入保留两位；占比以当年全部记录为分母。"],
    )  # fmt: skip


CHARTS: Final[dict[str, Callable[[Any, int, Groups], Table]]] = {
    "grades": grades_table,
    "scatter": scatter_table,
    "findings": findings_table,
    "years": years_table,
}


def _year(request: HttpRequest) -> int | None:
    """The year asked for (a number in range), else the latest with records the user sees."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and _MIN_YEAR <= int(raw) <= _MAX_YEAR:
        return int(raw)
    return dash.default_year(request.user)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    tables = {}
    if year is not None:
        groups = dash.record_groups(request.user)  # every year: the years chart needs them
        tables = {k: make(request.user, year, groups) for k, make in CHARTS.items()}
    grades = tables.get("grades")
    context = {
        "year": year, "years": selectors.years(), "tables": tables,
        "grades_height": 120 + 26 * max(4, len(grades.rows) if grades else 0),
    }  # fmt: skip
    return render(request, "jixiao/dashboards.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest, chart: str) -> HttpResponse:
    make = CHARTS.get(chart)
    year = _year(request)
    if make is None or year is None:
        raise Http404("没有这张表")
    table = make(request.user, year, None)
    name = f"{table.name}.xlsx" if chart == "years" else f"{year}年度_{table.name}.xlsx"
    data = table_xlsx(name.removesuffix(".xlsx"), table.columns, _with_footer(table), table.notes)
    response = HttpResponse(data, content_type=XLSX_MIME)
    ascii_name = f"dashboard-{chart}.xlsx" if chart == "years" else f"dashboard-{chart}-{year}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _with_footer(table: Table) -> list[list[Any]]:
    return table.rows if table.footer is None else [*table.rows, table.footer]
