"""batch/waiting.py: each item computed in a helper thread that holds SIGINT and SIGTERM."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import pytest

from scoring.batch.waiting import pulled


def test_items_in_order_from_a_helper_that_holds_the_signals() -> None:
    seen: list[tuple[str, bool]] = []

    def items() -> Iterator[int]:
        for i in range(3):
            held = signal.pthread_sigmask(signal.SIG_BLOCK, set())
            seen.append((threading.current_thread().name,
                         {signal.SIGINT, signal.SIGTERM} <= held))
            yield i

    assert list(pulled(items())) == [0, 1, 2]
    assert seen == [("scoring-table", True)] * 3
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_an_error_of_the_helper_is_raised_in_the_waiting_thread() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("bad part")

    got = pulled(items())
    assert next(got) == 1
    with pytest.raises(ValueError, match="bad part"):
        next(got)


def test_the_next_item_is_computed_while_the_caller_holds_this_one() -> None:
    computing = threading.Event()

    def items() -> Iterator[int]:
        yield 0
        computing.set()
        yield 1

    got = pulled(items())
    assert next(got) == 0
    assert computing.wait(10)  # item 1 is on its way before it is asked for
    assert list(got) == [1]
