"""The reviewer's 审核意见 (.docx): what the checks found in one evaluation, for the finance
bureau or the department's reviewer, never for publication.

``write_review(ev, card, findings, ruleset_name)``: the document header (unit, year, kind of
document, rule set), a summary by severity and category, the recomputed total and grade beside
the stated ones, every finding grouped by severity (code, place, message, evidence, rule), and
a closing opinion the reviewer edits ("建议退回修改" when there is an error-level finding, else
"建议通过"). Rendered through ``templates/审核意见.docx`` with the same context variables as the
report (``title``, ``subtitle``, ``blocks`` …, see :mod:`jixiao.writers.docx`).

The web's reviewer adds, by keyword: their ``verdicts`` by finding id (a finding marked 误报 is
listed apart under "经核实为误报" and counted nowhere else; one marked 已核实 says so), the
``evidence`` findings (full marks without 佐证材料, counted like the others) and the ``rescore``
(复核: per row the self and review points, the totals and how the final score was reached).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import CATEGORY_LABELS, SEVERITY_LABELS, Finding, Severity
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import ScoreCard
from jixiao.writers.base import MISSING, Written
from jixiao.writers.docx_model import Draft, Grid
from jixiao.writers.docx_render import default_template, render

TEMPLATE: Final = "审核意见.docx"
_ORDER: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)
CONFIRMED: Final = "confirmed"
FALSE_POSITIVE: Final = "false_positive"


@dataclass(frozen=True)
class Verdict:
    """The reviewer's verdict on a finding: ``confirmed`` (已核实) or ``false_positive`` (误报)."""

    verdict: str
    comment: str = ""


@dataclass(frozen=True)
class Rescore:
    """A re-score (复核) as text: rows of (name, weight, self, review, note), the totals, how the
    final score was reached and its grade."""

    rows: tuple[tuple[str, str, str, str, str], ...]
    self_total: str
    review_total: str
    final_total: str
    blend: str
    grade: str = ""
    reviewer: str = ""
    comment: str = ""


def _doc_label(ev: Evaluation) -> str:
    return ev.doc_type.label if ev.doc_type is not None else "绩效文件"


def _header(ev: Evaluation, ruleset_name: str, draft: Draft, reviewer: str = "") -> Grid:
    source = ev.source.path if ev.source is not None and ev.source.path else None
    rows = [
        ("被审核单位", ev.department or draft.missing("被审核单位")),
        ("评价年度", f"{ev.fiscal_year}年度" if ev.fiscal_year else draft.missing("评价年度")),
        ("文件类型", _doc_label(ev)),
        ("项目名称", ev.project or "—"),
        ("送审文件", source or "—"),
        ("审核依据", f"规则集 {ruleset_name}"),
        ("审核人", reviewer),
        ("审核日期", "　　年　　月　　日"),
    ]
    return Grid(tuple(rows), (), frozenset(), (3.6, 12.0), frozenset({1}))


def _summary(findings: Sequence[Finding], draft: Draft) -> None:
    by_severity = Counter(f.severity for f in findings)
    if not findings:
        draft.p("按所列规则集检查，未发现问题。")
        return
    counts = "、".join(f"{SEVERITY_LABELS[s]}{by_severity[s]}项" for s in _ORDER if by_severity[s])
    draft.p(f"本次审核共发现问题{len(findings)}项，其中{counts}。按问题类别统计如下表。")
    rows: list[tuple[str, ...]] = [("问题类别", "错误", "警告", "提示", "合计")]
    for category, label in CATEGORY_LABELS.items():
        found = [f for f in findings if f.category is category]
        if found:
            per = Counter(f.severity for f in found)
            rows.append(
                (f"{label}（{category.value}）", *(str(per[s]) for s in _ORDER), str(len(found)))
            )
    rows.append(("合计", *(str(by_severity[s]) for s in _ORDER), str(len(findings))))
    draft.table(
        Grid(
            tuple(rows),
            (),
            frozenset({0, len(rows) - 1}),
            (5.6, 2.5, 2.5, 2.5, 2.5),
            frozenset({0}),
        ),
        "表1 问题分类统计",
    )


