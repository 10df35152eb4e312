"""``parse``: dispatch, the source copied, region left alone, and no exception on bad input."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.genres import parse
from jixiao.model.blocks import Blocks, Cell, Paragraph, SourceInfo, Table
from jixiao.model.evaluation import DocType
from jixiao.model.location import Location
from jixiao.readers.text import blocks_from_text


def test_unknown_document_keeps_what_it_states(text_blocks: Callable[[str], Blocks]) -> None:
    ev = parse(text_blocks("某县某局\n会议纪要\n一、会议情况\n2024年预算收入10万元。"))
    assert ev.doc_type is None and ev.department == "某县某局" and ev.fiscal_year == 2024
    assert ev.warnings[0].startswith("文档：无法判断文档类型")
    assert ev.source == SourceInfo(path="t.txt", format="txt") and ev.region is None


def test_reader_problems_lead_the_warnings() -> None:
    blocks = Blocks((Paragraph("某项目支出绩效自评报告"),), SourceInfo(path="x"), ("x：解码问题",))
    ev = parse(blocks)
    assert ev.doc_type is DocType.PROJECT_SELF_EVAL_REPORT and ev.warnings[0] == "x：解码问题"
    assert ev.project == "某项目"


def test_empty_document() -> None:
    ev = parse(Blocks(()))
    assert ev.doc_type is None and ev.indicators == () and ev.warnings


_WORDS = st.sampled_from([
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "总分",
    "年初预算数", "全年预算数", "全年执行数", "执行率", "年度资金总额", "(一)基本支出",
    "项目编码", "项目名称", "预算数", "资金支出计划", "绩效目标", "其中", "预期目标",
    "产出指标", "数量指标", "成本指标", "≥100%", "2 5%", "3月底", "abc", "", "/", "100",
    "1.5万元", "（1）数量指标：甲，自评得分10分", "一、", "五、存在问题", "得分90分，等级为优",
])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=9), max_size=12), st.booleans())
def test_never_raises_on_random_forms(rows: list[list[str]], as_text: bool) -> None:
    if as_text:
        blocks = Blocks(tuple(blocks_from_text("\n".join("\t".join(r) for r in rows))))
    else:
        cells = tuple(
            Cell(text, r, c, location=Location(table=1, row=r + 1))
            for r, row in enumerate(rows) for c, text in enumerate(row)
        )  # fmt: skip
        blocks = Blocks((Paragraph("绩效目标表"), Table(cells)) if cells else ())
    ev = parse(blocks)
    assert isinstance(ev.warnings, tuple)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_random_text(text: str) -> None:
    parse(Blocks(tuple(blocks_from_text(text))))
