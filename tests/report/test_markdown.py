"""markdown.py: the 自评表 as Markdown tables, cell text escaped."""

from __future__ import annotations

import re

from builders import make_case, row

from scoring import evaluate
from scoring.report.markdown import render_markdown

PIPE = re.compile(r"(?<!\\)\|")  # a pipe that is not escaped


def test_pipes_and_backticks_in_a_cell_cannot_break_the_table() -> None:
    result = evaluate(make_case([row("a|b", "≥", "10", "5", 10, reason="`x`")]))
    lines = render_markdown(result).splitlines()
    [line] = [ln for ln in lines if "a\\|b" in ln]
    assert "\\`x\\`" in line
    header = lines[lines.index(line) - 2]  # the indicator table's header, its rule, the row
    assert len(PIPE.findall(line)) == len(PIPE.findall(header))  # as many columns


def test_publishing_leaves_out_the_findings() -> None:
    result = evaluate(make_case([row("甲", "≥", "10", None, 10), row("乙", "≥", "1", "1", 90)]))
    assert "missing-actual" in render_markdown(result)
    assert "missing-actual" not in render_markdown(result, publish=True)
