"""Benchmark: the columnar core against the pandas float script, side by side (#14).

Generates N projects × 16 rows (benchmarks/region.py), then runs, interleaved,
`--repeat` times each (default 3), every program as a subprocess measured by
benchmarks/batch.py's `measure` (wall, CPU of the process tree, peak memory):

1. the pandas float script (`benchmarks/pandas_baseline.py`: read_csv,
   str.extract, np.where, np.round, group-by sum; no findings),
2. the thorough pandas baseline (`benchmarks/pandas_thorough.py`: comparators
   parsed, percentages, blanks as missing, the budget row, exact half-up rounding
   with Decimal, grade bands; no findings), and
3. the columnar core end to end (`python benchmarks/columns.py --run region.csv
   -o totals.csv`: `scoring.score_table` on the file, every finding made, the
   project totals written as CSV),
4. with `--batch`, `scoring batch region.csv -o totals.csv` too.

It prints the best and median wall time and the CPU time of each, the ratios
(core / float script, core / thorough baseline), how many totals each pandas
script got wrong against the core, and then `score_table` on an in-memory
polars DataFrame (rows per second of wall and of CPU, with findings, with the
audit's findings too, `audit=True`, with derivations, `explain=True`, and on the
region with its numeric actuals made mostly distinct, `distinct_actuals`; the load
average after each; the grammar's caches cleared before each run), in a subprocess
with polars' default threads and in one with `POLARS_MAX_THREADS=1` (one core).

    pip install -e '.[bench]'
    python benchmarks/columns.py --projects 20000 --repeat 3
    python benchmarks/columns.py --projects 100000 --batch

Take figures on a quiet machine (`uptime`): the load average is printed before
and after.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from batch import Measure, measure  # noqa: E402
from region import write_region  # noqa: E402


def run_core(table: Path, out: Path) -> None:
    """The core end to end: score the file, write one row per project."""
    import pyarrow.csv as pacsv

    from scoring import score_table

    result = score_table(table)
    pacsv.write_csv(result.projects.select(["department", "project", "total", "grade"]),
                    str(out))
    print(f"{result.projects.num_rows} projects, {result.findings.num_rows} findings, "
          f"{result.fallback_rows} of {result.total_rows} rows by the row engine",
          file=sys.stderr)


def in_memory(table: Path) -> None:
    """`score_table` on a polars DataFrame already in memory, with findings and with
    derivations (best of three each, wall and CPU)."""
    import polars as pl

    from scoring import score_table
    from scoring.read.cells import normalize, read_cell

    whole = pl.read_csv(table, infer_schema=False)
    threads = os.environ.get("POLARS_MAX_THREADS", f"default ({pl.thread_pool_size()})")
    for label, explain, audit, frame in (
            ("with findings", False, False, whole),
            ("with the audit", False, True, whole),
            ("with derivations", True, False, whole),
            ("with findings, actuals mostly distinct", False, False, distinct_actuals(whole))):
        best = cpu = float("inf")
        for _ in range(3):
            read_cell.cache_clear()  # each run reads its distinct texts afresh
            normalize.cache_clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = score_table(frame, explain=explain, audit=audit)
            best = min(best, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        print(f"score_table, in-memory DataFrame, {label}, polars threads {threads}: "
              f"{frame.height:,} rows in {best:6.2f} s ({frame.height / best:10,.0f} rows/s), "
              f"CPU {cpu:6.2f} s ({frame.height / cpu:10,.0f} rows/CPU-s); "
              f"{result.fallback_rows} rows by the row engine, {result.findings.num_rows:,} "
              f"findings; load average {os.getloadavg()[0]:.2f}", flush=True)


def distinct_actuals(frame: Any) -> Any:
    """The region with every numeric actual (完成值 of an indicator row) replaced by a
    seeded random amount with two decimals, most of them four digits (`1234.56`): a
    table whose rows are mostly distinct, so that each is read and scored on its own
    (the generated region repeats its cells, and the core scores a distinct row once)."""
    import polars as pl

    rng = random.Random(5)
    amounts = pl.Series([f"{rng.randint(1000, 99999) // 10 ** rng.randint(0, 1)}."
                         f"{rng.randint(0, 99):02d}" for _ in range(frame.height)])
    numeric = pl.col("完成值").str.contains(r"^[0-9.]+$") & (pl.col("一级指标") != "预算执行情况")
    return frame.with_columns(pl.when(numeric).then(amounts).otherwise(pl.col("完成值"))
                              .alias("完成值"))


def in_memory_both(table: Path) -> None:
    """`in_memory` in a fresh process with polars' default threads, then with one
    (POLARS_MAX_THREADS is read when polars is imported)."""
    for threads in (None, "1"):
        env = dict(os.environ)
        env.pop("POLARS_MAX_THREADS", None)
        if threads:
            env["POLARS_MAX_THREADS"] = threads
        subprocess.run([sys.executable, str(HERE / "columns.py"), "--memory", str(table)],
                       env=env, check=True)


def wrong_totals(mine: Path, core: Path) -> int:
    """How many projects' totals in `mine` (a pandas script's output: 主管部门, 项目名称,
    总分) differ from the core's (department, project, total), exactly."""
    with core.open(encoding="utf-8", newline="") as handle:
        want = {(r["department"], r["project"]): Decimal(r["total"])
                for r in csv.DictReader(handle)}
    with mine.open(encoding="utf-8", newline="") as handle:
        return sum(1 for r in csv.DictReader(handle)
                   if Decimal(r["总分"]).quantize(Decimal("0.01"))
                   != want.get((r["主管部门"], r["项目名称"])))


