"""部门整体支出绩效自评报告: the narrative report (Hebei outline of seeds 000–002, Gansu outline
of seed 003, which appends its scored 自评表 — read with the table parser)."""

from __future__ import annotations

from jixiao.genres import vocab
from jixiao.genres.common import (
    department_of,
    find_score_grade,
    fiscal_year_of,
    lines_after,
    sentences,
    title_line,
    year_in,
)
from jixiao.genres.draft import Draft
from jixiao.genres.narrative import Line, lines, sections
from jixiao.genres.narrative_funds import read_narrative_funds
from jixiao.genres.quantities import breakdowns_in
from jixiao.genres.report_parts import (
    grade_counts,
    grade_projects,
    graded_names,
    problems,
    project_chapter,
)
from jixiao.genres.self_eval_form import context_of, form_tables, read_form
from jixiao.genres.tasks import find_tasks, indicator_sentences, results_by_title
from jixiao.model.blocks import Blocks
from jixiao.model.evaluation import DocType, Evaluation, ProjectLine


def _title(all_lines: list[Line], draft: Draft, doc_type: DocType) -> list[Line]:
    """Set title and title year; return the body (the lines after the title)."""
    line = title_line(all_lines, _title_words(doc_type))
    if line is None:
        return all_lines
    draft.title = line.text
    draft.title_year = year_in(line.text)
    return lines_after(all_lines, line)


def _title_words(doc_type: DocType) -> tuple[str, ...]:
    words = vocab.heading_fields("doc_titles")
    return (*words[doc_type.value], *words["dept_self_eval_report"],
            *words["project_self_eval_report"])  # fmt: skip


def _score(body: list[Line], draft: Draft) -> None:
    """The stated total and grade from the sentence that gives both; a table's 总分 wins and a
    different sentence is warned."""
    for line in body:
        for sentence in sentences(line.text):
            score, grade = find_score_grade(sentence)
            if score is None:
                continue
            table = draft.stated_total_score
            if table is not None and table != score:
                message = f"正文得分{score}分与自评表总分{table}分不一致，取自评表总分"
                draft.warn(line.location, message)
            draft.set_once("stated_total_score", score)
            draft.set_once("stated_grade", grade)
            return


def _tasks(all_lines: list[Line], draft: Draft) -> None:
    tasks = find_tasks(all_lines)
    results_by_title(all_lines, tasks)
    for index, task in enumerate(tasks):
        draft.projects.append(
            ProjectLine(
                name=task.name,
                goal=task.goal,
                indicator_text=task.indicator_text,
                achieved=task.achieved,
                location=task.title.location,
            )
        )
        if "\n" in (task.goal or ""):
            draft.warn(task.lines["goal"].location, f"任务“{task.name}”有两段“绩效目标”，已合并")
        source = task.lines.get("indicator_text")
        if task.indicator_text is None or source is None:
            continue
        found, troubles = indicator_sentences(task.indicator_text, index, source.location)
        if len(found) > 1:  # a list of scored sentences, not a free description
            draft.indicators.extend(found)
            for trouble in troubles:
                draft.warn(source.location, trouble)


def _year(body: list[Line], draft: Draft) -> None:
    draft.fiscal_year = fiscal_year_of(line.text for line in body)
    if draft.fiscal_year is None and draft.title_year is not None:
        draft.fiscal_year = draft.title_year
        draft.warn(None, "正文未写明评价年度，按标题年度读取")
    elif draft.fiscal_year is None:
        draft.warn(None, "未找到评价年度")


def fill_report(blocks: Blocks, draft: Draft, doc_type: DocType) -> None:
    """Everything a narrative report states; a 自评表 inside it is read as a table."""
    all_lines = lines(blocks)
    body = _title(all_lines, draft, doc_type)
    tables = form_tables(blocks)
    if tables:
        context = context_of(blocks, tables[0])
        read_form(tables[0], draft, context)
        if draft.title_year is None:  # the table's caption: "(2024年度)"
            draft.title_year = next((y for t in context if (y := year_in(t)) is not None), None)
    else:
        read_narrative_funds(body, draft)
    draft.set_once("department", department_of(all_lines))
    _year(body, draft)
    _score(body, draft)
    draft.sections.extend(sections(all_lines))
    draft.projects.extend(project_chapter(all_lines))
    if not draft.projects:
        _tasks(all_lines, draft)
    graded: list[tuple[str, str]] = []
    for line in body:
        draft.breakdowns.extend(breakdowns_in(line.text, line.location))
        counts = grade_counts(line.text)
        if counts and draft.grade_counts is None:
            draft.grade_counts = counts
            graded = graded_names(line.text)
    grade_projects(draft.projects, graded)
    draft.problems.extend(problems(all_lines))
    for line in all_lines:
        if line.truncated:
            draft.warn(line.location, "该行文字被截断（以�结尾），只读取了截断前的部分")


def parse(blocks: Blocks) -> Evaluation:
    draft = Draft(doc_type=DocType.DEPT_SELF_EVAL_REPORT)
    fill_report(blocks, draft, DocType.DEPT_SELF_EVAL_REPORT)
    return draft.build(blocks)
