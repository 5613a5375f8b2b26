"""`scoring batch --audit` of flat tables by the columnar core (`batch/columnar_audit.py`).

The batch's CSV and workbook under `--audit` (`--lang zh`) against the row engine's
reference (`test_columnar.reference`: every project built by the importer, audited
by `review.audit.audit`, made an outcome by the workers' own function): the
generated region with its published 得分, 合计 and 等级 right, rounded, wrong,
unreadable or blank (`test_columns_audit.published_region`), as a CSV and as a
workbook, under every built-in scheme and one that `extends` another, and
hypothesis tables of the audit's own strategy; and that the core scored them.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import load_module, taken

from scoring.batch.run import run_batch

ROOT = Path(__file__).resolve().parents[2]


columnar = load_module("batch_columnar", "tests/batch/test_columnar.py")
audited = load_module("columns_audit", "tests/review/test_columns_audit.py")
openpyxl = pytest.importorskip("openpyxl")


def _workbook(source: Path, target: Path) -> None:
    """A CSV table as a workbook of one sheet, cells as text."""
    with source.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    book = openpyxl.Workbook()
    for record in records:
        book.active.append(record)
    book.save(target)


@pytest.mark.parametrize("scheme", columnar.SCHEMES)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_published_region_audited(scheme: str, suffix: str, tmp_path: Path) -> None:
    table = tmp_path / "region.csv"
    audited.published_region(table, 60, 7)
    _workbook(table, tmp_path / "region.xlsx")
    columnar.compare([table, tmp_path / "region.xlsx"], tmp_path, suffix, scheme=scheme,
                     audit=True)


def test_the_core_audits_the_region(tmp_path: Path) -> None:
    """Under --audit in Chinese the core scores and audits a region's projects: the
    row engine scores none of them."""
    table = tmp_path / "region.csv"
    columnar.region.write_region(table, 40, seed=4)
    err = io.StringIO()
    assert run_batch([str(table)], str(tmp_path / "o.xlsx"), jobs=1, audit=True,
                     verbose=True, stderr=err) in (0, 1)
    assert "0/40 个项目" in err.getvalue().splitlines()[0]
    columnar.compare([table], tmp_path, ".xlsx", audit=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=audited.tables(), scheme=st.sampled_from(columnar.SCHEMES),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_adversarial_tables_audited(rows: list[list[str]], scheme: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = taken(Path(tmp), audited.HEADER, rows, scheme)
        if path is not None:  # else a project refused: the batch's own tests place it
            columnar.compare([path], path.parent, suffix, scheme=scheme, audit=True)
