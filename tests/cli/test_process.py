"""`main(argv)` leaves the process as it found it (cli/process.py, #13.6)."""

from __future__ import annotations

import contextlib
import decimal
import gc
import io
import signal
import sys
import threading
import warnings
from pathlib import Path

from conftest import SEED

from scoring.cli.main import main
from scoring.cli.process import Kept, State


def _quiet(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


def test_main_called_twice_leaves_hooks_handlers_and_mask_as_they_were(tmp_path: Path) -> None:
    before = State.now()
    # a failed write quiets sys.unraisablehook (cli/main.py `_quiet_leftovers`); a score
    # installs the SIGINT/SIGTERM handlers (cli/signals.py) for its run
    failed = ["score", str(SEED), "--format", "xlsx", "-o", str(tmp_path / "no" / "o.xlsx")]
    assert _quiet(failed) == 1
    assert State.now() == before
    assert _quiet(["score", str(SEED), "--format", "json"]) == 0
    assert _quiet(failed) == 1
    after = State.now()
    assert after == before
    assert sys.unraisablehook is before.unraisablehook
    assert signal.getsignal(signal.SIGINT) is before.handlers[0]


def test_main_in_another_thread_leaves_the_hook_as_it_was(tmp_path: Path) -> None:
    before = sys.unraisablehook  # no signal handlers there (Python allows none): the
    failed = ["score", str(SEED), "-o", str(tmp_path / "no" / "o.txt")]  # hook is Kept's
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(_quiet(failed)))
    thread.start()
    thread.join()
    assert codes == [1]
    assert sys.unraisablehook is before


def test_a_batch_leaves_the_garbage_collector_running(tmp_path: Path) -> None:
    assert gc.isenabled()
    assert _quiet(["batch", str(SEED), "-o", str(tmp_path / "o.csv"), "--jobs", "1"]) == 0
    assert gc.isenabled()


def test_kept_puts_back_what_a_block_changed() -> None:
    def hook(info: object) -> None:
        del info

    context = decimal.getcontext()
    before = State.now()
    with Kept():
        sys.unraisablehook = hook
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        gc.disable()
        context.prec = 3
        decimal.Decimal(1) / decimal.Decimal(3)  # sets Inexact, Rounded on the context
        decimal.setcontext(decimal.Context(prec=5))
        warnings.simplefilter("ignore")
        sys.stdout = io.StringIO()
        assert State.now() != before
    assert State.now() == before
    assert decimal.getcontext() is context  # the same object, its settings as they were


def test_kept_puts_back_on_an_exception_too() -> None:
    before = State.now()
    try:
        with Kept():
            sys.unraisablehook = lambda info: None
            raise KeyError("boom")
    except KeyError:
        pass
    assert State.now() == before
