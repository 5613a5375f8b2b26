"""Phrases are data: no Chinese string literal in the code of engine/, review/, report/, batch/.

STYLE.md: "Domain numbers (weights, thresholds, band edges, phrases) live in YAML
data, never in Python". The derivations' words live in data/derivations.yaml, the
official form's labels in data/form.yaml, the reports' words in data/labels.yaml
(and the others of scoring/data). Every string constant of a module of those stages is
read with `ast`; one holding a CJK character fails the test, except docstrings (they
explain, in the words of the domain), the literals of `ALLOWED` (code, not phrases: each
with its reason) and the modules of `PENDING`, each with the reason it is not yet cleaned
and the number of literals it may hold at most (a ratchet: the number only goes down).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "scoring"
CLEANED = ("engine", "review", "report", "batch")  # held to it (batch: a ratchet, PENDING)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # ideographs, CJK punctuation
# module → (at most this many literals, why they are still there)
PENDING: dict[str, tuple[int, str]] = {
    "batch/api.py": (3, "the cases a chunk's failure names (、 等 … 个项目): to data/batch.yaml"),
    "batch/frames.py": (1, "a frame that is no 自评表 (a refusal): to data/columns.yaml"),
    "batch/pool.py": (10, "a worker's end (signal, exit code, idle): to data/batch.yaml"),
    "batch/scan.py": (2, "an export's footer pattern, a path not found: to data/batch.yaml"),
    "batch/worker.py": (3, "the list a failure names (、 等 … 项): to data/batch.yaml"),
}
# module → {literal: why it is code, not a phrase}
ALLOWED: dict[str, dict[str, str]] = {
    "report/grid.py": {"\u3164\uffa0": "the Hangul fillers, characters the width of a grid "
                                         "cell counts as zero: a rule of text width"},
}


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def chinese_literals(path: Path) -> list[str]:
    """`line: 'text'` of each string constant of `path` with a CJK character, docstrings
    left out (an f-string's text parts count one by one)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = _docstrings(tree)
    return [f"{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and CJK.search(node.value)]


def _modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for stage in CLEANED
                  for p in (PACKAGE / stage).glob("*.py"))


@pytest.mark.parametrize("module", _modules())
def test_no_chinese_literal_in_code(module: str) -> None:
    allowed = ALLOWED.get(module, {})
    found = [f for f in chinese_literals(PACKAGE / module)
             if f.split(": ", 1)[1] not in {repr(text) for text in allowed}]
    limit, why = PENDING.get(module, (0, ""))
    assert len(found) <= limit, (
        f"scoring/{module}: {len(found)} Chinese literal(s) in code (at most {limit}"
        f"{': ' + why if why else ''}); move them to scoring/data/*.yaml:\n" + "\n".join(found))


def test_allowed_literals_are_still_there() -> None:
    """An allowed literal that is gone comes off the list."""
    stale = [(m, text) for m, texts in ALLOWED.items() for text in texts
             if f"{text!r}" not in {f.split(": ", 1)[1] for f in chinese_literals(PACKAGE / m)}]
    assert not stale, f"take these off ALLOWED: {stale}"


def test_pending_modules_exist_and_still_need_it() -> None:
    """A module off the list once it is clean, so the ratchet cannot go stale."""
    stale = [m for m in PENDING if not (PACKAGE / m).exists() or not chinese_literals(PACKAGE / m)]
    assert not stale, f"take these off PENDING: {stale}"


def test_the_check_sees_literals_and_skips_docstrings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""模块说明。"""\n\n\ndef f(x: str) -> str:\n    """函数说明。"""\n'
                      '    return f"完成值“{x}”" + "ok" + "；"\n', "utf-8")  # ” alone: no CJK
    assert sorted(chinese_literals(module)) == ["6: '完成值“'", "6: '；'"]
