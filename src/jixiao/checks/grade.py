"""grade: the stated grade against the rule set's bands (R6.2, R6.3, R11), against the
recomputed total (R6.1), and against the document's own list of problems (R1.2)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from jixiao.checks._score_util import TOLERANCE, grade_label, grade_rank, same_grade
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import Indicator
from jixiao.model.findings import Category, Severity
from jixiao.model.location import Location
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import GroupScore, LineKind, LineStatus, ScoreLine
from jixiao.model.text import compact
from jixiao.scoring.grade import band_of

_FULL: Final = Decimal(100)
# the dimensions a problem may name, and the words that name them in a row (R1.2)
_DIMENSIONS: Final = ("execution", "management", "targets", "procurement")
_DIMENSION_LABELS: Final = {
    "execution": "预算执行",
    "management": "制度与资产管理",
    "targets": "目标与指标设置",
    "procurement": "政府采购",
}
_ROW_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "execution": ("执行率", "支付进度", "支出进度", "执行进度"),
    "management": ("制度", "资产管理", "财务管理", "管理规范"),
    "targets": ("绩效目标", "绩效指标", "目标合理", "指标明确", "目标设置", "指标设置"),
    "procurement": ("采购",),
}


def _labels(inp: CheckInput) -> tuple[str, ...]:
    return tuple(b.grade for b in inp.facts.bands)


def _mapped_note(stated: str, own: tuple[str, ...]) -> str | None:
    """ "优 按名次对应 优秀" when the document uses the other label set (checks.md)."""
    rank = grade_rank(stated, own)
    if grade_label(stated) in own or rank is None or rank >= len(own):
        return None
    return f"“{stated}”按名次对应“{own[rank]}”"


@check(
    "GRADE_NE_BANDS", Category.GRADE, Severity.ERROR,
    title="等级与所填得分的等级区间不符", rule="R6.2",
    why="按规则集的等级标准（下限含本数，R6.2、R6.3；河北为85/75/60，R11）求所填得分应得的等级，"
    "与文件所填等级不同时报告（部门总分与各项目分别检查；“优”与“优秀”等按名次对应；"
    "不是等级用语的写法不报告）。",
)  # fmt: skip
def grade_not_band_of_score(inp: CheckInput) -> Iterator[Hit]:
    """The stated grade is not the band of the stated score under the rule set (lower bounds
    inclusive, R6.3). A label of the other label set (优 for 优秀) counts as its rank."""
    ev = inp.evaluation
    items: list[tuple[Decimal | None, str | None, Location | None, str]] = [
        (ev.stated_total_score, ev.stated_grade, None, "总分")
    ]
    items += [(p.score, p.grade, p.location, f"项目“{p.name}”") for p in ev.projects]
    bands, own = inp.facts.bands, _labels(inp)
    for score, grade, loc, what in items:
        if score is None or grade is None:
            continue
        band = band_of(score, bands)
        if same_grade(grade, band, own) is not False:
            continue
        note = _mapped_note(grade, own)
        yield hit(
            f"{what}得分{fmt(score)}分，按{inp.ruleset.name}的等级标准应为“{band}”，"
            f"文件写作“{grade}”",
            loc.at("grade") if loc else None,
            inp.params.bands.ref,
            score=score, stated_grade=grade, expected=band,
            **({"label_mapped": note} if note else {}),
        )  # fmt: skip


def _complete(group: GroupScore) -> bool:
    """Every scored line has a weight and points, and the weights make up the full 100: only
    then is the recomputed total a total on the rule set's scale."""
    weights = Decimal(0)
    for line in group.lines:
        if line.weight is None or (line.points is None and line.status is not LineStatus.UNSCORED):
            return False
        if line.points is None:
            if line.note != "zero_budget":
                return False
            continue
        weights += line.weight
    return bool(group.lines) and abs(weights - _FULL) <= TOLERANCE


def _computed_hit(inp: CheckInput, label: str, stated_total: Decimal | None, stated: str) -> bool:
    """Whether the stated grade contradicts the recomputed one, beyond a mere label slip (a
    stated score whose own band is the recomputed grade is GRADE_NE_BANDS's finding)."""
    own = _labels(inp)
    if same_grade(stated, label, own) is not False:
        return False
    if stated_total is not None:
        return same_grade(band_of(stated_total, inp.facts.bands), label, own) is False
    return True


@check(
    "GRADE_NE_COMPUTED", Category.GRADE, Severity.WARNING,
    title="所填等级与复算总分的等级不符", rule="R6.2",
    why="按规则集逐行复算总分（与 jixiao score 相同），其等级与文件所填等级不同时报告。"
    "只在各行都有分值和得分、分值合计为100分时复算（否则复算的不是百分制总分）；"
    "所填得分本身的等级已与复算等级相同、只是等级写错的，由 GRADE_NE_BANDS 报告。",
)  # fmt: skip
def grade_not_band_of_recomputed(inp: CheckInput) -> Iterator[Hit]:
    """The band of the recomputed total (the score card) differs from the stated grade."""
    card = inp.card
    stated = inp.evaluation.stated_grade
    if (
        card.total is not None and card.grade is not None and stated is not None
        and card.groups and all(_complete(g) for g in card.groups)
        and _computed_hit(inp, card.grade.label, card.stated_total, stated)
    ):  # fmt: skip
        yield hit(
            f"按各行复算总分为{fmt(card.total)}分，等级应为“{card.grade.label}”，"
            f"文件写作“{stated}”（填报总分{fmt(card.stated_total)}分）",
            None,
            card.grade.rule,
            recomputed=card.total, computed_grade=card.grade.label, stated_grade=stated,
            stated_total=card.stated_total,
        )  # fmt: skip
    if len(card.groups) > 1:
        yield from _group_grades(inp)


