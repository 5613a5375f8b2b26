"""Check (department sets): sections are unique, every indicator has one, weights add up.

A set check (`check_sections`) and a case check (`check_case_sections`), run
by the loader with the others (`checks.py`): unknown section names (with a
did-you-mean), duplicate names, weights that do not add up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..decimals import ZERO, fmt
from ..errors import Diagnostic
from ..model.case import Case, IndicatorSet, Section
from ..model.sections import placed_in, weight_of
from ..read.spelling import suggest


def check_sections(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Sections are unique, every indicator has one, and weights add up."""
    if not iset.sections:
        return
    yield from _check_names(iset.sections, "一级")
    for top in iset.sections:
        yield from _check_names(top.sections, "二级")
        for sub in top.sections:
            if sub.sections:
                yield Diagnostic(sub.place("sections"), f"分项“{sub.name}”之下不能再分项"
                                 "（最多两级：一级、二级）", "bad-section", sub.name)
        if top.sections:
            inner_sum = sum((weight_of(s.weight) for s in top.sections), ZERO)
            if inner_sum != weight_of(top.weight):
                yield Diagnostic(top.place("weight"), f"分项“{top.name}”的权重 "
                                 f"{fmt(weight_of(top.weight))} 不等于其二级分项权重之和 "
                                 f"{fmt(inner_sum)}",
                                 "section-weights-do-not-sum", top.name)
    tops = [s.name for s in iset.sections]
    held: dict[tuple[str, str | None], Decimal] = {}
    for ind in iset.indicators:
        home, inner = placed_in(ind, iset.sections)
        if home is None:
            yield Diagnostic(ind.place("level1"), f"一级指标“{ind.level1 or ''}”不是 sections 中的"
                             "分项" + suggest(ind.level1 or "", tops), "unknown-section", ind.key)
            continue
        if home.sections and inner is None:
            names = [s.name for s in home.sections]
            yield Diagnostic(ind.place("level2"), f"二级指标“{ind.level2 or ''}”不是分项"
                             f"“{home.name}”的二级分项" + suggest(ind.level2 or "", names),
                             "unknown-section", ind.key)
            continue
        key = (home.name, inner.name if inner else None)
        held[key] = held.get(key, ZERO) + weight_of(ind.weight)
    for block in iset.sections:
        pairs: list[tuple[Section, tuple[str, str | None]]] = [
            (s, (block.name, s.name)) for s in block.sections] or [(block, (block.name, None))]
        for section, key in pairs:
            got = held.get(key, ZERO)
            if got != weight_of(section.weight):
                yield Diagnostic(section.place("weight"), f"分项“{section.name}”权重 "
                                 f"{fmt(weight_of(section.weight))}，其指标权重之和为 {fmt(got)}",
                                 "section-weights-do-not-sum", section.name)


def _check_names(sections: Sequence[Section], level: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for s in sections:
        if s.name in seen:
            yield Diagnostic(s.location, f"{level}分项“{s.name}”重复", "duplicate-section", s.name)
        seen.add(s.name)


def _all_names(iset: IndicatorSet) -> list[str]:
    return [n for top in iset.sections for n in (top.name, *(s.name for s in top.sections))]


def check_case_sections(case: Case) -> Iterator[Diagnostic]:
    """Every section a case names exists in its indicator set."""
    names = _all_names(case.indicator_set)
    for key, given in case.sections.items():
        if key not in names:
            hint = suggest(key, names) if names else "（指标体系没有 sections）"
            yield Diagnostic(given.location, f"指标体系中没有分项“{key}”{hint}",
                             "unknown-section", key)
