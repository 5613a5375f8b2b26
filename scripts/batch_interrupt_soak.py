"""Soak test: interrupt `scoring batch` many times, as an operator would (issue 12.1).

`tests/test_hostile_batch.py` sends SIGTERM/SIGINT to a small run 100 times;
this runs the same check (`tests/interrupt.py`) on a larger region for as many
tries as asked, at random points, with `--jobs 2..8`, and prints a tally:

    python scripts/batch_interrupt_soak.py --tries 1000 --projects 3000

Exit 1 if any try broke a guarantee: ended more than 5 s after the signal, left
a process of its group, a temporary file, a traceback, or an output that is
neither the previous one nor the complete new one.
"""

from __future__ import annotations

import argparse
import collections
import random
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

import region  # noqa: E402
from interrupt import GRACE, OLD, interrupt_once  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally: collections.Counter[str] = collections.Counter()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        region.write_region(inputs / "region.csv", args.projects, seed=args.seed)
        span = 0.2 + args.projects / 2000  # seconds: about a run's length on 2 cores
        for i in range(args.tries):
            sig = rng.choice((signal.SIGTERM, signal.SIGINT))
            folder = Path(tmp) / f"try{i}"
            folder.mkdir()
            out = folder / "out.csv"
            got = interrupt_once(["batch", str(inputs), "-o", str(out), "--jobs",
                                  str(rng.randint(2, 8)), "--quiet"], folder, out, sig,
                                 rng.uniform(0, span), ROOT)
            ok = (got.code is not None and got.seconds < GRACE and not got.left
                  and got.files == ["out.csv"] and "Traceback" not in got.err
                  and got.code in (0, 128 + sig))
            tally[f"exit {got.code}" + ("" if got.output != OLD else ", old output kept")] += 1
            if not ok:
                bad += 1
                print(f"try {i}: {got}", file=sys.stderr)
    for key, n in sorted(tally.items()):
        print(f"{n:6d}  {key}")
    print(f"{args.tries - bad} of {args.tries} tries kept every guarantee")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
