"""Where a value came from: page, table, row, sheet and cell, paragraph, line; and the field."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source document. Only the keys that are set appear in JSON and text.

    >>> Location(page=2, table=1, row=7).at("score").describe()
    '第2页 表1 第7行 [score]'
    >>> Location(sheet="自评表", cell="C12").describe()
    '工作表“自评表” C12'
    """

    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None
    paragraph: int | None = None
    line: int | None = None
    field: str | None = None

    def at(self, field: str) -> Location:
        """The same place, pointing at one field of the row (``score``, ``weight`` …)."""
        return replace(self, field=field)

    def items(self) -> dict[str, int | str]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}

    def describe(self) -> str:
        """A short Chinese description: "第2页 表1 第7行". A text file's line is named instead of
        the table row, so the reader can open the file at it; "文档" when nothing is known.

        >>> Location(table=2, row=5, line=75).describe()
        '表2 第75行'
        """
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        elif self.row is not None:
            parts.append(f"第{self.row}行")
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.cell is not None:
            parts.append(self.cell)
        if self.col is not None and self.cell is None and self.line is None:
            parts.append(f"第{self.col}列")
        if self.field is not None:
            parts.append(f"[{self.field}]")
        return " ".join(parts) or "文档"
