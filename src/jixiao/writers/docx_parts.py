"""The parts every outline is made of: the unit's own text, money, indicator rows or key
tasks, the conclusion, projects, problems, measures, use of the results and the 自评表.

A :class:`Parts` holds the evaluation, its score card and the draft being written; each method
writes one part into the draft, with "（未填报）" and a warning where the data is missing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.evaluation import Evaluation, ProjectLine
from jixiao.model.scorecard import ScoreCard
from jixiao.rules import catalog
from jixiao.rules.ruleset import RuleSet
from jixiao.writers.docx_model import Draft
from jixiao.writers.docx_source import topics, without_tasks
from jixiao.writers.docx_tables import (
    FormSpec,
    score_summary,
    self_eval_form,
    signature_table,
)
from jixiao.writers.docx_text import (
    Verdict,
    application_text,
    bands_sentence,
    conclusion,
    execution_overview,
    fund_sentence,
    income_sentences,
    indicator_sentence,
    methods_sentence,
    narrative_money,
    problem_items,
    project_item,
    task_indicator_text,
)

CHART_TITLES = {
    "score_by_block": "各评价维度得分",
    "execution_by_month": "预算执行进度",
    "grade_distribution": "项目自评等级分布",
}


def is_department(ev: Evaluation) -> bool:
    if ev.doc_type is not None:
        return ev.doc_type.is_department
    return ev.project is None


@dataclass
class Parts:
    ev: Evaluation
    card: ScoreCard
    charts: Collection[str]
    draft: Draft = field(default_factory=Draft)
    figures: int = 0
    task_blocks: bool = False  # the outline writes the key tasks as blocks (set by it first)
    bands_written: bool = False  # the grade bands are stated once

    def __post_init__(self) -> None:
        self.verdict = Verdict.of(self.ev, self.card)
        self.own = topics(self.ev.sections)

    # ---- names --------------------------------------------------------------------------

    @property
    def who(self) -> str:
        return self.ev.department or self.draft.missing("单位名称")

    @property
    def year(self) -> str:
        year = self.ev.fiscal_year or self.ev.title_year
        return str(year) if year else self.draft.missing("评价年度")

    @property
    def subject(self) -> str:
        """What is evaluated: "2024年度部门整体支出" or "2024年度某某项目"."""
        if is_department(self.ev):
            return f"{self.year}年度部门整体支出"
        return f"{self.year}年度“{self.ev.project or self.draft.missing('项目名称')}”项目支出"

    @property
    def grouped(self) -> bool:
        """Rows belong to key tasks or projects: they are written as task blocks."""
        return any(i.group is not None for i in self.ev.indicators)

    def want_task_blocks(self) -> bool:
        """Whether the key tasks are written as blocks: rows grouped by task, or projects
        with their own goals and indicators."""
        self.task_blocks = self.grouped or any(p.goal or p.indicator_text for p in self.ev.projects)
        return self.task_blocks

    @property
    def has_form(self) -> bool:
        """A 自评表 is written unless every indicator row belongs to a task."""
        ungrouped = any(i.group is None for i in self.ev.indicators)
        return ungrouped or (not self.ev.indicators and bool(self.ev.funds))

    # ---- the unit's own text -------------------------------------------------------------

    def own_text(
        self, *names: str, what: str, fallback: list[str] | None = None, required: bool = True
    ) -> None:
        """The unit's own lines on the topics; else ``fallback``; else "（未填报）" when the
        part is ``required`` (not when other data already wrote it)."""
        lines = [line for name in names for line in self.own.get(name, [])]
        if self.task_blocks:
            lines = without_tasks(lines)
        if lines:
            for line in lines:
                self.draft.p(line)
        elif fallback:
            for line in fallback:
                self.draft.p(line)
        elif required:
            self.draft.p(self.draft.missing(what))

    def targets(self) -> None:
        planned = self.ev.targets.planned if self.ev.targets else None
        if planned:
            self.draft.p("年度总体目标如下。")
            self.draft.p(planned)
        self.own_text("targets", what="年度绩效目标", required=not planned)
        if self.ev.indicators:
            self.draft.p(self._indicator_overview())

    def _indicator_overview(self) -> str:
        level1s = list(dict.fromkeys(i.level1 for i in self.ev.indicators if i.level1))
        weights = [i.weight for i in self.ev.indicators if i.weight is not None]
        total = f"，分值合计{sum(weights, Decimal(0))}分" if weights else ""
        blocks = f"，分为{'、'.join(level1s)}等一级指标" if level1s else ""
        return f"围绕上述目标共设置{len(self.ev.indicators)}项三级绩效指标{blocks}{total}。"

    def work(self) -> None:
        """How the self-evaluation was organised: the unit's own account, else ours."""
        ours = [
            f"为客观反映{self.subject}的绩效，{self.who}对照年初设定的绩效目标和指标，"
            "组织业务和财务人员收集整理佐证材料，逐项核实指标完成情况并自评打分。"
        ]
        self.own_text("work", what="自评工作开展情况", fallback=ours)

    def method(self) -> None:
        """Standards and methods: the unit's own words, then the rule set's methods and bands."""
        self.own_text("method", what="评价方法", required=False)
        self.draft.p(methods_sentence(self.card))
        bands = self.bands_text()
        if bands:
            self.draft.p(bands)

    def _ruleset(self) -> RuleSet | None:
        try:
            return catalog.get(self.card.ruleset)
        except KeyError:  # a bureau's own rule-set file: not looked up here
            return None

    def bands_text(self) -> str | None:
        """The rule set's grade bands in words, the first time they are asked for."""
        if self.bands_written:
            return None
        self.bands_written = True
        rs = self._ruleset()
        bands = rs.value("grades.grade_bands", self.card.fiscal_year) if rs else None
        return bands_sentence([(b.min, b.grade) for b in bands or ()])

    def basis(self) -> str | None:
        """The 文号 the rule set cites (石发〔2019〕8号), for the preface."""
        rs = self._ruleset()
        return rs.meta.doc if rs is not None else None

    # ---- money ---------------------------------------------------------------------------

    def money(self) -> None:
        funds = [f for f in self.ev.funds if f.group is None]
        if not funds and self.ev.budget_total_wan is None:
            self.draft.p(self.draft.missing("预算收支情况"))
            return
        for line in income_sentences(self.ev):
            self.draft.p(line)
        self.draft.p(execution_overview(self.ev, f"{self.subject}", self.draft))
        if self.has_form:
            for fund in funds:
                self.draft.p(fund_sentence(fund))
        else:
            for line in narrative_money(self.ev, self.year):
                self.draft.p(line)
        self.chart("execution_by_month")

    def execution(self) -> None:
        """Budget execution as the 自评表 scores it: the total row's rate, weight and points."""
        total = next((f for f in self.ev.funds if f.level == 0 and f.group is None), None)
        if total is None or total.rate_pct is None:
            self.draft.p(execution_overview(self.ev, self.subject, self.draft))
            return
        weight = f"分值{total.weight}分，" if total.weight is not None else ""
        score = f"自评得分{total.score}分" if total.score is not None else "自评得分未填报"
        self.draft.p(f"{self.subject}全年预算执行率为{total.rate_pct}%，预算执行{weight}{score}。")

    # ---- indicator rows and tasks -------------------------------------------------------

    def indicator_rows(self) -> None:
        rows = [i for i in self.ev.indicators if i.group is None]
        for k, ind in enumerate(rows, start=1):
            self.draft.p(f"（{k}）{indicator_sentence(ind)}")
        if not self.ev.indicators and not self.ev.projects:
            self.draft.p(self.draft.missing("绩效指标完成情况"))

    def achievements(self) -> None:
        achieved = self.ev.targets.achieved if self.ev.targets else None
        if achieved:
            self.draft.p("年度总体目标的实际完成情况如下。")
            self.draft.p(achieved)
        self.own_text("achievements", what="总体绩效目标完成情况", required=not achieved)

    def tasks(self) -> None:
        """Key tasks (projects) with their goal, scored indicators and result."""
        for index, project in enumerate(self.ev.projects):
            self._task(index, project)

    def _task(self, index: int, p: ProjectLine) -> None:
        rows = self.ev.indicators_of(index)
        self.draft.p(f"{index + 1}.{p.name}")
        if p.goal:
            self.draft.p(f"绩效目标：{_one_line(p.goal)}")
        indicator_text = task_indicator_text(rows) if rows else p.indicator_text
        if indicator_text:
            self.draft.p(f"绩效指标及得分：{_one_line(indicator_text)}")
        achieved = p.achieved or self.draft.missing(f"“{p.name}”的完成情况")
        self.draft.p(f"完成情况：{_one_line(achieved)}")

    def tasks_or_projects(self) -> None:
        """Hebei 分项: task blocks when the projects carry goals or scored rows."""
        if self.task_blocks:
            self.tasks()
        else:
            self.projects(heading=False)
        if not self.grouped:
            self.indicator_rows()

    def projects(self, heading: bool = True) -> None:
        if not self.ev.projects:
            if heading:
                self.draft.p(self.draft.missing("项目支出绩效自评情况"))
            return
        for k, project in enumerate(self.ev.projects, start=1):
            self.draft.p(f"（{k}）{project_item(project)}")
        self.grade_counts()

    def grade_counts(self) -> None:
        counts = self.ev.grade_counts
        if not counts:
            return
        total = sum(counts.values())
        parts = "，".join(f"{n}个项目评分{g}" for g, n in counts.items())
        self.draft.p(f"{self.who}本年度自评项目合计{total}个，其中{parts}。")
        self.chart("grade_distribution")

    def experience(self) -> None:
        """What went well: the rows that met their target (from the score card)."""
        met = [line.name for line in self.card.indicator_lines() if line.met_target]
        if not met:
            self.draft.p(self.draft.missing("主要经验及做法"))
            return
        names = "、".join(f"“{name}”" for name in met[:5])
        more = f"等{len(met)}项指标" if len(met) > 5 else ""  # noqa: PLR2004
        self.draft.p(
            f"{names}{more}达到年度指标值，相关工作按计划推进，资金使用与年度目标衔接较好。"
        )

    # ---- conclusion, problems, measures, use ------------------------------------------

    def conclusion(self) -> None:
        for line in conclusion(self.verdict, self.who, self.subject, self.draft):
            self.draft.p(line)
        bands = self.bands_text()
        if bands:
            self.draft.p(bands)
        if self.card.lines:
            names = [p.name for p in self.ev.projects]
            self.draft.table(score_summary(self.card, names), "表1 得分汇总（填报与复算）")
        self.chart("score_by_block")

    def problems(self) -> None:
        items = problem_items(self.ev)
        if items:
            self.draft.items(items)
        else:
            self.draft.p(self.draft.missing("存在问题"))

    def measures(self) -> None:
        fallback = None
        if any(i.deviation_reason for i in self.ev.indicators):
            fallback = [
                "针对上述偏差，按各指标“偏差原因分析及改进措施”所列措施逐项整改，"
                "并在下一年度绩效目标设定和预算编制中予以改进。"
            ]
        self.own_text("measures", what="改进措施", fallback=fallback)

    def team(self) -> None:
        """评价工作组人员名单: the unit's own list, else a table to fill in and sign."""
        if self.own.get("team"):
            self.own_text("team", what="评价工作组人员名单")
            self.draft.p("（以上人员签字确认。）")
            return
        self.draft.p("评价工作组成员如下表，由本人签字确认。")
        self.draft.table(signature_table())

    def application(self) -> None:
        for line in application_text(self.who, "本级财政部门"):
            self.draft.p(line)

    # ---- the form and charts -----------------------------------------------------------

    def form(self, title: str, reason_title: str, caption: bool = True) -> None:
        """The 自评表 with its caption (title and year)."""
        if not self.has_form:
            return
        v = self.verdict
        stated = str(v.stated_total) if v.stated_total is not None else ""
        spec = FormSpec(not is_department(self.ev), reason_title, stated)
        grid = self_eval_form(self.ev, self.card, spec, self.draft.missing)
        if caption:
            self.draft.add("center", title)
            self.draft.add("center", f"（{self.year}年度）")
        self.draft.table(grid)

    def chart(self, name: str) -> None:
        if name in self.charts:
            self.figures += 1
            self.draft.chart(name, f"图{self.figures} {CHART_TITLES.get(name, name)}")


def _one_line(text: str) -> str:
    return "；".join(t.strip() for t in text.split("\n") if t.strip())
