"""Full marks without 佐证材料 (analysis/evidence.py), on our demo project form.

The form (青岚县民政局 特困人员救助供养资金) has nine indicator rows of weight 10; eight state 10
(full marks) and one, 特困人员认定程序规范性, states 9. So eight rows want evidence.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

from jixiao.analysis.evidence import CODE, finding_id, missing_evidence, row_key
from jixiao.model.evaluation import Evaluation, Indicator
from jixiao.model.findings import Category, Severity
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.demo import demo_paths
from jixiao.services.extract import extract_path

NATIONAL = catalog.get("national-2020")


@cache
def _demo() -> Evaluation:
    path = next(p for p in demo_paths() if p.stem == "minzheng-2024-project-self-eval")
    extracted = extract_path(path)
    assert isinstance(extracted.evaluation, Evaluation)  # type: ignore[union-attr]
    return extracted.evaluation  # type: ignore[union-attr]


def test_every_full_marks_row_without_a_file_is_flagged() -> None:
    ev = _demo()
    found = missing_evidence(score(ev, NATIONAL), set())
    assert len(found) == 8  # 9 rows, one (认定程序规范性) stated 9 of 10
    names = [f.evidence["indicator"].split("/")[-1] for f in found]
    assert "特困人员认定程序规范性" not in names
    first = found[0]
    assert (first.code, first.category, first.severity) == (
        CODE,
        Category.COMPLETENESS,
        Severity.WARNING,
    )
    assert first.message.startswith("指标“特困人员救助供养人数”满分但无佐证材料")
    assert first.evidence == {
        "indicator": "产出指标/数量指标/特困人员救助供养人数",
        "weight": "10",
        "score": "10",
    }
    assert first.location is not None and first.location.field == "score"


def test_a_file_clears_its_row_only() -> None:
    ev = _demo()
    card = score(ev, NATIONAL)
    key = row_key(ev.indicators[0])
    assert key == "产出指标/数量指标/特困人员救助供养人数"
    left = missing_evidence(card, {key})
    assert len(left) == 7 and key not in {f.evidence["indicator"] for f in left}


def test_ids_do_not_move_when_rows_are_added_or_removed() -> None:
    ev = _demo()
    before = {f.evidence["indicator"]: f.id for f in missing_evidence(score(ev, NATIONAL), ())}
    extra = Indicator(level1="产出指标", level2="数量指标", level3="新增指标", target="≥1个",
                      actual="1个", weight=Decimal(5), score=Decimal(5))  # fmt: skip
    moved = replace(ev, indicators=(extra, *ev.indicators[1:]))  # row 1 gone, a new row first
    after = {f.evidence["indicator"]: f.id for f in missing_evidence(score(moved, NATIONAL), ())}
    for key, fid in after.items():
        if key in before:
            assert before[key] == fid
    assert after["产出指标/数量指标/新增指标"] == finding_id("产出指标/数量指标/新增指标")
    assert "产出指标/数量指标/特困人员救助供养人数" not in after


def test_rows_without_weight_or_below_it_are_not_flagged() -> None:
    rows = (
        Indicator(level1="产出指标", level2="质量指标", level3="甲", target="达成", actual="达成",
                  weight=Decimal(0), score=Decimal(0)),
        Indicator(level1="产出指标", level2="质量指标", level3="乙", target="≥10个",
                  actual="10个", weight=Decimal(10), score=Decimal("9.5")),
        Indicator(level1="产出指标", level2="质量指标", level3="丙", target="≥10个",
                  actual="10个", weight=None, score=Decimal(10)),
    )  # fmt: skip
    ev = Evaluation(fiscal_year=2024, indicators=rows)
    assert missing_evidence(score(ev, NATIONAL), ()) == []


def test_the_same_levels_twice_give_one_finding() -> None:
    row = Indicator(level1="效益指标", level2="社会效益指标", level3="保障率", target="≥90%",
                    actual="95%", weight=Decimal(10), score=Decimal(10))  # fmt: skip
    ev = Evaluation(fiscal_year=2024, indicators=(row, row))
    assert len(missing_evidence(score(ev, NATIONAL), ())) == 1
