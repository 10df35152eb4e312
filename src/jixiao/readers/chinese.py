"""Chinese text as every reader hands it on: spaces normalised, wrapped lines joined, and
traditional characters turned into simplified ones.

>>> clean_cell("  项目\\n支出\\u3000绩效 \\n 100%  ")
'项目支出 绩效 100%'
>>> join_lines(["资金到位率", "100%", "（万元）"])
'资金到位率 100% （万元）'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any, Final

from jixiao.model.blocks import Block, Blocks, Paragraph, Table

TRADITIONAL_NOTE: Final = "文中含繁体字，已转换为简体后读取"

# Spaces people type or tools write that mean an ordinary space: no-break, full-width (U+3000),
# the typographic spaces of U+2000–U+200A, narrow no-break and the mathematical space.
_SPACES: Final = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE: Final = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_LINES: Final = re.compile(r"\r\n|[\r\n\v\f\u2028\u2029\x85]")
_RUNS: Final = re.compile(r"[ \t]+")
# CJK ideographs (with extension A, compatibility forms and the supplementary planes), CJK
# punctuation, kana, bopomofo and full-width forms: between two of these a wrap adds nothing.
_CJK: Final = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
_HAN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_cjk(char: str) -> bool:
    return bool(_CJK.fullmatch(char))


def normalise_spaces(text: str) -> str:
    """No-break, full-width and other typographic spaces → ASCII spaces; invisible characters
    (zero-width space, soft hyphen, a stray byte-order mark) removed."""
    return _INVISIBLE.sub("", _SPACES.sub(" ", text))


def join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines of one cell as one text: nothing between two CJK characters, one space
    otherwise. Each line is stripped and empty lines are dropped."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(line[0])):
            out += " "
        out += line
    return out


def clean_cell(text: str | None, collapse: bool = False) -> str:
    """A cell's text as readers store it: spaces normalised, lines joined, stripped.

    ``collapse`` also squeezes runs of spaces into one (HTML, where they mean nothing).
    """
    if not text:
        return ""
    text = normalise_spaces(text)
    if collapse:
        text = _RUNS.sub(" ", text)
    return join_lines(_LINES.split(text))


def split_lines(text: str) -> list[str]:
    """The lines of a text, for readers that keep each line as its own paragraph."""
    return _LINES.split(text)


@cache
def _converter() -> Any:
    import opencc  # noqa: PLC0415 - imported when a document is first checked

    return opencc.OpenCC("t2s")


def _convert_item(item: Block, convert: Any) -> Block:
    if isinstance(item, Paragraph):
        return replace(item, text=convert(item.text))
    cells = tuple(replace(c, text=convert(c.text)) for c in item.cells)
    return Table(cells, item.location)


def _texts(blocks: Blocks) -> str:
    parts: list[str] = []
    for item in blocks.items:
        if isinstance(item, Paragraph):
            parts.append(item.text)
        else:
            parts.extend(c.text for c in item.cells)
    return "\n".join(parts)


def to_simplified(blocks: Blocks) -> Blocks:
    """The same blocks with traditional characters converted to simplified (OpenCC ``t2s``),
    and one problem saying so; the blocks themselves when there is nothing to convert.

    >>> from jixiao.model.blocks import Paragraph
    >>> out = to_simplified(Blocks((Paragraph("項目支出績效自評表"),)))
    >>> out.items[0].text, out.problems
    ('项目支出绩效自评表', ('文中含繁体字，已转换为简体后读取',))
    >>> same = Blocks((Paragraph("项目支出绩效自评表"),))
    >>> to_simplified(same) is same
    True
    """
    text = _texts(blocks)
    if not _HAN.search(text):  # cheap check: no Chinese characters at all
        return blocks
    convert = _converter().convert
    if convert(text) == text:
        return blocks
    items = tuple(_convert_item(item, convert) for item in blocks.items)
    return replace(blocks, items=items, problems=(*blocks.problems, TRADITIONAL_NOTE))
