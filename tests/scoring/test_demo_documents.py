"""The shipped demo documents (our own, rebuilt from the seeds' tables and figures) re-scored:
the same golden numbers as the seeds, so a fresh clone without ../shared still checks them."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.scorecard import LineKind
from jixiao.services.demo import demo_paths
from jixiao.services.evaluate import Scored, score_paths

D = Decimal
DEMO = {p.name.split("-")[0]: p for p in demo_paths()}


def _scored(key: str) -> Scored:
    (result,) = score_paths([DEMO[key]])
    assert isinstance(result, Scored), result
    return result


def test_qingcheng_94_26_against_stated_86_82() -> None:
    s = _scored("qingcheng")
    card = s.card
    # 资金投入 8 + 部门管理 11 + 履职效果 56.25 + 能力建设 9.01 = 84.26; + execution 10 = 94.26
    indicators = sum((line.points or D(0)) for line in card.indicator_lines())
    assert indicators == D("84.26")
    assert card.total == D("94.26") and card.grade is not None and card.grade.label == "优"
    assert (card.stated_total, card.stated_grade) == (D("86.82"), "良")


def test_jingxing_execution_5_79_and_task_mean() -> None:
    s = _scored("jingxing")
    assert s.selected.ruleset.name == "hebei-2019"
    card = s.card
    execution = [line for line in card.indicator_lines() if line.note == "execution_from_amounts"]
    # 16694.553 / 28826.6921 = 57.913…% → 10 × 0.57913 = 5.79, in each of the six tasks
    assert [line.points for line in execution] == [D("5.79")] * 6
    # tasks: 90 + 5.79 each, task 4 88 + 5.79; (5 × 95.79 + 93.79) / 6 = 95.4566… → 95.46 优秀
    assert card.total == D("95.46") and card.grade is not None and card.grade.label == "优秀"
    assert card.stated_total == D("100")


def test_minzheng_project_table() -> None:
    s = _scored("minzheng")
    card = s.card
    lines = {line.name: line for line in card.lines}
    # ≥4754人, actual 4604, stated 10: 10 × 4604/4754 = 9.684… → 9.68
    assert lines["特困人员救助供养人数"].points == D("9.68")
    (execution,) = [line for line in card.lines if line.kind is LineKind.EXECUTION]
    # 3694.00 / 4000.00 = 92.35 % → 10 × 0.9235 = 9.235 → 9.24 (half-up), stated 10
    assert (execution.points, execution.stated) == (D("9.24"), D("10"))
    # stated rows 89 + 10 = 99; recomputed 9.68 + 9 × … : 99 − 10 + 9.68 − 10 + 9.24 = 97.92
    assert card.total == D("97.92")
    assert card.stated_total == D("99")


def test_target_tables_and_narrative_reports_without_rows() -> None:
    assert _scored("huailai").card.total is None  # 绩效目标表: targets only
    shijiazhuang = _scored("shijiazhuang").card
    assert shijiazhuang.total is None  # no indicator table in the report
    (execution,) = shijiazhuang.lines
    # 153231.51 / 183681.01 = 83.42 % → 8.34: the most a total could hold is 98.34 < 99.44
    assert execution.points == D("8.34")
    assert shijiazhuang.stated_total == D("99.44")
