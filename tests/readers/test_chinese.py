"""Cell text conventions shared by the readers, and traditional → simplified conversion."""

from __future__ import annotations

import doctest

import pytest

from jixiao.model.blocks import Blocks, Cell, Paragraph, SourceInfo, Table
from jixiao.model.location import Location
from jixiao.readers import chinese
from jixiao.readers.chinese import (
    TRADITIONAL_NOTE,
    clean_cell,
    join_lines,
    normalise_spaces,
    to_simplified,
)


def test_doctests() -> None:
    result = doctest.testmod(chinese)
    assert result.attempted >= 5
    assert result.failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("项目\n支出", "项目支出"),  # two CJK characters: no space
        ("资金到位率\n100%", "资金到位率 100%"),
        ("budget\nexecution", "budget execution"),
        ("（万元）\n合计", "（万元）合计"),  # full-width punctuation counts as CJK
        ("指标值：\r\n≥50个", "指标值： ≥50个"),  # ≥ is not CJK
        ("  \n  甲 \n\n 乙  \n", "甲乙"),
        ("行\u00a0政", "行 政"),
        ("\u3000\u3000一、基本情况\u3000", "一、基本情况"),
        ("零\u200b宽", "零宽"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_cell(text: str | None, expected: str) -> None:
    assert clean_cell(text) == expected


def test_collapse_squeezes_space_runs_only_when_asked() -> None:
    assert clean_cell("组  长") == "组  长"
    assert clean_cell("组  \t长", collapse=True) == "组 长"


def test_join_lines_and_spaces() -> None:
    assert join_lines(["一", "", "二", "3"]) == "一二 3"
    assert normalise_spaces("a\u2003b\u202fc\u00add") == "a b cd"


def _blocks(*texts: str) -> Blocks:
    table = Table(
        tuple(
            Cell(t, 0, i, location=Location(table=1, row=1, col=i + 1))
            for i, t in enumerate(texts[1:])
        ),
        Location(table=1),
    )
    items = (Paragraph(texts[0], Location(paragraph=1)), table)
    return Blocks(items, SourceInfo(path="a.docx", format="docx"), ("已有的问题",))


def test_traditional_text_is_converted_everywhere_once() -> None:
    blocks = _blocks("項目支出績效自評報告", "產出指標", "預算執行率", "100%")
    out = to_simplified(blocks)
    paragraph, table = out.items
    assert isinstance(paragraph, Paragraph) and paragraph.text == "项目支出绩效自评报告"
    assert isinstance(table, Table)
    assert [c.text for c in table.cells] == ["产出指标", "预算执行率", "100%"]
    assert [c.location.items() for c in table.cells] == [
        {"table": 1, "row": 1, "col": k} for k in (1, 2, 3)
    ]
    assert out.problems == ("已有的问题", TRADITIONAL_NOTE)
    assert out.source == blocks.source
    assert blocks.items[0].text == "項目支出績效自評報告"  # type: ignore[union-attr]  # input untouched


def test_simplified_text_is_returned_as_it_is() -> None:
    blocks = _blocks("项目支出绩效自评报告", "产出指标", "显著", "干部")
    assert to_simplified(blocks) is blocks


def test_text_without_chinese_is_not_even_converted() -> None:
    blocks = _blocks("Budget", "100", "2024")
    assert to_simplified(blocks) is blocks


def test_a_single_traditional_character_converts_the_document() -> None:
    blocks = _blocks("山頂村", "数量指标")
    out = to_simplified(blocks)
    assert out.items[0].text == "山顶村"  # type: ignore[union-attr]
    assert out.problems.count(TRADITIONAL_NOTE) == 1
