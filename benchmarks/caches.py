"""Does each small memo earn its place? Each workload with and without it, interleaved.

The issue's rule (#13.3): a cache stays only where it saves ≥ 20% on a stated
workload. The row memo and the cell grammar's caches are measured by
benchmarks/batch.py (README, "Caches kept"); this measures the small ones:

- `report/grid.char_width` and `_wrapper`: rendering every case in cases/ as text
  (51–62%: kept).

Measured here too, and removed for saving under 20% (2026-12-04, best of 3–5,
interleaved, CPU): `read/cells.read_comparator` and the flat importer's header-label
memo (loading a 500-project region CSV: 2%); `model/expr._compile` by text (a case
whose 1,000 rows share one expression: 12%, 3% and 22–29% in noisier runs);
`load/number_checks._plan` by model class (every case loaded ×10: −9% to 8%).

"Without" swaps the memo for the function it wraps in every module that holds it,
so the same code runs uncached. Best of N runs each, interleaved; CPU time.

    python benchmarks/caches.py --repeat 3
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from scoring import evaluate, load_case, render  # noqa: E402


@contextmanager
def uncached(memo: Any) -> Iterator[None]:
    """`memo` replaced by the function it wraps wherever a module holds it."""
    plain = memo.__wrapped__
    held = [(module, name) for module in list(sys.modules.values()) if module is not None
            and (module.__name__ or "").startswith("scoring")
            for name, value in list(vars(module).items()) if value is memo]
    for module, name in held:
        setattr(module, name, plain)
    try:
        yield
    finally:
        for module, name in held:
            setattr(module, name, memo)


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = sorted((ROOT / "cases").glob("*.yaml"))
    results = [evaluate(load_case(c)) for c in cases]

    from scoring.report import grid

    workloads: list[tuple[str, list[Any], Callable[[], object]]] = [
        ("every case rendered as text ×5: char_width, _wrapper",
         [grid.char_width, grid._wrapper],
         lambda: [render(r, "text") for _ in range(5) for r in results]),
    ]
    print(f"{'workload':58} {'with':>8} {'without':>8} {'saves':>6}")
    for title, memos, work in workloads:
        work()  # warm: imports, data files
        with_memo, without = [], []
        for _ in range(args.repeat):
            for memo in memos:
                memo.cache_clear()
            with_memo.append(_cpu(work))
            with _all_uncached(memos):
                without.append(_cpu(work))
        best, plain = min(with_memo), min(without)
        print(f"{title:58} {best:7.3f}s {plain:7.3f}s {1 - best / plain:6.0%}")
    return 0


@contextmanager
def _all_uncached(memos: list[Any]) -> Iterator[None]:
    if not memos:
        yield
        return
    with uncached(memos[0]), _all_uncached(memos[1:]):
        yield


if __name__ == "__main__":
    raise SystemExit(main())
