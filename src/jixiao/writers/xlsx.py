"""The official forms as .xlsx (openpyxl): 项目支出绩效自评表, 部门整体支出绩效自评表, 绩效目标表.

``write_form(ev, card, template)`` picks the layout by ``ev.doc_type`` (xlsx_content.py) and
writes one sheet per form (xlsx_layouts.py, xlsx_sheet.py), or fills a bureau's own template
(xlsx_template.py). Scores and totals are values, never formulas: openpyxl stores no computed
results, so a reader would see a formula cell empty.

The form reproduces the document: stated scores are written as stated, even where the score
card computes others (a reviewer's form is another output); a row the document leaves unscored
gets the card's points. Missing values read "（未填报）", each with a warning.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from jixiao.model.evaluation import Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.writers.base import Written
from jixiao.writers.xlsx_content import forms_of
from jixiao.writers.xlsx_form import CardIndex, Form, Layout
from jixiao.writers.xlsx_layouts import LAYOUTS

SUFFIX = ".xlsx"


def _left_out(forms: list[Form]) -> list[str]:
    """What the project form has no column for (a money row's reason, an indicator's unit)."""
    out: list[str] = []
    for form in forms:
        if form.layout is not Layout.PROJECT:
            continue
        out += [f"{form.sheet}：资金“{row.label}”的原因说明在本表中没有栏目，未写入"
                for row in form.funds if row.reason]  # fmt: skip
        units = sum(1 for row in form.indicators if row.unit)
        if units:
            out.append(f"{form.sheet}：本表没有“单位”栏，{units}个指标的单位未写入")
    return out


def _save(book: Any) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_form(
    ev: Evaluation, card: ScoreCard | None = None, template: bytes | None = None
) -> Written:
    """The evaluation's official form(s) as an .xlsx workbook.

    ``card``: where the document states no score for a row (or no total), the card's points
    are written; stated scores are never changed. ``template``: a bureau's .xlsx with
    ``{{占位符}}`` cells (see xlsx_template.py), filled instead of our layout.
    """
    forms, warnings = forms_of(ev, CardIndex.of(card))
    warnings += _left_out(forms)
    if template is not None:
        from jixiao.writers.xlsx_template import fill_template  # noqa: PLC0415

        data, more = fill_template(template, forms)
        return Written(data, SUFFIX, tuple(warnings + more))
    import openpyxl  # type: ignore[import-untyped]  # noqa: PLC0415

    book = openpyxl.Workbook()
    book.remove(book.active)
    for form in forms:
        ws = book.create_sheet(form.sheet)
        LAYOUTS[form.layout](form).render(ws)
    book.properties.title = forms[0].title if forms else "自评表"
    book.properties.creator = "jixiao"
    return Written(_save(book), SUFFIX, tuple(warnings))
