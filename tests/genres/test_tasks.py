from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres.narrative import lines
from jixiao.genres.tasks import find_tasks, indicator_sentences, results_by_title, task_label
from jixiao.model.blocks import Blocks


def test_task_labels() -> None:
    assert task_label("绩效目标：完成规划") == ("goal", "完成规划")
    assert task_label("本项绩效指标及自评得分：（1）…") == ("indicator_text", "（1）…")
    assert task_label("项目绩效目标完成情况：已完成") == ("achieved", "已完成")
    assert task_label("资产情况：良好") is None


def test_tasks_and_their_results(text_blocks: Callable[[str], Blocks]) -> None:
    text = "\n".join([
        "（1）做好规划编制", "绩效目标：完成总体规划。", "绩效指标：编制完成率90%。",
        "（2）保护耕地", "绩效目标：守住红线。", "完成情况：红线守住。",
        "二、开展情况", "（1）做好规划编制", "本年完成了规划编制。",
    ])  # fmt: skip
    all_lines = lines(text_blocks(text))
    tasks = find_tasks(all_lines)
    results_by_title(all_lines, tasks)
    assert [(t.name, t.goal, t.achieved) for t in tasks] == [
        ("做好规划编制", "完成总体规划。", "本年完成了规划编制。"),
        ("保护耕地", "守住红线。", "红线守住。"),
    ]


def test_results_only_items_are_not_tasks(text_blocks: Callable[[str], Blocks]) -> None:
    text = "1. 某项目绩效自评情况：得分90分。\n项目绩效目标完成情况：完成。"
    assert find_tasks(lines(text_blocks(text))) == []


def test_indicator_sentences() -> None:
    text = (
        "（1）数量指标：面积，按计划，自评得分8分。（2）成本指标，按标准，自评得分10分。"
        "（3）有利于发展，自评得分10分。（4）满意度指标：满意"
    )
    found, problems = indicator_sentences(text, 2, None)
    assert [(i.level1, i.level2, i.level3, i.description, i.score, i.group) for i in found] == [
        ("产出指标", "数量指标", "面积", "按计划", Decimal(8), 2),
        ("产出指标", "成本指标", "按标准", None, Decimal(10), 2),
        (None, None, "有利于发展", None, Decimal(10), 2),
    ]
    assert len(problems) == 2 and "（3）" in problems[0] and "（4）" in problems[1]
    assert all(i.weight is None for i in found)


def test_an_indicator_list_one_item_a_line_stays_one_list(
    text_blocks: Callable[[str], Blocks],
) -> None:
    """Each item on its own line (as typed, or as a PDF wraps it before "（3）"), and an item cut
    after its category at a page break: all five items stay in the task's indicator text."""
    text = "\n".join([
        "1.土地管控制度改革", "绩效目标：完成土地收储。",
        "绩效指标及得分：（1）数量指标：收储土地数量，得分10分；（2）质量指标：质量标准，得分10分；",
        "（3）时效指标：收储及时率，得分10分；（4）可持续影响指标：",
        "促进土地可持续利用，得分9分；",
        "（5）满意度指标：满意度，得分10分。",
        "完成情况：已完成。",
        "（2）不是下一项的编号",
    ])  # fmt: skip
    tasks = find_tasks(lines(text_blocks(text)))
    assert len(tasks) == 1
    found, problems = indicator_sentences(tasks[0].indicator_text or "", 0, None)
    assert [(i.level2, i.level3, i.score) for i in found] == [
        ("数量指标", "收储土地数量", Decimal(10)), ("质量指标", "质量标准", Decimal(10)),
        ("时效指标", "收储及时率", Decimal(10)),
        ("可持续影响指标", "促进土地可持续利用", Decimal(9)), ("满意度指标", "满意度", Decimal(10)),
    ]  # fmt: skip
    assert problems == []
    assert tasks[0].achieved == "已完成。"
