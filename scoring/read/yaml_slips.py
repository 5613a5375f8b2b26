"""Read: the usual slips behind a YAML syntax error, named in Chinese at their place.

`source.py` turns yaml's `MarkedYAMLError` into a `yaml-syntax` diagnostic;
where the error comes from one of the slips people make typing a case by hand
(a full-width `：` after a key, a tab in the indentation, an unquoted value
starting with `>` or `>=`, or with `%`, `@` or a backtick, in a block or inside
`{…}`/`[…]`, a full-width `，` between the items of `{…}`) this module says
which, with the fix, at the character that is wrong (yaml's own mark is often
a line later, where it gave up).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

# a key written with a full-width colon: the `：` comes before any `:` on the line
_FULL_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?[^\s#'\"{\[][^:：#]*?(：)")
_TAB_INDENT = re.compile(r"^ *(\t)")
_RESERVED = "%@`"  # cannot start a plain (unquoted) scalar


class Slip(NamedTuple):
    """Where (0-based line and column, as yaml's marks) and what to tell the user."""

    line: int
    column: int
    message: str


def find_slip(text: str, exc: yaml.MarkedYAMLError) -> Slip | None:
    """The slip that explains `exc` in `text`, or None for any other syntax error."""
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None:
        return None
    lines = text.splitlines()
    for number in range(max(problem.line - 1, 0), min(problem.line, len(lines) - 1) + 1):
        tab = _TAB_INDENT.match(lines[number])
        if tab and number == problem.line:
            return Slip(number, tab.start(1), "缩进里有制表符（Tab）：YAML 只认空格缩进，"
                                              "请把 Tab 换成空格")
        colon = _FULL_COLON.match(lines[number])
        if colon:
            key = lines[number][:colon.start(1)].strip().removeprefix("-").strip()
            return Slip(number, colon.start(1), f"“{key}”后用了全角冒号“：”，YAML 只认半角冒号"
                                                f"加空格：请写成“{key}: …”")
    if context is not None and "block scalar" in (exc.context or ""):
        line = lines[context.line] if context.line < len(lines) else ""
        if line[context.column:context.column + 1] == ">":
            value = _value(line, context.column)
            return Slip(context.line, context.column,
                        f"值“{value}”以 > 开头，YAML 把 > 当作折叠文本块的标记：请给值加引号"
                        f"（\"{value}\"），或写成“≥”“＞”")
    line = lines[problem.line] if problem.line < len(lines) else ""
    comma = _full_comma(line, problem.column) if "expected ','" in (exc.problem or "") else -1
    if comma >= 0:  # `{name: 满意度， target: 90}`: one plain value up to the next `:`
        return Slip(problem.line, comma, "“{…}”“[…]”中的各项之间用了全角逗号“，”，YAML 只认半角"
                                         "逗号：请把“，”改成“,”")
    char = line[problem.column:problem.column + 1]
    if char == ">" and _in_flow(line, problem.column):  # `{target: >=90}`: no token, no block
        value = _value(line, problem.column)
        return Slip(problem.line, problem.column,
                    f"值“{value}”以 > 开头，YAML 不允许未加引号的值以 > 开头：请给值加引号"
                    f"（\"{value}\"），或写成“≥”“＞”")
    if char and char in _RESERVED:
        value = _value(line, problem.column)
        what = "反引号 `" if char == "`" else char
        return Slip(problem.line, problem.column,
                    f"值“{value}”以 {what} 开头，YAML 不允许未加引号的值以 %、@ 或反引号开头："
                    f"请给值加引号（\"{value}\"）")
    return None


def _value(line: str, column: int) -> str:
    """The unquoted value that starts at `column` (up to a comment; inside `{…}` or `[…]`
    up to the `,` or bracket that ends it, so the quotes suggested hold the value alone)."""
    value = line[column:].split(" #")[0]
    if _in_flow(line, column):
        value = re.split(r"[,}\]]", value, maxsplit=1)[0]
    return value.strip()


def _full_comma(line: str, column: int) -> int:
    """The column of a `，` in the flow item that ends at `column` (after its last `{`, `[`
    or `,`), or -1."""
    before = line[:column]
    start = max(before.rfind("{"), before.rfind("["), before.rfind(","))
    return before.find("，", start + 1)


def _in_flow(line: str, column: int) -> bool:
    """Whether `column` of `line` is inside a `{…}` or `[…]` opened on that line."""
    before = line[:column]
    return before.count("{") + before.count("[") > before.count("}") + before.count("]")
