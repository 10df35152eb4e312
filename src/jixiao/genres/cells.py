"""Cell and line text as PDF extraction leaves it: split words, duplicated fragments, markup.

>>> join_han("工资发放及 时率")
'工资发放及时率'
>>> join_han("自然规划局 2024 年工作计划")
'自然规划局 2024 年工作计划'
>>> join_fragments(["建设自然资源", "建设自然资源智能监管平台"])
'建设自然资源智能监管平台'
>>> join_fragments(["人员工资及办公", "费总成本"])
'人员工资及办公费总成本'
>>> join_fragments(["项目总成本", "项目总成本"])
'项目总成本'
>>> key("服务对象满 意度指标")
'服务对象满意度指标'
>>> key("部门(单位)名称")
'部门单位名称'
>>> strip_unit_code("219001-青岚县民政局"), strip_unit_code("[324001]怀来县自然资源和规划局")
('青岚县民政局', '怀来县自然资源和规划局')
>>> strip_unit_code("2024 年度")
'2024 年度'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from jixiao.model.text import compact, normalize

HAN: Final = r"\u3400-\u4dbf\u4e00-\u9fff"
# not after a 文号 ("怀财字[2024]7号 土地出让业务": the number, then the name it funds)
_HAN_GAP: Final = re.compile(rf"(?<=[{HAN}])(?<!\d号)\s+(?=[{HAN}])")
_SPACES: Final = re.compile(r"\s+")
# Conversion leftovers seen in extracted text: Word bookmarks and Markdown bold markers.
_ARTIFACTS: Final = re.compile(r"\[bookmark:[^\]]*\]|\*\*")
# A numeric unit code before an organisation's name ("219001-…", "324001 …", "[324001]…"):
# three or more digits, a separator or brackets, then the name's first Chinese character.
_UNIT_CODE: Final = re.compile(
    rf"^\s*(?:[\[【(（]\s*\d{{3,}}\s*[\]】)）]|\d{{3,}}(?:\s*[-—－_:：.、·]\s*|\s+))\s*(?=[{HAN}])(?!年)"
)
_MIN_OVERLAP: Final = 2  # a one-character overlap ("资|资源") may be a real repeat: keep both
_MIN_REPEAT: Final = 2  # a one-character fragment ("目标内容 | 1") is content, not a repeat


def join_han(text: str) -> str:
    """Remove spaces between two Chinese characters: Chinese writes none, so a space there is
    an extraction artifact (a word split across lines of a cell). Spaces next to digits and
    Latin letters stay ("2024 年", "=1 个"), and so does the space after a 文号.

    >>> join_han("特困 人员"), join_han("怀财字[2024]7号 业务费")
    ('特困人员', '怀财字[2024]7号 业务费')
    """
    return _HAN_GAP.sub("", text)


def strip_artifacts(text: str) -> str:
    return _ARTIFACTS.sub("", text)


def clean(text: str) -> str:
    """A cell's text: artifacts removed, runs of spaces made one, split words rejoined."""
    return join_han(_SPACES.sub(" ", strip_artifacts(text)).strip())


def strip_unit_code(text: str) -> str:
    """An organisation's name without the numeric unit code some systems print before it."""
    return _UNIT_CODE.sub("", text, count=1)


def key(text: str) -> str:
    """The comparison form of a label or header: compacted, with split words rejoined."""
    return compact(join_han(normalize(text)))


def _overlap(left: str, right: str) -> int:
    for size in range(min(len(left), len(right)), _MIN_OVERLAP - 1, -1):
        if left.endswith(right[:size]):
            return size
    return 0


def join_fragments(parts: Iterable[str]) -> str:
    """One text from the fragments of a merged cell that extraction spread over several cells.

    A fragment already contained in the text is a duplicate; a fragment that starts with the
    text so far replaces it; an overlap of two or more characters is merged once.
    """
    out = ""
    for raw in parts:
        part = clean(raw)
        if not part or (len(part) >= _MIN_REPEAT and part in out):
            continue
        if part.startswith(out):
            out = part
            continue
        out += part[_overlap(out, part) :]
    return out


def is_blank(text: str | None) -> bool:
    """Empty, or only a dash or slash (the forms' "not applicable")."""
    return text is None or clean(text).strip("/—-－–\\ ") == ""
