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

Take figures on a quiet machine (`uptime`): the script prints the load
average before and after.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
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


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants."""
    tree = _children()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except OSError:
            pass
    return total


def measure(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak tree RSS bytes, largest single-process max RSS bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return wall, peak, single


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
    s_wall, s_peak, s_single = measure(cmd)
    print(f"scoring batch : {s_wall:7.2f} s  {rows / s_wall:10,.0f} rows/s  "
          f"peak tree RSS {s_peak / 2**20:6.0f} MiB (largest process {s_single / 2**20:.0f} MiB)")
    if args.skip_pandas:
        return
    floats = args.dir / f"pandas-{args.projects}.csv"
    p_wall, p_peak, _ = measure([sys.executable, str(HERE / "pandas_baseline.py"),
                                 str(region), "-o", str(floats)])
    print(f"pandas script : {p_wall:7.2f} s  {rows / p_wall:10,.0f} rows/s  "
          f"peak tree RSS {p_peak / 2**20:6.0f} MiB")
    print(f"ratio scoring/pandas: {s_wall / p_wall:.2f}")
    if args.format == "csv":
        projects, wrong = compare(out, floats)
        print(f"float totals that differ from the exact ones: {wrong:,} of {projects:,}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
