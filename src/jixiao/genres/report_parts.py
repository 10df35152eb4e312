"""Parts of a narrative report: the per-project chapter, the problems, the grade counts.

>>> grade_counts("共146个项目，其中，138个项目评分优秀，3个项目评分良好（甲、乙），4个项目评分较差")
{'优秀': 138, '良好': 3, '较差': 4}
>>> graded_names("3个项目评分良好（甲、乙（东、西片区）），1个项目评分较差（丙）")
[('甲', '良好'), ('乙（东、西片区）', '良好'), ('丙', '较差')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import clean, key
from jixiao.genres.narrative import Line, chapter_starts, is_heading_like, numbered_items
from jixiao.model.evaluation import ProjectLine
from jixiao.model.numbers import parse_amount, parse_number
from jixiao.model.text import bracket_at, compact, normalize, split_top, strip_list_prefix

_NUM: Final = r"\s*(?:为|是|:|：)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
_SCORE: Final = re.compile(r"得分" + _NUM + r"分")
_BUDGET: Final = re.compile(r"预算(?:数|资金)?" + _NUM + r"(?P<unit>亿元|万元|元)")
_EXECUTED: Final = re.compile(r"(?:执行数|实际支出|支出数)" + _NUM + r"(?P<unit>亿元|万元|元)")
_SUB_HEADING: Final = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]")


def _amount(m: re.Match[str] | None) -> Decimal | None:
    if m is None:
        return None
    amount = parse_amount(f"{m.group('num')}{m.group('unit')}")
    return None if amount is None else amount.in_wan()


def _project_name(text: str) -> str:
    """The item's words before "绩效自评情况" or its first colon."""
    head = strip_list_prefix(text)
    cuts = [head.find(w) for w in vocab.raw_heading("project_name_end")]
    cuts += [head.find(c) for c in "：:"]
    end = min((c for c in cuts if c > 0), default=len(head))
    return clean(head[:end])


def _achieved(text: str) -> str | None:
    words = "|".join(vocab.raw_heading("project_achieved"))
    parts = re.split(rf"(?:项目)?(?:{words})\s*[：:]", text)
    return clean(parts[-1]) if len(parts) > 1 and clean(parts[-1]) else None


def _project(item: list[Line]) -> ProjectLine:
    text = "".join(line.text for line in item)
    s = normalize(text)
    score = _SCORE.search(s)
    return ProjectLine(
        name=_project_name(text),
        score=parse_number(score.group("num")) if score else None,
        budget_wan=_amount(_BUDGET.search(s)),
        executed_wan=_amount(_EXECUTED.search(s)),
        achieved=_achieved(text),
        location=item[0].location,
    )


def project_chapter(all_lines: list[Line]) -> list[ProjectLine]:
    """The projects of a "部门预算项目支出绩效自评情况" chapter (seed 003 chapter 四)."""
    words = vocab.heading_words("project_chapter")
    starts = [*chapter_starts(all_lines), len(all_lines)]
    for n, start in enumerate(starts[:-1]):
        if any(w in key(all_lines[start].text) for w in words):
            body = all_lines[start + 1 : starts[n + 1]]
            return [_project(item) for item in numbered_items(body)]
    return []


def _problems_start(all_lines: list[Line], chapters: set[int]) -> int | None:
    """The problems heading; of a run of them ("五、存在的问题及改进措施" then "（一）存在的主要
    问题") the last, most specific one."""
    words = vocab.heading_words("problems")
    found: int | None = None
    for i, line in enumerate(all_lines):
        if is_heading_like(line.text) or i in chapters:
            if any(w in key(line.text) for w in words):
                found = i
            elif found is not None:
                break
        elif found is not None:
            break
    return found


def _ends_problems(line: Line, chapters: set[int], i: int) -> bool:
    k = key(line.text)
    if i in chapters or _SUB_HEADING.match(line.text):
        return True
    return is_heading_like(line.text) and any(w in k for w in vocab.heading_words("problems_end"))


def problems(all_lines: list[Line]) -> list[str]:
    """The items of the 存在问题 chapter or sub-chapter: numbered items with their
    explanation lines, else one item per line."""
    chapters = set(chapter_starts(all_lines))
    start = _problems_start(all_lines, chapters)
    if start is None:
        return []
    body: list[Line] = []
    for i in range(start + 1, len(all_lines)):
        if _ends_problems(all_lines[i], chapters, i):
            break
        body.append(all_lines[i])
    items = numbered_items(body)
    if not items:
        return [clean(line.text) for line in body]
    return [
        "\n".join([clean(strip_list_prefix(it[0].text)), *(x.text for x in it[1:])]) for it in items
    ]


@cache
def _grade_count() -> re.Pattern[str]:
    grades = "|".join(sorted(vocab.raw_words("grades"), key=len, reverse=True))
    return re.compile(
        r"(?P<n>\d+)\s*个(?:项目|单位|部门)\s*(?:评分|评价|评定|等级|结果|评级|评)?\s*(?:为)?\s*"
        rf"[“\"]?(?P<g>{grades})"
    )


def grade_counts(text: str) -> dict[str, int] | None:
    """Projects per grade ("138个项目评分优秀，3个项目评分良好…")."""
    counts: dict[str, int] = {}
    for m in _grade_count().finditer(normalize(text)):
        counts[m.group("g")] = counts.get(m.group("g"), 0) + int(m.group("n"))
    return counts or None


_OPEN: Final = "（("
_NAME_YEARS: Final = re.compile(r"(?:19|20)\d{2}\s*年?\s*度?")
_SAME_NAME: Final = 0.9  # similarity of two names once years and "项目" are removed


def _split_top(text: str) -> list[str]:
    """Split on 、 outside brackets ("甲、乙（东、西）" → 甲 | 乙（东、西）)."""
    names = split_top(text)
    if names and names[-1].endswith("等"):  # an open list: "甲、乙等"
        names[-1] = names[-1].removesuffix("等").strip()
    return [n for n in names if n]


def graded_names(text: str) -> list[tuple[str, str]]:
    """(name, grade) of the projects a grade-count sentence names in brackets after a count
    ("3个项目评分良好（甲、乙、丙）"); of an open list ("甲、乙等") the names it gives."""
    s = normalize(text)
    out: list[tuple[str, str]] = []
    for m in _grade_count().finditer(s):
        start = m.end()
        while start < len(s) and s[start] in '”" ':  # past a closing quote
            start += 1
        if start < len(s) and s[start] in _OPEN:
            inside = bracket_at(s, start)
            if inside is not None:
                out += [(name, m.group("g")) for name in _split_top(inside)]
    return out


def _name_key(name: str) -> str:
    return compact(_NAME_YEARS.sub("", normalize(name))).replace("项目", "")


def grade_projects(projects: list[ProjectLine], graded: list[tuple[str, str]]) -> None:
    """Give each project without a grade the grade a grade-count sentence names it under (names
    compared without years and "项目", similarity ≥ 0.9); a project two grades name is left."""
    for i, p in enumerate(projects):
        if p.grade is not None:
            continue
        key = _name_key(p.name)
        found = {g for name, g in graded if key and _similar(key, _name_key(name))}
        if len(found) == 1:
            projects[i] = replace(p, grade=found.pop())


def _similar(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SAME_NAME
