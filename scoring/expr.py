"""Expressions: the `expression` rule, checked at load, evaluated from its tree.

The only module that imports simpleeval. An expression is parsed once by
simpleeval's parser, then walked here against an allowlist: numbers,
arithmetic, comparisons, `and`/`or`/`not`, `x if c else y`, the functions
`min`, `max`, `abs`, `round_half_up`, and the names `actual`, `target`,
`weight` plus those the indicator set declares. Numbers become `Decimal` from
their source text. Everything else is a diagnostic with its column, so
nothing can fail at evaluation time except a division by zero, which becomes
a finding.
"""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import simpleeval

from .decimals import ZERO, fmt, fmt_exact, round_half_up
from .validation import suggest

if TYPE_CHECKING:
    from .cells import Cell
    from .errors import Location
    from .findings import Finding
    from .model import Actual, Indicator
    from .rules import Scored
    from .result import Status

MAX_LENGTH = 500
MAX_DEPTH = 20
MAX_EXPONENT = 10
ROW_NAMES = ("actual", "target", "weight")


def _round_half_up(value: Decimal, places: Decimal = ZERO) -> Decimal:
    return round_half_up(value, int(places))


FUNCTIONS: dict[str, Any] = {"min": min, "max": max, "abs": abs,
                             "round_half_up": _round_half_up}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.Pow)
_UNARY = (ast.UAdd, ast.USub, ast.Not)
_COMPARE = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


class ExpressionError(ValueError):
    """An expression that is not allowed; `col` is 1-based within the text."""

    def __init__(self, message: str, col: int) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True, slots=True)
class Compiled:
    """A checked expression: its text and its stored tree."""

    text: str
    tree: ast.AST


def compile_expression(text: str, names: tuple[str, ...] = ()) -> Compiled:
    """Parse and check `text`; raise `ExpressionError` (with a column) if not allowed."""
    return _compile(text, tuple(sorted(set(names))))


@lru_cache(maxsize=4096)
def _compile(text: str, names: tuple[str, ...]) -> Compiled:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"表达式过长（{len(text)} 字符，上限 {MAX_LENGTH}）", 1)
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"括号嵌套过深（上限 {MAX_DEPTH} 层）", i + 1)
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    try:
        tree = simpleeval.SimpleEval.parse(stripped)
    except SyntaxError as exc:
        raise ExpressionError(f"表达式语法错误：{exc.msg}", (exc.offset or 1) + lead) from None
    except (ValueError, simpleeval.InvalidExpression, RecursionError, MemoryError):
        raise ExpressionError("表达式无法解析", 1) from None
    module = ast.parse(stripped)
    if len(module.body) != 1 or not isinstance(tree, ast.Expr):
        raise ExpressionError("只能是一个表达式", 1)
    allowed = (*ROW_NAMES, *names)
    checked = _Checker(stripped, allowed, lead).visit(tree.value)
    return Compiled(text, checked)


