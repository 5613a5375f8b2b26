"""The process state a command may change, and putting it back when `main(argv)` returns.

The `scoring` program owns its process: what a command changes there (the signal
handlers and mask of `signals.Signals`, the quiet `sys.unraisablehook` after a
failed write) lasts until the interpreter exits, on purpose. Called with
arguments (a test, an embedding), `main(argv)` runs inside `Kept()`: on the way
out, whatever way that is, the process is left as it was found — the
`sys.unraisablehook` and `sys.excepthook`, the handlers of SIGINT and SIGTERM
(set from the main thread only, as Python allows), this thread's signal mask,
whether the garbage collector runs, this thread's decimal context (the same
object, its settings, flags and traps), the warnings filters and the standard
streams. Objects a failed command left half-made are collected (quietly, as the
command wanted) before the hook that would report them is put back.
"""

from __future__ import annotations

import decimal
import gc
import signal
import sys
import threading
import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from .signals import HANDLED


@dataclass(frozen=True)
class State:
    """What `Kept` records of the process; `State.now() == before` when nothing changed."""

    unraisablehook: Any
    excepthook: Any
    handlers: tuple[Any, ...]
    mask: frozenset[int]
    collecting: bool
    context: decimal.Context
    settings: str  # the context's repr: precision, rounding, exponents, flags, traps
    filters: tuple[Any, ...]
    streams: tuple[Any, ...]

    @classmethod
    def now(cls) -> State:
        """The process as it is."""
        context = decimal.getcontext()
        return cls(sys.unraisablehook, sys.excepthook,
                   tuple(signal.getsignal(sig) for sig in HANDLED),
                   frozenset(signal.pthread_sigmask(signal.SIG_BLOCK, set())),
                   gc.isenabled(), context, repr(context), tuple(warnings.filters),
                   (sys.stdin, sys.stdout, sys.stderr))

    def restore(self, saved: decimal.Context) -> None:
        """Put the process back in this state (`saved`: a copy of the context's settings)."""
        if sys.unraisablehook is not self.unraisablehook:
            gc.collect()  # a failed write's leftovers go while its quiet hook is on
        sys.unraisablehook, sys.excepthook = self.unraisablehook, self.excepthook
        if threading.current_thread() is threading.main_thread():
            for sig, handler in zip(HANDLED, self.handlers, strict=True):
                if handler is not None and signal.getsignal(sig) is not handler:
                    signal.signal(sig, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)
        (gc.enable if self.collecting else gc.disable)()
        decimal.setcontext(self.context)
        for name in ("prec", "rounding", "Emin", "Emax", "capitals", "clamp"):
            setattr(self.context, name, getattr(saved, name))
        for kind in saved.flags:
            self.context.flags[kind] = saved.flags[kind]
            self.context.traps[kind] = saved.traps[kind]
        sys.stdin, sys.stdout, sys.stderr = self.streams


class Kept:
    """`with Kept():` the process state recorded on entry is put back on exit."""

    def __init__(self) -> None:
        self.stack = ExitStack()

    def __enter__(self) -> State:
        self.stack.enter_context(warnings.catch_warnings())  # the filters, put back
        state = State.now()
        saved = state.context.copy()
        self.stack.callback(state.restore, saved)
        return state

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stack.close()
