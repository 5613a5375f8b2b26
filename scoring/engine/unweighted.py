"""Evaluate a row without points: a published row whose 权重 is blank.

Sub-items printed under a weighted row (`其中：…`), a row cut by the page, or every
row of a layout with no 权重/分值 column: the row is shown in every output and judged
as the rules say (its status, `met`/`partial`/`unmet`, and its completion), but it
scores nothing and counts in no total. `row.py` scores it against a nominal weight of
100, so its unrounded score is its completion in percent; `unweighted` turns that
outcome into one without weight or score, with `row-unweighted` [info].
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..decimals import HUNDRED, percent
from ..errors import Location
from ..model.findings import Finding, finding
from ..model.result import IndicatorResult
from ..read.packaged import data_file

NOMINAL_WEIGHT = HUNDRED
"""The weight a row without one is judged against: its raw score is its completion (%)."""

_JUDGED = frozenset(("met", "partial", "unmet"))
_WORDS: dict[str, Any] = data_file("derivations.yaml")["unweighted"]  # the derivation's words
_WHY: dict[str, str] = data_file("derivations.yaml")["unweighted"]["why"]


def completion(row: IndicatorResult) -> Decimal | None:
    """The share of a row's points its rule gives (actual ÷ target for a ≥ row, capped
    at 100%), for a row judged by its rule; None for any other."""
    if row.status not in _JUDGED or row.raw_score is None:
        return None
    return row.raw_score / NOMINAL_WEIGHT


def unweighted(result: IndicatorResult, found: list[Finding], bad_at: Location | None = None,
               weight: str = "") -> tuple[IndicatorResult, list[Finding]]:
    """The row scored against `NOMINAL_WEIGHT`, without weight or score: its completion
    in the derivation, `row-unweighted` added (`bad-weight` at `bad_at` instead, for a
    published `weight` that is not a positive number), and `reason-missing` dropped (no
    points are lost)."""
    share = completion(result)
    how = _WORDS["completion"].format(share=percent(share)) if share is not None \
        else _WHY.get(result.status, "")
    why = _WORDS["not_scored"] if bad_at is None else _WORDS["bad_weight"].format(weight=weight)
    explain = f"{how}{_WORDS['separator']}{why}" if how else why
    kept = [f for f in found if f.code != "reason-missing"]
    if bad_at is None:
        kept.append(finding("row-unweighted", result.name, result.location))
    else:
        kept.append(finding("bad-weight", result.name, bad_at, weight=weight))
    return result._replace(weight=None, score=None, explain=explain, completion=share), kept