def _group_grades(inp: CheckInput) -> Iterator[Hit]:
    """Each project of a multi-project file, against its own stated grade."""
    projects = inp.evaluation.projects
    for g in inp.card.groups:
        if g.group is None or g.total is None or g.grade is None or g.stated_grade is None:
            continue
        if not _complete(g) or not _computed_hit(
            inp, g.grade.label, g.stated_total, g.stated_grade
        ):
            continue
        loc = projects[g.group].location if g.group < len(projects) else None
        yield hit(
            f"项目“{g.name}”按各行复算得分为{fmt(g.total)}分，等级应为“{g.grade.label}”，"
            f"文件写作“{g.stated_grade}”（填报得分{fmt(g.stated_total)}分）",
            loc.at("grade") if loc else None,
            g.grade.rule,
            project=g.name, recomputed=g.total, computed_grade=g.grade.label,
            stated_grade=g.stated_grade, stated_total=g.stated_total,
        )  # fmt: skip


def _top_grade(inp: CheckInput) -> str | None:
    """The stated grade when it is the top band (or the stated total's band, when no grade is
    written and the total reaches the top band)."""
    ev, own = inp.evaluation, _labels(inp)
    if ev.stated_grade is not None:
        return ev.stated_grade if grade_rank(ev.stated_grade, own) == 0 else None
    if ev.stated_total_score is not None and ev.stated_total_score >= inp.facts.top_band.min:
        return inp.facts.top_band.grade
    return None


def _problem_dimensions(inp: CheckInput) -> dict[str, list[str]]:
    """The problems the document lists, by the dimension their words name."""
    found: dict[str, list[str]] = {}
    for problem in inp.evaluation.problems:
        text = compact(problem)
        for dim in _DIMENSIONS:
            if any(compact(w) in text for w in inp.setting(f"{dim}_words")):
                found.setdefault(dim, []).append(problem.strip())
    return found


def _row_dimension(line: ScoreLine, dim: str) -> bool:
    if line.kind is LineKind.EXECUTION:
        return dim == "execution"
    row = line.row
    if not isinstance(row, Indicator):
        return False
    if dim == "execution" and row.inputs.execution_named:
        return True
    name = compact(f"{row.level2 or ''}{row.level3 or ''}")
    return any(w in name for w in _ROW_WORDS[dim])


def _full(line: ScoreLine) -> bool:
    return (
        line.stated is not None
        and line.weight is not None
        and line.stated >= line.weight - TOLERANCE
    )


def _full_dimensions(inp: CheckInput, dims: dict[str, list[str]]) -> dict[str, list[str]]:
    """The named dimensions whose rows (at least one) all have full marks: their row names."""
    out: dict[str, list[str]] = {}
    for dim in dims:
        rows = [line for line in inp.card.lines if _row_dimension(line, dim)]
        if rows and all(_full(line) for line in rows):
            out[dim] = [line.name for line in rows]
    return out


def _problems_location(inp: CheckInput) -> Location | None:
    for section in inp.evaluation.sections:
        if "问题" in section.heading and section.location is not None:
            return section.location
    return None


@check(
    "GRADE_IGNORES_OWN_PROBLEMS", Category.GRADE, Severity.WARNING,
    title="自评最高等级，却没有为自己列出的问题扣分", rule="R1.2",
    why="把“存在问题”的每一条按关键词归入预算执行（支付进度、支出进度）、制度与资产管理"
    "（制度不完善、资产管理不严）、目标与指标设置、政府采购等方面；文件自评为最高等级，而总分为100分，"
    "或某个被点名方面的指标行全部满分时报告（R1.2 自评应如实反映问题，R6.2）。",
    execution_words=("支付进度", "支出进度", "执行进度", "执行率", "预算执行", "资金支付"),
    management_words=("制度不", "制度有待", "制度尚", "制度还不", "资产管理不", "资产管理有待",
                      "财务管理不", "财务管理有待", "内控不", "内部控制不"),
    targets_words=("绩效目标", "目标设置", "指标设置", "目标和指标", "指标体系"),
    procurement_words=("采购",),
)  # fmt: skip
def grade_ignores_own_problems(inp: CheckInput) -> Iterator[Hit]:
    grade = _top_grade(inp)
    if grade is None:
        return
    dims = _problem_dimensions(inp)
    if not dims:
        return
    total = inp.evaluation.stated_total_score
    perfect = total is not None and total >= _FULL - TOLERANCE
    full = _full_dimensions(inp, dims)
    if not perfect and not full:
        return
    named = "、".join(_DIMENSION_LABELS[d] for d in dims)
    problems = [p for d in dims for p in dims[d]]
    detail = "；".join(f"{_DIMENSION_LABELS[d]}方面的{len(rows)}行指标全部满分"
                      for d, rows in full.items())  # fmt: skip
    yield hit(
        f"文件自评“{grade}”（总分{fmt(total)}分），但“存在问题”点名{named}方面的不足"
        f"（如“{problems[0]}”），" + (detail if detail else "而总分没有扣分"),
        _problems_location(inp),
        None,
        grade=grade, score=total, dimensions=[_DIMENSION_LABELS[d] for d in dims],
        problems="；".join(dict.fromkeys(problems)),
        full_rows=[name for rows in full.values() for name in rows],
    )  # fmt: skip
