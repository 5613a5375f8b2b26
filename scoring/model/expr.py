"""Expressions: the `expression` rule, parsed and checked at load, evaluated many times.

The only module that imports simpleeval. An expression is parsed once by
simpleeval's parser, then checked here against an allowlist: numbers,
arithmetic (`+ - * /`, `**` with a constant integer exponent in [-10, 10],
not nested), comparisons, `and`/`or`/`not`, `x if c else y`, the functions
`min`, `max` (two or more arguments), `abs`, `round_half_up(x[, places])`,
and the names `actual`, `target`, `weight` plus those the indicator set
declares. Number literals become `Decimal` from their source text. Anything
else raises `ExpressionError` with the character offset of the offending
token, which the loader turns into a `file:line:col` diagnostic.

The checked tree is stored (`Compiled.tree`). It is evaluated by a walker of
our own that turns the tree, once, into nested closures over a fixed table of
Decimal operations (`Compiled.evaluate`); simpleeval's own walker over the
same stored tree and the same operation table (`evaluate_with_simpleeval`) is
the reference the tests compare it with. No Python `eval`/`compile` ever sees
user text. Arithmetic runs in `EXPR_CONTEXT`, whose exponent range no
allowed expression can leave, so the only failure left at evaluation time is
a division by zero (`ZeroDivisionError`), which the engine turns into a finding.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Any

import simpleeval

from ..errors import ExpressionError
from ..read.spelling import suggest
from .expr_eval import BINARY, COMPARE, EXPR_CONTEXT, FUNCTIONS, UNARY, Closure, Names, build, truth

MAX_LENGTH = 500          # characters of one expression
MAX_NESTING = 20          # parentheses / calls inside each other
MAX_EXPONENT = 10         # |n| in x ** n
MAX_PLACES = 12           # round_half_up(x, places)
MAX_LITERAL_EXPONENT = 30  # |exponent| of a number literal (1e30)
ROW_NAMES = ("actual", "target", "weight")
FUNCTION_NAMES = ("abs", "max", "min", "round_half_up")


_ARITY = {"min": (2, 50), "max": (2, 50), "abs": (1, 1), "round_half_up": (1, 2)}
_OPERATORS: dict[type[ast.operator], str] = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}
_LABELS: dict[type[ast.AST], str] = {
    ast.Attribute: "属性访问", ast.Subscript: "下标", ast.Lambda: "lambda",
    ast.ListComp: "推导式", ast.SetComp: "推导式", ast.DictComp: "推导式",
    ast.GeneratorExp: "推导式", ast.JoinedStr: "文本", ast.List: "列表", ast.Tuple: "元组",
    ast.Dict: "字典", ast.Set: "集合", ast.NamedExpr: "赋值", ast.Starred: "星号展开",
    ast.Await: "await", ast.Yield: "yield", ast.Slice: "切片", ast.UnaryOp: "按位取反（~）",
}


@dataclass(frozen=True, slots=True, eq=False)
class Compiled:
    """A checked expression: its text, its stored tree, the names it uses, its closure."""

    text: str
    tree: ast.expr
    names: frozenset[str]
    run: Closure

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its text (cases go to worker processes, `batch.py`); the tree and
        closure are built again on load."""
        return (compile_expression, (self.text, tuple(sorted(self.names))))

    def evaluate(self, names: Names) -> Decimal:
        """The value for `names`; raises `ZeroDivisionError` on a division by zero.

        Runs in the calling thread's decimal context (the engine's). Should a
        value leave that context's exponent range (inputs of thousands of
        digits), it is computed again in `EXPR_CONTEXT`, which no allowed
        expression can leave, so overflow is never an error.
        """
        try:
            try:
                return self.run(names)  # type: ignore[no-any-return]
            except Overflow:
                with localcontext(EXPR_CONTEXT):
                    return self.run(names)  # type: ignore[no-any-return]
        except (DivisionByZero, InvalidOperation) as exc:
            raise ZeroDivisionError(str(exc)) from None


def compile_expression(text: str, names: tuple[str, ...] = ()) -> Compiled:
    """Parse and check `text`; raise `ExpressionError` (with its offset) if not allowed."""
    return _compile(text, tuple(sorted(set(names) - set(ROW_NAMES))))


