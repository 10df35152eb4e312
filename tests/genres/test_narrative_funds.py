from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.genres.draft import Draft
from jixiao.genres.narrative import lines
from jixiao.genres.narrative_funds import read_narrative_funds
from jixiao.model.blocks import Blocks

D = Decimal


def _read(text: str, text_blocks: Callable[[str], Blocks]) -> Draft:
    draft = Draft()
    read_narrative_funds(lines(text_blocks(text)), draft)
    return draft


def test_budget_and_final_sentences(text_blocks: Callable[[str], Blocks]) -> None:
    draft = _read(
        "本年部门支出预算为100万元，其中基本支出30万元；项目支出70万元。\n"
        "本年部门支出决算为80万元，其中基本支出25万元；项目支出55万元。",
        text_blocks,
    )
    assert (draft.budget_total_wan, draft.executed_total_wan) == (D(100), D(80))
    assert [(f.name, f.level, f.total, f.executed) for f in draft.funds] == [
        ("部门整体支出", 0, D(100), D(80)), ("基本支出", 1, D(30), D(25)),
        ("项目支出", 1, D(70), D(55)),
    ]  # fmt: skip
    assert draft.warnings == []


def test_paragraph_topic_and_derived_totals(text_blocks: Callable[[str], Blocks]) -> None:
    draft = _read(
        "本年年初一般预算10万元。基本支出4万元，项目支出6万元。\n"
        "本年预算调整为：年初结转1万元。基本支出5万元，项目支出7万元。\n"
        "本年决算收入9万元。基本支出3万元，项目支出5万元。",
        text_blocks,
    )
    assert (draft.budget_initial_wan, draft.budget_total_wan, draft.executed_total_wan) == (
        D(10),
        D(12),
        D(8),
    )
    assert len(draft.warnings) == 3 and all("合计未直接写明" in w for w in draft.warnings)


def test_one_sentence_with_budget_and_actual(text_blocks: Callable[[str], Blocks]) -> None:
    draft = _read("本年支出预算为9万元，实际支出为8万元。", text_blocks)
    assert (draft.budget_total_wan, draft.executed_total_wan) == (D(9), D(8))


def test_a_contradicting_figure_is_warned(text_blocks: Callable[[str], Blocks]) -> None:
    draft = _read("支出预算为9万元。\n支出预算为10万元。", text_blocks)
    assert draft.budget_total_wan == D(9) and len(draft.warnings) == 1
