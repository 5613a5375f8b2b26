"""The README stays true: every CLI command, finding code and rule kind is documented,
and the README's two quick-start commands are the ones CI runs."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT

from scoring.cli.main import COMMANDS, _parser
from scoring.model.findings import catalogue
from scoring.model.rule import Rule

README = (ROOT / "README.md").read_text("utf-8")


def test_every_cli_command_is_documented() -> None:
    for command in COMMANDS:
        assert f"scoring {command}" in README, command


def _command_rows() -> dict[str, str]:
    """The README's command-line table: the word after `scoring` → its row."""
    return {line.split()[2]: line for line in README.splitlines()
            if line.startswith("| `scoring ")}


def test_every_cli_flag_is_documented_in_its_commands_row() -> None:
    """Every option of every command in that command's row of the table; the program's own
    (--version, --lang) and -h/--help in the rows `scoring --version`, `scoring [COMMAND] -h`."""
    parser = _parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    rows = _command_rows()
    general = rows["--version"] + rows["[COMMAND]"]
    for name, command in {"": parser, **sub.choices}.items():
        for action in command._actions:
            for flag in action.option_strings:
                where = general if not name or flag in ("-h", "--help") else rows[name]
                assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", where), (name, flag)


def test_every_finding_code_is_documented_with_its_severity() -> None:
    for code, entry in catalogue().items():
        assert re.search(rf"\| `{re.escape(code)}` \| {entry.severity} \|", README), code


def test_every_rule_kind_is_documented() -> None:
    for kind in Rule.model_fields:
        if kind not in ("location", "field_locations"):
            assert f"`{kind}`" in README or kind in README, kind


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(blocks) >= 2
    install_and_score, install_and_test = blocks[0], blocks[1]
    assert "scoring score cases/anju-2023-investment.yaml" in install_and_score
    assert install_and_test in (ROOT / ".ci" / "run").read_text("utf-8")


def test_every_finding_has_both_languages() -> None:
    for code, entry in catalogue().items():
        assert set(entry.message) == {"zh", "en"}, code
        assert set(entry.meaning) == {"zh", "en"}, code