def _score(card: ScoreCard, ruleset_name: str, draft: Draft) -> None:
    stated = card.stated_total
    stated_text = f"{fmt(stated)}分" if stated is not None else MISSING
    stated_grade = card.stated_grade or MISSING
    grade = card.grade.label if card.grade is not None else "—"
    total = f"{fmt(card.total)}分（{grade}）" if card.total is not None else "未能复算"
    draft.p(f"填报总分：{stated_text}，填报等级：{stated_grade}。")
    draft.p(f"按规则集{ruleset_name}复算：{total}。")
    if stated is not None and card.total is not None:
        gap = card.total - stated
        if gap or (card.grade is not None and card.grade.label != card.stated_grade):
            draft.p(
                f"复算与填报相差{fmt(gap)}分，等级由“{stated_grade}”变为“{grade}”，须由单位核实。"
            )
        else:
            draft.p("复算结果与填报一致。")
    if len(card.groups) > 1:
        rows: list[tuple[str, ...]] = [("项目或任务", "填报得分", "复算得分", "复算等级")]
        for g in card.groups:
            rows.append(
                (
                    g.name or "—",
                    fmt(g.stated_total) if g.stated_total is not None else "—",
                    fmt(g.total) if g.total is not None else "—",
                    g.grade.label if g.grade else "—",
                )
            )
        draft.table(
            Grid(tuple(rows), (), frozenset({0}), (7.2, 2.8, 2.8, 2.8), frozenset({0})),
            "表2 分项得分复核",
        )
    for note in card.notes:
        draft.p(f"说明：{note}")


def _is_dismissed(f: Finding, verdicts: Mapping[str, Verdict]) -> bool:
    v = verdicts.get(f.id)
    return v is not None and v.verdict == FALSE_POSITIVE


def finding_lines(f: Finding, n: int) -> list[str]:
    """A finding as the reviewer reads it: code and place, message, evidence and rule."""
    where = f.location.describe() if f.location is not None else "全文"
    head = f"{n}.【{f.code}】{CATEGORY_LABELS[f.category]}，{where}"
    lines = [head, f"问题：{f.message}"]
    facts = "；".join(f"{k}＝{v}" for k, v in f.evidence.items())
    basis = [x for x in (facts, f"规则：{f.rule}" if f.rule else "") if x]
    if basis:
        lines.append("依据：" + "；".join(basis))
    return lines


def _findings(
    findings: Sequence[Finding], draft: Draft, verdicts: Mapping[str, Verdict] | None = None
) -> None:
    if not findings:
        draft.p("无。")
        return
    for severity in _ORDER:
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        draft.h2(f"{SEVERITY_LABELS[severity]}（{len(group)}项）")
        for n, f in enumerate(group, start=1):
            _finding(f, n, draft, (verdicts or {}).get(f.id))


def _finding(f: Finding, n: int, draft: Draft, verdict: Verdict | None) -> None:
    head, *rest = finding_lines(f, n)
    if verdict is not None and verdict.verdict == CONFIRMED:
        head += "（已核实）"
    draft.add("h3", head)
    for line in rest:
        draft.p(line)
    if verdict is not None and verdict.comment:
        draft.p(f"核实说明：{verdict.comment}")


def _dismissed(findings: Sequence[Finding], verdicts: Mapping[str, Verdict], draft: Draft) -> None:
    """Findings the reviewer marked 误报: listed for the record, counted nowhere."""
    draft.h2(f"经核实为误报（{len(findings)}项，不计入统计）")
    for n, f in enumerate(findings, start=1):
        _finding(f, n, draft, verdicts.get(f.id))


