"""grade: the stated grade against the rule set's bands (R6.2, R6.3, R11)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.scoring.grade import band_of


def _same_grade(stated: str, band: str, labels: tuple[str, ...]) -> bool:
    """优 and 优秀 are one grade under two label sets: compare by rank (GRADE_NE_BANDS)."""
    ranks = {"优": 0, "优秀": 0, "良": 1, "良好": 1, "中": 2, "一般": 2, "差": 3, "较差": 3}
    if stated == band:
        return True
    return stated in ranks and band in ranks and ranks[stated] == ranks[band] and bool(labels)


@check(
    "GRADE_NE_BANDS", Category.GRADE, Severity.ERROR,
    title="等级与所填得分的等级区间不符", rule="R6.2",
    why="按规则集的等级标准（下限含本数，R6.2、R6.3；河北为85/75/60，R11）求所填得分应得的等级，"
    "与文件所填等级不同时报告（部门总分与各项目分别检查；“优”与“优秀”等按名次对应）。",
)  # fmt: skip
def grade_not_band_of_score(inp: CheckInput) -> Iterator[Hit]:
    """The stated grade is not the band of the stated score under the rule set (lower bounds
    inclusive, R6.3). A label of the other label set (优 for 优秀) counts as its rank."""
    ev = inp.evaluation
    items: list[tuple[Decimal | None, str | None, Location | None, str]] = [
        (ev.stated_total_score, ev.stated_grade, None, "总分")
    ]
    items += [(p.score, p.grade, p.location, f"项目“{p.name}”") for p in ev.projects]
    bands = inp.facts.bands
    for score, grade, loc, what in items:
        if score is None or grade is None:
            continue
        band = band_of(score, bands)
        if _same_grade(grade, band, tuple(b.grade for b in bands)):
            continue
        yield hit(
            f"{what}得分{score}分，按{inp.ruleset.name}的等级标准应为“{band}”，文件写作“{grade}”",
            loc.at("grade") if loc else None,
            inp.params.bands.ref,
            score=score, stated_grade=grade, expected=band,
        )  # fmt: skip


@check(
    "GRADE_NE_COMPUTED", Category.GRADE, Severity.WARNING,
    title="所填等级与复算总分的等级不符", rule="R6.2",
    why="按规则集逐行复算总分（与 jixiao score 相同），其等级与文件所填等级不同时报告。",
)  # fmt: skip
def grade_not_band_of_recomputed(inp: CheckInput) -> Iterator[Hit]:
    """The band of the recomputed total (the score card) differs from the stated grade."""
    card = inp.card
    stated = inp.evaluation.stated_grade
    if card.total is None or card.grade is None or stated is None:
        return
    labels = tuple(b.grade for b in inp.facts.bands)
    if _same_grade(stated, card.grade.label, labels):
        return
    yield hit(
        f"按各行复算总分为{card.total}分，等级应为“{card.grade.label}”，文件写作“{stated}”"
        f"（填报总分{card.stated_total}分）",
        None,
        card.grade.rule,
        recomputed=card.total, computed_grade=card.grade.label, stated_grade=stated,
        stated_total=card.stated_total,
    )  # fmt: skip
