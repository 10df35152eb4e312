"""统计分析 (/dashboards/): the four tables by hand, the xlsx downloads read back, the scope.

The records (fiscal 2025 unless said; made through flows.create_from_evaluation, then their
indexed columns set directly so the numbers are exact):

    r1 dept_a   submitted 优     95.00  exec  85.00
    r2 dept_a   published 优秀   90.00  exec  70.00   (Hebei label → 优 column)
    r3 dept_a   approved  良     80.00  exec  80.00   (both on the lines: counted as ≥)
    r4 dept_a   draft     差     50.00  exec  40.00   (a reviewer never sees it)
    r5 branch_a submitted 一般   65.01  no exec        (→ 中)
    r6 branch_a returned  —      no score exec 90.00  (→ 未评级)
    r7 dept_b   submitted 较差   55.00  exec  60.00   (bureau_b's)
    r8 dept_a   published 良     85.50  exec  80.00   (2024)
    r9 dept_a   published 良好   85.25  exec  79.97   (2024)

and world's record_a / record_b, set to 2024 drafts (优, 96.00, exec 92.00).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any
from urllib.parse import quote

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from jixiao.storage import dashboards as dash
from jixiao.storage.models import Record, RecordDocument, RecordFinding, Unit
from jixiao.storage.routing import alias
from jixiao.web import flows
from jixiao.web.views.dashboards import scatter_notes
from tests.web.conftest import World, demo_evaluation

R = dict[str, Record]


def _record(world: World, unit: Unit, who: str, **columns: Any) -> Record:
    ev = demo_evaluation("minzheng-2024-project-self-eval")
    record = flows.create_from_evaluation(world.users[who], unit, ev)
    Record.objects.filter(pk=record.pk).update(**columns)
    record.refresh_from_db()
    return record


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


ROWS = {  # name: (unit, year, status, grade, score, execution_rate)
    "r1": ("dept_a", 2025, "submitted", "优", "95.00", "85.00"),
    "r2": ("dept_a", 2025, "published", "优秀", "90.00", "70.00"),
    "r3": ("dept_a", 2025, "approved", "良", "80.00", "80.00"),
    "r4": ("dept_a", 2025, "draft", "差", "50.00", "40.00"),
    "r5": ("branch_a", 2025, "submitted", "一般", "65.01", None),
    "r6": ("branch_a", 2025, "returned", "", None, "90.00"),
    "r7": ("dept_b", 2025, "submitted", "较差", "55.00", "60.00"),
    "r8": ("dept_a", 2024, "published", "良", "85.50", "80.00"),
    "r9": ("dept_a", 2024, "published", "良好", "85.25", "79.97"),
}
FILLERS = {"dept_a": "filler_a", "branch_a": "branch_a", "dept_b": "filler_b"}
FINDINGS = [  # (record, category, severity) — all 2025 but r8's
    ("r1", "arithmetic", "error"), ("r1", "arithmetic", "error"), ("r1", "score_rule", "warning"),
    ("r3", "arithmetic", "info"), ("r4", "arithmetic", "error"), ("r5", "completeness", "warning"),
    ("r7", "arithmetic", "error"), ("r8", "execution", "error"),
]  # fmt: skip


@dataclass
class Data:
    world: World
    r: R


@pytest.fixture
def data(world: World) -> Data:
    r: R = {}
    for name, (unit, year, status, grade, score, rate) in ROWS.items():
        u = getattr(world, unit)
        r[name] = _record(
            world, u, FILLERS[unit], fiscal_year=year, status=status, grade=grade,
            score=_d(score), execution_rate=_d(rate), title=f"项目{name}",
        )  # fmt: skip
    for rec in (world.record_a, world.record_b):
        Record.objects.filter(pk=rec.pk).update(
            fiscal_year=2024, status="draft", grade="优", score=Decimal("96.00"),
            execution_rate=Decimal("92.00"),
        )  # fmt: skip
    RecordFinding.objects.all().delete()
    RecordFinding.objects.bulk_create(
        RecordFinding(
            record=r[name], fid=f"f{k}", code="X", category=category, severity=severity,
            message="…", fiscal_year=r[name].fiscal_year, unit_id=r[name].unit_id,
        )
        for k, (name, category, severity) in enumerate(FINDINGS)
    )  # fmt: skip
    return Data(world, r)


def _json(page: str, key: str) -> Any:
    m = re.search(rf'<script id="{key}-data" type="application/json">(.*?)</script>', page)
    assert m is not None, key
    return json.loads(m.group(1))


def _table(page: str, key: str) -> list[list[str]]:
    m = re.search(rf'<table id="table-{key}">(.*?)</table>', page, re.S)
    assert m is not None, key
    rows = re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in rows]  # fmt: skip


# --- (a) grades by unit ------------------------------------------------------------------


def test_grade_table_for_the_bureau_without_drafts(data: Data) -> None:
    from tests.web.test_target_review import approve, make_target  # noqa: PLC0415

    approve(data.world, make_target(data.world))  # a 2025 target table: no grade to chart
    page = data.world.client("reviewer_a").get("/dashboards/?year=2025").content.decode()
    # dept_a: r1 优 + r2 优秀 → 2 优, r3 → 1 良; r4 is a draft: not counted (total 3, not 4).
    # branch_a: r5 一般 → 中, r6 without grade → 未评级. 甲市民政局 sorts before 甲市民政局分局.
    assert _table(page, "grades") == [
        ["单位", "优", "良", "中", "差", "未评级", "合计"],
        ["甲市民政局", "2", "1", "0", "0", "0", "3"],
        ["甲市民政局分局", "0", "0", "1", "0", "1", "2"],
        ["合计", "2", "1", "1", "0", "1", "5"],
    ]
    chart = _json(page, "grades")
    assert chart["units"] == ["甲市民政局", "甲市民政局分局"]
    assert chart["series"][0] == {"name": "优", "data": [2, 0]}
    assert chart["series"][4] == {"name": "未评级", "data": [0, 1]}


def test_a_filler_sees_their_own_unit_with_drafts(data: Data) -> None:
    rows = dash.grade_distribution(data.world.users["filler_a"], 2025)
    # r1, r2 优; r3 良; r4 (their own draft) 差; nothing of branch_a, a unit below theirs
    assert [(g.unit, g.counts, g.total) for g in rows] == [("甲市民政局", (2, 1, 0, 1, 0), 4)]


def test_another_bureau_sees_none_of_bureau_a(data: Data) -> None:
    page = data.world.client("reviewer_b").get("/dashboards/?year=2025").content.decode()
    assert "甲市" not in page and "项目r1" not in page
    assert _table(page, "grades")[1:] == [["乙县民政局", "0", "0", "0", "1", "0", "1"],
                                          ["合计", "0", "0", "0", "1", "0", "1"]]  # fmt: skip
    assert _table(page, "scatter")[1:] == [[str(data.r["r7"].pk), "60.00", "55.00", "项目r7",
                                            "乙县民政局"]]  # fmt: skip


def test_filler_and_admin_pages(data: Data) -> None:
    # filler_a, 2025: their own unit with their draft r4 (差); branch_a (a unit below) not shown
    page = data.world.client("filler_a").get("/dashboards/?year=2025").content.decode()
    assert _table(page, "grades")[1] == ["甲市民政局", "2", "1", "0", "1", "0", "4"]
    assert "甲市民政局分局" not in page and "乙县" not in page
    # admin, 2025: every unit, drafts too — 甲市民政局 4, 甲市民政局分局 2, 乙县民政局 1
    page = data.world.client("admin").get("/dashboards/?year=2025").content.decode()
    assert [row[0] for row in _table(page, "grades")[1:]] == [
        "乙县民政局", "甲市民政局", "甲市民政局分局", "合计",
    ]  # fmt: skip  # by name: 乙 (U+4E59) sorts before 甲 (U+7532)
    assert _table(page, "grades")[-1] == ["合计", "2", "1", "1", "2", "1", "7"]


# --- (b) execution against score ---------------------------------------------------------


def test_scatter_points_and_quadrants(data: Data) -> None:
    s = dash.execution_scatter(data.world.users["reviewer_a"], 2025)
    r = data.r
    # r1, r2, r3 have both values; r4 is a draft, r5 has no execution rate, r6 no score
    assert [(p.record_id, p.execution_rate, p.score) for p in s.points] == sorted(
        (r[n].pk, Decimal(ROWS[n][5] or 0), Decimal(ROWS[n][4] or 0)) for n in ("r1", "r2", "r3")
    )
    assert (s.total, s.step, s.shown) == (3, 1, 3)
    # r1 (85 %, 95) high/high; r3 (80 %, 80) high/low (80 % counts as ≥ 80); r2 (70 %, 90)
    # low/high (90 counts as ≥ 90); nothing low/low
    assert s.quadrants == {(True, True): 1, (True, False): 1, (False, True): 1, (False, False): 0}


def test_scatter_sample_over_the_cap_is_one_in_k_by_a_hash_of_the_id(data: Data) -> None:
    s = dash.execution_scatter(data.world.users["reviewer_a"], 2025, cap=2)
    ids = sorted(data.r[n].pk for n in ("r1", "r2", "r3"))
    # 3 points over a cap of 2: k = ceil(3/2) = 2; the records whose id × 48271 mod (2³¹ − 1)
    # is even, at most 2 of them, by id
    assert (s.total, s.step) == (3, 2)
    assert [p.record_id for p in s.points] == [i for i in ids if i * 48271 % (2**31 - 1) % 2 == 0][
        :2
    ]
    notes = " ".join(scatter_notes(s))
    assert (
        f"共3条记录同时有预算执行率和复算总分，显示{s.shown}条（按记录编号散列抽样，约每2条取1条）"
        in notes
    )


def test_scatter_escapes_titles(data: Data) -> None:
    Record.objects.filter(pk=data.r["r1"].pk).update(title="<script>alert(1)</script>")
    page = data.world.client("reviewer_a").get("/dashboards/?year=2025").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the table
    assert _json(page, "scatter")["points"][0][2] == "<script>alert(1)</script>"  # \u003C in JSON


# --- (c) findings ------------------------------------------------------------------------


def test_findings_by_category_and_severity(data: Data) -> None:
    c = data.world.client("reviewer_a")
    page = c.get("/dashboards/?year=2025").content.decode()
    table = _table(page, "findings")
    assert table[0] == ["问题类别", "错误", "警告", "提示", "合计"]
    got = {row[0]: row[1:] for row in table[1:]}
    # r1: 2 算术 errors + 1 计分规则 warning; r3: 1 算术 info; r5 (branch_a): 1 完整性 warning.
    # Not counted: r4 (a draft), r7 (bureau_b), r8 (2024).
    assert got["算术"] == ["2", "0", "1", "3"]
    assert got["计分规则"] == ["0", "1", "0", "1"]
    assert got["完整性"] == ["0", "1", "0", "1"]
    assert got["预算执行"] == ["0", "0", "0", "0"]
    assert got["合计"] == ["2", "2", "1", "5"]
    assert len(table) == 1 + 9 + 1  # every category, then the totals


def test_findings_for_filler_reviewer_b_and_admin(data: Data) -> None:
    def errors_of(who: str) -> dict[str, tuple[int, ...]]:
        rows = dash.findings_by_category(data.world.users[who], 2025)
        return {r.category: r.counts for r in rows if r.total}

    # filler_a: dept_a's own, drafts included (r4's error), not branch_a's
    assert errors_of("filler_a") == {"arithmetic": (3, 0, 1), "score_rule": (0, 1, 0)}
    assert errors_of("reviewer_b") == {"arithmetic": (1, 0, 0)}
    assert errors_of("admin") == {"arithmetic": (4, 0, 1), "score_rule": (0, 1, 0),
                                  "completeness": (0, 1, 0)}  # fmt: skip
    assert errors_of("nobody") == {}


# --- (d) year over year ------------------------------------------------------------------


def test_year_over_year_means_in_decimal(data: Data) -> None:
    rows = dash.year_over_year(data.world.users["reviewer_a"])
    y2024, y2025 = rows
    # 2024: r8, r9 (record_a is a draft). mean score (85.50 + 85.25) / 2 = 85.375 → 85.38
    # (half-up); execution (80.00 + 79.97) / 2 = 79.985 → 79.99 (half-even would say 79.98);
    # 良 and 良好 both in 良: 100 %.
    assert (y2024.year, y2024.records, y2024.scored) == (2024, 2, 2)
    assert (y2024.mean_score, y2024.mean_execution) == (Decimal("85.38"), Decimal("79.99"))
    assert y2024.grade_shares == tuple(map(Decimal, ("0.00", "100.00", "0.00", "0.00", "0.00")))
    # 2025: r1 r2 r3 r5 r6 (5 records); scores 95 + 90 + 80 + 65.01 = 330.01 / 4 = 82.5025
    # → 82.50; execution 85 + 70 + 80 + 90 = 325 / 4 = 81.25; grades 2 优 1 良 1 中 1 未评级
    # of 5 → 40 / 20 / 20 / 0 / 20 %
    assert (y2025.records, y2025.scored, y2025.with_execution) == (5, 4, 4)
    assert (y2025.mean_score, y2025.mean_execution) == (Decimal("82.50"), Decimal("81.25"))
    assert y2025.grade_shares == tuple(map(Decimal, ("40.00", "20.00", "20.00", "0.00", "20.00")))


def test_years_table_on_the_page(data: Data) -> None:
    page = data.world.client("reviewer_a").get("/dashboards/").content.decode()
    table = _table(page, "years")
    assert table[0][:4] == ["年度", "记录数", "已复算", "平均复算总分"]
    assert table[1] == ["2024", "2", "2", "85.38", "0.00", "100.00", "0.00", "0.00", "0.00",
                        "79.99"]  # fmt: skip
    assert table[2][:4] == ["2025", "5", "4", "82.50"]
    chart = _json(page, "years")
    assert chart == {"years": [2024, 2025], "records": [2, 5], "mean_score": ["85.38", "82.50"],
                     "mean_execution": ["79.99", "81.25"]}  # fmt: skip


def test_default_year_is_the_latest_the_user_sees(data: Data) -> None:
    assert dash.default_year(data.world.users["reviewer_a"]) == 2025
    Record.objects.filter(fiscal_year=2025).update(fiscal_year=2023)
    assert dash.default_year(data.world.users["reviewer_a"]) == 2024
    assert dash.default_year(data.world.users["nobody"]) is None
    page = data.world.client("reviewer_a").get("/dashboards/?year=abc").content.decode()
    assert '<option value="2024" selected>' in page


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=300))
def test_a_float_sum_of_two_place_values_quantizes_back_to_the_exact_sum(cents: list[int]) -> None:
    values = [Decimal(c).scaleb(-2) for c in cents]
    # SQLite sums the REAL column as floats; Django hands the sum over with 15 digits
    as_sqlite = Context(prec=15).create_decimal_from_float(sum(float(v) for v in values))
    exact = sum(values, Decimal(0))
    assert dash._sum(as_sqlite) == exact
    assert dash.mean(as_sqlite, len(values)) == dash.mean(exact, len(values))


# --- the downloads -----------------------------------------------------------------------


def _book(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_grades_xlsx(data: Data) -> None:
    response = data.world.client("reviewer_a").get("/dashboards/grades.xlsx?year=2025")
    book = _book(response)
    cd = response["Content-Disposition"]
    assert cd.startswith('attachment; filename="dashboard-grades-2025.xlsx"')
    assert f"filename*=UTF-8''{quote('2025年度_等级分布.xlsx')}" in cd
    ws = book.worksheets[0]
    assert ws.title == "2025年度_等级分布"
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows == [
        ["单位", "优", "良", "中", "差", "未评级", "合计"],
        ["甲市民政局", 2, 1, 0, 0, 0, 3],
        ["甲市民政局分局", 0, 0, 1, 0, 1, 2],
        ["合计", 2, 1, 1, 0, 1, 5],
    ]
    assert ws["B2"].number_format == "0" and ws["B2"].data_type == "n"


def test_scatter_findings_and_years_xlsx(data: Data) -> None:
    c = data.world.client("reviewer_a")
    scatter = _book(c.get("/dashboards/scatter.xlsx?year=2025"))
    rows = [[x.value for x in row] for row in scatter.worksheets[0].iter_rows()]
    assert rows[0] == ["记录编号", "预算执行率（%）", "复算总分", "名称", "单位"]
    r1 = data.r["r1"].pk
    assert [r1, 85, 95, "项目r1", "甲市民政局"] in rows
    assert scatter.worksheets[0]["C2"].number_format == "0.00"
    assert scatter.sheetnames == ["2025年度_执行率与得分", "说明"]
    assert "共3条记录" in scatter["说明"]["A1"].value
    findings = _book(c.get("/dashboards/findings.xlsx?year=2025")).worksheets[0]
    assert [x.value for x in findings[2]] == ["算术", 2, 0, 1, 3]
    years = c.get("/dashboards/years.xlsx?year=2025")
    assert f"filename*=UTF-8''{quote('历年对比.xlsx')}" in years["Content-Disposition"]
    ws = _book(years).worksheets[0]
    assert [x.value for x in ws[2]][:4] == [2024, 2, 2, 85.38]
    assert ws["D2"].number_format == "0.00"


def test_unknown_chart_and_no_data_are_404(data: Data) -> None:
    c = data.world.client("reviewer_a")
    assert c.get("/dashboards/nothing.xlsx?year=2025").status_code == 404
    assert data.world.client("nobody").get("/dashboards/grades.xlsx").status_code == 404


# --- the page ----------------------------------------------------------------------------


def test_anonymous_goes_to_login(data: Data) -> None:
    for path in ("/dashboards/", "/dashboards/grades.xlsx?year=2025"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/dashboards/")


def test_page_shape_charts_from_json_and_downloads(data: Data) -> None:
    page = data.world.client("auditor_a").get("/dashboards/?year=2025").content.decode()
    assert "/static/vendor/echarts-6.1.0.min.js" in page
    for key in ("grades", "scatter", "findings", "years"):
        assert f'id="chart-{key}" data-dashboard="{key}" data-source="{key}-data"' in page
        assert f'href="/dashboards/{key}.xlsx?year=2025">下载 xlsx</a>' in page
        assert f'<table id="table-{key}">' in page  # the numbers without JavaScript
    assert "执行率≥80%且得分≥90：1条" in page
    # the chart script holds no data: only the json_script blocks do
    script = re.search(r"<script>\n// The dashboard's charts(.*?)</script>", page, re.S)
    assert script is not None and "甲市" not in script.group(1)


def test_nobody_gets_an_empty_page(data: Data) -> None:
    page = data.world.client("nobody").get("/dashboards/").content.decode()
    assert 'id="dashboard-empty"' in page


def test_the_page_reads_no_documents_and_few_queries(data: Data) -> None:
    c = data.world.client("reviewer_a")
    c.get("/dashboards/?year=2025")
    with CaptureQueriesContext(connections[alias()]) as ctx:
        assert c.get("/dashboards/?year=2025").status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries).lower()
    assert RecordDocument._meta.db_table.lower() not in sql
    assert len(ctx.captured_queries) <= 16