class _Checker:
    def __init__(self, text: str, names: tuple[str, ...], lead: int) -> None:
        self.text = text
        self.names = names
        self.lead = lead

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, getattr(node, "col_offset", 0) + 1 + self.lead)

    def visit(self, node: ast.AST, depth: int = 0) -> ast.AST:
        if depth > MAX_DEPTH * 2:
            raise self.fail(node, "表达式嵌套过深")
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise self.fail(node, "只允许数字常量（不允许文本等）")
            segment = ast.get_source_segment(self.text, node) or repr(node.value)
            try:
                value = Decimal(segment.replace("_", ""))
            except InvalidOperation:
                raise self.fail(node, f"无法读取数字 {segment}") from None
            if not value.is_finite() or (value and abs(value.adjusted()) > 30):
                raise self.fail(node, f"数字 {segment} 超出范围")
            return ast.copy_location(ast.Constant(value=value), node)
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                hint = suggest(node.id, list(self.names))
                raise self.fail(node, f"未知的名称 '{node.id}'{hint}")
            return node
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
            if isinstance(node.op, ast.Pow):
                exp = node.right
                if not (isinstance(exp, ast.Constant) and isinstance(exp.value, int)
                        and not isinstance(exp.value, bool) and abs(exp.value) <= MAX_EXPONENT):
                    raise self.fail(node, f"乘方的指数只能是不超过 {MAX_EXPONENT} 的整数常量")
            node.left = self.visit(node.left, depth + 1)  # type: ignore[assignment]
            node.right = self.visit(node.right, depth + 1)  # type: ignore[assignment]
            return node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, _UNARY):
            node.operand = self.visit(node.operand, depth + 1)  # type: ignore[assignment]
            return node
        if isinstance(node, ast.Compare) and all(isinstance(o, _COMPARE) for o in node.ops):
            node.left = self.visit(node.left, depth + 1)  # type: ignore[assignment]
            node.comparators = [self.visit(c, depth + 1) for c in node.comparators]  # type: ignore[misc]
            return node
        if isinstance(node, ast.BoolOp):
            node.values = [self.visit(v, depth + 1) for v in node.values]  # type: ignore[misc]
            return node
        if isinstance(node, ast.IfExp):
            node.test = self.visit(node.test, depth + 1)  # type: ignore[assignment]
            node.body = self.visit(node.body, depth + 1)  # type: ignore[assignment]
            node.orelse = self.visit(node.orelse, depth + 1)  # type: ignore[assignment]
            return node
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                called = node.func.id if isinstance(node.func, ast.Name) else "?"
                raise self.fail(node, f"不允许调用 '{called}'（只允许 min、max、abs、"
                                f"round_half_up）" + suggest(called, list(FUNCTIONS)))
            if node.keywords or not node.args:
                raise self.fail(node, "函数调用只能使用位置参数")
            node.args = [self.visit(a, depth + 1) for a in node.args]  # type: ignore[misc]
            return node
        label = {ast.Attribute: "属性访问", ast.Subscript: "下标", ast.Lambda: "lambda",
                 ast.ListComp: "推导式", ast.GeneratorExp: "推导式", ast.JoinedStr: "文本",
                 }.get(type(node), type(node).__name__)
        raise self.fail(node, f"表达式中不允许{label}")


_LOCAL = threading.local()


def _evaluator() -> simpleeval.SimpleEval:
    ev = getattr(_LOCAL, "evaluator", None)
    if ev is None:
        ops = dict(simpleeval.DEFAULT_OPERATORS)
        ops[ast.Pow] = lambda a, b: a ** b
        ev = simpleeval.SimpleEval(operators=ops, functions=dict(FUNCTIONS), names={})
        _LOCAL.evaluator = ev
    return ev


def run(compiled: Compiled, names: dict[str, Decimal]) -> Decimal:
    """Evaluate a checked expression; raises `ZeroDivisionError` on division by zero."""
    ev = _evaluator()
    ev.names = names
    try:
        value = ev.eval(compiled.text, previously_parsed=compiled.tree)
    except (DivisionByZero, ZeroDivisionError):
        raise ZeroDivisionError from None
    except InvalidOperation:
        raise ZeroDivisionError from None
    if isinstance(value, bool):
        return Decimal(int(value))
    return Decimal(value)


def evaluate_expression(ind: Indicator, act: Actual, value: Cell, w: Decimal,
                        found: list[Finding], loc: Location | None) -> tuple[Scored, Status]:
    """Score a row by its `expression` rule (RULES.md §4)."""
    from .cells import read_cell
    from .findings import finding
    from .rules import Scored

    assert ind.rule is not None and ind.rule.expression is not None
    target = read_cell(ind.target) if isinstance(ind.target, str) else None
    t = target.value if target is not None else ind.target
    if value.kind != "number" or value.value is None:
        if value.kind == "blank":
            if act.manual_score is None:
                found.append(finding("missing-actual", ind.name, loc))
            return Scored(ZERO, "完成值空缺 → 0"), "missing"
        found.append(finding("unparsed-cell", ind.name, loc, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
    names: dict[str, Decimal] = {"actual": value.value, "target": t
                                 if isinstance(t, Decimal) else ZERO, "weight": w, **act.facts}
    compiled = compile_expression(ind.rule.expression, tuple(names))
    try:
        raw = run(compiled, names)
    except ZeroDivisionError:
        found.append(finding("division-by-zero", ind.name, loc))
        return Scored(ZERO, f"{ind.rule.expression}：除以零 → 0"), "unparsed"
    raw = min(max(raw, ZERO), w)
    return Scored(raw, f"{ind.rule.expression} {fmt_exact(raw)}".replace("= ", "= ", 1)
                  if raw != w else f"{ind.rule.expression} = {fmt(raw)}"), "met"
