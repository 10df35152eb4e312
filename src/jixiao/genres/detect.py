"""Which kind of document this is, from its title and its tables; ``None`` when unsure.

1. A report title in the opening lines (…整体支出绩效自评报告, …项目支出绩效自评报告).
2. A scored 自评表 (a money header and an indicator header): a project form when it has a
   项目名称 label or a 项目支出 title, else a department form.
3. A target table (an indicator header with 项目编码 / 预算数 / 资金支出计划 / 绩效目标 labels).
4. A table title alone, then a generic report title (自评报告 / 评价报告 with 部门 or 项目).
"""

from __future__ import annotations

from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import key
from jixiao.genres.common import heading_lines
from jixiao.genres.formrows import pairs
from jixiao.genres.narrative import Line, lines
from jixiao.genres.self_eval_form import form_tables
from jixiao.genres.target_table import is_target_table
from jixiao.model.blocks import Blocks, Table
from jixiao.model.evaluation import DocType

_REPORTS: Final = (DocType.DEPT_SELF_EVAL_REPORT, DocType.PROJECT_SELF_EVAL_REPORT)
_TABLES: Final = (DocType.PROJECT_SELF_EVAL_TABLE, DocType.DEPT_SELF_EVAL_TABLE,
                  DocType.TARGET_TABLE)  # fmt: skip
_GENERIC_REPORT: Final = ("自评报告", "评价报告")


def _titled(heads: list[Line], doc_type: DocType) -> bool:
    words = vocab.heading_fields("doc_titles")[doc_type.value]
    return any(w in key(line.text) for line in heads for w in words)


def _form_kind(table: Table, heads: list[Line]) -> DocType:
    if _titled(heads, DocType.PROJECT_SELF_EVAL_TABLE):
        return DocType.PROJECT_SELF_EVAL_TABLE
    if _titled(heads, DocType.DEPT_SELF_EVAL_TABLE):
        return DocType.DEPT_SELF_EVAL_TABLE
    labels = {name for row in table.grid() for name, _ in pairs(row)}
    return DocType.PROJECT_SELF_EVAL_TABLE if "project" in labels else DocType.DEPT_SELF_EVAL_TABLE


def _generic_report(heads: list[Line]) -> DocType | None:
    for line in heads:
        k = key(line.text)
        if not any(w in k for w in _GENERIC_REPORT):
            continue
        if "整体" in k or "部门" in k:
            return DocType.DEPT_SELF_EVAL_REPORT
        if "项目" in k:
            return DocType.PROJECT_SELF_EVAL_REPORT
    return None


def detect(blocks: Blocks) -> DocType | None:
    heads = heading_lines(lines(blocks))
    for doc_type in _REPORTS:
        if _titled(heads, doc_type):
            return doc_type
    forms = form_tables(blocks)
    if forms:
        return _form_kind(forms[0], heads)
    if any(is_target_table(t) for t in blocks.tables()):
        return DocType.TARGET_TABLE
    for doc_type in _TABLES:
        if _titled(heads, doc_type):
            return doc_type
    return _generic_report(heads)
