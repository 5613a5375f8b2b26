"""The README stays true: every CLI command and option, finding code, rule kind and public
name is documented (one test per item, so a failure names it), and the README's two
quick-start commands are the ones CI runs."""

from __future__ import annotations

import argparse
import re

import pytest
from conftest import ROOT

import scoring
from scoring.cli.args import make_parser
from scoring.cli.main import COMMANDS
from scoring.model.findings import catalogue
from scoring.model.rule import Rule

README = (ROOT / "README.md").read_text("utf-8")


def _flags() -> list[tuple[str, str]]:
    """(command, option) for every option of the program ("") and of every command."""
    parser = make_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [(name, flag) for name, command in {"": parser, **sub.choices}.items()
            for action in command._actions for flag in action.option_strings]


RULE_KINDS = [kind for kind in Rule.model_fields if kind not in ("location", "field_locations")]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_cli_command_is_documented(command: str) -> None:
    assert f"scoring {command}" in README, command


def _command_rows() -> dict[str, str]:
    """The README's command-line table: the word after `scoring` → its row."""
    return {line.split()[2]: line for line in README.splitlines()
            if line.startswith("| `scoring ")}


@pytest.mark.parametrize(("name", "flag"), _flags(), ids=[f"{c or 'scoring'} {f}"
                                                          for c, f in _flags()])
def test_every_cli_flag_is_documented_in_its_commands_row(name: str, flag: str) -> None:
    """Every option of every command in that command's row of the table; the program's own
    (--version, --lang) and -h/--help in the rows `scoring --version`, `scoring [COMMAND] -h`."""
    rows = _command_rows()
    general = rows["--version"] + rows["[COMMAND]"]
    where = general if not name or flag in ("-h", "--help") else rows[name]
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", where), (name, flag)


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_finding_code_is_documented_with_its_severity(code: str) -> None:
    entry = catalogue()[code]
    assert re.search(rf"\| `{re.escape(code)}` \| {entry.severity} \|", README), code


@pytest.mark.parametrize("kind", RULE_KINDS)
def test_every_rule_kind_is_documented(kind: str) -> None:
    assert f"`{kind}`" in README or kind in README, kind


@pytest.mark.parametrize("name", sorted(scoring.__all__))
def test_every_public_name_is_documented(name: str) -> None:
    """Each name the package exports appears in the README as code (`name`, `x.name(`)."""
    assert re.search(rf"`([\w.]+\.)?{re.escape(name)}[`(\[ ]", README), name


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(blocks) >= 2
    install_and_score, install_and_test = blocks[0], blocks[1]
    assert "scoring score cases/anju-2023-investment.yaml" in install_and_score
    assert install_and_test in (ROOT / ".ci" / "run").read_text("utf-8")


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_finding_has_both_languages(code: str) -> None:
    entry = catalogue()[code]
    assert set(entry.message) == {"zh", "en"}, code
    assert set(entry.meaning) == {"zh", "en"}, code


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text("utf-8")
WALKTHROUGH = sorted(set(re.findall(r"`(scoring(?:\.\w+)+)`", ARCHITECTURE)))


@pytest.mark.parametrize("dotted", WALKTHROUGH)
def test_every_name_of_the_walkthrough_exists(dotted: str) -> None:
    """docs/architecture.md follows one case through functions that exist: each
    `scoring.stage.module.name` it names imports."""
    import importlib

    module, _, name = dotted.rpartition(".")
    assert hasattr(importlib.import_module(module), name), dotted


def test_the_walkthrough_goes_through_the_stages_in_order() -> None:
    stages = [m.group(1) for m in re.finditer(r"^## \d\. .*\(`(\w+)/`\)$", ARCHITECTURE, re.M)]
    assert stages == ["cli", "read", "model", "load", "engine", "review", "report", "cli"]
    assert len(WALKTHROUGH) >= 30


def _examples() -> list[str]:
    """The example commands of README's tables of containers and layouts."""
    start = README.index("### Where tables live")
    part = README[start:README.index("## Exporting the official form", start)]
    return [m.group(1) for line in part.splitlines() if line.startswith("| ")
            for m in re.finditer(r"`(scoring (?:score|audit) [^`]+)`", line)]


def test_every_container_and_layout_has_an_example_command() -> None:
    examples = _examples()
    assert len(examples) == 7 + 6  # 7 containers (xlsx flat and form apart), 6 layouts
    for suffix in (".yaml", ".csv", ".xlsx", ".xls", ".docx", ".pdf"):
        assert any(e.split()[2].endswith(suffix) for e in examples), suffix


@pytest.mark.parametrize("example", [e for e in _examples() if (ROOT / e.split()[2]).exists()])
def test_the_readme_example_commands_on_files_of_cases_run(example: str) -> None:
    from conftest import run_cli

    run = run_cli(*example.split()[1:])
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert run.out.strip()
