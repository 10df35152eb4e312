"""Demo data for the year's cycle (issue 8), on top of the demo records of :mod:`jixiao.web.demo`:
怀来县's seven 2024 target tables submitted and reviewed by its finance bureau (two approved, one
returned with the R14 comments), spending entered by month for the approved ones (one behind,
one on time), the year-end form carried from an approved target, rounds with due dates for every
bureau, and each bureau's indicator library. Every step goes through storage, with its rights
checks and audit entries, as a user would take it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

from jixiao.model.target_review import CRITERIA, Criterion, Tier
from jixiao.model.workflow import Action, Role
from jixiao.storage import monitoring as monitor
from jixiao.storage import records, rounds
from jixiao.storage.library import seed_library
from jixiao.storage.models import Membership, Record, Round, Unit
from jixiao.storage.target_review import review_target
from jixiao.web import flows
from jixiao.web.rules import thresholds_for

HUAILAI: Final = "怀来县自然资源和规划局"
# target table (by its project name's end) → the bureau's R14 ratings and overall result
REVIEWS: Final = {
    "土地出让业务": (Tier.GOOD, "满意度目标“≥100%”已改按≥90%掌握，其余指标可行"),
    "建设自然资源智能监管平台资金": (Tier.EXCELLENT, "目标明确，指标细化量化"),
    "业务费": (Tier.FAIR, "产出指标以百分比代替数量，成本指标无比较符号，请修改后重新申报"),
}
# monthly spending (万元) of the approved targets, January to June
SPENDING: Final = {
    "土地出让业务": ("100", "150", "180", "120", "60", "40"),  # 650 of 2600: 25 % by June → red
    "建设自然资源智能监管平台资金": ("10", "15", "20", "15", "20", "20"),  # 100 of 200 → green
}
ROUNDS: Final = (
    (Round.Kind.TARGETS, 2024, "2024年度绩效目标申报", None, date(2024, 1, 5), date(2024, 2, 29)),
    (Round.Kind.MONITORING, 2024, "2024年度运行监控（1—6月）", 6, date(2024, 7, 1),
     date(2024, 7, 15)),
    (Round.Kind.SELF_EVAL, 2024, "2024年度绩效自评", None, date(2025, 1, 10), date(2025, 3, 31)),
    (Round.Kind.SELF_EVAL, 2025, "2025年度绩效自评", None, date(2026, 1, 10), date(2026, 3, 31)),
)  # fmt: skip


def _member(unit: Unit, role: Role) -> Any:
    return Membership.objects.get(unit=unit, role=role.value).user


def _ending(record: Record, names: dict[str, Any]) -> Any:
    return next((v for k, v in names.items() if record.title.endswith(k)), None)


def _review(reviewer: Any, record: Record, tier: Tier, comment: str) -> Record:
    ratings = dict.fromkeys(CRITERIA, tier)
    if tier is Tier.FAIR:  # the weak points named where they are
        ratings[Criterion.COMPLETENESS] = Tier.GOOD
    comments = {Criterion.APPROPRIATENESS: comment} if tier is Tier.FAIR else {}
    _review_row, done = review_target(
        reviewer, record, ratings, comments, tier, comment, record.version
    )
    return done


def _monitor(filler: Any, record: Record, amounts: tuple[str, ...]) -> None:
    months = {m: Decimal(a) for m, a in enumerate(amounts, start=1)}
    mon = monitor.monitoring_of(record)
    monitor.save_monitoring(
        filler, record, months, (), thresholds_for(record).thresholds, mon.version
    )


def _targets(unit: Unit) -> list[Record]:
    filler = _member(unit, Role.FILLER)
    reviewer = _member(unit.parent, Role.REVIEWER) if unit.parent else None
    approved: list[Record] = []
    for draft in Record.objects.filter(unit=unit, doc_type="target_table").order_by("id"):
        submitted = records.apply_action(filler, draft, Action.SUBMIT, "", draft.version)
        review = _ending(submitted, REVIEWS)
        if reviewer is None or review is None:
            continue
        record = _review(reviewer, submitted, *review)
        amounts = _ending(record, SPENDING)
        if amounts is not None and record.status == "approved":
            _monitor(filler, record, amounts)
            approved.append(record)
    return approved


def _rounds() -> None:
    for bureau in Unit.objects.filter(kind=Unit.Kind.BUREAU):
        reviewer = _member(bureau, Role.REVIEWER)
        for kind, year, title, month, opens, due in ROUNDS:
            data = rounds.RoundInput(kind, year, title, opens, due, month)
            rounds.open_round(reviewer, bureau, data)


def load_cycle() -> int:
    """The cycle's demo steps (inside :func:`jixiao.web.demo.load_demo`'s transaction).
    Returns the number of records it made (the carried year-end form)."""
    for bureau in Unit.objects.filter(kind=Unit.Kind.BUREAU):
        seed_library(bureau)
    _rounds()
    huailai = Unit.objects.get(name=HUAILAI)
    approved = _targets(huailai)
    if not approved:
        return 0
    _carried, made = flows.carry_target(_member(huailai, Role.FILLER), approved[0])
    return int(made)
