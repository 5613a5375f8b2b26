"""Benchmark: `scoring batch` against a plain pandas script on a synthetic region.

Generates N projects × 16 rows (benchmarks/region.py), then runs, one after
the other, each as a subprocess measured the same way (wall time, and the
peak resident memory of the whole process tree, sampled from /proc):

1. `python -m scoring batch region.csv -o totals.csv --quiet` (exact, with
   findings and places), and
2. `python benchmarks/pandas_baseline.py region.csv -o totals.csv` (floats).

It prints both times, their ratio, rows per second, peak memory, and how
many project totals the float script gets wrong (compared with the exact
ones at the scheme's 2 decimals).

    pip install -e '.[bench]'
    python benchmarks/batch.py --projects 100000           # the issue's target
    python benchmarks/batch.py --projects 2000 --format xlsx
    python benchmarks/batch.py --projects 20000 --repeat 3  # best of three each

Take figures on a quiet machine (`uptime`): the script prints the load
average before and after. On a shared one, `--repeat N` runs both programs N
times, alternately, and compares the best time of each.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from region import write_region  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss(pid: int) -> int:
    """Proportional set size: pages shared by forked workers counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_memory(root: int) -> tuple[int, int]:
    """(RSS, PSS) bytes of `root` and all its descendants, summed."""
    tree = _children()
    todo, rss, pss = [root], 0, 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss += int(handle.read().split()[1]) * PAGE
        except OSError:
            continue
        pss += _pss(pid)
    return rss, pss


@dataclass
class Measure:
    wall: float
    cpu: float  # user + system seconds of the whole tree
    rss: int  # peak of the summed RSS of the tree (shared pages counted in each process)
    pss: int  # peak of the summed PSS of the tree (shared pages counted once)


def measure(cmd: list[str]) -> Measure:
    """Run `cmd`, sampling the memory of its process tree every 50 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rss = pss = 0
    while proc.poll() is None:
        r, p = _tree_memory(proc.pid)
        rss, pss = max(rss, r), max(pss, p)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measure(wall, cpu, rss, pss)


def _line(label: str, m: Measure, rows: int) -> str:
    return (f"{label}: {m.wall:7.2f} s wall, {m.cpu:7.2f} s CPU, {rows / m.wall:10,.0f} rows/s, "
            f"peak memory {m.rss / 2**20:5.0f} MiB RSS ({m.pss / 2**20:5.0f} MiB PSS)")


def compare(exact: Path, floats: Path) -> tuple[int, int]:
    """(projects, projects whose float total differs from the exact one)."""
    with exact.open(encoding="utf-8-sig") as a, floats.open(encoding="utf-8") as b:
        want = {(r["department"], r["project"]): Decimal(r["total"])
                for r in csv.DictReader(a) if r["total"]}
        got = {(r["主管部门"], r["项目名称"]): Decimal(r["总分"]).quantize(Decimal("0.01"))
               for r in csv.DictReader(b)}
    wrong = sum(1 for key, total in want.items() if got.get(key) != total)
    return len(want), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=None, help="scoring batch --jobs")
    parser.add_argument("--format", choices=("csv", "xlsx", "jsonl"), default="csv",
                        help="output of scoring batch (the pandas script writes CSV)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/scoring-bench"))
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run both programs this many times, alternately, and report "
                             "the best of each (on a shared machine)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    region = args.dir / f"region-{args.projects}.csv"
    if not region.exists():
        t = time.perf_counter()
        rows = write_region(region, args.projects)
        print(f"generated {region} ({rows:,} rows) in {time.perf_counter() - t:.1f} s")
    rows = args.projects * 16
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    out = args.dir / f"scoring-{args.projects}.{args.format}"
    cmd = [sys.executable, "-m", "scoring", "batch", str(region), "-o", str(out), "--quiet"]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    floats = args.dir / f"pandas-{args.projects}.csv"
    baseline = [sys.executable, str(HERE / "pandas_baseline.py"), str(region), "-o", str(floats)]
    runs: dict[str, list[Measure]] = {"scoring batch": [], "pandas script": []}
    for i in range(args.repeat):
        for label, command in (("scoring batch", cmd), ("pandas script", baseline)):
            if label == "pandas script" and args.skip_pandas:
                continue
            runs[label].append(measure(command))
            if args.repeat > 1:
                print(f"  run {i + 1}: {_line(label, runs[label][-1], rows)}")
    scoring = min(runs["scoring batch"], key=lambda m: m.wall)
    best = f" (best of {args.repeat})" if args.repeat > 1 else ""
    print(_line("scoring batch" + best, scoring, rows))
    if args.skip_pandas:
        return
    pandas = min(runs["pandas script"], key=lambda m: m.wall)
    print(_line("pandas script" + best, pandas, rows))
    print(f"ratio scoring/pandas (wall): {scoring.wall / pandas.wall:.2f}")
    if args.format == "csv":
        projects, wrong = compare(out, floats)
        print(f"float totals that differ from the exact ones: {wrong:,} of {projects:,}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
