"""The demo (``make run``) shows the whole year: targets reviewed, monitoring with a red and a
green light, a carried year-end form, rounds and libraries. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from jixiao.storage.models import IndicatorEntry, Monitoring, Record, Round, TargetReview, Unit
from jixiao.web.demo import load_demo


@pytest.fixture
def demo(backend: str) -> None:
    made, count = load_demo()
    # 6 demo files → 12 records (怀来's seven target tables split), + the carried year-end form
    assert made and count == 13


def test_targets_reviewed_approved_and_returned(demo: None) -> None:
    targets = Record.objects.filter(doc_type="target_table")
    assert targets.count() == 7
    states = dict(targets.values_list("title", "status"))
    approved = sorted(t.split("号")[-1].lstrip(". ") for t, s in states.items() if s == "approved")
    assert approved == ["土地出让业务", "建设自然资源智能监管平台资金"]  # 良 and 优
    assert sum(1 for s in states.values() if s == "returned") == 1  # 业务费: 中, revise
    assert sum(1 for s in states.values() if s == "submitted") == 4
    assert set(TargetReview.objects.values_list("grade", flat=True)) == {"优", "良", "中"}


def test_monitoring_lights_and_the_carried_form(demo: None) -> None:
    # 土地出让业务: 650 of 2600 万元 by June = 25 %; time 6/12 = 50 %; 25/50×100 = 50 < 60 → red
    # 智能监管平台: 100 of 200 by June = 50 %; 50/50×100 = 100 ≥ 80 → green
    lights = {m.record.title.split("号")[-1].lstrip(". "): (m.light, m.latest_month)
              for m in Monitoring.objects.select_related("record")}  # fmt: skip
    assert lights == {"土地出让业务": ("red", 6), "建设自然资源智能监管平台资金": ("green", 6)}
    carried = Record.objects.exclude(target=None).get()
    assert carried.status == "draft" and carried.target is not None
    assert carried.target.title.endswith("土地出让业务")


def test_rounds_and_libraries_for_every_bureau(demo: None) -> None:
    bureaus = Unit.objects.filter(kind=Unit.Kind.BUREAU)
    assert bureaus.count() == 5
    for bureau in bureaus:
        assert Round.objects.filter(bureau=bureau).count() == 4
        assert IndicatorEntry.objects.filter(bureau=bureau).count() >= 80  # the shipped set
