"""Expressions, evaluation: the checked tree turned, once, into nested closures.

The walker of our own that `expr.py` builds for each checked expression
(`Compiled.run`): every node becomes a closure over a fixed table of Decimal
operations, leaves (names, numbers) read directly by their parent, so an
evaluation is a handful of Python calls and Decimal operations. Nothing here
parses or compiles text; it only walks trees that `expr.py` has checked. The
same operation table drives simpleeval's walker in `expr.evaluate_with_simpleeval`,
the reference the tests compare with.

Every operation returns a Decimal (a comparison counts 1 or 0), so no int or
float ever enters the arithmetic. Operators use the calling thread's decimal
context (the engine's); `EXPR_CONTEXT` is the one no allowed expression can
leave (its exponent range is the largest Decimal has).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any

from ..decimals import ENGINE_CONTEXT, round_half_up

EXPR_CONTEXT = Context(prec=ENGINE_CONTEXT.prec, rounding=ENGINE_CONTEXT.rounding, Emax=MAX_EMAX,
                       Emin=MIN_EMIN, traps=[DivisionByZero, InvalidOperation, Overflow])
_ONE = Decimal(1)
_ZERO = Decimal(0)
Names = Mapping[str, Decimal]
Closure = Callable[[Names], Any]

def _power(a: Decimal, n: Decimal) -> Decimal:
    if n == 0:
        return _ONE  # Decimal says 0 ** 0 is undefined; arithmetic says 1
    if a == 0 and n < 0:
        raise DivisionByZero("0 ** negative")
    return a ** n


def _round(value: Decimal, places: Decimal = _ZERO) -> Decimal:
    return rounded(value, int(places))


def rounded(value: Decimal, places: int) -> Decimal:
    """`round_half_up(x, places)` of an expression: the package's one rounding function
    (`decimals.round_half_up`), except that a value with more digits than the precision
    is left as it is (rounding could not change it; its exponent may be huge)."""
    if value.adjusted() + places + 1 >= EXPR_CONTEXT.prec:
        return value
    return round_half_up(value, places)


def truth(value: bool) -> Decimal:
    return _ONE if value else _ZERO


BINARY: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: _power,
}
UNARY: dict[type[ast.unaryop], Callable[[Decimal], Decimal]] = {
    ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: lambda v: _ZERO if v else _ONE,
}
COMPARE: dict[type[ast.cmpop], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Eq: lambda a, b: _ONE if a == b else _ZERO, ast.NotEq: lambda a, b: _ONE if a != b
    else _ZERO, ast.Lt: lambda a, b: _ONE if a < b else _ZERO,
    ast.LtE: lambda a, b: _ONE if a <= b else _ZERO, ast.Gt: lambda a, b: _ONE if a > b
    else _ZERO, ast.GtE: lambda a, b: _ONE if a >= b else _ZERO,
}
FUNCTIONS: dict[str, Callable[..., Decimal]] = {
    "min": min, "max": max, "abs": abs, "round_half_up": _round,
}

def _leaf(node: ast.expr) -> tuple[str, Any] | None:
    """("name", key) or ("const", value) for a leaf, else None."""
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Constant):
        return ("const", node.value)
    return None


def _pair(op: Callable[[Any, Any], Any], left: ast.expr, right: ast.expr) -> Closure:
    """op(left, right), with leaves read directly: one call per node, not three."""
    lf, rt = _leaf(left), _leaf(right)
    if lf and rt and lf[0] == "name" and rt[0] == "name":
        a, b = lf[1], rt[1]
        return lambda env: op(env[a], env[b])
    if lf and rt and lf[0] == "name":
        a, c = lf[1], rt[1]
        return lambda env: op(env[a], c)
    if lf and rt and rt[0] == "name":
        c, b = lf[1], rt[1]
        return lambda env: op(c, env[b])
    if lf and lf[0] == "name":
        a, g = lf[1], build(right)
        return lambda env: op(env[a], g(env))
    if rt and rt[0] == "name":
        f, b = build(left), rt[1]
        return lambda env: op(f(env), env[b])
    if rt:
        f, c = build(left), rt[1]
        return lambda env: op(f(env), c)
    if lf:
        c, g = lf[1], build(right)
        return lambda env: op(c, g(env))
    f, g = build(left), build(right)
    return lambda env: op(f(env), g(env))


def build(node: ast.expr) -> Closure:
    """The checked tree as nested closures: built once, no `eval` of user text."""
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda env: value
    if isinstance(node, ast.Name):
        key = node.id
        return lambda env: env[key]
    if isinstance(node, ast.BinOp):
        return _pair(BINARY[type(node.op)], node.left, node.right)
    if isinstance(node, ast.UnaryOp):
        uop, operand = UNARY[type(node.op)], build(node.operand)
        return lambda env: uop(operand(env))
    if isinstance(node, ast.Compare):
        if len(node.ops) == 1:
            return _pair(COMPARE[type(node.ops[0])], node.left, node.comparators[0])
        return _chain(node)
    if isinstance(node, ast.BoolOp):
        parts = [build(v) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: _all(parts, env)
        return lambda env: _any(parts, env)
    if isinstance(node, ast.IfExp):
        test, body, orelse = build(node.test), build(node.body), build(node.orelse)
        return lambda env: body(env) if test(env) else orelse(env)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name, args = node.func.id, node.args
    if name == "round_half_up":
        places = int(args[1].value) if len(args) == 2 else 0  # type: ignore[attr-defined]
        inner = build(args[0])
        return lambda env: rounded(inner(env), places)
    fn = FUNCTIONS[name]
    if len(args) == 1:
        only = build(args[0])
        return lambda env: fn(only(env))
    if len(args) == 2:
        return _pair(fn, args[0], args[1])
    parts = [build(a) for a in args]
    return lambda env: fn(*[a(env) for a in parts])


def _chain(node: ast.Compare) -> Closure:
    """a < b < c: each comparison in turn, each operand evaluated once."""
    ops = [COMPARE[type(o)] for o in node.ops]
    left, rights = build(node.left), [build(c) for c in node.comparators]

    def chain(env: Names) -> Decimal:
        a = left(env)
        for cmp, right in zip(ops, rights, strict=True):
            b = right(env)
            if not cmp(a, b):
                return _ZERO
            a = b
        return _ONE
    return chain


def _all(parts: list[Closure], env: Names) -> Any:
    value: Any = _ONE
    for part in parts:
        value = part(env)
        if not value:
            return value
    return value


def _any(parts: list[Closure], env: Names) -> Any:
    value: Any = _ZERO
    for part in parts:
        value = part(env)
        if value:
            return value
    return value
