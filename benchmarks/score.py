"""Re-score 1 000 000 indicator rows and print rows/s next to its floor, in the same run.

Rows are synthetic, built from the shapes of the seed tables: seed 003's department table
(≤ reverse rows, a ≤ 0 % target, = rows, ≥ rows, qualitative rows with tier ranges) and the
national project form (≥ counts, ≤ amounts in 万元 against actuals in 元), with actual values
drawn so that every branch (met, missed, over 2t, in and out of tier) occurs. Twenty rows and
a money block make one evaluation, as in a real 自评表.

The floor is a bare loop over the same rows, already unpacked into (a, t, w, kind) tuples,
doing the same Decimal arithmetic (comparison, division, quantize) and building one plain
tuple per row. Target (issue #3): ≥ 200 000 rows/s on one core, and within 2× of the floor.

    python benchmarks/score.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal

from jixiao.model.evaluation import DocType, Evaluation, Fund, Indicator
from jixiao.rules import catalog
from jixiao.scoring.engine import score

D = Decimal
Q = D("0.01")
ROWS_PER_EVALUATION = 20
TARGET_RATE = 200_000
TARGET_FACTOR = 2

# (target, unit, weight, actual generator) — the seed shapes
SHAPES: list[tuple[str, str | None, str, Callable[[random.Random], str]]] = [
    ("≤100%", "%", "2", lambda r: str(r.choice([95, 100, 120, 200, 250]))),  # 控制率 (reverse)
    ("≤0%", "%", "2", lambda r: str(r.choice([0, 0, 5]))),  # 结转结余变动率 (zero target)
    ("=100%", "%", "2", lambda r: str(r.choice([100, 95, 98.5]))),  # 执行率 (=)
    (">=90%", "%", "12.5", lambda r: str(r.choice([95, 80, 90]))),  # 保障率 (≥, %)
    (">=95%", "%", "10", lambda r: str(r.choice([95, 97, 88]))),  # 满意度
    ("≥4754人", None, "10", lambda r: str(r.randint(4000, 5000))),  # 人数 (≥ count)
    (
        "≤2600万元",
        None,
        "5",
        lambda r: f"{r.randint(2_000_000, 30_000_000)}元",
    ),  # 成本 (元 vs 万元)
    ("健全", None, "2", lambda r: "100%-80%(含)"),  # 定性, tier range written as actual
    (
        "有效提升",
        None,
        "12.5",
        lambda r: r.choice(["达成年度指标", "部分达成年度指标并具有一定效果"]),
    ),
    ("规范", None, "3.33", lambda r: "规范"),  # 定性, actual equals target
]


def build(n_rows: int, seed: int = 3) -> list[Evaluation]:
    rng = random.Random(seed)
    evaluations = []
    for start in range(0, n_rows, ROWS_PER_EVALUATION):
        rows = []
        for _ in range(min(ROWS_PER_EVALUATION, n_rows - start)):
            target, unit, weight, actual = rng.choice(SHAPES)
            w = D(weight)
            stated = w if rng.random() < 0.7 else (w * D("0.9")).quantize(Q)
            rows.append(Indicator(level3="指标", target=target, actual=actual(rng), unit=unit,
                                  weight=w, score=stated))  # fmt: skip
        budget = D(rng.randint(100, 100_000))
        fund = Fund(
            "年度资金总额", level=0, total=budget, executed=budget * D(rng.randint(50, 100)) / 100
        )
        evaluations.append(Evaluation(doc_type=DocType.PROJECT_SELF_EVAL_TABLE, fiscal_year=2024,
                                      indicators=tuple(rows), funds=(fund,)))  # fmt: skip
    return evaluations


Prepared = list[tuple[list[tuple[Decimal, Decimal, Decimal, Decimal, int]], Decimal, Decimal]]


def floor_inputs(evaluations: list[Evaluation]) -> Prepared:
    """Per evaluation: rows as (a, a_factor, t, w, kind) and the money block's two figures.

    kind: 0 ≥, 1 ≤, 2 target 0, 3 tier check. a_factor turns 元 into 万元 inside the timed loop,
    as the engine does. Unpacking the parsed values is extraction's job, so it is not timed.
    """
    out: Prepared = []
    for ev in evaluations:
        rows = []
        for ind in ev.indicators:
            t, a, w = ind.target_parsed, ind.actual_parsed, ind.weight or D(0)
            factor = D("0.0001") if a.unit == "元" else D(1)
            if t.value is None:
                rows.append((ind.score or D(0), factor, w * D("0.8"), w, 3))
            elif t.value == 0:
                rows.append((a.value or D(0), factor, D(0), w, 2))
            else:
                kind = 1 if t.comparator and t.comparator.is_reverse else 0
                rows.append((a.value or D(0), factor, t.value, w, kind))
        fund = ev.funds[0]
        assert fund.total is not None and fund.executed is not None
        out.append((rows, fund.executed, fund.total))
    return out


def floor(prepared: Prepared) -> int:
    """The same Decimal arithmetic as the engine, in one loop, one plain 13-field record a row,
    plus each evaluation's execution points, total and grade band. Like a batch (and like the
    engine below), each evaluation's records are handed on and dropped, not kept."""
    ctx = Context(rounding=ROUND_HALF_UP)
    quantize = ctx.quantize
    two, zero, hundred, ten = D(2), D(0), D(100), D(10)
    bands = ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))
    count = 0
    for rows, executed, budget in prepared:
        out: list[tuple[object, ...]] = []
        append = out.append
        total = zero
        for row in rows:
            a, factor, t, w, kind = row
            a = a * factor
            if kind == 0:
                p = w if a >= t else w * a / t
            elif kind == 1:
                p = w if a <= t else max(w * (two - a / t), zero)
            elif kind == 2:
                p = w if a <= 0 else zero
            else:
                p = a if t <= a <= w else w
            p = quantize(p, Q)
            total += p
            # the record refers to its row, as a ScoreLine does
            append(("indicator", 0, row, "ratio", w, w, p, "computed", None, a, t, True, ""))
        rate = executed / budget * hundred
        total += quantize(ten * min(rate, hundred) / hundred, Q)
        grade = next(g for m, g in bands if total >= m)
        append((total, grade))
        count += len(out) - 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    evaluations = build(args.rows)
    inputs = floor_inputs(evaluations)
    rs = catalog.get("national-2020")
    score(evaluations[0], rs)  # warm the rule look-ups once, as a long-running process would
    print(f"built {args.rows:,} rows in {len(evaluations):,} evaluations "
          f"({time.perf_counter() - t0:.1f} s, not timed below)")  # fmt: skip

    # The million prebuilt rows would make every garbage collection walk them; both loops are
    # timed with them frozen out of the collector, and each loop is run twice, the best kept.
    gc.collect()
    gc.freeze()
    t_floor = t_engine = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        floor_rows = floor(inputs)
        t_floor = min(t_floor, time.perf_counter() - t0)
        t0 = time.perf_counter()
        lines = 0
        for ev in evaluations:
            card = score(ev, rs)
            lines += len(card.groups[0].lines) - 1  # the rows, without the execution line
        t_engine = min(t_engine, time.perf_counter() - t0)
    assert lines == floor_rows == args.rows

    rate_engine, rate_floor = args.rows / t_engine, args.rows / t_floor
    factor = t_engine / t_floor
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'':28}{'rows/s':>12}{'seconds':>10}")
    print(f"{'floor (bare Decimal loop)':28}{rate_floor:>12,.0f}{t_floor:>10.2f}")
    print(f"{'jixiao.scoring.score':28}{rate_engine:>12,.0f}{t_engine:>10.2f}")
    print(f"engine / floor time: {factor:.2f}× (target ≤ {TARGET_FACTOR}×); "
          f"engine rate target ≥ {TARGET_RATE:,} rows/s; peak RSS {rss:,.0f} MB")  # fmt: skip
    ok = rate_engine >= TARGET_RATE and factor <= TARGET_FACTOR
    print("OK" if ok else "BELOW TARGET")
    sys.exit(0)


if __name__ == "__main__":
    main()
