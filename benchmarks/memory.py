"""Peak memory of the columnar core: a table read whole against one streamed (#14 item 6).

Each run is a child process that scores a generated region (benchmarks/region.py,
16 rows a project) and writes each project's total and grade to a CSV as it goes:
`whole` scores the file at once (`engine.columns.score_path`), `stream` consumes
`engine.columns.iter_path` part by part and drops each part once written. The
child's peak RSS, wall time and CPU time (user + system) come from `os.wait4`.

    python benchmarks/memory.py 20000 100000             # 320k and 1.6M rows, both ways
    python benchmarks/memory.py 100000 --modes stream --rows 50000
    python benchmarks/memory.py --file /tmp/nation.csv --modes stream   # a file as it is
    python benchmarks/memory.py 100000 --copies 25 --write /tmp/nation.csv  # 40M rows

`--copies K` writes the generated projects K times, each copy's projects renamed
and renumbered (distinct 项目名称 and 项目编码): a nation-scale table (≈ 40M rows)
in minutes rather than the hour the generator takes.

The load average of the machine is printed with the figures: other work on the
cores shows in the wall time, not in the memory.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _region() -> object:
    spec = importlib.util.spec_from_file_location("region", HERE / "region.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(mode: str, path: Path, out: Path, rows: int) -> None:
    """Score `path` (`mode`: whole or stream), writing project, total and grade to `out`."""
    from scoring.engine.columns import iter_path, score_path

    parts = iter(iter_path(path, rows=rows)) if mode == "stream" else iter([score_path(path)])
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("project", "total", "grade"))
        for part in parts:
            writer.writerows(part.projects.select("project", "total", "grade").iter_rows())
            count += part.projects.height
            del part
    print(count)


def measure(mode: str, path: Path, rows: int) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB, projects) of one child run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "totals.csv"
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", mode, str(path), str(out),
                                 "--rows", str(rows)], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        printed = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"{mode} run failed ({proc.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, int(printed)


def write_copies(path: Path, projects: int, copies: int) -> int:
    """`copies` renumbered copies of a generated region of `projects` projects; rows."""
    base = path.with_suffix(".base.csv")
    _region().write_region(base, projects)  # type: ignore[attr-defined]
    head, *body = base.read_bytes().splitlines(keepends=True)
    base.unlink()
    number = re.compile("项目(\\d{6}),51090423T(\\d{12}),".encode())
    with path.open("wb") as out:
        out.write(head)
        for k in range(copies):
            shift = k * projects

            def renumber(m: re.Match[bytes], shift: int = shift) -> bytes:
                i = int(m.group(1)) + shift
                return f"项目{i:08d},51090423T{i:012d},".encode()
            out.writelines(number.sub(renumber, line, count=1) for line in body)
    return len(body) * copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--modes", default="whole,stream")
    parser.add_argument("--rows", type=int, default=100_000, help="rows a part, at least")
    parser.add_argument("--file", type=Path, help="a table to score as it is")
    parser.add_argument("--copies", type=int, default=1, help="renumbered copies of the region")
    parser.add_argument("--write", type=Path, help="only write the table (with --copies)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]), args.rows)
        return
    if args.write:
        rows = write_copies(args.write, args.projects[0], args.copies)
        print(f"{args.write}: {rows:,} rows")
        return
    modes = args.modes.split(",")
    print(f"{'rows':>11} {'mode':>6} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} "
          f"{'projects':>9}  load average")
    with tempfile.TemporaryDirectory() as tmp:
        given = [(args.file, None)] if args.file else [(Path(tmp) / f"r{n}.csv", n)
                                                        for n in args.projects]
        for path, projects in given:
            if projects is not None:
                _region().write_region(path, projects)  # type: ignore[attr-defined]
            rows = sum(1 for _ in path.open("rb")) - 1
            for mode in modes:
                wall, cpu, peak, count = measure(mode, path, args.rows)
                load = " ".join(f"{x:.1f}" for x in os.getloadavg())
                print(f"{rows:>11,} {mode:>6} {wall:>8.1f} {cpu:>8.1f} {peak:>9.0f} "
                      f"{count:>9,}  {load}", flush=True)
            if projects is not None:
                path.unlink()


if __name__ == "__main__":
    main()
