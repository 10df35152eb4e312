"""The report outlines of rules.md R15–R17, each as the chapters it writes.

* ``R15`` 项目支出绩效评价报告 (财预〔2020〕10号 附件3 参考提纲): 基本情况 · 评价工作开展情况 ·
  综合评价情况及评价结论 · 指标分析 · 经验、问题及原因 · 有关建议 · 其他需要说明的问题 · 附件.
* ``R16`` 项目支出绩效自评 output: the 自评表 itself, then short text blocks (年度目标完成情况,
  实施内容及过程概述, 评价结论, 存在问题, 改进措施, 结果应用和公开).
* ``R17-hebei`` (seeds 000–002): preface · 部门基本情况 · 自评工作开展情况 · 目标实现情况及指标
  分析 · 评价结论和评价等级 · 存在的问题及改进措施 · 评价工作组人员名单及签字.
* ``R17-gansu`` (seed 003, renumbered: the seed has two chapters 三): 基本情况 · 年度绩效目标 ·
  绩效自评工作开展情况 · 部门整体支出绩效自评情况分析 · 项目支出绩效自评情况分析 · 存在问题 ·
  改进措施 · 结果拟应用和公开情况 — eight chapters — then 附件 (the 自评表).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from jixiao.writers.docx_parts import Parts, is_department
from jixiao.writers.docx_render import ANNEX

NATIONAL_REASON: Final = "偏差原因分析及改进措施"
GANSU_REASON: Final = "未完成原因分析"


def form_title(parts: Parts) -> str:
    return "部门整体支出绩效自评表" if is_department(parts.ev) else "项目支出绩效自评表"


def report_title(parts: Parts) -> tuple[str, str]:
    """(title, subtitle) of a narrative report."""
    if is_department(parts.ev):
        return f"{parts.who}{parts.year}年度部门整体支出绩效自评报告", ""
    project = parts.ev.project or parts.draft.missing("项目名称")
    return f"{project}项目支出绩效自评报告", f"（{parts.year}年度）"


def r15(parts: Parts) -> tuple[str, str]:
    """National project evaluation report (R15), also used for a department under national."""
    d = parts.draft
    parts.task_blocks = parts.grouped
    title = report_title(parts)
    d.h1("基本情况")
    d.h2("部门概况" if is_department(parts.ev) else "项目概况")
    _identity(parts)
    parts.own_text("duties", "organization", what="概况", required=is_department(parts.ev))
    parts.money()
    d.h2("绩效目标")
    parts.targets()
    d.h1("绩效评价工作开展情况")
    d.h2("评价目的、对象和范围")
    d.p(
        f"本次评价的对象为{parts.who}{parts.subject}，范围为该年度纳入预算管理的全部资金及其产出和效益。"
    )
    d.h2("评价原则、指标体系、方法和标准")
    parts.method()
    d.h2("评价工作过程")
    parts.work()
    d.h1("综合评价情况及评价结论")
    parts.conclusion()
    d.h1("绩效评价指标分析")
    d.h2("预算执行情况")
    parts.execution()
    d.h2("产出和效益情况")
    parts.achievements()
    _rows_or_tasks(parts)
    d.h1("主要经验及做法、存在的问题及原因分析")
    d.h2("存在的问题及原因分析")
    parts.problems()
    d.h2("主要经验及做法")
    parts.experience()
    d.h1("有关建议")
    parts.measures()
    d.h1("其他需要说明的问题")
    if is_department(parts.ev) and parts.ev.projects:
        parts.projects()
    parts.application()
    if parts.has_form:
        d.annex(ANNEX)
        parts.form(form_title(parts), NATIONAL_REASON)
    return title


def _identity(parts: Parts) -> None:
    ev = parts.ev
    if is_department(ev):
        return
    items = [("项目名称", ev.project), ("主管部门", ev.supervisor), ("实施单位", ev.department)]
    text = "，".join(f"{k}为{v or parts.draft.missing(k)}" for k, v in items)
    parts.draft.p(f"{text}。")


def r16(parts: Parts) -> tuple[str, str]:
    """The 自评表 with its text blocks (R16)."""
    d = parts.draft
    parts.task_blocks = parts.grouped
    d.add("p", f"填报单位：{parts.who}")
    parts.form(form_title(parts), NATIONAL_REASON, caption=False)
    d.h1("年度目标完成情况")
    parts.achievements()
    d.h1("实施内容及过程概述")
    parts.targets()
    parts.money()
    _rows_or_tasks(parts)
    d.h1("评价结论")
    parts.conclusion()
    d.h1("存在问题")
    parts.problems()
    d.h1("改进措施")
    parts.measures()
    d.h1("结果应用和公开")
    parts.application()
    if not parts.has_form:  # every row belongs to a task: a narrative report, read as one
        return report_title(parts)
    return form_title(parts), f"（{parts.year}年度）"


def _rows_or_tasks(parts: Parts) -> None:
    if parts.task_blocks:
        parts.tasks()
    else:
        parts.indicator_rows()


def r17_hebei(parts: Parts) -> tuple[str, str]:
    d = parts.draft
    parts.want_task_blocks()
    title = report_title(parts)
    basis = parts.basis()
    cited = f"按照{basis}等文件要求，" if basis else "按照全面实施预算绩效管理的要求，"
    d.p(
        f"{cited}{parts.who}遵循科学性、规范性、客观性和公正性原则，对{parts.subject}开展了"
        "绩效自评，现将自评情况报告如下。"
    )
    d.h1("部门基本情况")
    d.h2("部门概况")
    parts.own_text("duties", "organization", what="部门概况")
    d.h2("部门收支预决算情况")
    parts.money()
    d.h2("部门整体支出绩效目标、指标")
    parts.targets()
    d.h1("自评工作开展情况")
    d.h2("自评的组织工作")
    parts.work()
    d.h2("自评的方法和过程")
    parts.method()
    d.h1("部门整体支出绩效目标实现情况及指标分析")
    d.h2("总体绩效目标实现情况")
    parts.achievements()
    d.h2("分项绩效目标实现情况及指标分析")
    parts.tasks_or_projects()
    d.h1("评价结论和评价等级")
    parts.conclusion()
    parts.grade_counts()
    d.h1("存在的问题及改进措施")
    d.h2("存在的主要问题")
    parts.problems()
    d.h2("改进措施")
    parts.measures()
    d.h2("结果应用和公开")
    parts.application()
    d.h1("评价工作组人员名单及签字")
    parts.team()
    if parts.has_form:
        d.annex(ANNEX)
        parts.form(form_title(parts), NATIONAL_REASON)
    return title


def r17_gansu(parts: Parts) -> tuple[str, str]:
    d = parts.draft
    parts.task_blocks = parts.grouped
    title = report_title(parts)
    d.h1("基本情况")
    d.h2("部门职能")
    parts.own_text("duties", what="部门职能")
    d.h2("机构设置")
    parts.own_text("organization", what="机构设置")
    d.h1("年度绩效目标")
    parts.targets()
    d.h1("绩效自评工作开展情况")
    parts.work()
    parts.method()
    d.h1("部门整体支出绩效自评情况分析")
    d.h2("部门决算情况")
    parts.money()
    d.h2("总体绩效目标完成情况")
    parts.achievements()
    _rows_or_tasks(parts)
    d.h2("评价结论")
    parts.conclusion()
    d.h1("部门预算项目支出绩效自评情况分析")
    if parts.task_blocks:  # the projects are the key tasks of chapter 四, with their rows
        d.p("各项重点任务的绩效目标、绩效指标及完成情况见第四部分。")
    else:
        parts.projects()
    d.h1("存在问题")
    parts.problems()
    d.h1("改进措施")
    parts.measures()
    d.h1("绩效自评结果拟应用和公开情况")
    parts.application()
    if parts.has_form:
        d.annex(ANNEX)
        parts.form(form_title(parts), GANSU_REASON)
    return title


OUTLINES: Final[dict[str, Callable[[Parts], tuple[str, str]]]] = {
    "R15": r15,
    "R16": r16,
    "R17-hebei": r17_hebei,
    "R17-gansu": r17_gansu,
}
