"""Expressions in files and rows: compile at load with a located diagnostic, score a row.

`compile_rule` is what the loader's checks call: it compiles an indicator's
`expression` with the names its set declares, stores the checked tree on the
rule, and turns an `ExpressionError` into a diagnostic at the line AND column
of the offending token in the YAML file (the token's offset inside the
expression added to where the expression text starts: after the quote of a
quoted scalar, on the lines of a block scalar). `score_expression` is what
the engine calls for a row: it binds `actual`, `target`, `weight` and the
row's facts, evaluates the stored tree, and reports a blank input as missing
and a division by zero as the `division-by-zero` finding.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from ..decimals import ZERO, fmt, fmt_exact
from ..errors import Diagnostic, LoadError, Location
from ..model.expr import ROW_NAMES, Compiled, ExpressionError, compile_expression
from ..model.findings import Finding, finding
from ..read.bounded import read_bounded
from ..read.cells import Cell, read_cell
from ..read.source import MAX_FILE_BYTES
from .formulas import Scored

if TYPE_CHECKING:
    from ..model.case import Actual, Indicator
    from ..model.result import Status


def compile_rule(ind: Indicator, declared: tuple[str, ...]) -> Diagnostic | None:
    """Compile and store `ind`'s expression; a located diagnostic if it is not allowed."""
    rule = ind.rule
    if rule is None or rule.expression is None:
        return None
    try:
        rule.store(compile_expression(rule.expression, declared))
    except ExpressionError as exc:
        where = expression_location(rule.place("expression"), rule.expression, exc.offset)
        return Diagnostic(where, exc.message, exc.code, ind.key)
    return None


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


@lru_cache(maxsize=256)
def _file_lines(name: str) -> tuple[str, ...]:
    try:  # the YAML file the expression was read from, read again within its cap
        return tuple(read_bounded(name, MAX_FILE_BYTES).decode("utf-8").split("\n"))
    except (LoadError, UnicodeDecodeError):
        return ()


def expression_location(start: Location, text: str, offset: int) -> Location:
    """The file place of character `offset` of an expression whose scalar starts at `start`."""
    if not start.line:
        return start
    lines = _file_lines(start.file)
    if start.line > len(lines):
        return Location(start.file, start.line, start.col + offset)
    first = lines[start.line - 1]
    mark = first[start.col - 1:start.col]
    if mark in ("|", ">"):  # a block scalar: its lines keep what lies past the block's indent
        body = [(n + 1, ln) for n, ln in enumerate(lines[start.line:], start.line) if ln.strip()]
        base = len(body[0][1]) - len(body[0][1].lstrip()) if body else 0
        segments = [(n, base + 1, ln[base:].rstrip()) for n, ln in body]
    else:
        col = start.col + (1 if mark in ("'", '"') else 0)
        segments = [(start.line, col, first[col - 1:])]
        segments += [(n + 1, len(ln) - len(ln.lstrip()) + 1, ln.strip())
                     for n, ln in enumerate(lines[start.line:], start.line) if ln.strip()]
    # Walk the expression's characters over the file's lines; each line break of the
    # file is one character of the expression (a newline, or a space when folded).
    remaining = offset
    for line, col, content in segments:
        if remaining <= len(content):
            return Location(start.file, line, col + remaining)
        remaining -= len(content) + 1
    return Location(start.file, start.line, start.col)


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
                return Scored(ZERO, "完成值空缺 → 0"), "missing"
            found.append(finding("unparsed-cell", ind.name, loc, field="完成值", text=value.text))
            return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
        names["actual"] = a
        if value.approximate:
            found.append(finding("approximate-value", ind.name, loc, field="完成值",
                                 text=value.text, value=fmt(a)))
    if "target" in compiled.names:
        target = read_cell(ind.target) if isinstance(ind.target, str) else Cell(
            "", "number", ind.target) if ind.target is not None else Cell("", "blank")
        t = _number(target)
        if t is None:
            found.append(finding("unparsed-cell", ind.name, ind.place("target"), field="指标值",
                                 text=target.text or "（空）"))
            return Scored(ZERO, f"指标值“{target.text}”不是数字 → 0"), "unparsed"
        names["target"] = t
        if target.approximate:
            found.append(finding("approximate-value", ind.name, ind.place("target"),
                                 field="指标值", text=target.text, value=fmt(t)))
    absent = sorted(n for n in compiled.names if n not in ROW_NAMES and n not in act.facts)
    if absent:
        if act.manual_score is None:
            found.append(finding("missing-actual", ind.name, loc))
        return Scored(ZERO, f"缺少事实 {', '.join(absent)} → 0"), "missing"
    names.update((n, act.facts[n]) for n in compiled.names if n not in ROW_NAMES)
    try:
        raw = compiled.evaluate(names)
    except ZeroDivisionError:
        found.append(finding("division-by-zero", ind.name, loc))
        return Scored(ZERO, f"{rule_text}：除以零 → 0"), "unparsed"
    bound = "，".join(f"{n} = {fmt(names[n])}" for n in sorted(compiled.names, key=_order))
    shown = f"{rule_text}（{bound}）" if bound else rule_text
    if raw > w:
        return Scored(w, f"{shown} = {fmt(raw)}，超过权重，按 {fmt(w)} 计"), None
    if raw < 0:
        return Scored(ZERO, f"{shown} = {fmt(raw)}，低于 0，按 0 计"), None
    return Scored(raw, f"{shown} {fmt_exact(raw)}"), None  # None: the score decides


def _order(name: str) -> tuple[int, str]:
    return (ROW_NAMES.index(name) if name in ROW_NAMES else len(ROW_NAMES), name)
