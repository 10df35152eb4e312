"""The 自评报告 (.docx): the outline of the rule set (rules.md R15–R17), written from the
evaluation, filled into a docxtpl template; the 自评表 and the score summary as Word tables
(python-docx: the merged 一级/二级 cells vary with the data); the charts as pictures.

``write_report(ev, card, outline, charts, template)``; ``outline`` is the rule set's
``report.report_outline`` value for the document: ``"R15"`` (national project evaluation
report), ``"R16"`` (the 项目支出绩效自评表 with its text blocks), ``"R17-hebei"`` or
``"R17-gansu"`` (部门整体支出绩效自评报告). ``charts`` maps ``"score_by_block"``,
``"execution_by_month"``, ``"grade_distribution"`` to PNG bytes, shown where the outline
places them. ``template`` is a bureau's own .docx with docxtpl tags; it receives:

=================== =================================================================
``title``           the report's title ("某局2024年度部门整体支出绩效自评报告")
``subtitle``        "（2024年度）" under a project title, else empty
``blocks``          the body, in order: each has ``kind`` and ``text``. ``kind`` is
                    ``h1`` (chapter, "一、…"), ``h2`` ("（一）…"), ``h3`` ("1.…"), ``p``
                    (body), ``center`` (captions), ``table`` or ``chart``. A table or
                    chart block's ``text`` is a marker ("〔jixiao:table:12〕") that must
                    stand alone in its paragraph: it is replaced by the table or picture.
``department``      实施单位 / 部门 (or "（未填报）")
``project``         项目名称 (or empty for a department document)
``fiscal_year``     the evaluated year (or "（未填报）")
``doc_type``        "部门整体支出绩效自评报告" …
``outline``         "R15", "R16", "R17-hebei" or "R17-gansu"
``ruleset``         the rule set that re-scored the document
``stated_total``    the document's own total ("86.82"), ``stated_grade`` its grade
``total``           the recomputed total, ``grade`` the recomputed grade
=================== =================================================================

The shipped template (``templates/自评报告.docx``, built by ``scripts/make_templates.py``)
writes ``title``, ``subtitle`` and loops over ``blocks``. Missing data never stops a report:
"（未填报）" stands in its place and ``Written.warnings`` names it. Findings never appear here;
they go to the reviewer's 审核意见 (:mod:`jixiao.writers.review`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from jixiao.model.evaluation import Evaluation
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import ScoreCard
from jixiao.writers.base import MISSING, WriteError, Written
from jixiao.writers.docx_outlines import OUTLINES
from jixiao.writers.docx_parts import Parts
from jixiao.writers.docx_render import default_template, render

SUFFIX: Final = ".docx"
TEMPLATE: Final = "自评报告.docx"


def report_context(parts: Parts, outline: str, title: str, subtitle: str) -> dict[str, Any]:
    """The template variables besides ``blocks`` (see the module docstring)."""
    ev, v = parts.ev, parts.verdict
    return {
        "title": title,
        "subtitle": subtitle,
        "department": ev.department or MISSING,
        "project": ev.project or "",
        "fiscal_year": str(ev.fiscal_year) if ev.fiscal_year else MISSING,
        "doc_type": ev.doc_type.label if ev.doc_type else "",
        "outline": outline,
        "ruleset": parts.card.ruleset,
        "stated_total": fmt(v.stated_total) if v.stated_total is not None else MISSING,
        "stated_grade": v.stated_grade or MISSING,
        "total": fmt(v.total) if v.total is not None else "",
        "grade": v.grade or "",
    }


def write_report(
    ev: Evaluation,
    card: ScoreCard,
    outline: str,
    charts: Mapping[str, bytes] | None = None,
    template: bytes | None = None,
) -> Written:
    """The 自评报告 of one evaluation in the given outline (see the module docstring)."""
    build = OUTLINES.get(outline)
    if build is None:
        names = "、".join(OUTLINES)
        raise WriteError(f"未知的报告提纲“{outline}”（可选：{names}）")
    chart_data = dict(charts or {})
    parts = Parts(ev, card, frozenset(chart_data))
    title, subtitle = build(parts)
    context = report_context(parts, outline, title, subtitle)
    data = render(parts.draft, context, template or default_template(TEMPLATE), chart_data)
    return Written(data, SUFFIX, tuple(parts.draft.warnings))
