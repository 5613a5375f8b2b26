"""Expressions in rows: score a row by the tree compiled at load (`load/expr_compile.py`).

`score_expression` is what the engine calls for a row: it binds `actual`,
`target`, `weight` and the row's facts, evaluates the stored tree, and reports
a blank input as missing and a division by zero as the `division-by-zero` finding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..decimals import ZERO, fmt, fmt_exact
from ..errors import LoadError, Location
from ..load.expr_compile import compile_rule
from ..model.cell_types import number_of
from ..model.expr import ROW_NAMES, Compiled
from ..model.findings import Finding, finding
from ..read.cell import Cell
from ..read.packaged import data_file
from .formulas import FIELDS, KINDS, Scored

if TYPE_CHECKING:
    from ..model.case import Actual, Indicator
    from ..model.result import Status

_WORDS: dict[str, str] = data_file("derivations.yaml")["expression"]  # the derivations' words


def _compiled(ind: Indicator, act: Actual) -> Compiled:
    """The tree stored at load; compiled here only for sets built without the loader."""
    rule = ind.rule
    assert rule is not None and rule.expression is not None
    if rule.compiled is not None:
        return rule.compiled
    diag = compile_rule(ind, tuple(act.facts))
    if diag is not None:
        raise LoadError([diag])
    assert rule.compiled is not None
    return rule.compiled


def _number(cell: Cell) -> Decimal | None:
    return cell.value if cell.kind == "number" else None


def score_expression(ind: Indicator, act: Actual, value: Cell, w: Decimal,
                     found: list[Finding], loc: Location | None) -> tuple[Scored, Status | None]:
    """Score a row by its `expression` rule (RULES.md §4)."""
    compiled = _compiled(ind, act)
    rule_text = compiled.text.strip()
    names: dict[str, Decimal] = {"weight": w}
    if "actual" in compiled.names:
        a = _number(value)
        if a is None:
            if value.kind == "blank":
                if act.manual_score is None:
                    found.append(finding("missing-actual", ind.name, loc))
                return Scored(ZERO, KINDS["missing"].format(why=KINDS["missing_why"])), "missing"
            field = FIELDS["actual"]
            found.append(finding("unparsed-cell", ind.name, loc, field=field, text=value.text))
            return Scored(ZERO, KINDS["unreadable"].format(field=field, text=value.text)), \
                "unparsed"
        names["actual"] = a
        if value.approximate:
            found.append(finding("approximate-value", ind.name, loc, field=FIELDS["actual"],
                                 text=value.text, value=fmt(a)))
    if "target" in compiled.names:
        target = ind.target  # read without a year, as an expression takes numbers only
        t = _number(target)
        if t is None:
            found.append(finding("unparsed-cell", ind.name, ind.place("target"),
                                 field=FIELDS["target"], text=target.text or KINDS["blank"]))
            return Scored(ZERO, _WORDS["not_a_number"].format(text=target.text)), "unparsed"
        names["target"] = t
        if target.approximate:
            found.append(finding("approximate-value", ind.name, ind.place("target"),
                                 field=FIELDS["target"], text=target.text, value=fmt(t)))
    absent = sorted(n for n in compiled.names if n not in ROW_NAMES and n not in act.facts)
    if absent:
        if act.manual_score is None:
            found.append(finding("missing-actual", ind.name, loc))
        return Scored(ZERO, _WORDS["facts_missing"].format(names=", ".join(absent))), "missing"
    names.update((n, number_of(act.facts[n])) for n in compiled.names if n not in ROW_NAMES)
    try:
        raw = compiled.evaluate(names)
    except ZeroDivisionError:
        found.append(finding("division-by-zero", ind.name, loc))
        return Scored(ZERO, _WORDS["division_by_zero"].format(rule=rule_text)), "unparsed"
    bound = _WORDS["bound_separator"].join(f"{n} = {fmt(names[n])}"
                                           for n in sorted(compiled.names, key=_order))
    shown = _WORDS["shown"].format(rule=rule_text, bound=bound) if bound else rule_text
    if raw > w:
        return Scored(w, _WORDS["above_weight"].format(shown=shown, raw=fmt(raw), w=fmt(w))), None
    if raw < 0:
        return Scored(ZERO, _WORDS["below_zero"].format(shown=shown, raw=fmt(raw))), None
    return Scored(raw, f"{shown} {fmt_exact(raw)}"), None  # None: the score decides


def _order(name: str) -> tuple[int, str]:
    return (ROW_NAMES.index(name) if name in ROW_NAMES else len(ROW_NAMES), name)
