"""Hypothesis strategies: indicators, cases and schemes built by construction.

One home for the generators of the property tests (tests/test_properties.py) and
of the expression tests: quantitative rows, rows not applicable (F9), rows with a
manual score (F10), rows under each per-indicator rule of RULES.md §4 (deduct,
bands, checklist, count_deduct, expression) and 部门整体 cases with sections
(some left out). Every case is valid by construction; what it should score is
the property's business.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from builders import make_case
from hypothesis import strategies as st

from scoring import load_case
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


@st.composite
def not_applicable_rows(draw: st.DrawFn, name: str = "r") -> dict[str, Any]:
    """A quantitative row marked not applicable (F9): left out, the total rescaled."""
    return {**draw(quantitative_rows(name)), "not_applicable": True, "reason": "本年度未开展"}


@st.composite
def manual_rows(draw: st.DrawFn, name: str = "r") -> dict[str, Any]:
    """A row the evaluator scored (F10): a manual score within the weight, with a reason;
    its actual blank or not."""
    out = draw(quantitative_rows(name))
    score = draw(decimals("0", str(out["weight"]), 1))
    return {**out, "manual_score": score, "reason": "依据评价人判断"}


@st.composite
def deduct_rules(draw: st.DrawFn) -> dict[str, Any]:
    """`deduct:` (RULES.md §4), every key drawn."""
    return {"deduct": {"threshold": draw(decimals("0", "200", 1)),
                       "per": draw(decimals("0.5", "10", 1)),
                       "points": draw(decimals("0.1", "5", 1)),
                       "direction": draw(st.sampled_from(["above", "below"])),
                       "whole": draw(st.booleans())}}


@st.composite
def band_rules(draw: st.DrawFn, weight: Decimal) -> dict[str, Any]:
    """`bands:` from the top down, each band's points within the weight."""
    mins = sorted(set(draw(st.lists(decimals("0", "150", 0), min_size=1, max_size=5))),
                  reverse=True)
    return {"bands": [{"min": m, "points": draw(decimals("0", str(weight), 1)),
                       "inclusive": draw(st.booleans())} for m in mins]}


@st.composite
def rule_rows(draw: st.DrawFn, name: str = "r") -> dict[str, Any]:
    """A row scored by a per-indicator rule (RULES.md §4) with an actual it can read."""
    weight = draw(weights)
    base: dict[str, Any] = {"level1": "产出指标", "level2": "数量指标", "name": name,
                            "comparator": "≥", "target": draw(decimals("1", "1000", 2)),
                            "weight": weight}
    kind = draw(st.sampled_from(["deduct", "bands", "checklist", "count_deduct",
                                 "expression"]))
    actual: Any = draw(decimals("0", "200", 2))
    if kind == "deduct":
        rule = draw(deduct_rules())
    elif kind == "bands":
        rule = draw(band_rules(weight))
    elif kind == "count_deduct":
        rule = {"count_deduct": {"per": draw(decimals("0.1", "5", 1))}}
        actual = Decimal(draw(st.integers(0, 20)))
    elif kind == "expression":
        rule = {"expression": draw(st.sampled_from([
            "weight * min(actual / target, 1)", "min(weight, actual)",
            "max(0, weight - actual)", "round_half_up(weight * actual / (actual + target), 2)"]))}
    else:
        points = draw(st.lists(decimals("0.5", "5", 1), min_size=1, max_size=4))
        items = [f"条目{i}" for i in range(len(points))]
        rule = {"checklist": [{"item": i, "points": p} for i, p in zip(items, points,
                                                                        strict=True)]}
        base["weight"] = sum(points, Decimal(0))  # the items add up to the weight
        actual = tuple(draw(st.lists(st.sampled_from(items), unique=True)))
    return {**base, "rule": rule, "actual": actual, "reason": "原因"}


def any_rows(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """A row of any kind: quantitative, not applicable, manual or under a rule."""
    return st.one_of(quantitative_rows(name), not_applicable_rows(name), manual_rows(name),
                     rule_rows(name))


@st.composite
def mixed_cases(draw: st.DrawFn) -> Case:
    """A case of 1–10 rows of every kind (at least one scorable and applicable),
    maybe a budget, under a built-in scheme."""
    count = draw(st.integers(1, 10))
    rows = [draw(any_rows(f"r{i}")) for i in range(count)]
    first = draw(quantitative_rows("r0"))
    rows[0] = {**first, "actual": draw(amounts)}  # one row scorable and applicable
    budget = None
    weight = None
    if draw(st.booleans()):
        budget = {"adjusted": str(draw(decimals("1", "100000"))),
                  "executed": str(draw(amounts))}
        weight = str(draw(weights))
    return make_case(rows, scheme=draw(SCHEMES), budget=budget, budget_weight=weight)


@st.composite
def _department_rows(draw: st.DrawFn, level1: str, level2: str | None,
                     start: int) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 3))
    return [{"level1": level1, "level2": level2 or "指标", "name": f"r{start + i}",
             "comparator": "≥", "target": draw(decimals("1", "1000", 2)),
             "weight": draw(decimals("1", "20", 0))} for i in range(count)]


@st.composite
def department_cases(draw: st.DrawFn) -> Case:
    """A 部门整体 case: 1–3 一级 sections, some holding 二级 ones, the weights adding up,
    a section maybe left out by the case (F9); loaded through `load_case` from files."""
    sections: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for t in range(draw(st.integers(1, 3))):
        top = f"一级{t}"
        if draw(st.booleans()):
            inner = []
            for i in range(draw(st.integers(1, 2))):
                rows = draw(_department_rows(top, f"二级{t}{i}", len(indicators)))
                indicators.extend(rows)
                inner.append({"name": f"二级{t}{i}",
                              "weight": sum((r["weight"] for r in rows), Decimal(0))})
            sections.append({"name": top, "weight": sum((s["weight"] for s in inner),
                                                        Decimal(0)), "sections": inner})
        else:
            rows = draw(_department_rows(top, None, len(indicators)))
            indicators.extend(rows)
            sections.append({"name": top, "weight": sum((r["weight"] for r in rows),
                                                        Decimal(0))})
    names = [n for s in sections for n in (s["name"], *(i["name"] for i in s.get("sections", ())))]
    keep = {"一级0", "二级00"}  # the sections of the first row
    others = [n for n in names if n not in keep]
    left_out = draw(st.sets(st.sampled_from(others), max_size=2)) if others else set()
    actuals = {r["name"]: draw(st.one_of(st.none(), amounts)) for r in indicators}
    actuals[indicators[0]["name"]] = draw(amounts)  # the first section stays: one scorable row
    iset = {"kind": "department", "title": "部门整体", "scheme": draw(SCHEMES),
            "sections": sections, "indicators": indicators}
    case = {"project": {"name": "部门整体", "year": 2023}, "indicator_set": "set.yaml",
            "actuals": actuals,
            "sections": {n: {"not_applicable": True, "reason": "本年度未开展"} for n in left_out}}
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "set.yaml").write_text(_yaml(iset), "utf-8")
        Path(folder, "case.yaml").write_text(_yaml(case), "utf-8")
        return load_case(Path(folder, "case.yaml"))


class _Dumper(yaml.SafeDumper):
    """YAML with a Decimal written as its exact digits (a number, never a float)."""


_Dumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:float" if "." in str(value) else "tag:yaml.org,2002:int", str(value)))
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


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
