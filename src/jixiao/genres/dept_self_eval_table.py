"""部门整体支出绩效自评表 (the scored department table, Gansu F-B layout of seed 003): a
document that is the table, with its caption."""

from __future__ import annotations

from jixiao.genres.draft import Draft
from jixiao.genres.self_eval_form import fill_form_document
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.DEPT_SELF_EVAL_TABLE)
    fill_form_document(blocks, draft)
    return draft.build(blocks)
