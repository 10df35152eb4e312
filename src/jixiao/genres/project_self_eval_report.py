"""项目支出绩效自评报告 (narrative, R15/R16): read like a department report — title, year,
score and grade, chapters, problems, money sentences, and a 自评表 inside it when present —
plus the project's name from the title."""

from __future__ import annotations

import re
from typing import Final

from jixiao.genres.dept_self_eval_report import fill_report
from jixiao.genres.draft import Draft
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation

_NAME: Final = re.compile(r"^(?:\d{4}\s*年度?)?\s*(?P<name>.+?)(?:支出)?绩效(?:自评|评价)报告")


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.PROJECT_SELF_EVAL_REPORT)
    fill_report(blocks, draft, DocType.PROJECT_SELF_EVAL_REPORT)
    m = _NAME.match(draft.title or "")
    if m:
        draft.set_once("project", m.group("name").strip())
    return draft.build(blocks)