def _summary(label: str, runs: list[Measure], rows: int) -> float:
    best = min(m.wall for m in runs)
    median = statistics.median(m.wall for m in runs)
    peak = max(m.rss for m in runs) / 2**20
    cpu = min(m.cpu for m in runs)
    print(f"{label:15}: best {best:7.2f} s, median {median:7.2f} s, CPU {cpu:7.2f} s, "
          f"{rows / best:10,.0f} rows/s, peak {peak:5.0f} MiB RSS")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/scoring-bench"))
    parser.add_argument("--batch", action="store_true", help="run `scoring batch` too")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_core(args.run, args.output)
        return
    if args.memory:
        in_memory(args.memory)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    region = args.dir / f"region-{args.projects}.csv"
    if not region.exists():
        write_region(region, args.projects)
    rows = args.projects * 16
    # bytecode first, as an installed package has it (an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would compile every module in every run): benchmarks/engine.py
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "scoring")],
                   check=True)
    print(f"{region}: {rows:,} rows; load average before: {os.getloadavg()[0]:.2f} "
          f"(cores: {os.cpu_count()})")
    programs = {
        "pandas script": [sys.executable, str(HERE / "pandas_baseline.py"), str(region), "-o",
                          str(args.dir / "pandas.csv")],
        "pandas thorough": [sys.executable, str(HERE / "pandas_thorough.py"), str(region),
                            "-o", str(args.dir / "thorough.csv")],
        "columnar core": [sys.executable, str(HERE / "columns.py"), "--run", str(region), "-o",
                          str(args.dir / "columns.csv")],
    }
    if args.batch:
        programs["scoring batch"] = [sys.executable, "-m", "scoring", "batch", str(region),
                                     "-o", str(args.dir / "batch.csv"), "--quiet"]
    runs: dict[str, list[Measure]] = {label: [] for label in programs}
    for i in range(args.repeat):
        for label, command in programs.items():
            runs[label].append(measure(command))
            print(f"  run {i + 1}: {label}: {runs[label][-1].wall:.2f} s")
    best = {label: _summary(label, found, rows) for label, found in runs.items()}
    cpu = {label: min(m.cpu for m in found) for label, found in runs.items()}
    for other in ("pandas script", "pandas thorough"):
        print(f"ratio columnar core / {other}: best wall "
              f"{best['columnar core'] / best[other]:.2f}, CPU "
              f"{cpu['columnar core'] / cpu[other]:.2f}")
    core = args.dir / "columns.csv"
    print(f"totals that differ from the core's: pandas script "
          f"{wrong_totals(args.dir / 'pandas.csv', core):,}, pandas thorough "
          f"{wrong_totals(args.dir / 'thorough.csv', core):,} (of {args.projects:,})")
    if args.batch:
        print(f"ratio scoring batch / pandas script (best wall): "
              f"{best['scoring batch'] / best['pandas script']:.2f}")
    in_memory_both(region)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
