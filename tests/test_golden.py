"""Golden files: every case in cases/ scores exactly as its expected output.

Each `cases/<stem>.yaml` has `tests/golden/<stem>.txt` (the official table as
text) and `tests/golden/<stem>.json` (FORMATS.md §6). After an intended
change, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from scoring import evaluate, load_case, render

GOLDEN = ROOT / "tests" / "golden"
CASE_FILES = sorted(p.relative_to(ROOT) for p in CASES.glob("*.yaml"))


def check_golden(path: Path, actual: str) -> None:
    """Compare `actual` with the golden file, or rewrite it under UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, "utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text("utf-8")


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_case_matches_its_golden_output(case: Path, fmt: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = evaluate(load_case(case))
    check_golden(GOLDEN / f"{case.stem}.{'txt' if fmt == 'text' else 'json'}",
                 render(result, fmt))


def test_every_published_table_has_a_case() -> None:
    published = sorted((CASES / "published").glob("*.json"))  # ../shared/cases, copied
    assert published
    stems = {p.stem for p in CASES.glob("*.yaml")}
    for table in published:
        assert table.name.startswith("000-") or table.stem in stems, table.name
