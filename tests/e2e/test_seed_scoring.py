"""Re-scoring the real seed documents (../shared/seeds): the golden cases of issue #3."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.model.scorecard import LineKind, LineStatus
from jixiao.services.evaluate import Scored, score_paths
from tests.seeds import seed_path

pytestmark = pytest.mark.seeds
D = Decimal


def _scored(path: Path) -> Scored:
    (result,) = score_paths([path])
    assert isinstance(result, Scored), result
    return result


def test_seed_003_recomputes_to_94_26_excellent() -> None:
    s = _scored(seed_path("003"))
    assert s.selected.ruleset.name == "gansu-2024"  # 庆城县 → 甘肃省
    card = s.card
    lines = card.indicator_lines()
    by_block: dict[str, Decimal] = {}
    for line in lines:
        assert line.points is not None and line.status is LineStatus.COMPUTED, line
        block = line.row.level1  # type: ignore[union-attr]
        by_block[block] = by_block.get(block, D(0)) + line.points
    # rules.md §5.1: 资金投入 2+2+2+2, 部门管理 5×1.8+2, 履职效果 3×11.25+12.5+10, 能力建设 3+3+3.01
    assert by_block == {"资金投入": D("8.00"), "部门管理": D("11.00"), "履职效果": D("56.25"),
                        "能力建设": D("9.01")}  # fmt: skip
    assert sum(by_block.values()) == D("84.26")
    (execution,) = [line for line in card.lines if line.kind is LineKind.EXECUTION]
    # 28 308 987.43 元 executed of 28 308 987.43 元 全年预算数 = 100 % → 10
    assert execution.a == execution.t == D("2830.898743")
    assert execution.points == D("10.00")
    assert card.total == D("94.26") and card.grade is not None and card.grade.label == "优"
    assert (card.stated_total, card.stated_grade) == (D("86.82"), "良")


def test_seed_000_execution_rows_score_5_79() -> None:
    s = _scored(seed_path("000"))
    assert s.selected.ruleset.name == "hebei-2019"
    ev, card = s.evaluation, s.card
    # budget 28 826.6921 万, final spending 16 694.553 万 → 57.913…% → 10 × 0.57913 = 5.79
    assert (ev.budget_total_wan, ev.executed_total_wan) == (D("28826.6921"), D("16694.553"))
    lines = card.indicator_lines()
    execution_rows = [line for line in lines if line.note == "execution_from_amounts"]
    assert len(execution_rows) == 6  # one 预算执行率指标 per key task
    for line in execution_rows:
        assert (line.weight, line.stated, line.points) == (D(10), D(10), D("5.79"))
    assert (ev.title_year, ev.fiscal_year) == (2026, 2025)


def test_seed_000_total_is_the_mean_of_the_task_blocks() -> None:
    card = _scored(seed_path("000")).card
    # each task: 9 rows carried at their stated points + execution 5.79; task 4 has an 8:
    # 5 × (90 + 5.79) + (88 + 5.79) = 572.74; / 6 = 95.4566… → 95.46 → 优秀 (≥ 85, Hebei)
    assert [g.total for g in card.groups] == [D("95.79")] * 3 + [D("93.79")] + [D("95.79")] * 2
    assert card.total_method == "mean_of_groups"
    assert card.total == D("95.46") and card.grade is not None and card.grade.label == "优秀"
    assert card.stated_total == D("100")


def test_seed_004_target_tables_are_not_scored() -> None:
    s = _scored(seed_path("004"))
    assert s.evaluation.doc_type is not None and s.evaluation.doc_type.value == "target_table"
    assert s.card.total is None and s.card.lines == ()


@pytest.mark.parametrize(("prefix", "ruleset"), [("001", "hebei-2019"), ("002", "hebei-2019")])
def test_other_hebei_reports_choose_hebei(prefix: str, ruleset: str) -> None:
    assert _scored(seed_path(prefix)).selected.ruleset.name == ruleset
