from __future__ import annotations

from jixiao.genres.cells import clean, is_blank, join_fragments, join_han, key


def test_join_han_keeps_spaces_next_to_digits() -> None:
    assert join_han("社会效益指 标") == "社会效益指标"
    assert join_han("≥100 百分 比") == "≥100 百分比"
    assert join_han("=1 个") == "=1 个"


def test_clean_removes_conversion_leftovers() -> None:
    assert clean("[bookmark: _GoBack]1号矿  2号矿") == "1号矿 2号矿"
    assert clean("得分为 **86.82** 分") == "得分为 86.82 分"


def test_join_fragments() -> None:
    assert join_fragments(["服务对象满意度", "指标"]) == "服务对象满意度指标"
    assert join_fragments(["1. 目标内容", "1"]) == "1. 目标内容1"  # a digit is content
    assert join_fragments(["1. 目标内容", "1. 目标内容 1"]) == "1. 目标内容 1"
    assert join_fragments(["监管平台建设", "平台建设完成"]) == "监管平台建设完成"
    assert join_fragments(["", " ", "甲"]) == "甲"


def test_key_and_blank() -> None:
    assert key("（一）基本支出") == "基本支出"
    assert key("其中: 财政 资金") == "其中财政资金"
    assert is_blank("—") and is_blank(" / ") and is_blank(None) and not is_blank("0")