def _rescore(r: Rescore, draft: Draft, number: int) -> None:
    rows: list[tuple[str, ...]] = [("指标", "分值", "自评得分", "复核得分", "复核说明")]
    rows += [(name, weight, own or "—", review, note) for name, weight, own, review, note in r.rows]
    rows.append(("合计", "", r.self_total or "—", r.review_total, ""))
    draft.table(
        Grid(
            tuple(rows),
            (),
            frozenset({0, len(rows) - 1}),
            (5.2, 1.8, 2.2, 2.2, 4.6),
            frozenset({0, 4}),
        ),
        f"表{number} 复核评分",
    )
    grade = f"（{r.grade}）" if r.grade else ""
    draft.p(f"自评总分：{r.self_total or MISSING}；复核总分：{r.review_total}分。")
    draft.p(f"最终得分：{r.final_total}分{grade}。计算方法：{r.blend}。")
    if r.comment:
        draft.p(f"复核意见：{r.comment}")


def _opinion(ev: Evaluation, findings: Sequence[Finding], draft: Draft) -> None:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    unit = ev.department or "该单位"
    doc = _doc_label(ev)
    if errors:
        kinds = "、".join(dict.fromkeys(CATEGORY_LABELS[f.category] for f in errors))
        draft.p(
            f"经审核，{unit}报送的{doc}存在{len(errors)}项错误（{kinds}），与规则或算术不符，"
            f"建议退回修改。请{unit}对照问题清单逐项核实更正，并对警告事项作出说明后重新报送。"
        )
    elif warnings:
        draft.p(
            f"经审核，{unit}报送的{doc}未发现错误，有{len(warnings)}项警告需核实，"
            "建议通过，请单位对警告事项作出书面说明。"
        )
    else:
        draft.p(f"经审核，{unit}报送的{doc}未发现错误和警告，建议通过。")
    draft.p("（以上意见由审核人核定，可根据核实情况修改。）")
    draft.p("审核人（签字）：　　　　　　　　审核日期：　　年　　月　　日")


def write_review(
    ev: Evaluation,
    card: ScoreCard,
    findings: Sequence[Finding],
    ruleset_name: str,
    *,
    verdicts: Mapping[str, Verdict] | None = None,
    evidence: Sequence[Finding] = (),
    rescore: Rescore | None = None,
) -> Written:
    """The 审核意见 of one evaluation (see the module docstring)."""
    draft = Draft()
    verdicts = verdicts or {}
    every = sorted((*findings, *evidence), key=lambda f: -f.severity.rank)
    dismissed = [f for f in every if _is_dismissed(f, verdicts)]
    ordered = [f for f in every if not _is_dismissed(f, verdicts)]
    draft.table(_header(ev, ruleset_name, draft, rescore.reviewer if rescore else ""))
    draft.h1("审核结论摘要")
    _summary(ordered, draft)
    if dismissed:
        draft.p(f"另有{len(dismissed)}项经审核人核实为误报，单列于问题清单之后，不计入统计。")
    draft.h1("得分复核")
    _score(card, ruleset_name, draft)
    if rescore is not None:
        draft.h1("复核评分")
        _rescore(rescore, draft, 3 if len(card.groups) > 1 else 2)
    draft.h1("问题清单")
    _findings(ordered, draft, verdicts)
    if dismissed:
        _dismissed(dismissed, verdicts, draft)
    draft.h1("审核意见")
    _opinion(ev, ordered, draft)
    unit = ev.department or MISSING
    year = f"{ev.fiscal_year}年度" if ev.fiscal_year else ""
    context = {
        "title": f"{unit}{year}{_doc_label(ev)}审核意见",
        "subtitle": "",
        "department": unit,
        "fiscal_year": str(ev.fiscal_year) if ev.fiscal_year else MISSING,
        "doc_type": _doc_label(ev),
        "ruleset": ruleset_name,
    }
    data = render(draft, context, default_template(TEMPLATE), {})
    return Written(data, ".docx", tuple(draft.warnings))
