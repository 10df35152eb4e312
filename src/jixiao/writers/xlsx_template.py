"""A bureau's own .xlsx form, filled: its styles, merges, widths and print settings stay.

Convention (placeholders are written in the template's cells, in Chinese):

* ``{{名称}}`` anywhere in a cell is replaced by the value. A cell holding nothing but one
  placeholder gets the typed value (a number, or a percentage as a fraction), keeping the
  cell's own number format (``0.00`` / ``0.00%`` where the cell has none). Names:
  表名 · 年度 · 项目名称 · 项目编码 · 主管部门 · 实施单位 (also 部门名称, 单位名称, 填报单位) ·
  预算数 · 资金用途 · 绩效目标 · 预期目标 (also 年度总体目标) · 实际完成情况 · 总分 · 分值合计 ·
  评价等级 · 金额单位 · the money block's total row: 年初预算数 · 全年预算数 · 全年执行数 ·
  执行率 · 执行分值 · 执行得分 · and each checkpoint of the 资金支出计划 by its name
  (``{{3月底}}``, ``{{6月底}}``, ``{{10月底}}``, ``{{12月底}}``).
* A row with ``{{指标行}}`` in one of its cells is repeated once per indicator row (the marker
  itself is removed); its cells take 序号 · 一级指标 · 二级指标 · 三级指标 · 年度指标值 (also
  指标值) · 实际完成值 · 单位 · 分值 · 完成率 · 得分 · 偏差原因 (also 未完成原因分析) ·
  绩效指标描述 · 指标值确定依据. Cells holding only ``{{一级指标}}`` or ``{{二级指标}}`` are
  merged down where consecutive rows share the name.
* A row with ``{{资金行}}`` is repeated once per money row: 序号 · 资金名称 · 年初预算数 ·
  全年预算数 · 全年执行数 · 分值 · 执行率 · 得分 · 原因.
* The first sheet with a placeholder is the form; a workbook of several forms (projects) gets
  one copy of it per form, named after the project. An unknown name is left empty, with a
  warning.
"""

from __future__ import annotations

import re
import zipfile
from copy import copy
from decimal import Decimal
from io import BytesIO
from typing import Any, Final

from jixiao.model.numbers import fmt
from jixiao.writers.base import MISSING, WriteError
from jixiao.writers.xlsx_form import Form, FundRow, IndicatorRow, Pct, Value
from jixiao.writers.xlsx_layouts import runs
from jixiao.writers.xlsx_sheet import NUMBER_FORMAT, PERCENT_FORMAT, cell_text

NOT_XLSX: Final = "模板不是有效的 Excel 文件（.xlsx）"
NO_PLACEHOLDER: Final = "模板中没有占位符（如 {{项目名称}}），无法填写"
PLACEHOLDER: Final = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
INDICATOR_ROW: Final = "指标行"
FUND_ROW: Final = "资金行"
_HUNDRED: Final = Decimal(100)
_MERGED_DOWN: Final = ("一级指标", "二级指标")
Values = dict[str, Value | int]


def scalars(form: Form) -> Values:
    """The values of the form-wide placeholders."""
    total = form.funds[0] if form.funds else None
    out: Values = {
        "表名": form.title, "年度": form.fiscal_year or MISSING, "项目名称": form.project,
        "项目编码": form.code, "主管部门": form.supervisor, "实施单位": form.department,
        "部门名称": form.department, "单位名称": form.department, "填报单位": form.department,
        "预算数": form.budget, "资金用途": form.purpose, "绩效目标": form.goal or form.planned,
        "预期目标": form.planned or form.goal, "年度总体目标": form.planned or form.goal,
        "实际完成情况": form.achieved, "总分": form.total_score, "分值合计": form.total_weight,
        "评价等级": form.grade, "金额单位": "万元",
    }  # fmt: skip
    if total is not None:
        out.update({"年初预算数": total.initial, "全年预算数": total.total,
                    "全年执行数": total.executed, "执行率": total.rate, "执行分值": total.weight,
                    "执行得分": total.score})  # fmt: skip
    out.update(dict(form.plan))
    return out


def indicator_values(row: IndicatorRow, n: int) -> Values:
    return {
        "序号": n, "一级指标": row.level1, "二级指标": row.level2, "三级指标": row.level3,
        "年度指标值": row.target, "指标值": row.target, "实际完成值": row.actual,
        "单位": row.unit, "分值": row.weight, "完成率": row.completion, "得分": row.score,
        "偏差原因": row.reason, "未完成原因分析": row.reason, "绩效指标描述": row.description,
        "指标值确定依据": row.basis,
    }  # fmt: skip


