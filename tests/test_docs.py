"""The README stays true: every CLI command, finding code and rule kind is documented,
and the README's two quick-start commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import ROOT

from scoring.cli import COMMANDS
from scoring.findings import catalogue
from scoring.rules_model import Rule

README = (ROOT / "README.md").read_text("utf-8")


def test_every_cli_command_is_documented() -> None:
    for command in COMMANDS:
        assert f"scoring {command}" in README, command


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
