"""Blocks → Evaluation: detect the kind of document, then read it with its genre's parser.

``parse`` never raises on a bad document: what cannot be read stays ``None`` and is named in
``Evaluation.warnings``. Region inference is not done here (``Evaluation.region`` stays
``None``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from jixiao.genres import (
    dept_self_eval_report,
    dept_self_eval_table,
    project_self_eval_report,
    project_self_eval_table,
    target_table,
)
from jixiao.genres.detect import detect
from jixiao.genres.draft import Draft
from jixiao.genres.furniture import tidy
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation

PARSERS: Final[dict[DocType, Callable[[Blocks], Evaluation]]] = {
    DocType.DEPT_SELF_EVAL_REPORT: dept_self_eval_report.parse,
    DocType.DEPT_SELF_EVAL_TABLE: dept_self_eval_table.parse,
    DocType.PROJECT_SELF_EVAL_REPORT: project_self_eval_report.parse,
    DocType.PROJECT_SELF_EVAL_TABLE: project_self_eval_table.parse,
    DocType.TARGET_TABLE: target_table.parse,
}


def parse(blocks: Blocks) -> Evaluation:
    """The evaluation document of one read file (page furniture removed first)."""
    blocks = tidy(blocks)
    doc_type = detect(blocks)
    if doc_type is not None:
        return PARSERS[doc_type](blocks)
    # Unknown kind: read what any report states (title, year, department, chapters), leave
    # doc_type unknown and say so.
    draft = Draft()
    dept_self_eval_report.fill_report(blocks, draft, DocType.DEPT_SELF_EVAL_REPORT)
    draft.warnings.insert(0, "文档：无法判断文档类型（自评报告、自评表或绩效目标表）")
    return draft.build(blocks)


__all__ = ["PARSERS", "detect", "parse"]
