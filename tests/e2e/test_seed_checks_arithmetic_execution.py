"""The arithmetic and execution checks on the real seeds (../shared/seeds) and on our demo
documents (src/jixiao/demo): the S examples of checks.md fire where they should, with the
figures of rules.md §5, and the N examples stay silent."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from jixiao.model.findings import Category, Finding
from jixiao.services.evaluate import Checked, check_paths
from tests.seeds import seed_path

DEMO = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "demo"
MINE = frozenset({Category.ARITHMETIC, Category.EXECUTION})


@cache
def _findings(path: Path) -> tuple[Finding, ...]:
    (checked,) = check_paths([path])
    assert isinstance(checked, Checked), checked
    assert not checked.run.crashes, checked.run.crashes[0].traceback
    return tuple(f for f in checked.run.findings if f.category in MINE)


def _seed(prefix: str) -> tuple[Finding, ...]:
    return _findings(seed_path(prefix))


def _demo(name: str) -> tuple[Finding, ...]:
    return _findings(DEMO / name)


def _codes(found: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in found:
        out.setdefault(f.code, []).append(f)
    return out


# ---- seed 000: 井陉, 57.9 % spent and 10/10 execution scores; income parts ≠ whole -----------


def _check_000(found: tuple[Finding, ...]) -> None:
    codes = _codes(found)
    (parts,) = codes["PARTS_NE_WHOLE"]  # 2378.0165 + 26448 + 0 + 0 ≠ 28826.6921
    assert parts.evidence["whole"] == "28826.6921"
    assert parts.evidence["sum"] == "28826.0165" and parts.evidence["gap"] == "0.6756"
    (claim,) = codes["EXEC_CLAIM_ABOVE_RATE"]  # E 57.91 %: 5.79, not 10, in all six tasks
    assert claim.evidence["rate"] == "57.91" and claim.evidence["expected"] == "5.79"
    assert claim.evidence["score"] == "10" and claim.evidence["rows"].count("：") == 6
    (high,) = codes["HIGH_SCORE_LOW_EXECUTION"]
    assert high.evidence["score"] == "100" and high.evidence["rate"] == "57.91"
    (block,) = codes["BLOCK_SCORES_NE_TOTAL"]  # (5 × 100 + 98) / 6 = 99.67 ≠ 100
    assert block.evidence["blocks"] == "100、100、100、98、100、100"
    assert block.evidence["mean"] == "99.67" and block.evidence["stated"] == "100"
    # N: 决算 基本支出 1357.0077 vs 1357.0076 and 决算收入 16694.553 vs 16694.5529 (rounding);
    # 4.22亿 vs 4.2亿 + 2.04万 (written in 亿); low execution explained ("支付进度较缓慢")
    assert "EXEC_LOW_UNEXPLAINED" not in codes
    assert set(codes) == {"PARTS_NE_WHOLE", "EXEC_CLAIM_ABOVE_RATE", "HIGH_SCORE_LOW_EXECUTION",
                          "BLOCK_SCORES_NE_TOTAL"}  # fmt: skip


@pytest.mark.seeds
def test_seed_000_execution_and_income_parts() -> None:
    _check_000(_seed("000"))


def test_demo_jingxing_execution_and_income_parts() -> None:
    _check_000(_demo("jingxing-2025-dept-self-eval.txt"))


# ---- seed 001: 石家庄, 83.4 % cannot give 99.44; 货币资金 above total assets ---------------------


def _check_001(found: tuple[Finding, ...]) -> None:
    codes = _codes(found)
    (claim,) = codes["EXEC_CLAIM_ABOVE_RATE"]  # 8.34 of 10 → at most 98.34 < 99.44
    assert claim.evidence["rate"] == "83.42" and claim.evidence["expected"] == "8.34"
    assert claim.evidence["cap"] == "98.34" and claim.evidence["stated"] == "99.44"
    (exceeds,) = codes["PART_EXCEEDS_WHOLE"]  # 176432.02 > 115019.20
    assert exceeds.evidence["part"] == "货币资金" and exceeds.evidence["gap"] == "61412.82"
    (doubled,) = codes["PART_IS_SUM_OF_OTHERS"]  # 29007.27 + 124224.24 = 153231.51 = 经营支出
    assert doubled.evidence["part"] == "经营支出" and doubled.evidence["sum"] == "153231.51"
    (low,) = codes["EXEC_LOW_UNEXPLAINED"]
    assert low.evidence["rate"] == "83.42"
    (adjusted,) = codes["BUDGET_ADJUSTMENT_UNEXPLAINED"]  # 984574.84 → 183681.01, −81.3 %
    assert "984574.84→183681.01万元（−81.3%）" in adjusted.evidence["rows"]
    (high,) = codes["HIGH_SCORE_LOW_EXECUTION"]
    assert high.evidence["score"] == "99.44"
    # N: 净值 10212.49 = 23575.36 − 13362.87; 1162 人 = 1133 + 2 + 27
    assert "PARTS_NE_WHOLE" not in codes and "COUNTS_NE_TOTAL" not in codes
    assert len(found) == 6


@pytest.mark.seeds
def test_seed_001_execution_and_assets() -> None:
    _check_001(_seed("001"))


def test_demo_shijiazhuang_execution_and_assets() -> None:
    _check_001(_demo("shijiazhuang-2022-dept-self-eval.txt"))


# ---- seed 002: 鹿泉, the grade counts add up --------------------------------------------------


@pytest.mark.seeds
def test_seed_002_grade_counts_add_up() -> None:
    # 146 = 138 + 3 + 1 + 4; "主城区重要地段、街区城市设计" is one name; no 决算 to rate
    assert not [f for f in _seed("002") if f.category is Category.ARITHMETIC]
    assert not _seed("002")


def test_demo_luquan_grade_counts_add_up() -> None:
    assert not _demo("luquan-2025-dept-self-eval.txt")


# ---- seed 003: 庆城, stated 86.82 vs rows 94.26; the money table -------------------------------


def _check_003(found: tuple[Finding, ...]) -> None:
    codes = _codes(found)
    (rows,) = codes["ROW_SCORES_NE_TOTAL"]  # 8 + 11 + 56.25 + 9.01 + 10 = 94.26 ≠ 86.82
    assert rows.evidence["sum"] == "94.26" and rows.evidence["stated"] == "86.82"
    assert rows.evidence["indicator_sum"] == "84.26" and rows.evidence["execution"] == "10"
    # 全年 28308987.43 元 ≠ 11598174.5 + 15837230.74 = 27435405.24 元 (87.36 万); 执行数 alike
    parts = {f.location.field: f for f in codes["PARTS_NE_WHOLE"] if f.location}
    assert set(parts) == {"total", "executed"}
    assert parts["total"].evidence["gap"] == "87.358219"
    (zero,) = codes["ZERO_BUDGET_SCORED"]  # 一般性项目 0 / 0 / 0, 执行率 0, 得分 10
    assert zero.evidence["rate_pct"] == "0" and zero.evidence["score"] == "10"
    (subrows,) = codes["FUND_SUBROWS_SCORED"]
    assert (
        subrows.evidence["rows"] == "基本支出、人员经费、公用经费、项目支出、一般性项目、重点项目"
    )
    (adjusted,) = codes["BUDGET_ADJUSTMENT_UNEXPLAINED"]  # +96.5 %; 基本支出 −18.6 % is not listed
    assert adjusted.evidence["rows"].startswith("年度资金总额1440.31→2830.90万元（+96.5%）")
    assert "基本支出" not in adjusted.evidence["rows"]
    products = sorted(f.evidence["budget"] for f in codes["PER_UNIT_PRODUCT_NE_AMOUNT"])
    assert products == ["210", "90"]  # 30 户 × 10 万 = 300 vs 90 and 210
    # N: E = 100 % and 10 points; 基本支出 年初 > 全年 = 执行数 at 100 %; project 9's 1000 − 856
    for silent in ("EXEC_POINTS_NE_RATE", "EXEC_RATE_NE_AMOUNTS", "EXEC_CLAIM_ABOVE_RATE",
                   "HIGH_SCORE_LOW_EXECUTION", "EXEC_LOW_UNEXPLAINED", "PART_IS_SUM_OF_OTHERS",
                   "PART_EXCEEDS_WHOLE"):  # fmt: skip
        assert silent not in codes, codes[silent][0].message
    assert len(found) == 8


@pytest.mark.seeds
def test_seed_003_total_and_money_table() -> None:
    _check_003(_seed("003"))


def test_demo_qingcheng_total_and_money_table() -> None:
    _check_003(_demo("qingcheng-2024-dept-self-eval.txt"))


# ---- seed 004 and the invented project form ---------------------------------------------------


@pytest.mark.seeds
def test_seed_004_target_tables_have_nothing_to_add_up() -> None:
    assert not _seed("004")


def test_demo_huailai_target_tables_have_nothing_to_add_up() -> None:
    assert not _demo("huailai-2024-targets.txt")


def test_demo_minzheng_execution_points() -> None:
    codes = _codes(_demo("minzheng-2024-project-self-eval.txt"))
    (points,) = codes["EXEC_POINTS_NE_RATE"]  # 3694 ÷ 4000 = 92.35 % → 9.24, stated 10
    assert points.evidence["expected"] == "9.24" and points.evidence["score"] == "10"
    # N: 总分 99 = 89 + 10; 92.35 % stated right; "—" and "/" on the zero row; +5.3 % budget change
    assert set(codes) == {"EXEC_POINTS_NE_RATE"}