def _compile(text: str, declared: tuple[str, ...]) -> Compiled:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"表达式过长（{len(text)} 个字符，上限 {MAX_LENGTH}）",
                              MAX_LENGTH, "expression-too-long")
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in "([{") - (ch in ")]}")
        if depth > MAX_NESTING:
            raise ExpressionError(f"括号嵌套过深（上限 {MAX_NESTING} 层）", i)
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("表达式为空", 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", simpleeval.MultipleExpressions)
            warnings.simplefilter("ignore", SyntaxWarning)  # `1if x`: no stray stderr line
            warnings.simplefilter("ignore", DeprecationWarning)  # `"\d"` (3.11)
            statement = simpleeval.SimpleEval.parse(stripped)
    except SyntaxError as exc:
        offset = _char_offset(stripped, exc.lineno or 1, exc.offset or 1, chars=True) - 1
        raise ExpressionError(f"表达式语法错误：{exc.msg}", lead + max(offset, 0)) from None
    except simpleeval.MultipleExpressions:
        raise ExpressionError("只能写一个表达式", lead) from None
    except (ValueError, simpleeval.InvalidExpression, RecursionError, MemoryError):
        raise ExpressionError("表达式无法解析", lead) from None
    if not isinstance(statement, ast.Expr):
        raise ExpressionError("只能写一个表达式（不能是赋值、导入等语句）", lead)
    checker = _Checker(stripped, lead, (*ROW_NAMES, *declared))
    tree = checker.visit(statement.value, 0, in_power=False)
    return Compiled(text, tree, frozenset(checker.used), build(tree))


def _char_offset(text: str, lineno: int, col: int, *, chars: bool = False) -> int:
    """Offset in `text` of (1-based line, column); `col` in UTF-8 bytes unless `chars`."""
    lines = text.split("\n")
    line = lines[min(lineno, len(lines)) - 1]
    in_line = col if chars else len(line.encode()[:col].decode(errors="ignore"))
    return sum(len(x) + 1 for x in lines[:lineno - 1]) + in_line


def _constant(value: Decimal, where: ast.expr) -> ast.expr:
    """A number of the checked tree: a Constant holding a Decimal (typeshed says otherwise)."""
    node = ast.Constant(value=value)  # type: ignore[arg-type]
    return ast.copy_location(node, where)


class _Checker:
    """Walk the parsed tree: refuse what is not allowed, turn numbers into Decimal."""

    def __init__(self, text: str, lead: int, allowed: tuple[str, ...]) -> None:
        self.text = text
        self.lead = lead
        self.allowed = allowed
        self.used: set[str] = set()

    def fail(self, node: ast.AST, message: str, code: str = "bad-expression",
             end: int = 0) -> ExpressionError:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        if end:
            line = getattr(node, "end_lineno", None) or line
            col = (getattr(node, "end_col_offset", None) or col) - end
        return ExpressionError(message, self.lead + _char_offset(self.text, line, col), code)

    def visit(self, node: ast.expr, depth: int, *, in_power: bool) -> ast.expr:
        if depth > 2 * MAX_NESTING:
            raise self.fail(node, "表达式嵌套过深")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        down = depth + 1
        if isinstance(node, ast.BinOp):
            return self.binop(node, down, in_power=in_power)
        if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
            node.operand = self.visit(node.operand, down, in_power=in_power)
            return node
        if isinstance(node, ast.Compare) and all(type(o) in COMPARE for o in node.ops):
            node.left = self.visit(node.left, down, in_power=in_power)
            node.comparators = [self.visit(c, down, in_power=in_power) for c in node.comparators]
            return node
        if isinstance(node, ast.Compare):
            raise self.fail(node, "比较只允许 == != < <= > >=（不允许 in、is）")
        if isinstance(node, ast.BoolOp):
            node.values = [self.visit(v, down, in_power=in_power) for v in node.values]
            return node
        if isinstance(node, ast.IfExp):
            node.test = self.visit(node.test, down, in_power=in_power)
            node.body = self.visit(node.body, down, in_power=in_power)
            node.orelse = self.visit(node.orelse, down, in_power=in_power)
            return node
        if isinstance(node, ast.Call):
            return self.call(node, down, in_power)
        if isinstance(node, ast.Attribute):
            raise self.fail(node, f"表达式中不允许属性访问 '.{node.attr}'",
                            end=len(node.attr) + 1)
        label = _LABELS.get(type(node), type(node).__name__)
        raise self.fail(node, f"表达式中不允许{label}")

    def name(self, node: ast.Name) -> ast.expr:
        if node.id in FUNCTION_NAMES:
            raise self.fail(node, f"函数 '{node.id}' 必须调用，如 {node.id}(...)",
                            "unknown-name")
        if node.id not in self.allowed:
            raise self.fail(node, f"未知的名称 '{node.id}'" + suggest(
                node.id, [*self.allowed, *FUNCTION_NAMES]), "unknown-name")
        self.used.add(node.id)
        return node

    def binop(self, node: ast.BinOp, down: int, *, in_power: bool) -> ast.expr:
        if type(node.op) not in BINARY:
            op = _OPERATORS.get(type(node.op), type(node.op).__name__)
            raise self.fail(node, f"不允许运算符 {op}（只允许 + - * / **）")
        if isinstance(node.op, ast.Pow):
            if in_power:
                raise self.fail(node, "不允许乘方嵌套乘方")
            node.left = self.visit(node.left, down, in_power=True)
            node.right = self.exponent(node.right)
            return node
        node.left = self.visit(node.left, down, in_power=in_power)
        node.right = self.visit(node.right, down, in_power=in_power)
        return node

    def number(self, node: ast.Constant) -> ast.expr:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            kind = "文本" if isinstance(node.value, (str, bytes)) else repr(node.value)
            raise self.fail(node, f"表达式中不允许{kind}（只允许数字）")
        segment = ast.get_source_segment(self.text, node) or repr(node.value)
        try:
            value = Decimal(segment.replace("_", ""))
        except InvalidOperation:
            raise self.fail(node, f"无法读取数字 {segment}（只允许十进制数字）") from None
        if not value.is_finite() or (value and abs(value.adjusted()) > MAX_LITERAL_EXPONENT):
            raise self.fail(node, f"数字 {segment} 超出范围")
        return _constant(value, node)

    def exponent(self, node: ast.expr) -> ast.expr:
        sign, inner = 1, node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign, inner = (-1 if isinstance(node.op, ast.USub) else 1), node.operand
        if not (isinstance(inner, ast.Constant) and type(inner.value) is int
                and inner.value <= MAX_EXPONENT):
            raise self.fail(node, f"乘方的指数只能是 -{MAX_EXPONENT} 到 {MAX_EXPONENT} "
                            "之间的整数常量")
        return _constant(Decimal(sign * inner.value), node)

    def call(self, node: ast.Call, depth: int, in_power: bool) -> ast.expr:
        func = node.func
        if not isinstance(func, ast.Name):
            return self.visit(func, depth, in_power=in_power)  # refuses the attribute etc.
        if func.id not in FUNCTIONS:
            raise self.fail(func, f"不允许调用 '{func.id}'（只允许 min、max、abs、"
                            "round_half_up）" + suggest(func.id, list(FUNCTIONS)), "unknown-name")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, f"{func.id} 只能使用位置参数")
        low, high = _ARITY[func.id]
        if not low <= len(node.args) <= high:
            need = f"{low} 个" if low == high else (
                f"{low} 到 {high} 个" if high < 50 else f"至少 {low} 个")
            raise self.fail(node, f"{func.id} 需要{need}参数（现有 {len(node.args)} 个）")
        args = [self.visit(a, depth, in_power=in_power) for a in node.args]
        if func.id == "round_half_up" and len(args) == 2:
            places = args[1]
            value = places.value if isinstance(places, ast.Constant) else None
            if not (isinstance(value, Decimal) and value == value.to_integral_value()
                    and 0 <= value <= MAX_PLACES):
                raise self.fail(node.args[1], f"round_half_up 的位数只能是 0 到 {MAX_PLACES} "
                                "之间的整数常量")
        node.args = args
        return node


class _Reference(simpleeval.SimpleEval):  # type: ignore[misc]
    """simpleeval's walker, with comparisons counting 1 or 0 as ours do."""

    def _eval_compare(self, node: ast.Compare) -> Decimal:
        return truth(bool(super()._eval_compare(node)))


def evaluate_with_simpleeval(compiled: Compiled, names: Names) -> Decimal:
    """The reference: simpleeval's own walker over the same stored tree and operations."""
    ops: dict[Any, Any] = {**BINARY, **UNARY, **COMPARE}
    ev = _Reference(operators=ops, functions=dict(FUNCTIONS), names=dict(names))
    try:
        return ev.eval(compiled.text, previously_parsed=compiled.tree)  # type: ignore[no-any-return]
    except (DivisionByZero, InvalidOperation) as exc:
        raise ZeroDivisionError(str(exc)) from None
