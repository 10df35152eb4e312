"""Carry-forward of an approved target table into the self-evaluation (rules.md R1.4): the
indicators unchanged, the rest empty; every change to a carried field named in Chinese."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator, ProjectLine, Targets
from jixiao.services.assess import split_projects
from jixiao.services.carry import (
    carry_forward,
    is_department_wide,
    locked_cells,
    locked_changes,
    rebase,
    target_budget,
)
from jixiao.services.demo import demo_paths
from jixiao.services.extract import extract_path

D = Decimal
ROWS = (
    Indicator(level1="产出指标", level2="数量指标", level3="耕地保护面积", target="≥1200亩",
              unit="亩", nature="正向", weight=D("10"), basis="计划标准",
              description="年度新增耕地保护面积"),
    Indicator(level1="产出指标", level2="质量指标", level3="验收合格率", target="=100%", unit="%",
              weight=D("20")),
    Indicator(level1="产出指标", level2="成本指标", level3="亩均建设成本", target="≤0.3万元",
              unit="万元", weight=D("20")),
    Indicator(level1="效益指标", level2="社会效益指标", level3="粮食产能", target="有效提升",
              weight=D("30")),
    Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="农户满意度",
              target="≥90%", unit="%", weight=D("10")),
)  # fmt: skip
TARGET = Evaluation(
    doc_type=DocType.TARGET_TABLE, fiscal_year=2025, region="河北省石家庄市",
    department="甲市自然资源局", project="耕地保护与高标准农田建设",
    budget_total_wan=D("850.5"), targets=Targets(planned="完成耕地保护1200亩，验收合格"),
    indicators=ROWS,
)  # fmt: skip
CARRIED = ("level1", "level2", "level3", "target", "unit", "nature", "weight", "basis",
           "description")  # fmt: skip


def test_project_target_becomes_a_project_self_evaluation_form() -> None:
    form = carry_forward(TARGET)
    assert form.doc_type is DocType.PROJECT_SELF_EVAL_TABLE
    assert form.project == "耕地保护与高标准农田建设" and form.fiscal_year == 2025
    assert form.title == "耕地保护与高标准农田建设2025年度项目支出绩效自评表"
    assert form.targets == Targets(planned="完成耕地保护1200亩，验收合格")


def test_indicators_are_carried_unchanged_and_the_rest_is_empty() -> None:
    form = carry_forward(TARGET)
    assert len(form.indicators) == 5
    for old, new in zip(TARGET.indicators, form.indicators, strict=True):
        assert {f: getattr(new, f) for f in CARRIED} == {f: getattr(old, f) for f in CARRIED}
        assert (new.actual, new.score, new.deviation_reason, new.completion_pct) == (None,) * 4
    row = form.indicators[0]  # by hand: 三级 耕地保护面积, ≥ 1200 亩, weight 10
    assert (row.level3, row.target, row.unit, row.weight) == (
        "耕地保护面积",
        "≥1200亩",
        "亩",
        D(10),
    )
    assert row.direction is not None and row.direction.value == ">="
    assert row.target_parsed.value == D(1200)
    assert sum(i.weight or 0 for i in form.indicators) == D(90)  # 10+20+20+30+10


def test_money_block_total_row_has_the_budget_and_nothing_executed() -> None:
    form = carry_forward(TARGET)
    assert form.funds == (Fund(name="年度资金总额", initial=D("850.5"), total=D("850.5"), level=0),)
    assert form.funds[0].executed is None and form.executed_total_wan is None


def test_department_wide_target_gives_the_department_form() -> None:
    dept = replace(TARGET, project=None, title="甲市自然资源局2025年度部门整体绩效目标表")
    assert is_department_wide(dept) and not is_department_wide(TARGET)
    form = carry_forward(dept)
    assert form.doc_type is DocType.DEPT_SELF_EVAL_TABLE and form.project is None
    assert form.title == "甲市自然资源局2025年度部门整体支出绩效自评表"


def test_budget_falls_back_to_the_money_row_then_the_project() -> None:
    bare = replace(TARGET, budget_total_wan=None)
    assert target_budget(bare) is None
    assert target_budget(replace(bare, funds=(Fund("合计", total=D(12), level=0),))) == D(12)
    one = replace(bare, projects=(ProjectLine(name="p", budget_wan=D(7), goal="目标"),))
    assert target_budget(one) == D(7)
    assert carry_forward(replace(one, targets=None)).targets == Targets(planned="目标")


def test_a_shipped_target_table_carries_its_budget() -> None:
    # huailai 2024, first table: 土地出让业务, 预算数 2600.00; 职工人数 ≤170人, no weights
    path = next(p for p in demo_paths() if p.stem == "huailai-2024-targets")
    ev = split_projects(extract_path(path).evaluation)[0]  # type: ignore[union-attr]
    form = carry_forward(ev)
    assert form.funds[0].total == D("2600.00")
    assert form.indicators[0].level3 == "职工人数" and form.indicators[0].target == "≤170人"
    assert form.indicators[0].weight is None
    assert locked_cells(ev)["ind-0"] == {
        "level1": True, "level2": True, "level3": True, "target": True, "weight": False,
    }  # fmt: skip


def _edit(i: int, **changes: object) -> Evaluation:
    form = carry_forward(TARGET)
    rows = list(form.indicators)
    rows[i] = replace(rows[i], **changes)  # type: ignore[arg-type]
    return replace(form, indicators=tuple(rows))


def test_filling_in_actuals_changes_nothing_carried() -> None:
    filled = _edit(0, actual="1100亩", score=D("9.17"), deviation_reason="雨季延误")
    assert locked_changes(TARGET, filled) == []
    assert locked_changes(TARGET, _edit(0, target=" ≥1200亩 ", weight=D("10.00"))) == []


def test_each_change_to_a_carried_field_is_named() -> None:
    def one(**changes: object) -> list[str]:
        return locked_changes(TARGET, _edit(0, **changes))

    was = "（已批复“≥1200亩”，提交"
    assert one(target="≥1000亩") == [f"指标第1行“耕地保护面积”的指标值不能修改{was}“≥1000亩”）"]
    assert one(target="≤1200亩") == [f"指标第1行“耕地保护面积”的指标方向不能修改{was}“≤1200亩”）"]
    assert one(target="≥1200公顷") == [
        f"指标第1行“耕地保护面积”的度量单位不能修改{was}“≥1200公顷”）"
    ]
    assert one(weight=D(8)) == ["指标第1行“耕地保护面积”的分值不能修改（已批复“10”，提交“8”）"]
    assert one(level3="耕地面积") == [
        "指标第1行“耕地保护面积”的指标名称不能修改（已批复“耕地保护面积”，提交“耕地面积”）"
    ]
    assert one(unit="公顷") == [
        "指标第1行“耕地保护面积”的度量单位不能修改（已批复“亩”，提交“公顷”）"
    ]
    assert one(nature="反向") == [
        "指标第1行“耕地保护面积”的指标性质不能修改（已批复“正向”，提交“反向”）"
    ]
    assert len(one(target="≤1000公顷")) == 3  # direction, value and unit


def test_rows_added_and_removed_are_named() -> None:
    form = carry_forward(TARGET)
    fewer = replace(form, indicators=form.indicators[:4])
    assert locked_changes(TARGET, fewer) == ["指标第5行“农户满意度”来自已批复的绩效目标，不能删除"]
    more = replace(form, indicators=(*form.indicators, Indicator(level3="新增指标")))
    assert locked_changes(TARGET, more) == [
        "不能增加指标第6行“新增指标”：自评指标须与已批复的绩效目标一致"
    ]


def test_an_empty_target_weight_may_be_filled_in() -> None:
    no_weight = replace(TARGET, indicators=(replace(ROWS[0], weight=None), *ROWS[1:]))
    form = carry_forward(no_weight)
    rows = (replace(form.indicators[0], weight=D(10)), *form.indicators[1:])
    assert locked_changes(no_weight, replace(form, indicators=rows)) == []


def test_rebase_puts_the_carried_fields_back_and_keeps_what_the_unit_filled() -> None:
    tampered = _edit(0, level3="耕地面积", target="≥1000亩", actual="1100亩", score=D(9))
    back = rebase(TARGET, tampered)
    assert locked_changes(TARGET, back) == []
    assert (back.indicators[0].actual, back.indicators[0].score) == ("1100亩", D(9))
    grown = replace(TARGET, indicators=(*ROWS, Indicator(level3="新增", target="≥1个")))
    assert len(rebase(grown, carry_forward(TARGET)).indicators) == 6
    assert len(rebase(replace(TARGET, indicators=ROWS[:2]), tampered).indicators) == 2
