"""(Evaluation, RuleSet) → ScoreCard: every row by its rule, then totals and grades.

Totals (R6.1): the sum of a group's rounded row points plus its execution points. A document
with several projects is scored per project; a Hebei department report (one block of ten
indicators per key task) takes the mean of its task blocks where the rule set says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Final

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator
from jixiao.model.numbers import HUNDRED, ROUNDING_MODES, ZERO
from jixiao.model.scorecard import Grade, GroupScore, LineKind, LineStatus, ScoreCard, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring import methods
from jixiao.scoring.context import Context, make_context
from jixiao.scoring.execution import document_rate, execution_line
from jixiao.scoring.grade import grade_of
from jixiao.scoring.params import ScoringParams, params_for
from jixiao.scoring.rows import QUANTITATIVE, DocRate, quantitative, score_indicator

_UNSCORED: Final = LineStatus.UNSCORED
_COMPUTED: Final = LineStatus.COMPUTED
_ADOPTED: Final = LineStatus.ADOPTED
_INDICATOR: Final = LineKind.INDICATOR
_NEW: Final = tuple.__new__
_ALL: Final = range(1 << 30)  # positions of a one-form document: 0, 1, 2 … (zip stops early)


def score(ev: Evaluation, rs: RuleSet) -> ScoreCard:
    """Re-score an evaluation by a rule set. Pure; never raises on a bad document."""
    p = params_for(rs, ev.fiscal_year)
    notes = list(p.warnings)
    if ev.doc_type is DocType.TARGET_TABLE:
        notes.append("绩效目标表只设定目标，不评分")
        return ScoreCard(rs.name, ev.fiscal_year, (), None, None, ev.stated_total_score,
                         ev.stated_grade, "none", None, tuple(notes))  # fmt: skip
    department = ev.doc_type is not None and ev.doc_type.is_department
    ctx = make_context(p, department)
    doc_rate = partial(document_rate, ev, p)  # only rows "预算执行率" without a target need it
    if not ev.grouped:  # one form: the common case
        group = _group(ev, None, (_ALL, ev.indicators), (_ALL, ev.funds), ctx, doc_rate)
        return _card(ev, rs.name, p, (group,), notes)
    rows: dict[int | None, tuple[list[int], list[Indicator]]] = defaultdict(lambda: ([], []))
    for i, ind in enumerate(ev.indicators):
        rows[ind.group][0].append(i)
        rows[ind.group][1].append(ind)
    funds: dict[int | None, tuple[list[int], list[Fund]]] = defaultdict(lambda: ([], []))
    for i, f in enumerate(ev.funds):
        funds[f.group][0].append(i)
        funds[f.group][1].append(f)
    # a group is a project or task with rows of its own; money rows outside every group are the
    # document's (they give the rate that "预算执行率" rows without a target are scored by)
    keys = [g for g in ev.groups() if g is not None or g in rows]
    groups = tuple(_group(ev, g, rows[g], funds[g], ctx, doc_rate) for g in keys)
    return _card(ev, rs.name, p, groups, notes)


def _group(
    ev: Evaluation,
    group: int | None,
    rows: tuple[Sequence[int], Sequence[Indicator]],
    funds: tuple[Sequence[int], Sequence[Fund]],
    ctx: Context,
    doc_rate: DocRate,
) -> GroupScore:
    p = ctx.params
    if ctx.framework_rows:
        lines = [score_indicator(ind, i, ctx, doc_rate) for i, ind in zip(*rows, strict=False)]
        lines = [_share_in_band(line, rows[1], ctx) if line.note == "share_in_band" else line
                 for line in lines]  # fmt: skip
    else:  # the common quantitative row goes straight to its handler: one call a row, not two
        lines = [
            quantitative(ind, i, ctx)
            if ind.inputs[0] is QUANTITATIVE
            else score_indicator(ind, i, ctx, doc_rate)
            for i, ind in zip(*rows, strict=False)
        ]
    if not (ev.execution_rows and any(ind.inputs.execution_named for ind in rows[1])):
        ex = execution_line(funds[0], funds[1], ev, ctx, whole_document=group is None)
        if ex is not None:
            lines.append(ex)
    total, adopted, unscored = _total(lines, ctx)
    project = ev.projects[group] if group is not None and 0 <= group < len(ev.projects) else None
    if project is None:
        name, stated_total, stated_grade = (
            ev.project or ev.department,
            ev.stated_total_score,
            (ev.stated_grade),
        )
    else:
        name, stated_total, stated_grade = project.name, project.score, project.grade
    grade = None if total is None else grade_of(total, p)
    return _NEW(GroupScore, (group, name, total, grade, stated_total, stated_grade, tuple(lines),
                             adopted, unscored))  # fmt: skip


def _share_in_band(line: ScoreLine, rows: Sequence[Indicator], ctx: Context) -> ScoreLine:
    """Sichuan 大英 (R3.2): the row earns w × (peer rows with lo ≤ a/t ≤ hi) / (peer rows)."""
    row = line.row
    assert isinstance(row, Indicator)
    fr = ctx.framework_row(row.level3, row.level2)
    assert fr is not None and fr.spec is not None and fr.spec.lo is not None
    assert fr.spec.hi is not None and line.weight is not None
    ratios: list[Decimal] = []
    for peer in rows:
        if peer is row or not all(
            compact(getattr(peer, k) or "") == compact(v) for k, v in (fr.over or {}).items()
        ):
            continue
        t, a = peer.target_parsed.value, peer.actual_parsed.value
        if t is not None and a is not None and t > 0:
            ratios.append(a / t)
    points = methods.share_in_band(ratios, line.weight, fr.spec.lo, fr.spec.hi)
    hits = sum(1 for r in ratios if fr.spec.lo <= r <= fr.spec.hi)
    return line._replace(points=ctx.q(points), status=LineStatus.COMPUTED, a=Decimal(hits),
                         t=Decimal(len(ratios)), met_target=hits == len(ratios))  # fmt: skip


def _is_not_applicable(line: ScoreLine, markers: tuple[str, ...]) -> bool:
    row = line.row
    if not isinstance(row, Indicator):
        return False
    text = compact(f"{row.actual or ''}{row.target or ''}")
    return any(m in text for m in markers)


def _total(lines: list[ScoreLine], ctx: Context) -> tuple[Decimal | None, int, int]:
    """Σ points (``None`` when no indicator row has points), and the adopted and unscored
    counts, in one pass over the lines (read by position: this runs once per document)."""
    na = ctx.params.na
    if na.mode == "rescale":
        adopted, unscored = _counts(lines)
        if not any(line[6] is not None and line[0] is _INDICATOR for line in lines):
            return None, adopted, unscored
        return _rescaled(lines, ctx, na.markers), adopted, unscored
    total = ZERO
    adopted = unscored = 0
    any_indicator = False
    for line in lines:
        points = line[6]
        if points is not None:
            total += points
            any_indicator = any_indicator or line[0] is _INDICATOR
        status = line[7]
        if status is not _COMPUTED:
            if status is _ADOPTED:
                adopted += 1
            else:
                unscored += 1
    if not any_indicator:
        return None, adopted, unscored
    return ctx.q_total(total), adopted, unscored


def _counts(lines: list[ScoreLine]) -> tuple[int, int]:
    statuses = [line.status for line in lines]
    return statuses.count(_ADOPTED), statuses.count(_UNSCORED)


def _rescaled(lines: list[ScoreLine], ctx: Context, markers: tuple[str, ...]) -> Decimal:
    """R3.5 option: drop rows marked not applicable; the rest counts for 100."""
    dropped = total = ZERO
    for line in lines:
        if _is_not_applicable(line, markers):
            dropped += line.weight or ZERO
        elif line.points is not None:
            total += line.points
    if dropped and dropped < HUNDRED:
        total = total * HUNDRED / (HUNDRED - dropped)
    return ctx.q_total(total)


def _card(
    ev: Evaluation,
    ruleset: str,
    p: ScoringParams,
    groups: tuple[GroupScore, ...],
    notes: list[str],
) -> ScoreCard:
    total: Decimal | None
    grade: Grade | None
    if len(groups) == 1:
        total, grade, method = groups[0].total, groups[0].grade, "sum"
        if groups[0].adopted:
            notes.append(f"{groups[0].adopted}行无法按规则复算（缺少指标值或实际值），沿用填报得分")
        if total is None:
            notes.append("文中没有可计分的指标行，无法复算总分")
        return ScoreCard(ruleset, ev.fiscal_year, groups, total, grade, ev.stated_total_score,
                         ev.stated_grade, method, p.rounding.ref, tuple(notes))  # fmt: skip
    department = ev.doc_type is not None and ev.doc_type.is_department
    method = p.total_method.value if department else "single_table"
    totals = [g.total for g in groups if g.total is not None]
    if method == "mean_of_groups" and totals:
        total = (sum(totals, ZERO) / len(totals)).quantize(
            p.step, rounding=ROUNDING_MODES[p.rounding.value.mode]
        )
        if len(totals) < len(groups):
            notes.append(f"{len(groups) - len(totals)}个任务块无法计分，未计入平均")
    else:
        total, method = None, "per_group"
        notes.append("文件含多个项目，分别计分，不合计总分")
    adopted = sum(g.adopted for g in groups)
    if adopted:
        notes.append(f"{adopted}行无法按规则复算（缺少指标值或实际值），沿用填报得分")
    return ScoreCard(
        ruleset=ruleset,
        fiscal_year=ev.fiscal_year,
        groups=groups,
        total=total,
        grade=None if total is None else grade_of(total, p),
        stated_total=ev.stated_total_score,
        stated_grade=ev.stated_grade,
        total_method=method,
        total_rule=p.total_method.ref if method == "mean_of_groups" else p.rounding.ref,
        notes=tuple(dict.fromkeys(notes)),
    )
