from __future__ import annotations

from collections.abc import Callable

from jixiao.genres.narrative import chapter_starts, lines, numbered_items, sections
from jixiao.model.blocks import Blocks

LONG = "这一行文字写到了页面的右边缘，因此被硬性折断成为两行，而这个句子其实还没有结束，所以"


def test_page_width_breaks_are_joined(text_blocks: Callable[[str], Blocks]) -> None:
    got = lines(text_blocks(f"{LONG}\n下一行接着说完。\n1. 新的一项\n短标题\n正文一句。"))
    assert [ln.text for ln in got] == [
        f"{LONG}下一行接着说完。",
        "1. 新的一项",
        "短标题",
        "正文一句。",
    ]
    assert got[0].location.line == 1


def test_a_line_starting_with_a_comma_continues(text_blocks: Callable[[str], Blocks]) -> None:
    got = lines(text_blocks("完成情况：完成了调查\n，并保存了资料。"))
    assert [ln.text for ln in got] == ["完成情况：完成了调查，并保存了资料。"]


def test_stray_tab_inside_a_sentence(text_blocks: Callable[[str], Blocks]) -> None:
    got = lines(text_blocks("绩效指标：核查2025\t年度图斑。"))
    assert [ln.text for ln in got] == ["绩效指标：核查2025年度图斑。"]


def test_truncated_line_is_marked(text_blocks: Callable[[str], Blocks]) -> None:
    got = lines(text_blocks("（5）预算执行率指标\ufffd\n下一句。"))
    assert got[0].truncated and len(got) == 2


def test_contents_page_is_skipped(text_blocks: Callable[[str], Blocks]) -> None:
    text = "目 录\n一、总体目标1\n二、保障措施3\n一、总体目标\n正文。\n二、保障措施\n措施。"
    got = lines(text_blocks(text))
    assert got[0].text == "一、总体目标"
    assert [s.heading for s in sections(got)] == ["一、总体目标", "二、保障措施"]


def test_chapters_allow_a_repeat_and_ignore_sub_lists(text_blocks: Callable[[str], Blocks]) -> None:
    text = "\n".join(["一、基本情况", "二、目标", "三、开展情况", "三、分析",
                      "一、规划方面", "二、土地方面", "三、生态方面", "四、问题",
                      "一、优化营商环境。进一步加强学习，提高效率。"])  # fmt: skip
    got = lines(text_blocks(text))
    assert [got[i].text for i in chapter_starts(got)] == [
        "一、基本情况", "二、目标", "三、开展情况", "三、分析", "四、问题"
    ]  # fmt: skip


def test_numbered_items(text_blocks: Callable[[str], Blocks]) -> None:
    got = lines(text_blocks("1. 甲项目：得分90分。\n补充说明。\n2. 乙项目。\n（3）丙项目。"))
    items = numbered_items(got)
    assert [[ln.text for ln in item] for item in items] == [
        ["1. 甲项目：得分90分。", "补充说明。"], ["2. 乙项目。"], ["（3）丙项目。"]
    ]  # fmt: skip
    assert numbered_items(lines(text_blocks("2.712759 万元，执行数为…"))) == []
