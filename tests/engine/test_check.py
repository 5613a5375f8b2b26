"""check.py: `scoring check` — each file told apart by its keys, loaded, and a case evaluated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import CASES, INDICATOR_SETS

from scoring.engine.check import check_file


def _found(path: Path) -> list[tuple[str, str]]:
    return [(str(d.location).removeprefix(f"{path}:"), d.code) for d in check_file(path)]


def test_clean_files_of_every_kind_have_nothing_to_say() -> None:
    assert check_file(CASES / "anju-2023-investment.yaml") == []
    assert check_file(INDICATOR_SETS / "anju-2023-investment.yaml") == []
    assert check_file(CASES / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv") \
        == []


def test_a_scheme_file_is_loaded_as_a_scheme(write_yaml: Any) -> None:
    path = write_yaml("mine.yaml", "id: mine\nextends: mof-2020\nplaces: x\n")
    assert _found(path) == [("3:9", "invalid-value")]


def test_a_set_names_a_scheme_that_exists(write_yaml: Any) -> None:
    path = write_yaml("set.yaml", "scheme: nosuch-2099\nindicators:\n  - {level1: a, level2: b, "
                      "name: c, comparator: \"≥\", target: 1, weight: 10}\n")
    assert _found(path) == [("1:9", "unknown-scheme")]


def test_a_case_is_evaluated_too(write_yaml: Any) -> None:
    path = write_yaml("case.yaml", "project: {name: 甲}\nscheme: mof-2020\nindicators:\n  - "
                      "{level1: a, level2: b, name: c, comparator: \"≥\", target: 1, actual: 1, "
                      "not_applicable: true, reason: 未开展, weight: 10}\n")
    # loads clean; the engine refuses it (every row left out; a blank actual is scored)
    assert _found(path) == [("1:1", "no-scorable-row")]
