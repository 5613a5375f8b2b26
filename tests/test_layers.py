"""The layout is real: the stage folders are layers, and the README names them.

Every module's imports are read with `ast` (also those inside functions and under
`TYPE_CHECKING`, which hide dependencies from an import-time check) and checked:
no import cycle, nothing imported from a later stage, the report taking only
records (classes) from the engine and the review, no private name taken from
another module, no module over 300 lines, and the README's Layout block names
every module of `scoring/` and nothing else. Each test names every violation.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "scoring"
# The pipeline, in order; a module may import from its own stage or an earlier one.
STAGES = ("foundation", "read", "model", "load", "engine", "review", "report", "batch", "cli")
FOUNDATION = frozenset({"scoring.errors", "scoring.decimals", "scoring.terminal"})
MAX_LINES = 300
# The facade and the entry point stand above the pipeline: they may import any stage.
EXEMPT_FROM_ORDER = frozenset({"scoring", "scoring.__main__"})


@dataclass(frozen=True)
class Import:
    source: str   # the importing module, dotted
    line: int
    target: str   # the imported module, dotted (always a module of scoring)
    name: str     # the name taken from it ("" for `import x` / a submodule)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package, dotted name → path."""
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(source: str, path: Path, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    package = source.split(".") if path.name == "__init__.py" else source.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _imports_of(source: str, path: Path) -> Iterator[Import]:
    known = modules()
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "scoring" and alias.name in known:
                    yield Import(source, node.lineno, alias.name, "")
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(source, path, node.level, node.module)
            if target.split(".")[0] != "scoring":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in known:      # `from .report import grid`: the module itself
                    yield Import(source, node.lineno, submodule, "")
                else:
                    yield Import(source, node.lineno, target, alias.name)


@cache
def imports() -> tuple[Import, ...]:
    return tuple(found for source, path in modules().items()
                 for found in _imports_of(source, path))


def _private_attributes(source: str, path: Path) -> Iterator[str]:
    """`alias._name` where alias is another scoring module imported here."""
    known = modules()
    tree = ast.parse(path.read_text("utf-8"), str(path))
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(source, path, node.level, node.module)
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{target}.{alias.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and _private(node.attr)
                and aliases[node.value.id] != source):
            yield f"{source}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def stage(module: str) -> str:
    if module in EXEMPT_FROM_ORDER:
        return "facade"
    if module in FOUNDATION:
        return "foundation"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return parts[1]
    raise AssertionError(f"{module} belongs to no stage: put it in a stage folder, or in "
                         f"the foundation ({', '.join(sorted(FOUNDATION))})")


def _components(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = {stack.pop()}
            while node not in component:
                component.add(stack.pop())
            if len(component) > 1:
                components.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def _path(start: str, goal: str, edges: dict[str, set[str]], members: set[str]) -> list[str]:
    """A shortest import path from start to goal inside one component."""
    paths = {start: [start]}
    frontier = [start]
    while goal not in paths:
        following = []
        for node in frontier:
            for nxt in sorted(edges[node] & members - paths.keys()):
                paths[nxt] = [*paths[node], nxt]
                following.append(nxt)
        frontier = following
    return paths[goal]


def cycles(edges: dict[str, set[str]]) -> list[str]:
    """Every import that closes a cycle, with the shortest way back: `a → b → a`."""
    found = set()
    for members in _components(edges):
        for source in sorted(members):
            for target in sorted(edges[source] & members):
                cycle = [source, *_path(target, source, edges, members)]
                turn = cycle.index(min(cycle[:-1]))
                found.add(" → ".join(cycle[turn:-1] + cycle[:turn + 1]))
    return sorted(found)


def test_no_import_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for found in imports():
        if found.target != found.source:
            edges.setdefault(found.source, set()).add(found.target)
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_import_from_a_later_stage() -> None:
    later = sorted({f"{found.source}:{found.line} ({stage(found.source)}) imports "
                    f"{found.target} ({stage(found.target)})"
                    for found in imports()
                    if found.source not in EXEMPT_FROM_ORDER
                    and found.target not in EXEMPT_FROM_ORDER
                    and STAGES.index(stage(found.target)) > STAGES.index(stage(found.source))})
    assert not later, "imports from a later stage:\n" + "\n".join(later)


@cache
def _classes(module: str) -> frozenset[str]:
    tree = ast.parse(modules()[module].read_text("utf-8"))
    return frozenset(node.name for node in tree.body if isinstance(node, ast.ClassDef))


def test_report_depends_on_records_only() -> None:
    """A renderer is handed what it draws: from the engine and the review it takes the
    records they produce (classes), never a function or a constant to compute with."""
    computing = sorted({f"{found.source}:{found.line} imports {found.target}."
                        f"{found.name or '(the module)'}"
                        for found in imports()
                        if stage(found.source) == "report"
                        and stage(found.target) in ("load", "engine", "review")
                        and found.name not in _classes(found.target)})
    assert not computing, "report computing with earlier stages:\n" + "\n".join(computing)


def test_no_private_name_imported_across_modules() -> None:
    private = sorted({f"{found.source}:{found.line} imports {found.target}.{found.name}"
                      for found in imports()
                      if found.target != found.source and _private(found.name)})
    private += [use for source, path in modules().items()
                for use in _private_attributes(source, path)]
    assert not private, "private names used across modules:\n" + "\n".join(private)


def test_no_module_over_300_lines() -> None:
    long = [f"{path.relative_to(ROOT)}: {count} lines"
            for path in modules().values()
            if (count := len(path.read_text("utf-8").splitlines())) > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines:\n" + "\n".join(long)


def _layout_block() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Layout\n", 1)[1]
    block = section.split("```", 2)[1]
    return block.splitlines()[1:]


def named_in_layout() -> set[str]:
    """Paths under scoring/ the README's Layout block names: a folder at two spaces of
    indent (`  read/`) opens a stage, and every `name.py` after it is one of its modules."""
    named: set[str] = set()
    folder = ""
    inside = False
    for line in _layout_block():
        if re.match(r"scoring/\s", line):
            inside = True
            continue
        if not inside:
            continue
        if line and not line[0].isspace():          # the next top-level entry
            break
        if opened := re.match(r"  (\w+)/", line):
            folder = opened.group(1)
            named.update(f"{word}/" for word in re.findall(r"(?<![\w./])(\w+)/", line))
        for word in re.findall(r"(?<![\w./])(\w+\.py)\b", line):
            named.add(f"{folder}/{word}" if folder else word)
    return named


def _trivial(path: Path) -> bool:
    """A package's `__init__.py` holding a docstring and nothing else."""
    body = ast.parse(path.read_text("utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
               for node in body)


def existing_in_package() -> set[str]:
    found = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
             if "__pycache__" not in path.parts and not _trivial(path)}
    found |= {f"{path.name}/" for path in PACKAGE.iterdir()
              if path.is_dir() and path.name != "__pycache__"}
    return found


@pytest.mark.parametrize("name", sorted(existing_in_package()))
def test_readme_layout_names_the_module(name: str) -> None:
    assert name in named_in_layout(), f"scoring/{name} is not in the README's Layout"


@pytest.mark.parametrize("name", sorted(named_in_layout()))
def test_what_the_readme_layout_names_exists(name: str) -> None:
    assert name in existing_in_package(), \
        f"the README's Layout names scoring/{name}, which does not exist"


def test_nothing_is_called_utils() -> None:
    vague = [path.relative_to(ROOT).as_posix() for path in modules().values()
             if path.stem in {"utils", "util", "helpers", "misc", "common"}]
    assert not vague, "a module named for no concept: " + ", ".join(vague)
