"""Where each value of a form goes: the three official layouts, row by row.

* 项目支出绩效自评表 (rules.md R7, 8 columns, landscape): 项目名称 · 主管部门 · 实施单位; the money
  block (项目资金（万元）: 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 得分, sub-rows
  "/" in 分值/得分); 年度总体目标 (预期目标 | 实际完成情况); the indicator block (一级 · 二级 ·
  三级指标 · 年度指标值 · 实际完成值 · 分值 · 得分 · 偏差原因分析及改进措施, 一级/二级 merged
  down); 总分; 评价等级 where one is known.
* 部门整体支出绩效自评表 (R10 F-B, seed 003, 10 columns, landscape): 部门（单位）名称; 整体支出规模
  (年初预算数 · 全年预算数 · 全年执行数 · 执行率 · 得分 · 未完成原因分析); 预期目标; 实际完成情况;
  评价指标 over two header rows (… 单位 · 分值 · 完成率 · 得分 · 未完成原因分析); 总分; 评价等级.
* 绩效目标表 (R12.4, seed 004, 7 columns, portrait): 项目编码 · 项目名称; 预算规模及资金用途
  (预算数, 其中：财政资金, 其他资金; 资金用途); 资金支出计划（%） by 3/6/10/12月底; 绩效目标;
  一级 · 二级 · 三级指标 · 绩效指标描述 · 指标值 · 指标值确定依据.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from jixiao.writers.base import MISSING
from jixiao.writers.xlsx_form import Form, IndicatorRow, Layout, Value
from jixiao.writers.xlsx_sheet import Sheet

_MONEY_NOTE: Final = "金额单位：万元"
_PLAN_COLUMNS: Final = 6  # checkpoints per pair of rows in the target table
Column = Callable[[IndicatorRow], Value]


def runs(keys: Sequence[object]) -> list[tuple[int, int]]:
    """(first index, length) of each run of equal keys; ``None`` keys never join a run.

    >>> runs(["a", "a", None, None, "b"])
    [(0, 2), (2, 1), (3, 1), (4, 1)]
    """
    out: list[tuple[int, int]] = []
    for i, k in enumerate(keys):
        if out and k is not None and keys[out[-1][0]] == k:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((i, 1))
    return out


def _levels(sheet: Sheet, rows: list[IndicatorRow], top: int) -> None:
    """一级 and 二级 cells, merged down where consecutive rows share them."""
    level1 = [r.keys[0] for r in rows]
    level2 = [None if r.keys[1] is None else r.keys for r in rows]
    for column, keys, value in ((1, level1, "level1"), (2, level2, "level2")):
        for start, length in runs(keys):
            sheet.row = top + start
            sheet.put(column, getattr(rows[start], value), "center", rows=length)


def _indicators(sheet: Sheet, form: Form, columns: list[tuple[int, Column, str, int]]) -> None:
    """The indicator rows: levels in A and B, then ``(column, value, style, span)``."""
    top = sheet.row
    _levels(sheet, form.indicators, top)
    for i, row in enumerate(form.indicators):
        sheet.row = top + i
        for col, get, style, span in columns:
            sheet.put(col, get(row), style, cols=span)
    sheet.row = top + len(form.indicators)
    if form.indicators:
        return
    # an empty block says so in its 一级/二级 cells (a parser takes no row for an indicator
    # without a 三级 name or a value)
    sheet.put(1, form.note or MISSING, "center", cols=2)
    sheet.row += 1


def _heading(sheet: Sheet, form: Form) -> None:
    sheet.across(form.title, "title")
    sheet.across(form.year, "caption")
    left = sheet.width // 2
    sheet.put(1, f"填报单位：{form.department}", "caption_left", cols=left)
    sheet.put(left + 1, _MONEY_NOTE, "caption_right", cols=sheet.width - left)
    sheet.row += 1
    sheet.start_table()


def _footer(sheet: Sheet, form: Form, label_cols: int, score_col: int) -> None:
    sheet.put(1, "总分", "label", cols=label_cols)
    sheet.put(label_cols + 1, form.total_weight)
    sheet.put(score_col, form.total_score)
    for col in range(label_cols + 2, sheet.width + 1):
        if col != score_col:
            sheet.put(col, None)
    sheet.row += 1
    if form.grade is not None:
        sheet.put(1, "评价等级", "label", cols=label_cols)
        sheet.put(label_cols + 1, form.grade, cols=sheet.width - label_cols)
        sheet.row += 1


def project_sheet(form: Form) -> Sheet:
    """项目支出绩效自评表 (R7)."""
    bounds = ((12, 14), (12, 22), (14, 28), (11, 16), (11, 16), (8, 10), (9, 10), (16, 36))
    sheet = Sheet(8, bounds)
    _heading(sheet, form)
    sheet.put(1, "项目名称", "label")
    sheet.put(2, form.project, "text", cols=7)
    sheet.row += 1
    sheet.put(1, "主管部门", "label")
    sheet.put(2, form.supervisor, "text", cols=3)
    sheet.put(5, "实施单位", "label")
    sheet.put(6, form.department, "text", cols=3)
    sheet.row += 1
    sheet.put(1, "项目资金\n（万元）", "label", rows=1 + len(form.funds))
    sheet.put(2, None, "head")
    for col, head in enumerate(
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 3
    ):
        sheet.put(col, head, "head")
    sheet.row += 1
    for f in form.funds:
        sheet.put(2, f.label, "text")
        for col, value in enumerate((f.initial, f.total, f.executed, f.weight, f.rate, f.score), 3):
            sheet.put(col, value)
        sheet.row += 1
    sheet.put(1, "年度总体目标", "label", rows=2)
    sheet.put(2, "预期目标", "head", cols=3)
    sheet.put(5, "实际完成情况", "head", cols=4)
    sheet.row += 1
    sheet.put(2, form.planned, "text", cols=3)
    sheet.put(5, form.achieved, "text", cols=4)
    sheet.row += 1
    sheet.mark_titles()
    heads = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施")  # fmt: skip
    for col, head in enumerate(heads, 1):
        sheet.put(col, head, "head")
    sheet.row += 1
    _indicators(sheet, form, [
        (3, lambda r: r.level3, "center", 1), (4, lambda r: r.target, "center", 1),
        (5, lambda r: r.actual, "center", 1), (6, lambda r: r.weight, "center", 1),
        (7, lambda r: r.score, "center", 1), (8, lambda r: r.reason, "text", 1),
    ])  # fmt: skip
    _footer(sheet, form, 5, 7)
    return sheet


def department_sheet(form: Form) -> Sheet:
    """部门整体支出绩效自评表 (R10 F-B)."""
    bounds = ((12, 14), (12, 20), (14, 26), (11, 14), (11, 14), (8, 10), (8, 10), (9, 10),
              (8, 10), (14, 30))  # fmt: skip
    sheet = Sheet(10, bounds)
    _heading(sheet, form)
    sheet.put(1, "部门（单位）名称", "label", cols=2)
    sheet.put(3, form.department, "text", cols=8)
    sheet.row += 1
    sheet.put(1, "整体支出规模\n（万元）", "label", rows=1 + len(form.funds))
    sheet.put(2, None, "head")
    for col, head in enumerate(("年初预算数", "全年预算数", "全年执行数", "执行率", "得分"), 3):
        sheet.put(col, head, "head")
    sheet.put(8, "未完成原因分析", "head", cols=3)
    sheet.row += 1
    for f in form.funds:
        sheet.put(2, f.label, "text")
        for col, value in enumerate((f.initial, f.total, f.executed, f.rate, f.score), 3):
            sheet.put(col, value)
        sheet.put(8, f.reason, "text", cols=3)
        sheet.row += 1
    for label, text in (("预期目标", form.planned), ("实际完成情况", form.achieved)):
        sheet.put(1, label, "label")
        sheet.put(2, text, "text", cols=9)
        sheet.row += 1
    sheet.mark_titles(2)
    sheet.put(1, "评价指标", "head", cols=3)
    heads = ("年度指标值", "实际完成值", "单位", "分值", "完成率", "得分", "未完成原因分析")
    for col, head in enumerate(heads, 4):
        sheet.put(col, head, "head", rows=2)
    sheet.row += 1
    for col, head in enumerate(("一级指标", "二级指标", "三级指标"), 1):
        sheet.put(col, head, "head")
    sheet.row += 1
    _indicators(sheet, form, [
        (3, lambda r: r.level3, "center", 1), (4, lambda r: r.target, "center", 1),
        (5, lambda r: r.actual, "center", 1), (6, lambda r: r.unit, "center", 1),
        (7, lambda r: r.weight, "center", 1), (8, lambda r: r.completion, "center", 1),
        (9, lambda r: r.score, "center", 1), (10, lambda r: r.reason, "text", 1),
    ])  # fmt: skip
    _footer(sheet, form, 6, 9)
    return sheet


def _plan_rows(sheet: Sheet, form: Form) -> None:
    """资金支出计划（%）: checkpoints in one row, their cumulative shares below."""
    chunks = [form.plan[i : i + _PLAN_COLUMNS] for i in range(0, len(form.plan), _PLAN_COLUMNS)]
    for chunk in chunks or [[]]:
        sheet.put(1, "资金支出计划（%）", "label", rows=2)
        for col in range(2, sheet.width + 1):
            k = col - 2
            sheet.put(col, chunk[k][0] if k < len(chunk) else None, "head")
            sheet.row += 1
            sheet.put(col, chunk[k][1] if k < len(chunk) else None, "plan")
            sheet.row -= 1
        sheet.row += 2


def target_sheet(form: Form) -> Sheet:
    """绩效目标表 (R12.4)."""
    bounds = ((10, 12), (14, 26), (12, 22), (12, 16), (8, 14), (10, 14), (14, 26))
    sheet = Sheet(7, bounds, landscape=False)
    sheet.across(form.title, "title")
    sheet.across(form.year, "caption")
    sheet.across(form.department, "caption_left")
    sheet.across(_MONEY_NOTE, "caption_right")
    sheet.start_table()
    for col, value, style, span in (
        (1, "项目编码", "label", 1),
        (2, form.code, "center", 1),
        (3, "项目名称", "label", 1),
        (4, form.project, "text", 4),
    ):
        sheet.put(col, value, style, cols=span)  # fmt: skip
    sheet.row += 1
    sheet.put(1, "预算规模及资金用途", "label", rows=2)
    for col, value, style in (
        (2, "预算数", "label"),
        (3, form.budget, "center"),
        (4, "其中：财政资金", "label"),
        (5, None, "center"),
        (6, "其他资金", "label"),
        (7, None, "center"),
    ):
        sheet.put(col, value, style)  # fmt: skip
    sheet.row += 1
    sheet.put(2, "资金用途", "label")
    sheet.put(3, form.purpose, "text", cols=5)
    sheet.row += 1
    _plan_rows(sheet, form)
    sheet.put(1, "绩效目标", "label")
    sheet.put(2, form.goal, "text", cols=6)
    sheet.row += 1
    sheet.mark_titles()
    for col, head, span in (
        (1, "一级指标", 1),
        (2, "二级指标", 1),
        (3, "三级指标", 1),
        (4, "绩效指标描述", 2),
        (6, "指标值", 1),
        (7, "指标值确定依据", 1),
    ):
        sheet.put(col, head, "head", cols=span)  # fmt: skip
    sheet.row += 1
    _indicators(sheet, form, [
        (3, lambda r: r.level3, "center", 1), (4, lambda r: r.description, "text", 2),
        (6, lambda r: r.target, "center", 1), (7, lambda r: r.basis, "text", 1),
    ])  # fmt: skip
    return sheet


LAYOUTS: Final[dict[Layout, Callable[[Form], Sheet]]] = {
    Layout.PROJECT: project_sheet,
    Layout.DEPARTMENT: department_sheet,
    Layout.TARGET: target_sheet,
}
