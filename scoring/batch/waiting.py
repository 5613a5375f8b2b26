"""Batch (threads): a table's work in a helper thread that the run's thread waits for.

Polars does not return to Python until a part of a table is scored (seconds for
a region), and may take a signal's `KeyboardInterrupt` for an error of its own.
`pulled` computes each item of an iterator in a helper thread, started with
SIGINT and SIGTERM held (`pool.held_signals`: the helper and every thread
polars starts from it inherit the mask), and waits for it in short steps: a
Ctrl-C or SIGTERM (the CLI's `KeyboardInterrupt`, `cli/signals.py`) reaches the
run's thread, which ends the run at once; the helper, a daemon, ends with the
process. No signal handler is set here. The next item is computed while the
caller takes the one before (the table lane writes a part while the next one is
scored), so at most two are held.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, TypeVar

from .pool import held_signals

T = TypeVar("T")
WAIT = 0.05  # seconds between two looks at the helper


def pulled(batches: Iterator[T]) -> Iterator[T]:
    """`batches`, each computed in a helper thread that this thread waits for in short
    steps. Polars does not return to Python until a part is scored (seconds for a
    region), and may take a signal's `KeyboardInterrupt` for an error of its own; here
    every polars call runs in the helper, so a Ctrl-C or SIGTERM (the CLI's
    `KeyboardInterrupt`, raised in this thread) ends the run at once; the helper, a
    daemon, ends with the process. The next batch is computed while the caller takes
    this one (writes it): at most two are held at a time."""
    helper, box = _started(batches)
    while True:
        while helper.is_alive():
            helper.join(WAIT)
        error = box.get("error")
        if isinstance(error, StopIteration):
            return
        if error is not None:
            raise error
        batch = box["batch"]
        helper, box = _started(batches)
        yield batch


def _started(batches: Iterator[T]) -> tuple[threading.Thread, dict[str, Any]]:
    """A helper thread computing the next batch into its box."""
    box: dict[str, Any] = {}
    helper = threading.Thread(target=_pull, args=(batches, box), name="scoring-table",
                              daemon=True)
    with held_signals():  # the helper, and the threads polars starts from it, hold
        helper.start()  # SIGINT and SIGTERM: they go to this thread, which acts
    return helper, box


def _pull(batches: Iterator[T], box: dict[str, Any]) -> None:
    """The next batch into `box`, or what stopped it (raised by the waiting thread)."""
    try:
        box["batch"] = next(batches)
    except BaseException as exc:
        box["error"] = exc
