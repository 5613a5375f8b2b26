"""Check schemes: what a merged scheme must obey beyond its shape, pointing at its keys.

Registered with the set and case checks (`checks.SCHEME_CHECKS`), each taking
one `SchemeSource`, and run by `scheme.load_scheme` on the merged data of a scheme and everything it
`extends:`, so a diagnostic points at the file and key where the value was
written: the grade bands at the `grades` key and at the band itself (F12:
half-open bands covering [0, total] with no gap and no overlap), the weights
at their keys (all positive; `budget_weight + indicator_total = total`).
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from ..decimals import fmt
from ..errors import Diagnostic, Location
from ..model.scheme import GradeBand, Scheme
from ..read.source import YamlMap


class SchemeSource(NamedTuple):
    """What a scheme check looks at: the merged scheme, where it was loaded from, and its
    merged located data (None for a scheme built in code), to point at the key."""

    scheme: Scheme
    where: Location
    data: YamlMap | None = None


def _key(data: YamlMap | None, key: str, where: Location) -> Location:
    if data is None:
        return where
    return data.key_locations.get(key) or data.location


def _band(band: GradeBand, fallback: Location) -> Location:
    return band.location if band.location.line else fallback


def check_grades(source: SchemeSource) -> list[Diagnostic]:
    """Grade bands must cover [0, total] with no gap and no overlap (F12)."""
    scheme = source.scheme
    at = _key(source.data, "grades", source.where)
    bands = sorted(scheme.grades, key=lambda b: b.min)
    out: list[Diagnostic] = []
    if bands[0].min > 0:
        out.append(Diagnostic(at, f"grades：等级区间未覆盖 0 至 {fmt(bands[0].min)}",
                              "grade-gap"))
    for low, high in itertools.pairwise(bands):
        if low.below is None:
            out.append(Diagnostic(_band(low, at), f"grades：等级“{low.label}”没有上限（below），"
                                  "却不是最高一档", "grade-overlap"))
        elif low.below < high.min:
            out.append(Diagnostic(at, f"grades：等级区间在 {fmt(low.below)} 与 {fmt(high.min)} "
                                  f"之间有空缺（“{low.label}”与“{high.label}”之间）",
                                  "grade-gap"))
        elif low.below > high.min:
            out.append(Diagnostic(_band(high, at), f"grades：等级“{low.label}”与“{high.label}”"
                                  f"重叠（{fmt(high.min)} 至 {fmt(low.below)}）", "grade-overlap"))
    top = bands[-1]
    if top.below is not None and top.below <= scheme.total:
        out.append(Diagnostic(at, f"grades：等级区间未覆盖 {fmt(top.below)} 至 "
                              f"{fmt(scheme.total)}", "grade-gap"))
    for band in bands:
        if band.below is not None and band.below <= band.min:
            out.append(Diagnostic(_band(band, at), f"grades：等级“{band.label}”的区间为空",
                                  "grade-overlap"))
    labels = [b.label for b in scheme.grades]
    for label in sorted({x for x in labels if labels.count(x) > 1}):
        out.append(Diagnostic(at, f"grades：等级名称“{label}”重复", "grade-overlap"))
    return out


def check_scheme_weights(source: SchemeSource) -> list[Diagnostic]:
    """Weights are positive and budget execution + indicators = the total."""
    scheme, where, data = source
    if scheme.budget_weight + scheme.indicator_total != scheme.total:
        places = [_key(data, k, where) for k in ("budget_weight", "indicator_total", "total")]
        own = [p for p in places if data is not None and p.file == data.location.file]
        at = own[0] if own else places[1]  # the key the file itself sets, where it can be fixed
        return [Diagnostic(at, f"budget_weight {fmt(scheme.budget_weight)} + indicator_total "
                           f"{fmt(scheme.indicator_total)} 不等于 total {fmt(scheme.total)}",
                           "scheme-weights-do-not-sum")]
    return []
