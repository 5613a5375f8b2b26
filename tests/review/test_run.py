"""review/run.py: `scoring audit`'s work — every input read, every case audited, a verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SEED

from scoring.errors import LoadError
from scoring.review.run import audit_paths, fails, load_inputs


def test_fail_on_compares_the_worst_finding() -> None:
    items = audit_paths([SEED])
    assert {f.severity for f in items[0].findings} == {"warning", "info"}
    assert fails(items, "warning") and not fails(items, "error") and not fails(items, None)


def test_the_problems_of_every_input_are_reported_together(write_yaml: Any) -> None:
    first: Path = write_yaml("a.yaml", "project: [\n")
    second: Path = write_yaml("b.yaml", "indicator_set: nowhere.yaml\n")
    with pytest.raises(LoadError) as caught:
        load_inputs([first, SEED, second])
    assert {str(d.location).split(":")[0] for d in caught.value.diagnostics} == {
        str(first), str(second)}
