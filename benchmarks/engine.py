"""Benchmark the engine (issue 2): indicator evaluations per second, CLI start-up.

    python benchmarks/engine.py            # full run (a few seconds)
    python benchmarks/engine.py --quick    # smaller, for a smoke test

1. The Python API on a generated set: `evaluate()` of a case with many rows of
   every kind (≥, ≤, =, ranges, qualitative, text actuals, blanks, manual
   scores), derivations included; reported as indicator evaluations per second
   on one core. Target: ≥ 200,000/s.
2. `scoring score` on the seed case against `python -c "import pydantic, yaml"`
   (median wall time of repeated runs). Target: within 1.5× the bare import.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import evaluate, load_scheme  # noqa: E402
from scoring.loader import case_from_inline  # noqa: E402
from scoring.model import Case, CaseFile  # noqa: E402

ROW_KINDS = [
    ("≥", "240", "184.2"), ("≥", "16", "21"), ("≤", "110", "120"), ("≤", "10", "10"),
    ("=", "100", "98%"), ("", "≥95%", "98%"), ("", "80%-90%", "85%"), ("定性", "有效", "有效"),
    ("定性", "显著提升", "基本达成"), ("≤", "30", "完成"), ("≥", "3000", None),
    ("≥", "１２０户", "１１０户"), ("≥", "95", "0.98"), ("≤", "2023年12月31日", "2023-11-30"),
]


WEIGHTS = [Decimal(w) for w in ("10", "5", "2", "10", "20", "3", "2.5")]


def generated_case(rows: int) -> Case:
    """One inline case with `rows` indicators cycling through ROW_KINDS."""
    indicators = []
    for i in range(rows):
        comp, target, actual = ROW_KINDS[i % len(ROW_KINDS)]
        row: dict[str, object] = {"level1": "产出指标", "level2": "数量指标", "name": f"指标{i}",
                                  "comparator": comp or None, "target": target,
                                  "actual": actual, "weight": WEIGHTS[i % len(WEIGHTS)]}
        if actual is None and i % 2:
            row.update(manual_score=Decimal(1), reason="无法计算")
        indicators.append(row)
    data = {"project": {"name": "bench", "year": 2023}, "scheme": "sichuan-2023",
            "budget": {"adjusted": "349.78", "executed": "300"}, "budget_execution":
            {"weight": 10}, "indicators": indicators}
    return case_from_inline(CaseFile.model_validate(data), "<bench>")


def bench_evaluate(rows: int, seconds: float) -> float:
    case = generated_case(rows)
    scheme = load_scheme("sichuan-2023")
    evaluate(case, scheme)  # warm the caches
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        result = evaluate(case, scheme)
        done += len(result.indicators)
        assert all(r.explain for r in result.indicators)
    return done / (time.perf_counter() - start)


def median_wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    seconds, runs = (0.5, 3) if args.quick else (5.0, 15)
    rate = bench_evaluate(280, seconds)
    print(f"evaluate(): {rate:,.0f} indicator evaluations/s on one core "
          f"(target ≥ 200,000/s) {'OK' if rate >= 200_000 else 'BELOW TARGET'}")
    bare = median_wall([sys.executable, "-c", "import pydantic, yaml"], runs)
    cli = median_wall([sys.executable, "-m", "scoring", "score",
                       "cases/anju-2023-investment.yaml"], runs)
    ratio = cli / bare
    print(f"python -c 'import pydantic, yaml': {bare * 1000:.0f} ms (median of {runs})")
    print(f"scoring score <seed>:              {cli * 1000:.0f} ms (median of {runs}); "
          f"ratio {ratio:.2f} (target ≤ 1.5) {'OK' if ratio <= 1.5 else 'ABOVE TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
