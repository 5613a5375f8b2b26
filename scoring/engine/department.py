"""Department sets (部门整体): sections with weights, checked at load, summed in results.

An indicator set of `kind: department` lists its `sections:` (一级, each
optionally holding 二级 sections); an indicator belongs to the top-level
section named by its `level1` and, when that section is divided, to the inner
section named by its `level2`. Three stages use this module:

- load: `check_sections` (a set check) and `check_case_sections` (a case
  check) return located diagnostics: unknown section names (with a
  did-you-mean), duplicate names, weights that do not add up;
- evaluation: `effective_actuals` marks every row of a section that is not
  applicable (in the set, or in the case's `sections:`) as not applicable, so
  the engine leaves it out and rescales the total (F9);
- results: `section_results` sums the rounded row scores per section.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..decimals import ZERO, fmt
from ..errors import Diagnostic
from ..model.case import Actual, Case, Indicator, IndicatorSet, Section
from ..model.result import IndicatorResult, SectionResult
from ..read.cells import read_number
from ..read.spelling import suggest

_NO_ACTUAL = Actual.model_construct()  # (validating it would build its schema)


def _weight(value: Decimal | str) -> Decimal:
    return read_number(value) or ZERO


def _home(ind: Indicator, sections: Sequence[Section]) -> tuple[Section | None, Section | None]:
    """The top-level section of `ind` and, if that one is divided, its inner section."""
    top = next((s for s in sections if s.name == ind.level1), None)
    if top is None or not top.sections:
        return top, None
    return top, next((s for s in top.sections if s.name == ind.level2), None)


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
            inner_sum = sum((_weight(s.weight) for s in top.sections), ZERO)
            if inner_sum != _weight(top.weight):
                yield Diagnostic(top.place("weight"), f"分项“{top.name}”的权重 "
                                 f"{fmt(_weight(top.weight))} 不等于其二级分项权重之和 "
                                 f"{fmt(inner_sum)}",
                                 "section-weights-do-not-sum", top.name)
    tops = [s.name for s in iset.sections]
    held: dict[tuple[str, str | None], Decimal] = {}
    for ind in iset.indicators:
        home, inner = _home(ind, iset.sections)
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
        held[key] = held.get(key, ZERO) + _weight(ind.weight)
    for block in iset.sections:
        pairs: list[tuple[Section, tuple[str, str | None]]] = [
            (s, (block.name, s.name)) for s in block.sections] or [(block, (block.name, None))]
        for section, key in pairs:
            got = held.get(key, ZERO)
            if got != _weight(section.weight):
                yield Diagnostic(section.place("weight"), f"分项“{section.name}”权重 "
                                 f"{fmt(_weight(section.weight))}，其指标权重之和为 {fmt(got)}",
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


def _not_applicable(case: Case) -> dict[str, str]:
    """Names of the sections left out, with their reason."""
    out: dict[str, str] = {}
    for top in case.indicator_set.sections:
        for s in (top, *top.sections):
            given = case.sections.get(s.name)
            if s.not_applicable or (given is not None and given.not_applicable):
                out[s.name] = (given.reason if given and given.reason else s.reason) or "不适用"
    return out


def effective_actuals(case: Case) -> dict[str, Actual]:
    """The case's actuals, with every row of a section not applicable marked so."""
    left_out = _not_applicable(case)
    if not left_out:
        return case.actuals
    out = dict(case.actuals)
    for ind in case.indicator_set.indicators:
        top, inner = _home(ind, case.indicator_set.sections)
        hit = next((s.name for s in (top, inner) if s is not None and s.name in left_out), None)
        if hit is not None:
            act = out.get(ind.key, _NO_ACTUAL)
            out[ind.key] = act.model_copy(update={
                "not_applicable": True, "reason": act.reason or f"分项“{hit}”{left_out[hit]}"})
    return out


def section_results(case: Case, rows: Sequence[IndicatorResult]) -> tuple[SectionResult, ...]:
    """Per section: weight, Σ of the rounded scores of its applicable rows."""
    iset = case.indicator_set
    if not iset.sections:
        return ()
    left_out = _not_applicable(case)
    by_key = {r.id: r for r in rows}
    out: list[SectionResult] = []
    for top in iset.sections:
        for section, parent in [(top, None), *((s, top.name) for s in top.sections)]:
            members = [by_key[ind.key] for ind in iset.indicators if ind.key in by_key
                       and _home(ind, iset.sections)[0 if parent is None else 1] is section]
            score = sum((r.score for r in members if r.status != "not-applicable"), ZERO)
            gone = section.name in left_out or parent in left_out
            reason = left_out.get(section.name) or (left_out.get(parent) if parent else None)
            out.append(SectionResult(section.name, parent, _weight(section.weight), score,
                                     not gone, reason))
    return tuple(out)
