"""Benchmark: compiled expression evaluations per second, on one core.

Each expression is compiled once (simpleeval parses, `expr.py` checks and
builds the evaluator), then evaluated N times over varying Decimal inputs,
as the engine does for every row of every case. The figure printed is
evaluations per second of our walker over the stored tree; simpleeval's own
walker over the same tree is measured for comparison (`--reference`).

    python benchmarks/expressions.py               # 200,000 evaluations per expression
    python benchmarks/expressions.py -n 50000 --reference

Run it alone (one process = one core); the target is ≥ 300,000 per second.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from decimal import Decimal, localcontext

from scoring.decimals import ENGINE_CONTEXT
from scoring.model.expr import Compiled, compile_expression, evaluate_with_simpleeval

EXPRESSIONS = (
    "weight * min(actual / target, 1)",                               # RULES.md §4
    "max(0, weight - 0.5 * (actual - target))",                       # a deduction
    "weight if actual >= target else weight * actual / target",       # F2 as a formula
    "round_half_up(weight * max(0, 1 - abs(调整后 - 年初) / 年初 / 0.2), 2)",  # declared facts
)
TARGET_PER_SECOND = 300_000


def _inputs(count: int, seed: int = 7) -> list[dict[str, Decimal]]:
    rng = random.Random(seed)
    return [{"actual": Decimal(rng.randint(0, 20000)) / 100, "target": Decimal(100),
             "weight": Decimal(rng.choice((5, 10, 15))),
             "年初": Decimal(rng.randint(500, 1500)), "调整后": Decimal(rng.randint(500, 1500))}
            for _ in range(count)]


def _rate(run: Callable[[Compiled, dict[str, Decimal]], Decimal], compiled: Compiled,
          inputs: list[dict[str, Decimal]], n: int) -> float:
    rounds = n // len(inputs)
    with localcontext(ENGINE_CONTEXT):
        start = time.perf_counter()
        for _ in range(rounds):
            for names in inputs:
                run(compiled, names)
        elapsed = time.perf_counter() - start
    return rounds * len(inputs) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200_000, help="evaluations per expression")
    parser.add_argument("--reference", action="store_true",
                        help="also time simpleeval's walker over the same trees")
    args = parser.parse_args()
    inputs = _inputs(1000)
    worst = float("inf")
    for text in EXPRESSIONS:
        compiled = compile_expression(text, ("年初", "调整后"))
        rate = _rate(Compiled.evaluate, compiled, inputs, args.n)
        worst = min(worst, rate)
        line = f"{rate:>12,.0f}/s  {text}"
        if args.reference:
            ref = _rate(evaluate_with_simpleeval, compiled, inputs, max(args.n // 10, 1000))
            line += f"   (simpleeval: {ref:,.0f}/s)"
        print(line)
    verdict = "ok" if worst >= TARGET_PER_SECOND else "BELOW TARGET"
    print(f"slowest: {worst:,.0f} evaluations/s (target ≥ {TARGET_PER_SECOND:,}): {verdict}")
    return 0 if worst >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
