"""A target table split out of a multi-table file keeps its own 资金支出计划: the split record
(one project, plan entries without a group) must not be reported as having no plan."""

from __future__ import annotations

from jixiao.services.assess import assess, split_projects
from jixiao.services.demo import demo_paths
from jixiao.services.extract import extract_path


def test_each_split_table_keeps_its_plan() -> None:
    path = next(p for p in demo_paths() if p.stem == "huailai-2024-targets")
    extracted = extract_path(path)
    ev = extracted.evaluation  # type: ignore[union-attr]
    parts = split_projects(ev)
    assert len(parts) == 7  # the seven 绩效目标表 of seed 004
    for part in parts:
        # every table of the file fills 3月底/6月底/10月底/12月底 (25/50/75/100 or 10/30/30/30)
        assert len(part.spending_plan) == 4, part.project
        codes = {f.code for f in assess(part).run.findings}
        assert "SPEND_PLAN_MISSING" not in codes, part.project
    # the plan is still checked on the split table: tables 5–7 write 10/30/30/30
    last = {f.code for f in assess(parts[6]).run.findings}
    assert {"SPEND_PLAN_PER_PERIOD", "SPEND_PLAN_NOT_100_AT_END"} <= last
