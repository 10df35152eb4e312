"""The bureau's 绩效目标审核意见 (.docx) on one target table (rules.md R14), for the department.

``write_target_review(ev, rated, grade, comment, findings, reviewer=…, reviewed_on=…)``: the
header (unit, year, project, budget, reviewer, date), the four criteria with the R14 question,
the rating and the reviewer's comment on each, the result and its consequence, the indicators'
quality findings the checks raised (placeholders, "≥100%", cost as % …), and the overall
opinion. Rendered through the same ``审核意见.docx`` template as the evaluation's review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from jixiao.model.evaluation import Evaluation
from jixiao.model.findings import Finding
from jixiao.model.numbers import fmt
from jixiao.model.target_review import Rated, Tier
from jixiao.writers.base import MISSING, Written
from jixiao.writers.docx_model import Draft, Grid
from jixiao.writers.docx_render import default_template, render
from jixiao.writers.review import TEMPLATE, finding_lines

BASIS: Final = "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）绩效目标审核（R14）"


def _budget(ev: Evaluation) -> str:
    total = ev.budget_total_wan
    if total is None:
        top = [f.total for f in ev.funds if f.level in (0, None) and f.total is not None]
        total = top[0] if top else None
    return f"{fmt(total)}万元" if total is not None else "—"


def _header(ev: Evaluation, reviewer: str, reviewed_on: date | None, draft: Draft) -> Grid:
    day = f"{reviewed_on.year}年{reviewed_on.month}月{reviewed_on.day}日" if reviewed_on else ""
    rows = [
        ("被审核单位", ev.department or draft.missing("被审核单位")),
        ("年度", f"{ev.fiscal_year}年度" if ev.fiscal_year else draft.missing("年度")),
        ("项目名称", ev.project or "部门整体"),
        ("预算数", _budget(ev)),
        ("审核依据", BASIS),
        ("审核人", reviewer),
        ("审核日期", day or "　　年　　月　　日"),
    ]
    return Grid(tuple(rows), (), frozenset(), (3.6, 12.0), frozenset({1}))


def _ratings(rated: Sequence[Rated], draft: Draft) -> None:
    rows: list[tuple[str, ...]] = [("审核内容", "审核要点", "评定", "审核意见")]
    rows += [(r.criterion.label, r.criterion.question, r.tier.value, r.comment or "—")
             for r in rated]  # fmt: skip
    draft.table(
        Grid(tuple(rows), (), frozenset({0}), (2.4, 7.4, 1.4, 4.4), frozenset({1, 3})),
        "表1 绩效目标审核评定",
    )


def _findings(findings: Sequence[Finding], draft: Draft) -> None:
    if not findings:
        draft.p("按所列规则检查，绩效指标未发现质量问题。")
        return
    draft.p(f"检查发现绩效指标设置问题{len(findings)}项，请对照修改：")
    for n, f in enumerate(findings, start=1):
        for line in finding_lines(f, n):
            draft.p(line)


def write_target_review(
    ev: Evaluation,
    rated: Sequence[Rated],
    grade: Tier,
    comment: str,
    findings: Sequence[Finding],
    *,
    reviewer: str = "",
    reviewed_on: date | None = None,
) -> Written:
    """The 绩效目标审核意见 of one target table (see the module docstring)."""
    draft = Draft()
    draft.table(_header(ev, reviewer, reviewed_on, draft))
    draft.h1("审核评定")
    _ratings(rated, draft)
    draft.h1("审核结果")
    draft.p(f"审核结果为“{grade.value}”：{grade.consequence}。")
    draft.h1("绩效指标问题")
    _findings(findings, draft)
    draft.h1("审核意见")
    draft.p(comment or "（无总体意见）")
    draft.p("审核人（签字）：　　　　　　　　审核日期：　　年　　月　　日")
    unit = ev.department or MISSING
    year = f"{ev.fiscal_year}年度" if ev.fiscal_year else ""
    subject = ev.project or "部门整体"
    context = {
        "title": f"{unit}{year}绩效目标审核意见",
        "subtitle": subject,
        "department": unit,
        "fiscal_year": str(ev.fiscal_year) if ev.fiscal_year else MISSING,
        "doc_type": "绩效目标表",
        "ruleset": "R14",
    }
    data = render(draft, context, default_template(TEMPLATE), {})
    return Written(data, ".docx", tuple(draft.warnings))
