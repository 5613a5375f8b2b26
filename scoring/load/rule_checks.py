"""Check per-indicator rules at load: the rule itself, its expression, the case's actuals.

Small functions in the style of `checks.py`, run by the loader with the other
set and case checks. `check_expressions` compiles every `expression` with the
names the set declares and stores the checked tree on the rule, so evaluation
never parses again; a refused expression is a diagnostic at the line and
column of the offending token.

Policy [documented in docs/department.md]: a name the set declares but a
case does not give in the row's `facts` is not a load error: the row is
missing (finding `missing-actual`, score 0, unless a manual score is given),
exactly like a blank actual. A fact that the set does not declare is a load
error with a did-you-mean, since it is most likely misspelt.
"""

from __future__ import annotations

import itertools
import keyword
from collections.abc import Iterator

from ..errors import Diagnostic
from ..model.case import Case, IndicatorSet
from ..read.spelling import suggest
from .expr_compile import compile_rule


def check_names(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Declared names are identifiers, unique, and shadow nothing."""
    if not iset.names:
        return
    from ..model.expr import FUNCTION_NAMES, ROW_NAMES  # only for a set that declares names
    seen: set[str] = set()
    where = iset.place("names")
    for name in iset.names:
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            yield Diagnostic(where, f"names：“{name}”不能作为名称（须为标识符，不以 _ 开头）",
                             "bad-name", name)
        elif name in ROW_NAMES or name in FUNCTION_NAMES:
            yield Diagnostic(where, f"names：“{name}”是内置名称，不能重新声明", "bad-name", name)
        elif name in seen:
            yield Diagnostic(where, f"names：“{name}”重复", "bad-name", name)
        seen.add(name)


def check_expressions(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every expression compiles (stored on its rule); refusals are located to the column."""
    for ind in iset.indicators:
        diag = compile_rule(ind, iset.names)
        if diag is not None:
            yield diag
            continue
        rule = ind.rule
        if rule is not None and rule.compiled is not None and "target" in rule.compiled.names:
            target = ind.target
            if not (target.given is not None and (not isinstance(target.given, str)
                                                  or target.kind == "number")):
                yield Diagnostic(ind.place("target"), "计分公式用到 target，但指标值不是数字",
                                 "bad-expression", ind.key)


def check_rule_parts(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Bands run from the top down, points fit the weight, checklist items are unique."""
    for ind in iset.indicators:
        w = None if ind.weight is None else ind.weight.number
        rule = ind.rule
        if rule is None or w is None:
            continue
        if rule.bands is not None:
            for upper, lower in itertools.pairwise(rule.bands):
                if lower.min >= upper.min:
                    yield Diagnostic(lower.location, "bands 必须按 min 从高到低排列（第一档最高）",
                                     "bad-rule", ind.key)
            for band in rule.bands:
                if band.points > w:
                    yield Diagnostic(band.place("points"), f"bands 的分值 {band.points} 超过权重 "
                                     f"{w}", "bad-rule", ind.key)
        if rule.checklist is not None:
            names = [i.item for i in rule.checklist]
            for item in rule.checklist:
                if names.count(item.item) > 1 and names.index(item.item) != \
                        rule.checklist.index(item):
                    yield Diagnostic(item.location, f"checklist 条目“{item.item}”重复",
                                     "bad-rule", ind.key)
            total = sum(i.points for i in rule.checklist)
            if total > w:
                yield Diagnostic(rule.location, f"checklist 各项分值之和 {total} 超过权重 {w}",
                                 "bad-rule", ind.key)
            elif total < w:
                yield Diagnostic(rule.location, f"checklist 各项分值之和 {total} 小于权重 {w}，"
                                 "满分无法达到", "bad-rule", ind.key, "warning")


def check_rule_actuals(case: Case) -> Iterator[Diagnostic]:
    """Checklist items are items of the checklist; facts are declared names."""
    declared = list(case.indicator_set.names)
    rules = {ind.key: ind.rule for ind in case.indicator_set.indicators}
    for key, act in case.actuals.items():
        rule = rules.get(key)
        checklist = rule.checklist if rule is not None else None
        if checklist is not None:
            known = [i.item for i in checklist]
            for item in act.items:
                if item not in known:
                    yield Diagnostic(act.place("items"), f"checklist 中没有条目“{item}”"
                                     + suggest(item, known), "unknown-item", key)
            if act.value.given is not None:
                yield Diagnostic(act.place("value"), "checklist 指标的完成值应为满足的条目列表"
                                 "（如 [制度健全, 制度执行有效]）", "bad-actual", key)
        elif act.items:
            yield Diagnostic(act.place("items"), "只有 checklist 指标的完成值才是条目列表",
                             "bad-actual", key)
        for name in act.facts:
            if name not in declared:
                hint = suggest(name, declared) if declared else "（指标体系的 names 为空）"
                yield Diagnostic(act.place("facts"), f"事实“{name}”不是指标体系声明的名称{hint}",
                                 "unknown-name", key)
