"""Hypothesis strategies: indicators, cases and schemes built by construction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from builders import make_case
from scoring.model import Case

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
