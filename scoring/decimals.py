"""Exact numbers: the one rounding function and the one way to print a Decimal.

Every score in the engine is rounded here, `ROUND_HALF_UP` (四舍五入) at the
scheme's places; Python's `round()` (banker's rounding on binary floats) is
never used. `ENGINE_CONTEXT` is the decimal context the engine computes in,
whatever the caller's thread has set: `in_engine_context` runs each public
function of the package in it (`scoring/__init__.py` applies it to them all).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any, ParamSpec, TypeVar

ENGINE_CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP, Emax=999999, Emin=-999999)
SHOWN_PLACES = 6  # an unrounded quotient longer than this prints as ≈ value
_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(0, 13)}
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
P = ParamSpec("P")
R = TypeVar("R")


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals (7.675 → 7.7 at 1, 7.68 at 2).

    A value with more integer digits than the engine's precision (a 40-digit
    cell) is rounded exactly too, in a context just wide enough, never refused.
    """
    digits = value.adjusted() + places + 2  # the rounded coefficient, with a carry
    context = ENGINE_CONTEXT if digits <= ENGINE_CONTEXT.prec else ENGINE_CONTEXT.copy()
    if context is not ENGINE_CONTEXT:
        context.prec = digits
    return value.quantize(_QUANTA[places], rounding=ROUND_HALF_UP, context=context)


def fmt(value: Decimal) -> str:
    """A Decimal as plain text, without exponent or trailing zeros: 7.6750 → 7.675.

    Exact however many digits (1E+40 prints all 41); -0 prints as 0. Not cached: a
    cache keyed by Decimal costs as much as the formatting (hashing, -0 == 0).
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plain(value: Decimal) -> str:
    """A Decimal as it was given, without exponent: 300.00 stays 300.00."""
    return format(value, "f")


def fmt_exact(value: Decimal) -> str:
    """`= 7.675` for a short exact value, `≈ 6.666667` for a long one."""
    text = fmt(value)
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > SHOWN_PLACES:
        return "≈ " + fmt(round_half_up(value, SHOWN_PLACES))
    return "= " + text


def fmt_places(value: Decimal, places: int) -> str:
    """A score as printed: exactly `places` decimals (10 → 10.0 at 1 place)."""
    rounded = round_half_up(value, places)
    return format(rounded.copy_abs() if rounded.is_zero() else rounded, "f")


def percent(rate: Decimal) -> str:
    """A rate as a percentage with 2 decimals: 0.76 → 76.00%."""
    return format(round_half_up(rate * HUNDRED, 2), "f") + "%"


def in_engine_context(func: Callable[P, R]) -> Callable[P, R]:
    """`func` computing in `ENGINE_CONTEXT`, never in the caller's decimal context (a
    caller's `getcontext().prec = 3` or traps change nothing, #12.10). A generator it
    returns runs each step in the engine's context, and the caller's between steps."""

    @functools.wraps(func)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(ENGINE_CONTEXT):
            result = func(*args, **kwargs)
        if isinstance(result, Generator):
            stepped: Any = _stepped(result)
            return stepped  # type: ignore[no-any-return]
        return result

    guarded.__engine_context__ = True  # type: ignore[attr-defined]
    return guarded


def _stepped(inner: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
    """`inner`, each of its steps (next, send, throw, close) in `ENGINE_CONTEXT`."""
    try:
        with localcontext(ENGINE_CONTEXT):
            item = next(inner)
        while True:
            try:
                sent = yield item  # in the caller's context
            except GeneratorExit:
                raise
            except BaseException as exc:  # thrown in by the caller: passed on
                with localcontext(ENGINE_CONTEXT):
                    item = inner.throw(exc)
                continue
            with localcontext(ENGINE_CONTEXT):
                item = inner.send(sent)
    except StopIteration as stop:
        return stop.value
    finally:
        with localcontext(ENGINE_CONTEXT):
            inner.close()
