from __future__ import annotations

from decimal import Decimal

from jixiao.genres.quantities import breakdowns_in, scan

D = Decimal


def test_amounts_are_converted_to_wan_exactly() -> None:
    qs = scan("收入4.22亿元，其中甲1234567.89元")
    assert [(q.value, q.unit) for q in qs] == [(D("42200.00"), "万元"), (D("123.456789"), "万元")]
    assert scan("耕地面积31.66万亩，13个乡镇")[0].unit == "个"


def test_whole_with_parts_and_a_nested_list() -> None:
    text = ("本年支出预算为100万元，其中基本支出30万元，包括人员经费20万元和公用经费10万元；"
            "项目支出70万元，主要为补偿款等。")  # fmt: skip
    got = breakdowns_in(text)
    assert [(b.label, b.whole, [(p.label, p.value) for p in b.parts], b.closed) for b in got] == [
        ("本年支出预算", D(100), [("基本支出", D(30)), ("项目支出", D(70))], True),
        ("基本支出", D(30), [("人员经费", D(20)), ("公用经费", D(10))], True),
    ]


def test_zero_parts_and_a_closing_other_part() -> None:
    (b,) = breakdowns_in("预算收入50万元，其中：一般收入40万元，基金收入10万元，其他收入0万元。")
    assert [p.value for p in b.parts] == [D(40), D(10), D(0)] and b.closed


def test_open_and_single_part_lists() -> None:
    (b,) = breakdowns_in("资产10万元，其中设备2万元、车辆3万元等。")
    assert not b.closed
    (b,) = breakdowns_in("基本支出5万元，包括日常公用经费5万元。")
    assert len(b.parts) == 1 and not b.closed


def test_counts_in_the_label_of_an_amount() -> None:
    (b,) = breakdowns_in(
        "土地出让入库4.22亿元，其中公开出让14个项目17宗地收入4.2亿元，追缴2.04万元。"
    )
    assert [p.label for p in b.parts] == ["公开出让14个项目17宗地收入", "追缴"]


def test_count_breakdown_with_names_in_brackets() -> None:
    (b,) = breakdowns_in("共自评6个项目，其中，4个项目评分优秀，2个项目评分良好（甲、乙）。")
    assert b.unit == "个" and b.whole == D(6)
    assert [p.label for p in b.parts] == ["项目评分优秀", "项目评分良好（甲、乙）"]


def test_gross_net_pair_and_siblings() -> None:
    got = breakdowns_in(
        "共有资产50万元，其中固定资产原值30万元，累计折旧10万元，固定资产净值20万元。"
    )
    diff = next(b for b in got if b.kind == "difference")
    assert diff.whole == D(20) and [p.value for p in diff.parts] == [D(30), D(10)]
    (sib,) = breakdowns_in("基本支出1万元，项目支出2万元，经营支出3万元。")
    assert sib.whole is None and not sib.closed and len(sib.parts) == 3
    assert breakdowns_in("预算数为9万元，执行数为9万元。") == []  # two columns of one row
