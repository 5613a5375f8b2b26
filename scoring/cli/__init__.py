"""The command line: parse arguments → public API → render → exit code.

`program()` is the `scoring` program (its console script and `python -m scoring`).
It imports the command line with the garbage collector off, then freezes what the
imports made: modules, classes, pydantic's machinery and the data they hold live as
long as the process, and collecting while they are made only walks them again and
again (≈ 12 ms of CPU, 6% of `scoring score`'s start-up). The collector is back on
before any command runs; the frozen objects are never walked again (`gc.freeze`).
`main(argv)` (tests, an embedding) leaves the collector as it finds it.
"""

from __future__ import annotations

import gc


def program() -> int:
    """Run the `scoring` program; returns its exit code."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .main import main
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return main()
