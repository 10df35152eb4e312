"""The evaluation's own descriptive text, by topic: what the unit wrote about its duties,
organisation, targets, the evaluation work, its achievements and its measures.

A report re-written into an outline keeps the unit's own account of itself (``Evaluation.
sections``); money, indicator rows, scores, problems and projects are written from the data
instead, so the text of those parts is never copied. A topic starts at a heading whose words
name it (any level: "（一）部门主要职能", "二、年度绩效目标") and runs to the next heading that
names another topic or to the end of its chapter.

>>> from jixiao.model.evaluation import Section
>>> text = "（一）部门职能\\n1、管理土地。\\n（二）收支情况\\n预算100万元。"
>>> topics((Section("一、基本情况", text),))["duties"]
['1、管理土地。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from jixiao.model.evaluation import Section

# topic → words of its heading, tried in this order (机构 before 概况: "内设机构及所属单位概况")
TOPICS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("team", ("评价工作组人员", "人员名单", "工作组成员")),
    ("problems", ("存在问题", "存在的问题", "主要问题")),
    ("measures", ("改进措施", "改进建议", "整改措施", "有关建议", "针对问题", "下一步")),
    ("application", ("结果应用", "应用和公开", "公开情况", "拟应用")),
    ("finance", ("收支", "预决算", "决算情况", "预算情况", "资金情况", "收入", "支出情况")),
    ("projects", ("项目支出绩效自评", "项目自评情况", "分项绩效目标")),
    ("conclusion", ("评价结论", "评价等级", "综合评价")),
    (
        "achievements",
        (
            "目标完成",
            "目标实现",
            "履职效果",
            "履职成效",
            "主要成效",
            "工作成效",
            "主要经验",
            "绩效自评情况分析",
        ),
    ),
    ("method", ("方法", "自评标准", "评价标准", "指标体系", "评价原则")),
    (
        "work",
        (
            "自评工作",
            "评价工作",
            "工作开展",
            "开展情况",
            "组织",
            "自评目的",
            "评价目的",
            "自评范围",
            "评价范围",
            "评价内容",
            "评价对象",
            "工作过程",
        ),
    ),
    ("organization", ("机构", "人员编制", "人员情况", "资产情况", "资产状况")),
    ("targets", ("绩效目标", "年度目标", "总体目标")),
    ("duties", ("职能", "职责", "概况", "基本情况", "单位简介", "项目概况")),
)
_HEADING: Final = re.compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]"
    r"|第[一二三四五六七八九十]+部分)\s*(?P<title>.+)$"
)
_MAX_HEADING: Final = 30  # a longer line is a list item, not a heading
_MAX_BARE_HEADING: Final = 16  # an unnumbered heading ("总体绩效目标实现情况") is short
_NOT_BARE: Final = re.compile(r"[，。：:；;,.、0-9]|^[^\u4e00-\u9fff]")  # marks, numbers


def topic_of(heading: str) -> str | None:
    for name, words in TOPICS:
        if any(w in heading for w in words):
            return name
    return None


def _heading_title(line: str) -> str | None:
    """The title of a heading line: numbered ("（一）部门职能") or a short bare line without
    sentence marks ("评价工作组人员名单及签字")."""
    m = _HEADING.match(line)
    if m is None:
        bare = line.strip()
        short = len(bare) <= _MAX_BARE_HEADING and not _NOT_BARE.search(bare)
        return bare if short else None
    if len(line.strip()) > _MAX_HEADING or line.rstrip().endswith("。"):
        return None
    return m.group("title")


def topics(sections: Sequence[Section]) -> dict[str, list[str]]:
    """Each topic's lines (headings that name a topic left out), in document order."""
    out: dict[str, list[str]] = {}
    for section in sections:
        current = topic_of(section.heading)
        for raw in section.text.split("\n"):
            line = raw.strip()
            if not line:
                continue
            title = _heading_title(line)
            found = topic_of(title) if title is not None else None
            if found is not None:
                current = found
                continue
            if current is not None:
                out.setdefault(current, []).append(line)
    return out


_LABEL: Final = re.compile(r"^\s*(?P<label>[^：:，,。]{2,16})[：:]")
_TASK_WORDS: Final = ("绩效目标", "绩效指标", "完成情况", "实际完成", "实现情况")
_MAX_TITLE: Final = 40


def _is_task_label(line: str) -> bool:
    m = _LABEL.match(line)
    return m is not None and any(w in m.group("label") for w in _TASK_WORDS)


def without_tasks(lines: Sequence[str]) -> list[str]:
    """The lines less the task blocks in them (a title, then "绩效目标：…", "绩效指标：…",
    "完成情况：…"): a report that writes the tasks from the data must not repeat them.

    >>> without_tasks(["概述。", "1、土地收储", "绩效目标：收储。", "绩效指标：10宗。", "结语。"])
    ['概述。', '结语。']
    """
    drop = {i for i, line in enumerate(lines) if _is_task_label(line)}
    for i in sorted(drop):
        title = i - 1
        is_title = title >= 0 and len(lines[title]) <= _MAX_TITLE
        if is_title and title not in drop and not lines[title].rstrip().endswith("。"):
            drop.add(title)
    return [line for i, line in enumerate(lines) if i not in drop]


def own_text(sections: Sequence[Section], *names: str) -> list[str]:
    """The lines of the first of ``names`` the evaluation has text for."""
    found = topics(sections)
    for name in names:
        if found.get(name):
            return found[name]
    return []
