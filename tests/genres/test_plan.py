from __future__ import annotations

from decimal import Decimal

from jixiao.genres.draft import Draft
from jixiao.genres.plan import plan_entries, project_code, rejoin_percents
from jixiao.model.location import Location

LOC = Location(table=1, row=6, line=75)


def test_split_cells_are_rejoined_only_when_unambiguous() -> None:
    assert rejoin_percents(["1", "0%", "30%", "30%", "30%"], 4) == ["10%", "30%", "30%", "30%"]
    assert rejoin_percents(["25", "50", "75", "100"], 4) == ["25", "50", "75", "100"]
    assert rejoin_percents(["2", "5%", "50%"], 4) is None


def test_plan_entries_repair_and_warn() -> None:
    draft = Draft()
    got = plan_entries(
        ["3)]底", "6月底", "10 月底", "月底 12月底"],
        ["划 (%)", "2", "5%", "50%", "75%", "", "100%"],
        0,
        LOC,
        draft,
    )
    assert [(e.period, e.pct, e.group) for e in got] == [
        ("3月底", Decimal(25), 0), ("6月底", Decimal(50), 0), ("10月底", Decimal(75), 0),
        ("12月底", Decimal(100), 0),
    ]  # fmt: skip
    assert len(draft.warnings) == 1 and "表1 第75行" in draft.warnings[0]


def test_plan_entries_that_do_not_fit_stay_unknown() -> None:
    draft = Draft()
    got = plan_entries(["3月底", "6月底", "10月底", "12月底"], ["", "20%", "30%"], None, LOC, draft)
    assert [e.pct for e in got] == [None] * 4 and "对不上" in draft.warnings[0]


def test_project_code() -> None:
    draft = Draft()
    assert project_code(["13073024P00", "008110001Q"], LOC, draft) == "13073024P00008110001Q"
    assert project_code([], LOC, draft) is None
    assert len(draft.warnings) == 1
