"""All checks over 10 000 synthetic evaluations of 20 rows each, in one process: documents/s and
the share of time per check family (category), next to the target.

The evaluations are the score benchmark's (benchmarks/score.py: seed-shaped rows, a money block)
with the parts checks read besides rows: a department's projects with budgets and results, 其中
breakdowns, a spending plan, problems, and a narrative. Scoring is done first and not timed,
so the figure is the checks' own cost (`jixiao check` adds reading and scoring).

    python benchmarks/check.py [--documents 10000]

Target (issue #5): ≥ 500 documents/s on one core.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.model.evaluation import (
    Breakdown,
    Evaluation,
    Part,
    PlanEntry,
    ProjectLine,
    Section,
)
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from score import build

D = Decimal
TARGET = 500


def enrich(ev: Evaluation, rng: random.Random) -> Evaluation:
    """The parts of a document the non-row checks read."""
    budget = ev.funds[0].total or D(100)
    projects = tuple(
        ProjectLine(f"项目{k}", score=D(rng.randint(85, 100)), grade="优", budget_wan=budget / 4,
                    executed_wan=budget / 5, achieved=f"完成第{k}批任务{rng.randint(10, 99)}项")
        for k in range(3)
    )  # fmt: skip
    plan = tuple(PlanEntry(p, D(v)) for p, v in zip(("3月底", "6月底", "10月底", "12月底"),
                                                    (25, 50, 75, 100), strict=True))  # fmt: skip
    parts = (Part("基本支出", budget * D("0.4")), Part("项目支出", budget * D("0.6")))
    return replace(
        ev,
        title=f"{2024}年度项目支出绩效自评报告", title_year=2024, stated_total_score=D("96.5"),
        stated_grade="优", projects=projects, spending_plan=plan, problems=("支出进度偏慢",),
        breakdowns=(Breakdown("年度资金总额", budget, parts),),
        sections=(Section("一、基本情况", "2024年预算执行情况良好，完成全年任务。"),),
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(5)
    evaluations = [enrich(ev, rng) for ev in build(args.documents * 20)]
    rs = catalog.get("national-2020")
    cards = [score(ev, rs) for ev in evaluations]
    gc.collect()
    gc.freeze()
    t0 = time.perf_counter()
    findings = 0
    for ev, card in zip(evaluations, cards, strict=True):
        findings += len(run_checks(ev, rs, ALL_CHECKS, card).findings)
    total = time.perf_counter() - t0
    by_family: dict[str, list] = defaultdict(list)
    for spec in ALL_CHECKS:
        by_family[spec.category.value].append(spec)
    family_time: dict[str, float] = {}
    sample = list(zip(evaluations, cards, strict=True))[: max(1, args.documents // 5)]
    for family, specs in by_family.items():
        t0 = time.perf_counter()
        for ev, card in sample:
            run_checks(ev, rs, specs, card)
        family_time[family] = time.perf_counter() - t0
    rate = args.documents / total
    print(
        f"{args.documents:,} documents × 20 rows, {len(ALL_CHECKS)} checks, {findings:,} findings"
    )
    print(f"all checks: {total:.2f} s, {rate:,.0f} documents/s (target ≥ {TARGET})")
    spent = sum(family_time.values())
    print(f"{'family':20}{'checks':>8}{'share':>8}")
    for family, seconds in sorted(family_time.items(), key=lambda kv: -kv[1]):
        print(f"{family:20}{len(by_family[family]):>8}{seconds / spent:>8.0%}")
    print("OK" if rate >= TARGET else "BELOW TARGET")


if __name__ == "__main__":
    main()
