"""batch/output.py: the run's output, chosen by extension, written whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from scoring.batch.output import columns, csv_cell, open_writer
from scoring.model.outcome import Outcome, RunInfo

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
INFO = RunInfo(inputs=("a.csv",), skipped=(), schemes=(), grade_order=(), audit=False, jobs=1,
               started=NOW, finished=NOW, version="0")


def _outcome(name: str) -> Outcome:
    return Outcome(record={"project": name, "total": "97.7", "grade": "优"}, findings=[],
                   json=f'{{"project": "{name}"}}', failed=False, grades=("优", "良", "中", "差"))


def test_a_csv_has_a_bom_a_header_and_a_row_per_project(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    writer = open_writer(out, audit=False)
    writer.add(_outcome("=甲"))
    writer.close(INFO)
    text = out.read_text("utf-8")
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(text[1:].splitlines()))
    assert header == [str(csv_cell(c)) for c in columns(False)]
    assert row[header.index("project")] == "'=甲"  # never a formula in a spreadsheet
    assert (row[header.index("total")], row[header.index("findings")]) == ("97.7", "0")


def test_jsonl_is_a_line_per_project_and_an_aborted_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    writer = open_writer(out, audit=False)
    writer.add(_outcome("甲"))
    writer.add(_outcome("乙"))
    writer.close(INFO)
    assert out.read_text("utf-8").splitlines() == ['{"project": "甲"}', '{"project": "乙"}']
    again = open_writer(out, audit=False)
    again.add(_outcome("丙"))
    again.abort()
    assert out.read_text("utf-8").count("\n") == 2  # the previous output stands
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.jsonl"]
