"""What every genre reads the same way: title, years, department, the stated score and grade.

>>> fiscal_year_of(["2025年预算收入10万元", "2025年决算收入9万元", "2019年文件"])
2025
>>> find_score_grade("绩效评价得分为 86.82 分，绩效评级为“良”")
(Decimal('86.82'), '良')
>>> find_score_grade("部门整体支出综合绩效评价为：得分100分,得分≥85分为优秀。")
(Decimal('100'), '优秀')
>>> find_score_grade("得分≥85分为优秀；75≤得分＜85分为良好")
(None, None)
>>> grade_of("“良”"), grade_of("优秀（90分以上）"), grade_of("优化管理")
('良', '优秀', None)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import HAN, clean, key, strip_unit_code
from jixiao.genres.narrative import Line
from jixiao.model.numbers import parse_number
from jixiao.model.text import normalize

_TITLE_LOOKAHEAD: Final = 6  # the title is among the first lines
_YEAR: Final = r"(?P<y>(?:19|20)\d{2})"
# "(2024年度)", "2026年度整体支出…": a year in a title or a table caption
_TITLE_YEAR: Final = re.compile(_YEAR + r"\s*年")
# A fiscal-year phrase (checks.md YEAR_TITLE_NE_CONTENT): a year followed by budget words.
# Dates ("2026年3月13日"), names ("2015 年土地变更调查项目") and file numbers do not match.
_FISCAL_PHRASE: Final = re.compile(
    _YEAR + r"\s*年\s*度?\s*(?:我(?:单位|局|部门)|本(?:单位|局|部门))?\s*(?:部门)?\s*"
    r"(?:整体支出|整体绩效|预算|决算|收入|支出|末|初|年初|年末)"
)
_ANY_YEAR: Final = re.compile(_YEAR + r"\s*年(?!\s*\d{1,2}\s*月)")
_SCORE: Final = re.compile(r"(?:得分|评分|分数)\s*(?:为|是|:|：)?\s*(?P<score>\d+(?:\.\d+)?)\s*分")
_GRADE_AFTER: Final = r"(?:等级|评级|级别|结果|定为|评定为|为)\s*(?:为|是|:|：)?\s*[“\"「『]?\s*"
# the grade word ends there: "为优化…" is no grade
_GRADE_END: Final = r"(?=[”\"」』。，,；;、\s)）]|$|等|级)"


_TERMINAL: Final = tuple("。！？；!?;：:…")


def first_lines(lines: list[Line]) -> list[Line]:
    return lines[:_TITLE_LOOKAHEAD]


def heading_lines(lines: list[Line]) -> list[Line]:
    """The opening lines, then each joined to the next where it does not end a sentence: a
    title a PDF wrapped ("…2024年度部门整体支" / "出绩效自评报告") is found whole, after any
    line that holds a title by itself.

    >>> from jixiao.model.location import Location
    >>> heads = [Line("某局2024年度部门整体支", Location(line=1)),
    ...          Line("出绩效自评报告", Location(line=2))]
    >>> [h.text for h in heading_lines(heads)]
    ['某局2024年度部门整体支', '出绩效自评报告', '某局2024年度部门整体支出绩效自评报告']
    """
    heads = first_lines(lines)
    joined = [
        Line(text + heads[i + 1].text.strip(), line.location)
        for i, line in enumerate(heads[:-1])
        if (text := line.text.rstrip()) and not text.endswith(_TERMINAL)
    ]
    return heads + joined


def lines_after(all_lines: list[Line], title: Line) -> list[Line]:
    """The lines after a title found by :func:`title_line` (after both halves when it was a
    wrapped title joined)."""
    for i, line in enumerate(all_lines):
        if line == title:
            return all_lines[i + 1 :]
        if line.location == title.location and title.text.startswith(line.text.rstrip()):
            return all_lines[i + 2 :]
    return all_lines


def title_line(lines: list[Line], words: Iterable[str]) -> Line | None:
    """The first of the opening lines that holds a title word (自评报告, 绩效目标表 …), a
    wrapped title joined."""
    word_list = tuple(words)
    for line in heading_lines(lines):
        k = key(line.text)
        if any(w in k for w in word_list):
            return line
    return None


def year_in(text: str) -> int | None:
    m = _TITLE_YEAR.search(normalize(text))
    return int(m.group("y")) if m else None


def fiscal_year_of(texts: Iterable[str]) -> int | None:
    """The most frequent year of the fiscal-year phrases; failing those, of any "YYYY年" that
    is not a date. ``None`` on a tie."""
    joined = [normalize(t) for t in texts]
    for pattern in (_FISCAL_PHRASE, _ANY_YEAR):
        counts = Counter(int(m.group("y")) for t in joined for m in pattern.finditer(t))
        if counts:
            ranked = counts.most_common(2)
            if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
                return None
            return ranked[0][0]
    return None


@cache
def _org_pattern() -> re.Pattern[str]:
    suffixes = "|".join(sorted(vocab.raw_words("org_suffixes"), key=len, reverse=True))
    return re.compile(rf"^(?P<org>[{HAN}（）()]{{2,40}}?(?:{suffixes}))(?:\s|$|\d|编制|部门|整体)")


def org_name(text: str) -> str | None:
    """A department's name at the start of a line ("324001 怀来县自然资源和规划局", "庆城县
    自然资源局 部门预算执行情况自评报告"), or ``None``."""
    s = strip_unit_code(clean(text))
    m = _org_pattern().match(s)
    return m.group("org") if m else None


def department_of(lines: list[Line]) -> str | None:
    """The department named by the opening lines: a line that is a name on its own first, then
    a title that starts with one."""
    heads = first_lines(lines)
    for line in heads:
        name = org_name(line.text)
        if name is not None and key(name) == key(strip_unit_code(line.text)):
            return name
    for line in heads:
        name = org_name(line.text)
        if name is not None:
            return name
    return None


@cache
def _grade_regex() -> str:
    return "|".join(sorted(vocab.raw_words("grades"), key=len, reverse=True))


def grade_after(text: str) -> str | None:
    """The grade word a sentence gives after its score ("…，评价等级为“优秀”")."""
    m = re.search(_GRADE_AFTER + rf"(?P<g>{_grade_regex()})" + _GRADE_END, text)
    return m.group("g") if m else None


def grade_of(text: str) -> str | None:
    """A grade written as a form's value ("良", "“优秀”", "良好（80-89分）"), or ``None``."""
    s = normalize(text).strip()
    m = re.match(rf"^[“\"「『]?\s*(?P<g>{_grade_regex()})(?:(?=[(（])|{_GRADE_END})", s)
    return m.group("g") if m else None


def find_score_grade(sentence: str) -> tuple[Decimal | None, str | None]:
    """The stated total score and grade of one sentence that gives both ("得分为86.82分，评级为
    “良”"). A score without a grade after it is not a total (task and project scores, "得分≥85分
    为优秀" bands); the grade is the word after the score."""
    s = normalize(sentence).replace("*", "")
    for m in _SCORE.finditer(s):
        grade = grade_after(s[m.end() :])
        if grade is not None:
            return parse_number(m.group("score")), grade
    return None, None


def sentences(text: str) -> list[str]:
    """Split running text into sentences at 。！？ (the mark stays with its sentence)."""
    return [s for s in re.split(r"(?<=[。！？!?])", text) if s.strip()]
