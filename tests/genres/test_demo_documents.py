"""The shipped demo documents (src/jixiao/demo, rebuilt from the seeds' figures): key values
checked by hand against the demo text; the goldens hold the rest."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.genres import parse
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation

D = Decimal


@pytest.fixture
def demo(demo_dir: Path, read_file: Callable[[Path], Blocks]) -> Callable[[str], Evaluation]:
    def load(name: str) -> Evaluation:
        path = demo_dir / f"{name}.txt"
        if not path.exists():
            pytest.skip(f"demo document {path.name} not written yet")
        return parse(read_file(path))

    return load


def test_qingcheng(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("qingcheng-2024-dept-self-eval")
    assert ev.doc_type is DocType.DEPT_SELF_EVAL_REPORT
    assert (ev.fiscal_year, ev.title_year, ev.stated_total_score, ev.stated_grade) == (
        2024,
        2024,
        D("86.82"),
        "良",
    )
    assert (ev.budget_total_wan, ev.budget_initial_wan) == (D("2830.898743"), D("1440.309614"))
    assert len(ev.funds) == 7 and len(ev.indicators) == 18 and len(ev.projects) == 12
    assert sum(i.score or 0 for i in ev.indicators) == D("84.26")


def test_jingxing(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("jingxing-2025-dept-self-eval")
    assert (ev.title_year, ev.fiscal_year) == (2026, 2025)
    assert (ev.stated_total_score, ev.stated_grade) == (D("100"), "优秀")
    assert (ev.budget_total_wan, ev.executed_total_wan) == (D("28826.6921"), D("16694.553"))
    assert len(ev.projects) == 6 and len(ev.indicators) == 60
    assert [i.score for i in ev.indicators].count(D("8")) == 1


def test_shijiazhuang(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("shijiazhuang-2022-dept-self-eval")
    assert (ev.budget_total_wan, ev.executed_total_wan) == (D("183681.01"), D("153231.51"))
    assert (ev.stated_total_score, ev.stated_grade) == (D("99.44"), "优秀")


def test_luquan(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("luquan-2025-dept-self-eval")
    assert ev.grade_counts == {"优秀": 138, "良好": 3, "一般": 1, "较差": 4}
    assert ev.budget_total_wan == D("126183.49") and len(ev.projects) == 34
    # chapter 四 names the 良好 and 较差 projects: three of them are detailed in chapter 三
    assert [(i, p.grade) for i, p in enumerate(ev.projects) if p.grade] == [
        (3, "良好"),
        (13, "良好"),
        (33, "较差"),
    ]


def test_huailai(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("huailai-2024-targets")
    assert ev.doc_type is DocType.TARGET_TABLE and ev.warnings == ()
    assert [p.budget_wan for p in ev.projects] == [
        D(x) for x in ("2600.00", "6500.00", "91.00", "200.00", "879.00", "205.00", "146.00")
    ]
    assert ev.projects[2].code == "13073024P00008110001Q"
    assert [e.pct for e in ev.spending_plan if e.group == 4] == [D(10), D(30), D(30), D(30)]
    assert [sum(i.group == g for i in ev.indicators) for g in range(7)] == [6, 7, 7, 7, 8, 7, 9]


def test_minzheng(demo: Callable[[str], Evaluation]) -> None:
    ev = demo("minzheng-2024-project-self-eval")
    assert ev.doc_type is DocType.PROJECT_SELF_EVAL_TABLE
    assert (ev.project, ev.department, ev.fiscal_year) == (
        "特困人员救助供养资金",
        "青岚县民政局",
        2024,
    )
    assert (ev.budget_total_wan, ev.executed_total_wan, ev.stated_total_score) == (
        D("4000.00"),
        D("3694.00"),
        D("99"),
    )
    assert len(ev.funds) == 4 and ev.funds[0].level == 0 and ev.funds[0].weight == D(10)
    assert len(ev.indicators) == 9 and sum(i.weight or 0 for i in ev.indicators) == D(90)
    first = ev.indicators[0]
    assert (first.target, first.actual, first.score) == ("≥4754人", "4604人", D(10))
    assert ev.warnings == ()
