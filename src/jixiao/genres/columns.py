"""Header words → fields: which columns of a table hold which field.

A header cell names a field when its compacted text equals one of the field's words in
``vocab/columns.yaml``, else when it contains one (the longest wins). Merged header cells come
out of extraction in pieces; two rules put them back together:

* an empty header cell belongs to the named cell on its left (a header spanning two columns,
  seed 004 "绩效指标描述 |  |"), unless another header row names it;
* an unnamed header cell right before a named one, whose text joined with it names the same
  field, is the first piece of that header ("绩效指标 | ·描述").

>>> header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "", "指标值"]
>>> cm = column_map([header], "indicator")
>>> cm.spans["description"], cm.spans["target"]
((3, 4), (5,))
>>> column_map([["绩效指标", "·描述", "指标值确定依据"]], "indicator").spans
{'description': (0, 1), 'basis': (2,)}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.genres import vocab
from jixiao.genres.cells import HAN, is_blank, join_fragments, key

_MIN_HEADER_FIELDS = 2
_NOT_HAN = re.compile(f"[^{HAN}]")
_MIN_PIECE = 2


def field_of(text: str, block: str) -> str | None:
    """The field a header cell names, or ``None``."""
    k = key(text)
    if not k:
        return None
    best: tuple[int, str] | None = None
    for name, words in vocab.columns(block).items():
        for word in words:
            if word == k:
                return name
            if word in k and (best is None or len(word) > best[0]):
                best = (len(word), name)
    return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which columns hold which field (a tuple: merged headers span several columns)."""

    spans: dict[str, tuple[int, ...]]

    def has(self, name: str) -> bool:
        return name in self.spans

    def first_col(self) -> int:
        return min((c for cols in self.spans.values() for c in cols), default=0)

    def cell(self, row: list[str], name: str) -> str | None:
        """The field's text in a data row (the pieces of a merged cell joined), or ``None``."""
        cols = self.spans.get(name)
        if not cols:
            return None
        text = join_fragments(row[c] for c in cols if c < len(row))
        return None if is_blank(text) else text


def _fields_by_column(rows: list[list[str]], block: str) -> list[str | None]:
    width = max((len(r) for r in rows), default=0)
    out: list[str | None] = []
    for col in range(width):
        found: str | None = None
        for row in rows:
            if col < len(row) and (found := field_of(row[col], block)) is not None:
                break
        out.append(found)
    return out


def _header_text(rows: list[list[str]], col: int) -> str:
    return "".join(r[col] for r in rows if col < len(r))


def _is_piece(rows: list[list[str]], col: int, name: str, block: str) -> bool:
    """Whether the cell before a header naming ``name`` is its first piece: in one header row,
    it is the start of one of the field's words ("绩效指标" + "·描述" or "示描述"). A merged
    cell repeated in both columns, a label of another row ("部门(单位)名称" above the money
    headers) or a label before the header ("项目资金（万元）" + "年初预算数") is not."""
    for row in rows:
        if col + 1 >= len(row):
            continue
        left, right = row[col], row[col + 1]
        if left.strip() and left != right and field_of(right, block) == name:
            head = _NOT_HAN.sub("", key(left))
            words = vocab.columns(block)[name]
            return len(head) >= _MIN_PIECE and any(w.startswith(head) for w in words)
    return False


def column_map(rows: list[list[str]], block: str) -> ColumnMap:
    """The column map of one or more header rows (later rows fill the gaps of earlier ones)."""
    fields = _fields_by_column(rows, block)
    texts = [_header_text(rows, c) for c in range(len(fields))]
    # an unnamed piece before a named header that completes it ("绩效指标" + "·描述")
    for col in range(len(fields) - 1):
        name = fields[col + 1]
        if fields[col] is None and name is not None and _is_piece(rows, col, name, block):
            fields[col] = name
    # an empty header cell belongs to the header on its left
    for col in range(1, len(fields)):
        if fields[col] is None and not texts[col].strip():
            fields[col] = fields[col - 1]
    spans: dict[str, list[int]] = {}
    for col, name in enumerate(fields):
        if name is not None:
            spans.setdefault(name, []).append(col)
    return ColumnMap({name: tuple(cols) for name, cols in spans.items()})


def count_fields(row: list[str], block: str) -> set[str]:
    return {f for cell in row if (f := field_of(cell, block)) is not None}


def is_indicator_header(row: list[str]) -> bool:
    """A header row of an indicator block: names a level or the target, and more."""
    found = count_fields(row, "indicator")
    key_fields = {"level1", "level2", "level3", "target"}
    return bool(found & key_fields) and len(found) > _MIN_HEADER_FIELDS


def is_fund_header(row: list[str]) -> bool:
    found = count_fields(row, "fund")
    return len(found & {"initial", "total", "executed"}) >= _MIN_HEADER_FIELDS
