"""The command line's signals and last-resort errors: a clean end, never a traceback.

Only the CLI (`cli.main`) installs signal handlers: the library sets none
(`score_many` in a notebook keeps Ctrl-C, in a Dask worker thread it would
fail). For one command, in the main thread, SIGINT (Ctrl-C) and SIGTERM
(`docker stop`, `systemctl stop`, `kill`) raise `KeyboardInterrupt` where the
command is; what it unwinds ends on the way: the batch's worker processes
(`batch/pool.py`) and the temporary output file (`output.AtomicFile`), so the
previous output stays as it was. Signals after the first are noted and
ignored, so they cannot cut that clean-up short. A worker forked with these
handlers (`batch/pool.py` holds the signals while it forks, but a signal the
interpreter noted just before can still run the handler in the child) ends by
the signal itself, quietly. The exit status is 128 + the signal's number, as a
shell reports a process it ended: 130 (SIGINT), 143 (SIGTERM).

When the CLI runs as the program (`argv` not given), an interrupted command
ends with `os._exit` once its clean-up is done (`Signals.end`), and after a
command that ran to its end the signals are held until the interpreter exits:
a signal that comes as the program ends changes nothing, its exit code stands.
Called with arguments (tests, embedding) the previous handlers are put back and
the code is returned (and the rest of the process state: `process.Kept`).

`MemoryError` and `RecursionError` (an input that exhausts memory or nests
past Python's stack) end the command with one line naming its inputs, code
`out-of-memory` or `too-deep`, exit 1.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType, TracebackType
from typing import Any, NoReturn

from ..errors import Diagnostic, Location, format_diagnostic

HANDLED = (signal.SIGINT, signal.SIGTERM)
RESEND_SECONDS = 0.01


class Signals:
    """`with Signals(keep=...) as s:` the handlers of one command; `s.received`."""

    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        self.pid = os.getpid()
        self.received: int | None = None
        self.previous: dict[int, Any] = {}
        self.hook = sys.unraisablehook

    def __enter__(self) -> Signals:
        if threading.current_thread() is threading.main_thread():
            for sig in HANDLED:
                self.previous[sig] = signal.signal(sig, self._handle)
            self.hook = sys.unraisablehook
            sys.unraisablehook = self._unraisable
        return self

    def _unraisable(self, info: Any) -> None:
        """The interpreter runs a signal handler wherever it is, also in a callback
        (a weakref's, importlib's module-lock one) whose exceptions it only reports
        as "Exception ignored": the `KeyboardInterrupt` would be lost and the run go
        on. Then the signal is sent again, from another thread a moment later (sent
        from here it would be handled here again), to be raised where it can be."""
        if isinstance(info.exc_value, KeyboardInterrupt) and self.received:
            signum, self.received = self.received, None
            main = threading.main_thread().ident
            assert main is not None
            # to the main thread itself: held there (pthread_sigmask), it waits
            again = threading.Timer(RESEND_SECONDS, signal.pthread_kill, (main, signum))
            again.daemon = True
            again.start()
            return
        self.hook(info)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self.pid:  # a worker forked with this handler: it just ends,
            signal.signal(signum, signal.SIG_DFL)  # as the signal ends it by default,
            os.kill(os.getpid(), signum)  # wherever it is (no traceback)
            return
        if self.received is None:
            self.received = signum
            raise KeyboardInterrupt

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.keep:
            if self.received is None:
                self.received = 0  # from now on a signal is ignored: the command is done
            # and held: the interpreter's exit puts the default actions back, which a
            # late signal would take; held, it dies with the process (its code stands)
            signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
            return
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)
        if self.previous and sys.unraisablehook == self._unraisable:  # not one set since
            sys.unraisablehook = self.hook  # (a failed write's quiet one: `process.Kept`)

    def exit_code(self) -> int:
        """128 + the signal received (130 when none was: a bare KeyboardInterrupt)."""
        return 128 + (self.received or signal.SIGINT)

    def end(self) -> NoReturn:
        """End the interrupted program now, with `exit_code()`, its clean-up done.

        Not by returning: CPython (3.11) flags a `KeyboardInterrupt` raised inside any
        `exec()` of a string — `dataclasses` and `namedtuple` build their methods so,
        at import — as never caught, and then ends the interpreter by SIGINT whatever
        the program returns."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(self.exit_code())


def exhausted(exc: BaseException, inputs: Sequence[str]) -> str:
    """The one line for a `MemoryError` or `RecursionError` while reading `inputs`."""
    where = Location(inputs[0] if inputs else "scoring")
    more = f"（处理 {len(inputs)} 个输入之一时）" if len(inputs) > 1 else ""
    if isinstance(exc, MemoryError):
        return format_diagnostic(Diagnostic(where, f"内存不足，无法完成{more}；输入过大，"
                                            "请拆分后再试", "out-of-memory"))
    return format_diagnostic(Diagnostic(where, f"嵌套或递归过深，无法完成{more}", "too-deep"))
