"""Benchmark the engine (issue 2): indicator evaluations per second, CLI start-up.

    python benchmarks/engine.py            # full run (about a minute)
    python benchmarks/engine.py --quick    # smaller, for a smoke test

1. The Python API on generated sets: `evaluate()` with derivations, reported
   as indicator evaluations per second on one core (target ≥ 200,000/s), on
   two sets of fresh cases (every case evaluated once, never the same values
   twice, so nothing is answered from a cache of earlier results):
   - "tables": rows drawn from the project tables bundled in `cases/` (real
     published rows: their cells as printed, text actuals, blanks, manual
     scores), each numeric actual replaced by a fresh random number written the
     same way (184.2 → 203.17, "98%" → "96.35%");
   - "every kind": rows cycling through every kind the engine knows (≥ ≤ =,
     ranges, 定性, text actuals, blanks, manual scores, dates, full-width
     digits), about one finding per row: the worst case.
   Indicator plans are shared between cases with the same cells, as between the
   projects of a region; the loading of the cases is not timed.
   Beside it, the floor: the least a row can cost in this Python, the same
   numbers through a bare ≥ row (read the number, one division, the cap,
   half-up rounding, a derivation of five numbers, one named tuple; no cell
   forms, no checks, no findings, no locations). The engine does more than
   this for every row, so it cannot be faster than the floor.
2. `scoring score` on the seed case against `python -c "import pydantic, yaml"`
   (CPU time of each process, user + system, run in turn; best and median of
   repeated runs), bytecode compiled and the data files' parsed caches written
   first (`read/packaged.py`). Target (#14): within 2× the bare import. Beside it,
   the floor: the bare import, then defining and validating one trivial pydantic
   model (what any CLI that validates its input with pydantic pays before
   doing anything else: pydantic's model machinery and its plugin lookup,
   `importlib.metadata`). Last measured (2026-12-04, load ≈ 8, best / median of
   3): 63 / 66 ms bare, 139 / 146 ms (2.2×) the trivial model, 189 / 193 ms
   (2.98×) `scoring score`, 3.6× before the start-up work of that day; 15 runs
   in turn gave 181 / 188 vs 63 / 67 ms (2.9×). README "Start-up" says where
   the time goes.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import evaluate, load_case, load_scheme  # noqa: E402
from scoring.load.loader import case_from_inline  # noqa: E402
from scoring.model.case import Case, CaseFile  # noqa: E402

Row = dict[str, object]
ROW_KINDS = [
    ("≥", "240", "184.2"), ("≥", "16", "21"), ("≤", "110", "120"), ("≤", "10", "10"),
    ("=", "100", "98%"), ("", "≥95%", "98%"), ("", "80%-90%", "85%"), ("定性", "有效", "有效"),
    ("定性", "显著提升", "基本达成"), ("≤", "30", "完成"), ("≥", "3000", None),
    ("≥", "１２０户", "１１０户"), ("≥", "95", "0.98"), ("≤", "2023年12月31日", "2023-11-30"),
]
WEIGHTS = [Decimal(w) for w in ("10", "5", "2", "10", "20", "3", "2.5")]
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _fresh(value: object, rng: random.Random) -> object:
    """A numeric actual replaced by a random number of the same look; others unchanged."""
    def new(number: str) -> str:
        places = len(number.split(".")[1]) if "." in number else rng.choice((0, 1, 2))
        drawn = Decimal(rng.randint(0, 2 * 10 ** (places + 3))) / 10 ** places / 10
        return f"{drawn:.{places}f}"
    if isinstance(value, Decimal):
        return Decimal(new(format(value, "f").lstrip("-")))
    if isinstance(value, str) and _NUMBER.search(value) and not any(
            mark in value for mark in ("年", "月", "日", "-", "/")):
        return _NUMBER.sub(lambda m: new(m.group(0)), value, count=1)
    return value


def table_rows() -> list[tuple[Row, Row]]:
    """(indicator, actual) fields of every row of the bundled project tables."""
    rows = []
    for path in sorted(glob.glob(str(ROOT / "cases" / "*.yaml"))):
        case = load_case(path)
        if case.indicator_set.kind != "project":
            continue
        for ind in case.indicator_set.indicators:
            act = case.actuals.get(ind.key)
            fields = ind.model_dump(include={"level1", "level2", "comparator", "target", "unit",
                                             "weight"})
            acts = act.model_dump(include={"value", "reason", "manual_score", "not_applicable",
                                           "deduction"}, exclude_defaults=True) if act else {}
            rows.append((fields, acts))
    return rows


def kind_rows() -> list[tuple[Row, Row]]:
    rows = []
    for i, (comp, target, actual) in enumerate(ROW_KINDS):
        fields: Row = {"level1": "产出指标", "level2": "数量指标", "comparator": comp or None,
                       "target": target, "weight": WEIGHTS[i % len(WEIGHTS)]}
        acts: Row = {"value": actual}
        if actual is None and i % 2:
            acts.update(manual_score=Decimal(1), reason="无法计算")
        rows.append((fields, acts))
    return rows


def generated_cases(pool: list[tuple[Row, Row]], cases: int, rows: int,
                    rng: random.Random) -> list[Case]:
    """`cases` fresh cases of `rows` rows each, drawn from `pool` with fresh numbers."""
    out = []
    for c in range(cases):
        indicators = []
        for i in range(rows):
            fields, acts = pool[rng.randrange(len(pool))] if c or i >= len(pool) else pool[i]
            row = {**fields, **acts, "name": f"指标{i}"}
            row["actual"] = _fresh(row.pop("value", None), rng)
            indicators.append(row)
        data = {"project": {"name": f"bench{c}", "year": 2023}, "scheme": "sichuan-2023",
                "budget": {"adjusted": "349.78", "executed": str(rng.randint(200, 349))},
                "budget_execution": {"weight": 10}, "indicators": indicators}
        out.append(case_from_inline(CaseFile.model_validate(data), "<bench>"))
    return out


def bench_evaluate(make: Callable[[random.Random], list[Case]], rounds: int) -> float:
    """Best rate of `rounds` timed passes, each over freshly generated cases."""
    scheme = load_scheme("sichuan-2023")
    rng = random.Random(2023)
    best = 0.0
    for _ in range(rounds):
        cases = make(rng)
        start = time.perf_counter()
        results = [evaluate(case, scheme) for case in cases]
        elapsed = time.perf_counter() - start
        done = sum(len(r.indicators) for r in results)
        assert all(r.explain for result in results for r in result.indicators)
        best = max(best, done / elapsed)
    return best


class FloorRow(NamedTuple):
    name: str
    score: Decimal
    explain: str


_TENTH = Decimal("0.1")


def floor_row(name: str, text: str, t: Decimal, w: Decimal) -> FloorRow:
    """The least a scored row with a derivation can cost: a bare ≥ row."""
    a = Decimal(text)
    raw = min(a / t * w, w)
    score = raw.quantize(_TENTH, rounding=ROUND_HALF_UP)
    return FloorRow(name, score, f"{a:f} ÷ {t:f} × {w:f} = {raw:f} → {score:f}")


def bench_floor(rows: int, rounds: int) -> float:
    """Best rate of the floor over fresh numbers (as the engine's passes)."""
    rng = random.Random(2023)
    t, w = Decimal(240), Decimal(10)
    best = 0.0
    for _ in range(rounds):
        texts = [f"{rng.randint(0, 4000) / 10:.1f}" for _ in range(rows)]
        start = time.perf_counter()
        done = [floor_row("指标", text, t, w) for text in texts]
        best = max(best, len(done) / (time.perf_counter() - start))
    return best


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_times(cmds: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """(best, median) CPU time of each command, run in turn (so a change of load hits
    all); CPU rather than wall time, which a shared machine's load inflates."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, spent in zip(cmds, times, strict=True):
            start = _children_cpu()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
            spent.append(_children_cpu() - start)
    return [(min(spent), statistics.median(spent)) for spent in times]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    cases, rounds, runs = (20, 2, 3) if args.quick else (200, 6, 15)
    pools = {"tables": table_rows(), "every kind": kind_rows()}
    for label, pool in pools.items():
        rate = bench_evaluate(lambda rng, pool=pool: generated_cases(pool, cases, 100, rng),
                              rounds)
        print(f"evaluate(), {label}: {rate:,.0f} indicator evaluations/s on one core "
              f"(target ≥ 200,000/s) {'OK' if rate >= 200_000 else 'BELOW TARGET'}")
    floor = bench_floor(cases * 100, rounds)
    print(f"  floor, a bare ≥ row (no checks, findings or locations): {floor:,.0f} rows/s")
    # Bytecode first, as any installed package has it: an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "scoring")],
                   check=True)
    # The data files kept parsed, likewise (`read/packaged.py`: written on first use,
    # unless bytecode is not written either).
    subprocess.run([sys.executable, "-c", "from scoring.read.packaged import write_data_caches\n"
                    "write_data_caches()"], check=True, cwd=ROOT)
    bare, model, cli = cpu_times([
        [sys.executable, "-c", "import pydantic, yaml"],
        [sys.executable, "-c", "import pydantic, yaml\nclass M(pydantic.BaseModel):\n    x: int\n"
         "M(x=1)"],
        [sys.executable, "-m", "scoring", "score", "cases/anju-2023-investment.yaml"]], runs)
    ratio = cli[0] / bare[0]
    print(f"CPU time, best / median of {runs}, load average {os.getloadavg()[0]:.1f}:")
    print(f"python -c 'import pydantic, yaml':  {bare[0] * 1000:.0f} / {bare[1] * 1000:.0f} ms")
    print(f"  … and validate one trivial model: {model[0] * 1000:.0f} / {model[1] * 1000:.0f} ms"
          f" = {model[0] / bare[0]:.2f}× / {model[1] / bare[1]:.2f}×")
    print(f"scoring score <seed>:               {cli[0] * 1000:.0f} / {cli[1] * 1000:.0f} ms"
          f" = {ratio:.2f}× / {cli[1] / bare[1]:.2f}× (target ≤ 2) "
          f"{'OK' if ratio <= 2 else 'ABOVE TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
