"""Key tasks (分项绩效目标) of a department report and their indicator sentences.

A task is a numbered title followed by labelled lines: "绩效目标：…", "绩效指标：…",
"完成情况：…" (labels are data in ``vocab/headings.yaml``). Seed 000 writes its indicators
as sentences: "（1）数量指标：收储土地数量，…，自评得分10分。（2）…".

>>> found, _ = indicator_sentences("（1）数量指标：土地数量，自评得分8分。", 0, None)
>>> [(i.level2, i.level3, str(i.score)) for i in found]
[('数量指标', '土地数量', '8')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import clean, key
from jixiao.genres.levels import implied_level1
from jixiao.genres.narrative import ITEM_START, Line, is_heading_like
from jixiao.model.evaluation import Indicator
from jixiao.model.location import Location
from jixiao.model.numbers import parse_number
from jixiao.model.text import normalize, strip_list_prefix

_LABEL: Final = re.compile(r"^\s*(?P<label>[^：:，,。]{2,16})[：:]\s*(?P<value>.*)$")
_MAX_TITLE: Final = 40  # an unnumbered title is short
_ITEM: Final = re.compile(r"[（(]\s*(?P<n>\d{1,2})\s*[)）]")
_INDICATOR: Final = re.compile(
    r"^\s*(?:(?P<cat>[^：:，,。（）()]{1,12}?指标)\s*[：:，,]\s*)?(?P<body>.*?)[，,。]?\s*"
    r"(?:自评)?得分\s*(?P<score>\d+(?:\.\d+)?)\s*分"
)


@dataclass
class Task:
    title: Line
    goal: str | None = None
    indicator_text: str | None = None
    achieved: str | None = None
    lines: dict[str, Line] = field(default_factory=dict)  # field → the line it came from

    @property
    def name(self) -> str:
        return strip_list_prefix(clean(self.title.text)).rstrip("。.;；:： ")


def task_label(text: str) -> tuple[str, str] | None:
    """(field, value) of a labelled line; the field whose word ends last in the label wins
    ("项目绩效目标完成情况" is the result, not the goal)."""
    m = _LABEL.match(text)
    if not m:
        return None
    label = key(m.group("label"))
    best: tuple[int, str] | None = None
    for name, words in vocab.heading_fields("task_labels").items():
        for word in words:
            at = label.rfind(word)
            if at >= 0 and (best is None or at + len(word) > best[0]):
                best = (at + len(word), name)
    return None if best is None else (best[1], m.group("value").strip())


def _is_title(line: Line) -> bool:
    return bool(ITEM_START.match(line.text) or is_heading_like(line.text)) or (
        len(line.text) <= _MAX_TITLE
    )


def _list_goes_on(text: str | None, line: str) -> bool:
    """A numbered indicator list goes on over several lines or paragraphs: ``line`` starts with
    the number after the last item of ``text`` ("…；（2）…" then "（3）…"), or ``text`` stops
    after an item's category ("（9）可持续影响指标：" at a page break)."""
    marks = _ITEM.findall(normalize(text or ""))
    if not marks:
        return False
    if normalize(text or "").rstrip().endswith(("：", ":")):
        return True
    m = _ITEM.match(normalize(line).lstrip())
    return bool(m and int(m.group("n")) == int(marks[-1]) + 1)


def find_tasks(all_lines: list[Line]) -> list[Task]:
    """Tasks with a goal or indicators; results-only items are another genre's project list.

    A long unnumbered line after a labelled one continues that field (seed 002 item 34 reports
    its result in two paragraphs), and so does the next item of a numbered indicator list, one
    item a line ("（3）时效指标：…" after "…（2）质量指标：…；")."""
    tasks: list[Task] = []
    title: Line | None = None
    last: str | None = None  # the field the previous labelled line filled
    for line in all_lines:
        found = task_label(line.text)
        if found is None:
            goes_on = not _is_title(line) or (
                last == "indicator_text" and _list_goes_on(tasks[-1].indicator_text, line.text)
            )
            if last is not None and tasks and goes_on:
                setattr(tasks[-1], last, f"{getattr(tasks[-1], last)}\n{line.text}")
                continue
            title, last = (line if _is_title(line) else None), None
            continue
        if title is not None:
            tasks.append(Task(title))
            title = None
        if not tasks:
            continue
        name, value = found
        task = tasks[-1]
        old = getattr(task, name)
        setattr(task, name, value if old is None else f"{old}\n{value}")
        task.lines.setdefault(name, line)
        last = name
    return [t for t in tasks if t.goal is not None or t.indicator_text is not None]


def results_by_title(all_lines: list[Line], tasks: list[Task]) -> None:
    """A task without a 完成情况 line may be reported under its title again later (seed 001
    chapter 三): the lines after that second title are its result."""
    titles = {key(t.name): t for t in tasks}
    starts = {id(t.title) for t in tasks}
    current: Task | None = None
    texts: dict[int, list[str]] = {}
    for line in all_lines:
        k = key(strip_list_prefix(line.text))
        if k in titles and id(line) not in starts:
            current = titles[k] if titles[k].achieved is None else None
            continue
        if current is None or task_label(line.text) is not None:
            continue
        if is_heading_like(line.text) and key(line.text) not in titles:
            current = None
            continue
        texts.setdefault(id(current), []).append(line.text)
    for task in tasks:
        if id(task) in texts:
            task.achieved = "\n".join(texts[id(task)])


def indicator_sentences(
    text: str, group: int, loc: Location | None
) -> tuple[list[Indicator], list[str]]:
    """Indicators written as "（n）类别：名称，自评得分N分" and the problems found reading them."""
    s = normalize(text)
    marks = list(_ITEM.finditer(s))
    indicators: list[Indicator] = []
    problems: list[str] = []
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(s)
        segment = s[mark.end() : end]
        m = _INDICATOR.match(segment)
        if m is None:
            problems.append(f"第（{mark.group('n')}）项指标不完整：“{segment.strip()}”")
            continue
        indicators.append(_indicator(m, group, loc))
        if m.group("cat") is None:
            problems.append(f"第（{mark.group('n')}）项指标未写指标类别：“{m.group('body')}”")
    return indicators, problems


def _indicator(m: re.Match[str], group: int, loc: Location | None) -> Indicator:
    category = m.group("cat")
    implied = implied_level1(category) if category else None
    name, _, rest = m.group("body").strip().partition("，")
    return Indicator(
        level1=implied[0] if implied else None,
        level2=category.strip() if category else None,
        level3=name.strip() or None,
        description=rest.strip() or None,
        score=parse_number(m.group("score")),
        group=group,
        location=loc,
    )
