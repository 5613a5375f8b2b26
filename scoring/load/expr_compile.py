"""Compile expressions at load: the checked tree stored on the rule, or a diagnostic at the
line AND column of the offending token.

`compile_rule` is what the loader's checks call (`rule_checks.py`): it compiles an
indicator's `expression` with the names its set declares, stores the checked
tree on the rule, and turns an `ExpressionError` into a diagnostic in the YAML
file: the token's offset inside the expression added to where the expression
text starts (after the quote of a quoted scalar, on the lines of a block scalar).
"""

from __future__ import annotations

from ..errors import Diagnostic, ExpressionError, LoadError, Location
from ..model.case import Indicator
from ..read.bounded import read_bounded
from ..read.source import MAX_FILE_BYTES


def compile_rule(ind: Indicator, declared: tuple[str, ...]) -> Diagnostic | None:
    """Compile and store `ind`'s expression; a located diagnostic if it is not allowed."""
    rule = ind.rule
    if rule is None or rule.expression is None:
        return None
    from ..model.expr import compile_expression  # simpleeval only for a set with expressions
    try:
        rule.store(compile_expression(rule.expression, declared))
    except ExpressionError as exc:
        where = expression_location(rule.place("expression"), rule.expression, exc.offset)
        return Diagnostic(where, exc.message, exc.code, ind.key)
    return None


def _file_lines(name: str) -> tuple[str, ...]:
    """The lines of the YAML file an expression was read from, read again within its cap
    (only to place an error: never cached, so an edited file is read as it is now)."""
    try:
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
