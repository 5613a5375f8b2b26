"""decimals.py: the one rounding function (ROUND_HALF_UP) and number printing."""

from decimal import Decimal, localcontext

import pytest

from scoring.decimals import fmt, fmt_exact, fmt_places, percent, plain, round_half_up


@pytest.mark.parametrize(("value", "places", "expected"), [
    ("7.675", 1, "7.7"),      # the seed: 184.2 / 240 × 10
    ("7.675", 2, "7.68"),     # round(184.2/240*10, 2) gives 7.67 on floats: wrong
    ("0.05", 1, "0.1"),       # half up, not half even
    ("0.15", 1, "0.2"),
    ("0.25", 1, "0.3"),
    ("2.5", 0, "3"),
    ("-0.05", 1, "-0.1"),
    ("9.9101", 1, "9.9"),
])
def test_round_half_up(value: str, places: int, expected: str) -> None:
    assert str(round_half_up(Decimal(value), places)) == expected


def test_round_half_up_ignores_the_callers_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 2
        assert str(round_half_up(Decimal("97.675"), 2)) == "97.68"


def test_float_rounding_would_be_wrong() -> None:
    """The reason this module exists (RULES.md F13)."""
    assert round(184.2 / 240 * 10, 2) == 7.67
    assert round_half_up(Decimal("184.2") / Decimal("240") * 10, 2) == Decimal("7.68")


@pytest.mark.parametrize(("value", "text"), [
    ("7.6750", "7.675"), ("10", "10"), ("1E+2", "100"), ("0.50", "0.5"), ("300.00", "300"),
])
def test_fmt(value: str, text: str) -> None:
    assert fmt(Decimal(value)) == text


def test_plain_keeps_the_given_places() -> None:
    assert plain(Decimal("300.00")) == "300.00"


def test_fmt_exact_marks_long_quotients_as_approximate() -> None:
    assert fmt_exact(Decimal("7.675")) == "= 7.675"
    assert fmt_exact(Decimal(20) / Decimal(3)) == "≈ 6.666667"


def test_fmt_places_and_percent() -> None:
    assert fmt_places(Decimal(10), 1) == "10.0"
    assert fmt_places(Decimal("7.675"), 2) == "7.68"
    assert percent(Decimal("0.76")) == "76.00%"
    assert percent(Decimal(1)) == "100.00%"
