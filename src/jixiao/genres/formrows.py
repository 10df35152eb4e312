"""Rows of a form table: labels and their values, numbers with a warning when unreadable.

>>> label_of("部门(单位)名称"), label_of("资金支出计"), label_of("年初预算数")
('department', 'plan', None)
>>> pairs(["项目编码", "13073024P000086100015 项目名称", "", "自然资源智能监管"])
[('code', ['13073024P000086100015']), ('project', ['自然资源智能监管'])]
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Final

from jixiao.genres import vocab
from jixiao.genres.cells import clean, is_blank, key
from jixiao.genres.draft import Draft
from jixiao.model.blocks import Table
from jixiao.model.location import Location
from jixiao.model.numbers import ocr_digits, parse_number
from jixiao.model.text import normalize

_LABEL_SEPARATORS: Final = "：: "  # "填报单位：某局" → 某局
_MIN_PREFIX: Final = 4  # "资金支出计" (a PDF-split "资金支出计划") still names the field
_GLUED_LABEL: Final = re.compile(r"^(?P<value>.+?)\s+(?P<label>\S+)$")
_PERCENT: Final = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*%?\s*$")
_MONEY_UNIT: Final = re.compile(
    r"[（(]\s*(?P<a>万元|千元|亿元|元)\s*[)）]|单位\s*[:：]\s*(?P<b>万元|千元|亿元|元)"
)


def label_of(text: str) -> str | None:
    """The form field a cell labels ("项目编码" → ``code``), or ``None``."""
    k = key(text)
    if not k:
        return None
    for name, words in vocab.form_labels().items():
        if k in words:
            return name
    if len(k) >= _MIN_PREFIX:
        for name, words in vocab.form_labels().items():
            if any(w.startswith(k) for w in words):
                return name
    return None


def group_label_of(text: str) -> str | None:
    """The field under a two-row group label ("预算规模及资金用途" → ``purpose``)."""
    k = key(text)
    if len(k) < _MIN_PREFIX:
        return None
    return next((f for g, f in vocab.group_labels().items() if g.startswith(k)), None)


def _split_label(text: str) -> tuple[str | None, str, str]:
    """(field, label, rest) of a cell holding a label and text: "P00… 项目名称" (a label after
    a value) or "项目名称]7号…" (a label before the rest of a split cell)."""
    m = _GLUED_LABEL.match(text)
    if m and (glued := label_of(m.group("label"))) is not None:
        return glued, m.group("label"), m.group("value")
    for name, words in vocab.form_labels().items():
        for word in words:
            if len(word) >= _MIN_PREFIX and text.startswith(word) and len(text) > len(word):
                return name, word, text[len(word) :].lstrip(_LABEL_SEPARATORS)
    return None, "", text


def _tokens(row: list[str]) -> list[tuple[str | None, str]]:
    """(label field, text) per cell; a cell holding a label and a value is split."""
    out: list[tuple[str | None, str]] = []
    for raw in row:
        text = clean(raw)
        name = label_of(text)
        if name is not None:
            out.append((name, text))
            continue
        glued, label, rest = _split_label(text)
        if glued is None:
            out.append((None, text))
        elif text.startswith(label):
            out.extend([(glued, label), (None, rest)])
        else:
            out.extend([(None, rest), (glued, label)])
    return out


def pairs(row: list[str]) -> list[tuple[str, list[str]]]:
    """Each label of a row with the non-empty texts after it (up to the next label)."""
    out: list[tuple[str, list[str]]] = []
    for name, text in _tokens(row):
        if name is not None:
            out.append((name, []))
        elif out and text:
            out[-1][1].append(text)
    return out


def first_text(row: list[str]) -> str:
    return next((clean(c) for c in row if clean(c)), "")


def row_location(table: Table, row: int) -> Location:
    """Where a grid row is: the location of its first cell, without the column."""
    cells = table.row_cells(row)
    if not cells:
        return replace(table.location, row=row + 1)
    return replace(cells[0].location, col=None)


def digits(text: str, loc: Location | None, what: str, draft: Draft) -> str:
    """A number cell's text with OCR's letters for digits read as digits ("IO" → "10"), said
    in a warning; other text as it is."""
    fixed = ocr_digits(text)
    if fixed is None:
        return text
    draft.warn(loc, f"{what}“{text}”中的字母按数字读取为{fixed}（识别错误）")
    return fixed


def number(text: str | None, loc: Location | None, what: str, draft: Draft) -> Decimal | None:
    """A plain number; an unreadable one is ``None`` with a warning naming the place. Two
    numbers in one cell ("10 9.68") are not one number."""
    if is_blank(text):
        return None
    assert text is not None
    value = parse_number(digits(clean(text), loc, what, draft))
    if value is None:
        draft.warn(loc, f"{what}“{clean(text)}”不是数字")
    return value


def percent(text: str | None, loc: Location | None, what: str, draft: Draft) -> Decimal | None:
    """A percentage as its number ("105.56%" → 105.56, "100" → 100)."""
    if is_blank(text):
        return None
    assert text is not None
    m = _PERCENT.match(normalize(digits(clean(text), loc, what, draft)))
    if m is None:
        draft.warn(loc, f"{what}“{clean(text)}”不是百分数")
        return None
    return parse_number(m.group("num"))


def money_unit(texts: list[str]) -> str | None:
    """The money unit a header, label or note states ("(元)", "金额单位：万元")."""
    for text in texts:
        m = _MONEY_UNIT.search(normalize(text))
        if m:
            return m.group("a") or m.group("b")
    return None
