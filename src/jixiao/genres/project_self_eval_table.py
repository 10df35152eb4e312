"""项目支出绩效自评表 (national layout, R7): 项目名称 / 主管部门 / 实施单位, the money block
(年度资金总额, 其中 rows), 年度总体目标, the indicator block and 总分."""

from __future__ import annotations

from jixiao.genres.draft import Draft
from jixiao.genres.self_eval_form import fill_form_document
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.PROJECT_SELF_EVAL_TABLE)
    fill_form_document(blocks, draft)
    return draft.build(blocks)