def fund_values(row: FundRow, n: int) -> Values:
    return {
        "序号": n, "资金名称": row.label, "年初预算数": row.initial, "全年预算数": row.total,
        "全年执行数": row.executed, "分值": row.weight, "执行率": row.rate, "得分": row.score,
        "原因": row.reason,
    }  # fmt: skip


INDICATOR_NAMES: Final = ("序号", "一级指标", "二级指标", "三级指标", "年度指标值", "指标值",
                          "实际完成值", "单位", "分值", "完成率", "得分", "偏差原因",
                          "未完成原因分析", "绩效指标描述", "指标值确定依据")  # fmt: skip
FUND_NAMES: Final = ("序号", "资金名称", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                     "得分", "原因")  # fmt: skip


def _text(value: Value | int) -> str:
    if isinstance(value, Pct):
        return f"{fmt(value.value)}%"
    if isinstance(value, Decimal):
        return fmt(value)
    return "" if value is None else str(value)


class Filler:
    """Puts values into cells, collecting the names it does not know."""

    def __init__(self) -> None:
        self.unknown: list[str] = []

    def fill(self, cell: Any, values: Values) -> None:
        text = cell.value
        if not isinstance(text, str) or "{{" not in text:
            return
        whole = PLACEHOLDER.fullmatch(text.strip())
        if whole is not None and whole.group(1) in values:
            _typed(cell, values[whole.group(1)])
            return

        def swap(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                self.unknown.append(name)
                return ""
            return _text(values[name])

        cell.value = cell_text(PLACEHOLDER.sub(swap, text)) or None


def _typed(cell: Any, value: Value | int) -> None:
    general = cell.number_format == "General"
    if isinstance(value, Pct):
        cell.value = float(value.value / _HUNDRED)
        if general or "%" not in cell.number_format:
            cell.number_format = PERCENT_FORMAT
    elif isinstance(value, Decimal):
        cell.value = float(value)
        if general:
            cell.number_format = NUMBER_FORMAT
    elif isinstance(value, int):
        cell.value = value
    else:
        cell.value = cell_text(value) if value else None
        cell.data_type = "s" if value else cell.data_type


def _marked(ws: Any, marker: str) -> int | None:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and f"{{{{{marker}}}}}" in cell.value.replace(" ", ""):
                return int(cell.row)
    return None


def _shift_rows(text: str, after: int, count: int) -> str:
    """Row numbers after ``after`` in a range text ("$A$1:$H$40", "5:6") moved down."""

    def move(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}{n + count if n > after else n}"

    return re.sub(r"((?:^|[$:A-Z!])\$?)(\d+)", move, text)


def _insert_rows(ws: Any, at: int, count: int) -> None:
    """``count`` copies of row ``at`` below it: styles, heights and the row's own merges; merged
    ranges below move down, ranges across the row grow."""
    from openpyxl.worksheet.cell_range import CellRange  # type: ignore[import-untyped]  # noqa: PLC0415

    ranges = [CellRange(r.coord) for r in ws.merged_cells.ranges if r.max_row >= at]
    for r in ranges:
        ws.unmerge_cells(r.coord)
    heights = {i: d.height for i, d in ws.row_dimensions.items() if i > at and d.height}
    ws.insert_rows(at + 1, count)
    for i in sorted(heights, reverse=True):
        ws.row_dimensions[i + count].height = heights[i]
        ws.row_dimensions[i].height = None
    for k in range(1, count + 1):
        ws.row_dimensions[at + k].height = ws.row_dimensions[at].height
        for col in range(1, ws.max_column + 1):
            ws.cell(at + k, col)._style = copy(ws.cell(at, col)._style)
    _remerge(ws, ranges, at, count)
    if ws.print_title_rows:
        ws.print_title_rows = _shift_rows(ws.print_title_rows, at, count)
    if ws.print_area:
        ws.print_area = [_shift_rows(a, at, count) for a in _areas(ws)]


def _remerge(ws: Any, ranges: list[Any], at: int, count: int) -> None:
    for r in ranges:
        if r.min_row == r.max_row == at:  # the repeated row's own merges, on every copy
            for k in range(count + 1):
                ws.merge_cells(start_row=at + k, start_column=r.min_col, end_row=at + k,
                               end_column=r.max_col)  # fmt: skip
            continue
        if r.min_row > at:
            r.shift(row_shift=count)
        else:
            r.expand(down=count)
        ws.merge_cells(r.coord)


def _areas(ws: Any) -> list[str]:
    area = ws.print_area
    return [] if not area else [a.split("!")[-1] for a in area.split(",")]


def _merge_levels(ws: Any, top: int, texts: dict[int, str], rows: list[IndicatorRow]) -> None:
    marker = re.compile(r"\{\{\s*" + INDICATOR_ROW + r"\s*\}\}")
    for col, text in texts.items():
        whole = PLACEHOLDER.fullmatch(marker.sub("", text).strip())
        if whole is None or whole.group(1) not in _MERGED_DOWN:
            continue
        name = whole.group(1)
        keys: list[object] = [r.keys[0] if name == "一级指标" else
                              (None if r.keys[1] is None else r.keys) for r in rows]  # fmt: skip
        for start, length in runs(keys):
            if length > 1:
                ws.merge_cells(start_row=top + start, start_column=col,
                               end_row=top + start + length - 1, end_column=col)  # fmt: skip


def _repeat(ws: Any, marker: str, items: list[Values], names: tuple[str, ...],
            filler: Filler) -> None:  # fmt: skip
    """Fill the row marked ``marker`` once per item (no item: its placeholders emptied)."""
    at = _marked(ws, marker)
    if at is None:
        return
    texts = {c.column: c.value for c in ws[at] if isinstance(c.value, str)}
    pattern = re.compile(r"\{\{\s*" + marker + r"\s*\}\}")
    texts = {col: pattern.sub("", t) for col, t in texts.items()}
    if len(items) > 1:
        _insert_rows(ws, at, len(items) - 1)
    for k, values in enumerate(items or [dict.fromkeys(names)]):
        for col, text in texts.items():
            cell = ws.cell(at + k, col)
            cell.value = text or None
            filler.fill(cell, values)


def fill_sheet(ws: Any, form: Form) -> list[str]:
    """One form into one template sheet; the warnings (unknown names, empty blocks)."""
    filler = Filler()
    warnings: list[str] = []
    # the lower block first, so the upper one's new rows do not move the marker searched next
    order = sorted([(INDICATOR_ROW, _marked(ws, INDICATOR_ROW)), (FUND_ROW, _marked(ws, FUND_ROW))],
                   key=lambda m: -(m[1] or 0))  # fmt: skip
    for marker, at in order:
        if at is None:
            continue
        if marker == INDICATOR_ROW:
            texts = {c.column: c.value for c in ws[at] if isinstance(c.value, str)}
            items = [indicator_values(r, n) for n, r in enumerate(form.indicators, 1)]
            _repeat(ws, marker, items, INDICATOR_NAMES, filler)
            _merge_levels(ws, at, texts, form.indicators)
        else:
            items = [fund_values(r, n) for n, r in enumerate(form.funds, 1)]
            _repeat(ws, marker, items, FUND_NAMES, filler)
    values = scalars(form)
    for row in ws.iter_rows():
        for cell in row:
            filler.fill(cell, values)
    for name in dict.fromkeys(filler.unknown):
        warnings.append(f"{form.sheet}：模板占位符“{{{{{name}}}}}”无法识别，已留空")
    return warnings


def _has_placeholder(ws: Any) -> bool:
    return any(
        isinstance(c.value, str) and PLACEHOLDER.search(c.value) for row in ws.iter_rows()
        for c in row
    )  # fmt: skip


def _open(template: bytes) -> Any:
    import openpyxl  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]  # noqa: PLC0415

    try:
        return openpyxl.load_workbook(BytesIO(template))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            TypeError, EOFError) as exc:  # fmt: skip
        raise WriteError(NOT_XLSX) from exc


def fill_template(template: bytes, forms: list[Form]) -> tuple[bytes, list[str]]:
    """The template filled once per form (copies of its form sheet for further forms)."""
    book = _open(template)
    sheet = next((ws for ws in book.worksheets if _has_placeholder(ws)), None)
    if sheet is None:
        raise WriteError(NO_PLACEHOLDER)
    sheets = [sheet]
    for form in forms[1:]:
        copied = book.copy_worksheet(sheet)
        copied.title = form.sheet
        copied.print_title_rows = sheet.print_title_rows
        if sheet.print_area:
            copied.print_area = _areas(sheet)
        book.move_sheet(copied, book.index(sheets[-1]) + 1 - book.index(copied))
        sheets.append(copied)
    if len(forms) > 1:
        sheet.title = forms[0].sheet
    warnings: list[str] = []
    for ws, form in zip(sheets, forms, strict=False):
        warnings += fill_sheet(ws, form)
    book.template = False  # an .xltx template gives a workbook, not another template
    out = BytesIO()
    book.save(out)
    return out.getvalue(), warnings
