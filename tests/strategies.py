"""Hypothesis strategies: indicators, cases and schemes built by construction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from builders import make_case
from hypothesis import strategies as st

from scoring.model.case import Case

SCHEMES = st.sampled_from(["mof-2020", "sichuan-2023", "hubei-2020"])
QUANT_COMPARATORS = st.sampled_from(["≥", ">", "≤", "<", "="])


def decimals(lo: str = "0", hi: str = "1000", places: int = 2) -> st.SearchStrategy[Decimal]:
    """Exact decimals in [lo, hi] with at most `places` decimals."""
    return st.decimals(min_value=Decimal(lo), max_value=Decimal(hi), places=places,
                       allow_nan=False, allow_infinity=False)


weights = decimals("0.5", "50", 1)
amounts = decimals("0", "100000", 2)


@st.composite
def quantitative_rows(draw: st.DrawFn, name: str = "r") -> dict[str, Any]:
    """A quantitative row with a numeric target and actual (possibly blank)."""
    return {"name": name, "comparator": draw(QUANT_COMPARATORS),
            "target": draw(amounts), "actual": draw(st.one_of(st.none(), amounts)),
            "weight": draw(weights), "reason": draw(st.sampled_from([None, "原因"]))}


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A case with 1–12 rows, maybe a budget, under a built-in scheme."""
    count = draw(st.integers(1, 12))
    rows = [draw(quantitative_rows(f"r{i}")) for i in range(count)]
    rows[0]["actual"] = draw(amounts)  # at least one scorable row
    budget = None
    weight = None
    if draw(st.booleans()):
        budget = {"adjusted": str(draw(decimals("1", "100000"))),
                  "executed": str(draw(amounts))}
        weight = str(draw(weights))
    return make_case(rows, scheme=draw(SCHEMES), budget=budget, budget_weight=weight)


# Expressions (expr.py): well-formed texts of the allowed language, built by construction.
_EXPR_LEAVES = st.sampled_from(["actual", "target", "weight", "0", "1", "2.5", "100", "0.1"])


def _expr_step(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})")
    call = st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})")
    unary = inner.map(lambda e: f"abs(-{e})")
    rounded = st.tuples(inner, st.integers(0, 4)).map(lambda t: f"round_half_up({t[0]}, {t[1]})")
    power = st.tuples(st.sampled_from(["actual", "weight", "2.5"]), st.integers(-3, 3)).map(
        lambda t: f"{t[0]} ** {t[1]}")
    compare = st.tuples(inner, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})")
    choice = st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    return st.one_of(binary, call, unary, rounded, power, compare, choice)


expressions = st.recursive(_EXPR_LEAVES, _expr_step, max_leaves=12).filter(
    lambda text: len(text) <= 500)
"""Texts of the expression language (numbers, + - * /, bounded **, comparisons, ...)."""
