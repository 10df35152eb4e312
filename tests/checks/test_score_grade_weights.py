"""The helpers of the score_rule, grade and weights checks, and their robustness: they never
raise, on any document, under any shipped rule set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks import grade, score_rule, weights
from jixiao.checks._score_util import grade_rank, same_grade, variant_points, written_as
from jixiao.checks.engine import run_checks
from jixiao.checks.inputs import CheckInput, Facts
from jixiao.checks.spec import CheckSpec
from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator, ProjectLine
from jixiao.model.jsonable import evaluation_from_jsonable
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.scoring.params import params_for

D = Decimal
MINE = tuple(
    v for m in (score_rule, grade, weights) for v in vars(m).values() if isinstance(v, CheckSpec)
)
RULESETS = tuple(catalog.names())


def test_the_twelve_codes_are_declared() -> None:
    assert {s.code for s in MINE} == {
        "SCORE_ABOVE_WEIGHT", "SCORE_FULL_BELOW_TARGET", "SCORE_DOCKED_TARGET_MET",
        "SCORE_NOT_PROPORTIONAL", "QUAL_SCORE_OUTSIDE_TIER", "QUAL_SCORES_UNIFORM",
        "FULL_MARKS_NEAR_ALL", "GRADE_NE_BANDS", "GRADE_NE_COMPUTED",
        "GRADE_IGNORES_OWN_PROBLEMS", "WEIGHTS_OFF_FRAMEWORK", "WEIGHT_NOT_POSITIVE",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("stated", "raw", "ok"),
    [
        ("9.68", "9.684", True),   # rules.md §7 #1, half-up
        ("9.69", "9.684", True),   # within 0.01
        ("9.67", "9.684", False),  # 0.014 off, written with two places
        ("9.7", "9.684", True),    # one place, half-up
        ("9.6", "9.684", True),    # one place, cut
        ("9.5", "9.684", False),
        ("9", "9.684", True),      # whole points, cut
        ("10", "9.684", True),     # whole points, half-up (full marks: another check's)
        ("8", "9.684", False),
        ("1", "1.6", True),        # whole points, cut
        ("0.5", "1.6", False),
    ],
)  # fmt: skip
def test_written_as_accepts_only_rounding(stated: str, raw: str, ok: bool) -> None:
    assert written_as(D(stated), D(raw)) is ok


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("达成年度指标", 1),
        ("部分达成年度指标并具有一定效果", 2),
        ("未达成年度指标且效果较差", 3),
        ("100%-80%(含)", 1),
        ("80%-60%（含）", 2),
        ("已完成", None),   # a loose phrase: the scoring reads a tier, the check does not judge
        ("健全", None),
        (None, None),
    ],
)  # fmt: skip
def test_tier_named_reads_only_the_fixed_words(text: str | None, tier: int | None) -> None:
    assert score_rule.tier_named(text) == tier


def test_grade_labels_compare_by_rank() -> None:
    national = ("优", "良", "中", "差")
    assert same_grade("优秀", "优", national) is True
    assert same_grade("良好", "优", national) is False
    assert same_grade("合格", "优", national) is None  # not a grade label: no judgement
    assert grade_rank("一般", national) == 2


def _input(ev: Evaluation, ruleset: str = "national-2020") -> CheckInput:
    rs = catalog.get(ruleset)
    card = score(ev, rs)
    params = params_for(rs, ev.fiscal_year)
    return CheckInput(ev, card, rs, params, Facts(ev, card, params), {})


def test_reverse_rows_accept_every_variant_the_rule_set_lists() -> None:
    # t ≤ 100 %, a 120, w 2: reverse_linear 2 × (2 − 1.2) = 1.6; reverse_ratio 2 × 100/120
    ind = Indicator(level3="公用经费控制率", target="≤100%", actual="120", unit="%",
                    weight=D(2), score=D(1))  # fmt: skip
    ev = Evaluation(doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2024, indicators=(ind,))
    inp = _input(ev)
    (line,) = inp.card.indicator_lines()
    points = variant_points(inp, line)
    assert points[0] == D("1.6") and points[1].quantize(D("0.01")) == D("1.67")


# ---- never raises -----------------------------------------------------------------------------

_ODD_ROWS: list[dict[str, Any]] = [
    {"level3": "零分值", "target": "≥10个", "actual": "12个", "weight": "0", "score": "0"},
    {"level3": "负分", "target": "≤0%", "actual": "5", "weight": "2", "score": "-1"},
    {"level1": "决策", "level3": "无值", "score": "3"},
    {"level2": "满意度", "target": "≥100%", "actual": "abc", "weight": "10"},
    {
        "level3": "定性",
        "target": "健全",
        "actual": "未达成年度指标且效果较差",
        "weight": "3.33",
        "score": "5",
        "group": 7,
    },
    {
        "level1": "预算执行",
        "level2": "预算执行率指标",
        "level3": "预算执行率",
        "score": "10",
        "group": 0,
    },
    {"level3": "区间", "target": "=0", "actual": "0", "weight": "5", "score": "5"},
]


@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("doc_type", [None, *DocType])
def test_odd_documents_never_crash(ruleset: str, doc_type: DocType | None) -> None:
    doc: dict[str, Any] = {
        "doc_type": None if doc_type is None else doc_type.value,
        "fiscal_year": 2024, "stated_total_score": "101", "stated_grade": "优",
        "problems": ["资金支付进度慢", "制度不健全", "采购不规范"],
        "projects": [{"name": "甲", "score": "-3", "grade": "A"}],
        "funds": [{"name": "年度资金总额", "level": 0, "total": "0", "executed": "0",
                   "weight": "10", "score": "10"},
                  {"name": "其中", "level": 1, "group": 3, "score": "10"}],
        "indicators": _ODD_ROWS,
    }  # fmt: skip
    run = run_checks(evaluation_from_jsonable(doc), catalog.get(ruleset), MINE)
    assert not run.crashes, run.crashes[0].traceback
    empty = run_checks(Evaluation(doc_type=doc_type), catalog.get(ruleset), MINE)
    assert not empty.crashes and not empty.findings


_NUM = st.one_of(st.none(), st.decimals(min_value=-5, max_value=120, places=2))
_TEXT = st.one_of(st.none(), st.sampled_from(
    ["≥10个", "≤100%", "=100%", "≤0%", "健全", "达成年度指标", "部分达成年度指标", "12", "0",
     "100%-80%(含)", "—", "abc", "≥0", "95%", "未达成年度指标"]))  # fmt: skip
_LEVELS = ["产出指标", "效益指标", "满意度指标", "预算执行", "资金投入", "决策", "数量指标", ""]
_LEVEL = st.one_of(st.none(), st.sampled_from(_LEVELS))
_ROWS = st.builds(Indicator, level1=_LEVEL, level2=_LEVEL, level3=st.text(max_size=4),
                  target=_TEXT, actual=_TEXT, weight=_NUM, score=_NUM,
                  group=st.one_of(st.none(), st.integers(0, 2)))  # fmt: skip
_FUNDS = st.builds(Fund, name=st.sampled_from(["年度资金总额", "其中", "合计"]), total=_NUM,
                   executed=_NUM, weight=_NUM, score=_NUM, level=st.one_of(st.none(), st.just(0)),
                   group=st.one_of(st.none(), st.integers(0, 2)))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(_ROWS, max_size=12),
    funds=st.lists(_FUNDS, max_size=3),
    doc_type=st.sampled_from(list(DocType)),
    total=_NUM,
    grade_label=st.one_of(st.none(), st.sampled_from(["优", "优秀", "良", "合格", ""])),
    ruleset=st.sampled_from(RULESETS),
)
def test_random_documents_never_crash(
    rows: list[Indicator], funds: list[Fund], doc_type: DocType, total: Decimal | None,
    grade_label: str | None, ruleset: str,
) -> None:  # fmt: skip
    ev = Evaluation(doc_type=doc_type, fiscal_year=2024, stated_total_score=total,
                    stated_grade=grade_label, indicators=tuple(rows), funds=tuple(funds),
                    projects=(ProjectLine(name="甲", score=total, grade=grade_label),),
                    problems=("支付进度较慢",))  # fmt: skip
    run = run_checks(ev, catalog.get(ruleset), MINE)
    assert not run.crashes, run.crashes[0].traceback
