"""signals.py: a command's SIGINT/SIGTERM become one KeyboardInterrupt, and 130 or 143."""

from __future__ import annotations

import os
import signal
import time

import pytest

from scoring.cli.signals import Signals, exhausted


def _wait_for_signal() -> None:
    for _ in range(200):
        time.sleep(0.005)


def test_sigterm_interrupts_the_command_once_and_ends_it_with_143() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with Signals() as signals:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            _wait_for_signal()
        os.kill(os.getpid(), signal.SIGTERM)  # a second one: noted, ignored (clean-up runs)
        _wait_for_signal()
    assert (signals.received, signals.exit_code()) == (signal.SIGTERM, 143)
    assert signal.getsignal(signal.SIGTERM) is before  # put back, called from a test


def test_a_bare_keyboard_interrupt_counts_as_sigint() -> None:
    with Signals() as signals:
        pass
    assert signals.received is None and signals.exit_code() == 130


def test_exhaustion_is_one_located_line_naming_the_input() -> None:
    assert exhausted(MemoryError(), ["big.csv"]) == (
        "big.csv: 内存不足，无法完成；输入过大，请拆分后再试 (out-of-memory)")
    assert exhausted(RecursionError(), ["a.yaml", "b.yaml"]) == (
        "a.yaml: 嵌套或递归过深，无法完成（处理 2 个输入之一时） (too-deep)")
