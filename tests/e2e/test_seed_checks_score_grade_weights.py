"""The score_rule, grade and weights checks on the real seeds (../shared/seeds) and on our demo
documents (src/jixiao/demo): the S examples of checks.md fire, the N examples stay silent."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

import jixiao
from jixiao.model.findings import Finding
from jixiao.rules import catalog
from jixiao.services.evaluate import Checked, check_paths
from tests.seeds import seed_path

D = Decimal
DEMO = Path(jixiao.__file__).resolve().parent / "demo"
CODES = frozenset({
    "SCORE_ABOVE_WEIGHT", "SCORE_FULL_BELOW_TARGET", "SCORE_DOCKED_TARGET_MET",
    "SCORE_NOT_PROPORTIONAL", "QUAL_SCORE_OUTSIDE_TIER", "QUAL_SCORES_UNIFORM",
    "FULL_MARKS_NEAR_ALL", "GRADE_NE_BANDS", "GRADE_NE_COMPUTED", "GRADE_IGNORES_OWN_PROBLEMS",
    "WEIGHTS_OFF_FRAMEWORK", "WEIGHT_NOT_POSITIVE",
})  # fmt: skip


@cache
def _checked(path: Path, ruleset: str | None = None) -> Checked:
    rs = catalog.get(ruleset) if ruleset else None
    (result,) = check_paths([path], rs)
    assert isinstance(result, Checked), result
    mine = [c for c in result.run.crashes if c.code in CODES]
    assert not mine, mine[0].traceback
    return result


def _ours(path: Path, ruleset: str | None = None) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in _checked(path, ruleset).run.findings:
        if f.code in CODES:
            out.setdefault(f.code, []).append(f)
    return out


# ---- the seeds ------------------------------------------------------------------------------


@pytest.mark.seeds
def test_seed_000_full_marks_and_problems_under_hebei() -> None:
    path = seed_path("000")
    assert _checked(path).selected.ruleset.name == "hebei-2019"
    found = _ours(path)
    # 60 rows; one (task 2's ninth) names no category, so the framework gives it no weight:
    # 59 rows with a weight, all at 10 of 10 but 矿山修复治理面积 (8) → 58 / 59 = 98.3 % ≥ 95 %
    (full,) = found.pop("FULL_MARKS_NEAR_ALL")
    assert (full.evidence["full"], full.evidence["rows"]) == ("58", "59")
    assert full.evidence["not_full"] == "矿山修复治理面积"
    # 100 / 优秀 while the problems name 财务制度, 资产管理 and 支付进度; the six 预算执行率 rows
    # all carry 10 of 10
    (ignores,) = found.pop("GRADE_IGNORES_OWN_PROBLEMS")
    assert ignores.evidence["grade"] == "优秀" and ignores.evidence["score"] == "100"
    assert set(ignores.evidence["dimensions"].split("、")) == {"预算执行", "制度与资产管理"}
    assert len(ignores.evidence["full_rows"].split("、")) == 6
    # N: "得分100分，得分≥85分为优秀" is consistent (GRADE_NE_BANDS); the Hebei framework
    # supplies 10 per row (WEIGHT_NOT_POSITIVE) and is itself the framework (WEIGHTS_OFF_FRAMEWORK)
    assert found == {}


@pytest.mark.seeds
def test_seed_000_weights_off_the_national_framework() -> None:
    found = _ours(seed_path("000"), "national-2020")
    offs = found["WEIGHTS_OFF_FRAMEWORK"]
    # tasks 1, 3, 5, 6: 产出 4 × 10 = 40 (not 50), 效益 4 × 10 = 40 (not 30); task 4 scores 8 on
    # one 产出 row, so 产出 is 38–40 and 效益 40–42; task 2 has a row of no category: silent
    assert [(f.evidence["found"], f.evidence["groups"]) for f in offs] == [
        ("40、40", "4"),
        ("38–40、40–42", "1"),
    ]
    assert all(f.evidence["framework"] == "50、30" for f in offs)


@pytest.mark.seeds
@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_seeds_without_rows_or_scores_stay_silent(prefix: str) -> None:
    # 001: 99.44 "优秀" under 85/75/60 (GRADE_NE_BANDS N), no scored rows (GRADE_NE_COMPUTED N);
    # 002: grades without scores; 004: target tables (no scores, no weights)
    assert _ours(seed_path(prefix)) == {}


@pytest.mark.seeds
def test_seed_003_grade_and_uniform_qualitative_scores() -> None:
    path = seed_path("003")
    assert _checked(path).selected.ruleset.name == "gansu-2024"
    found = _ours(path)
    # rows 84.26 + execution 10 = 94.26 → 优 (national bands); stated 86.82 "良"
    (computed,) = found.pop("GRADE_NE_COMPUTED")
    assert computed.evidence == {"recomputed": "94.26", "computed_grade": "优",
                                 "stated_grade": "良", "stated_total": "86.82"}  # fmt: skip
    # all 11 qualitative rows at 0.90: 1.8/2 ×5, 11.25/12.5 ×3, 3/3.33 ×2, 3.01/3.34
    (uniform,) = found.pop("QUAL_SCORES_UNIFORM")
    assert (uniform.evidence["count"], uniform.evidence["share"]) == ("11", "0.90")
    # N: 办公用品保障率 12.5 = weight; 职工满意度 95 of ≥95 at 10/10; 1.8 of 2 inside tier 1;
    # 7 of 18 rows at full marks; 良 is not the top grade; the Gansu framework's weights
    assert found == {}


# ---- our demo documents ---------------------------------------------------------------------


def test_demo_minzheng_full_marks_below_target() -> None:
    found = _ours(DEMO / "minzheng-2024-project-self-eval.txt")
    # 特困人员救助供养人数: ≥4754人, actual 4604 → 10 × 4604/4754 = 9.684… → 9.68, stated 10
    (full,) = found.pop("SCORE_FULL_BELOW_TARGET")
    assert full.evidence["expected"] == "9.68" and full.evidence["score"] == "10"
    assert full.location is not None and full.location.field == "score"
    # N: the reverse cost row (≤0.85万元, 0.80) at full marks; 认定程序规范性 "达成年度指标" 9 of
    # 10 inside tier 1; weights 50/30/10/10
    assert found == {}


def test_demo_qingcheng_matches_seed_003() -> None:
    found = _ours(DEMO / "qingcheng-2024-dept-self-eval.txt")
    assert found.pop("GRADE_NE_COMPUTED")[0].evidence["recomputed"] == "94.26"
    assert found.pop("QUAL_SCORES_UNIFORM")[0].evidence["count"] == "11"
    assert found == {}


def test_demo_jingxing_matches_seed_000() -> None:
    path = DEMO / "jingxing-2025-dept-self-eval.txt"
    found = _ours(path)
    # the demo labels task 2's ninth indicator, so all 60 rows carry a weight: 59 of 60 at 10
    (full,) = found.pop("FULL_MARKS_NEAR_ALL")
    assert (full.evidence["full"], full.evidence["rows"]) == ("59", "60")
    assert found.pop("GRADE_IGNORES_OWN_PROBLEMS")[0].evidence["grade"] == "优秀"
    assert found == {}
    offs = _ours(path, "national-2020")["WEIGHTS_OFF_FRAMEWORK"]
    assert [(f.evidence["found"], f.evidence["groups"]) for f in offs] == [
        ("40、40", "5"),
        ("38–40、40–42", "1"),
    ]


@pytest.mark.parametrize(
    "name",
    ["shijiazhuang-2022-dept-self-eval.txt", "luquan-2025-dept-self-eval.txt",
     "huailai-2024-targets.txt"],
)  # fmt: skip
def test_demos_without_scored_rows_stay_silent(name: str) -> None:
    assert _ours(DEMO / name) == {}
