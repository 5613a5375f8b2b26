"""Department sets (部门整体): sections left out, and the section sums of the results.

An indicator set of `kind: department` lists its `sections:` (一级, each
optionally holding 二级 sections); an indicator belongs to the top-level
section named by its `level1` and, when that section is divided, to the inner
section named by its `level2` (`model/sections.py`). Here:

- load: `load/section_checks.py` checks the sections of a set and a case;
- evaluation: `effective_actuals` marks every row of a section that is not
  applicable (in the set, or in the case's `sections:`) as not applicable, so
  the engine leaves it out and rescales the total (F9);
- results: `section_results` sums the rounded row scores per section.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..decimals import ZERO
from ..model.case import Actual, Case, blank_actual
from ..model.result import IndicatorResult, SectionResult
from ..model.sections import placed_in, weight_of
from ..read.packaged import data_file

_WORDS: dict[str, str] = data_file("derivations.yaml")["sections"]  # a section left out


def _not_applicable(case: Case) -> dict[str, str]:
    """Names of the sections left out, with their reason."""
    out: dict[str, str] = {}
    for top in case.indicator_set.sections:
        for s in (top, *top.sections):
            given = case.sections.get(s.name)
            if s.not_applicable or (given is not None and given.not_applicable):
                out[s.name] = (given.reason if given and given.reason else s.reason) or \
                    _WORDS["not_applicable"]
    return out


def effective_actuals(case: Case) -> dict[str, Actual]:
    """The case's actuals, with every row of a section not applicable marked so."""
    left_out = _not_applicable(case)
    if not left_out:
        return case.actuals
    out = dict(case.actuals)
    for ind in case.indicator_set.indicators:
        top, inner = placed_in(ind, case.indicator_set.sections)
        hit = next((s.name for s in (top, inner) if s is not None and s.name in left_out), None)
        if hit is not None:
            act = out.get(ind.key) or blank_actual()
            reason = act.reason or _WORDS["left_out"].format(section=hit, reason=left_out[hit])
            out[ind.key] = act.model_copy(update={"not_applicable": True, "reason": reason})
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
                       and placed_in(ind, iset.sections)[0 if parent is None else 1] is section]
            score = sum((r.score for r in members if r.status != "not-applicable"
                         and r.score is not None), ZERO)
            gone = section.name in left_out or parent in left_out
            reason = left_out.get(section.name) or (left_out.get(parent) if parent else None)
            out.append(SectionResult(name=section.name, parent=parent, score=score,
                                     weight=weight_of(section.weight), applicable=not gone,
                                     reason=reason))
    return tuple(out)
