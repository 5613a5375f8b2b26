"""Exact numbers: the one rounding function and the one way to print a Decimal.

Every score in the engine is rounded here, `ROUND_HALF_UP` (四舍五入) at the
scheme's places; Python's `round()` (banker's rounding on binary floats) is
never used. `ENGINE_CONTEXT` is the decimal context the engine computes in,
whatever the caller's thread has set.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

ENGINE_CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP, Emax=999999, Emin=-999999)
SHOWN_PLACES = 6  # an unrounded quotient longer than this prints as ≈ value
_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(0, 13)}
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals (7.675 → 7.7 at 1, 7.68 at 2)."""
    return value.quantize(_QUANTA[places], rounding=ROUND_HALF_UP, context=ENGINE_CONTEXT)


def fmt(value: Decimal) -> str:
    """A Decimal as plain text, without exponent or trailing zeros: 7.6750 → 7.675."""
    if value == value.to_integral_value():
        return format(value.quantize(ONE, context=ENGINE_CONTEXT), "f")
    return format(value.normalize(ENGINE_CONTEXT), "f")


def plain(value: Decimal) -> str:
    """A Decimal as it was given, without exponent: 300.00 stays 300.00."""
    return format(value, "f")


def fmt_exact(value: Decimal) -> str:
    """`= 7.675` for a short exact value, `≈ 6.666667` for a long one."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SHOWN_PLACES and value != round_half_up(
            value, SHOWN_PLACES):
        return "≈ " + fmt(round_half_up(value, SHOWN_PLACES))
    return "= " + fmt(value)


def fmt_places(value: Decimal, places: int) -> str:
    """A score as printed: exactly `places` decimals (10 → 10.0 at 1 place)."""
    return format(round_half_up(value, places), "f")


def percent(rate: Decimal) -> str:
    """A rate as a percentage with 2 decimals: 0.76 → 76.00%."""
    return format(round_half_up(rate * HUNDRED, 2), "f") + "%"
