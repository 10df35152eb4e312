"""(Evaluation, RuleSet) → ScoreCard: every row by its rule, then totals and grades.

Totals (R6.1): the sum of a group's rounded row points plus its execution points. A document
with several projects is scored per project; a Hebei department report (one block of ten
indicators per key task) takes the mean of its task blocks where the rule set says so.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Final

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator
from jixiao.model.numbers import HUNDRED, ROUNDING_MODES, ZERO
from jixiao.model.scorecard import GroupScore, LineKind, LineStatus, ScoreCard, ScoreLine
from jixiao.model.text import compact
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring import methods
from jixiao.scoring.context import Context, make_context
from jixiao.scoring.execution import document_rate, execution_line, is_execution_indicator
from jixiao.scoring.grade import grade_of
from jixiao.scoring.params import ScoringParams, params_for
from jixiao.scoring.rows import score_indicator

_UNSCORED: Final = LineStatus.UNSCORED


def score(ev: Evaluation, rs: RuleSet) -> ScoreCard:
    """Re-score an evaluation by a rule set. Pure; never raises on a bad document."""
    p = params_for(rs, ev.fiscal_year)
    notes = list(p.warnings)
    if ev.doc_type is DocType.TARGET_TABLE:
        notes.append("绩效目标表只设定目标，不评分")
        return ScoreCard(rs.name, ev.fiscal_year, (), None, None, ev.stated_total_score,
                         ev.stated_grade, "none", None, tuple(notes))  # fmt: skip
    department = ev.doc_type is not None and ev.doc_type.is_department
    ctx = make_context(p, document_rate(ev, p), department)
    by_group: dict[int | None, list[tuple[int, Indicator]]] = defaultdict(list)
    for i, ind in enumerate(ev.indicators):
        by_group[ind.group].append((i, ind))
    funds_by_group: dict[int | None, list[tuple[int, Fund]]] = defaultdict(list)
    for i, f in enumerate(ev.funds):
        funds_by_group[f.group].append((i, f))
    groups = tuple(
        _group(ev, g, by_group.get(g, []), tuple(funds_by_group.get(g, [])), ctx)
        for g in ev.groups()
    )
    return _card(ev, rs.name, p, groups, notes)


def _group(
    ev: Evaluation,
    group: int | None,
    rows: list[tuple[int, Indicator]],
    funds: tuple[tuple[int, Fund], ...],
    ctx: Context,
) -> GroupScore:
    p = ctx.params
    lines = [score_indicator(ind, i, ctx) for i, ind in rows]
    if ctx.framework_rows:
        lines = [_share_in_band(line, rows, ctx) if line.note == "share_in_band" else line
                 for line in lines]  # fmt: skip
    if not any(is_execution_indicator(ind) for _, ind in rows):
        ex = execution_line(funds, ev, p, whole_document=group is None)
        if ex is not None:
            lines.append(ex)
    total = _total(lines, ctx)
    project = ev.projects[group] if group is not None and group < len(ev.projects) else None
    stated_total = project.score if project else ev.stated_total_score
    stated_grade = project.grade if project else ev.stated_grade
    return GroupScore(
        group=group,
        name=project.name if project else (ev.project or ev.department),
        total=total,
        grade=None if total is None else grade_of(total, p),
        stated_total=stated_total,
        stated_grade=stated_grade,
        lines=tuple(lines),
        adopted=sum(1 for line in lines if line.status is LineStatus.ADOPTED),
        unscored=sum(1 for line in lines if line.status is _UNSCORED),
    )


def _share_in_band(line: ScoreLine, rows: list[tuple[int, Indicator]], ctx: Context) -> ScoreLine:
    """Sichuan 大英 (R3.2): the row earns w × (peer rows with lo ≤ a/t ≤ hi) / (peer rows)."""
    row = line.row
    assert isinstance(row, Indicator)
    fr = ctx.framework_row(row.level3, row.level2)
    assert fr is not None and fr.spec is not None and fr.spec.lo is not None
    assert fr.spec.hi is not None and line.weight is not None
    ratios: list[Decimal] = []
    for _, peer in rows:
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


def _total(lines: list[ScoreLine], ctx: Context) -> Decimal | None:
    """Σ points; ``None`` when no indicator row has points (nothing to total)."""
    if not any(line.kind is LineKind.INDICATOR and line.points is not None for line in lines):
        return None
    na = ctx.params.na
    dropped = ZERO
    total = ZERO
    for line in lines:
        if na.mode == "rescale" and _is_not_applicable(line, na.markers):
            dropped += line.weight or ZERO
            continue
        if line.points is not None:
            total += line.points
    if dropped and dropped < HUNDRED:
        total = total * HUNDRED / (HUNDRED - dropped)  # R3.5: the rest counts for 100
    return ctx.q_total(total)


def _card(
    ev: Evaluation,
    ruleset: str,
    p: ScoringParams,
    groups: tuple[GroupScore, ...],
    notes: list[str],
) -> ScoreCard:
    method = (
        p.total_method.value
        if ev.doc_type is not None and ev.doc_type.is_department
        else ("single_table")
    )
    totals = [g.total for g in groups if g.total is not None]
    total: Decimal | None
    if len(groups) == 1:
        total, method = groups[0].total, "sum"
    elif method == "mean_of_groups" and totals:
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
    if total is None and method == "sum":
        notes.append("文中没有可计分的指标行，无法复算总分")
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
