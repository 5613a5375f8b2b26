"""`score_arrow_batches` (scoring/batch/distributed.py): batches in, projects out, and the
Dask and Spark recipes of docs/batch.md run as written, on a 200-project generated region,
giving what `score_table` gives on the whole frame."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shipped import region

from scoring import EvaluationError, score_arrow_batches, score_table, table_schema

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "batch.md"

COMPARED = ("project", "code", "department", "year", "total", "max_total", "grade",
            "errors", "warnings", "infos", "engine")


def recipe(engine: str) -> str:
    """The python block after docs/batch.md's `**Dask**` or `**Spark**` paragraph."""
    text = DOC.read_text("utf-8")
    section = text[text.index("## Past one machine: Dask or Spark"):]
    match = re.search(rf"\*\*{engine}\*\*.*?```python\n(.*?)```", section, re.S)
    assert match, f"no {engine} recipe in docs/batch.md"
    return match.group(1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("region")
    region.write_region(path / "region.csv", 200, seed=14)
    return path


def whole(folder: Path) -> list[dict[str, Any]]:
    frame = pl.read_csv(folder / "region.csv", infer_schema=False)
    return keyed(score_table(frame).projects.to_pylist())


def keyed(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Projects by code, the compared columns, numbers as `Decimal` (never float)."""
    out = [{k: (None if r[k] is None or r[k] != r[k] else r[k]) for k in COMPARED}
           for r in records]
    for r in out:
        for k in ("total", "max_total"):
            assert r[k] is None or isinstance(r[k], Decimal), (k, r[k])
    return sorted(out, key=lambda r: str(r["code"]))


def batch(frame: pl.DataFrame) -> pa.RecordBatch:
    """A frame as one record batch (polars hands its chunks out as several)."""
    table = frame.to_arrow().combine_chunks()
    return pa.RecordBatch.from_arrays([c.combine_chunks() for c in table.columns],
                                      schema=table.schema)


def test_the_output_schema_is_the_published_one(folder: Path) -> None:
    frame = pl.read_csv(folder / "region.csv", infer_schema=False)
    out = list(score_arrow_batches([batch(frame.head(0)), batch(frame)]))
    assert [b.schema for b in out] == [table_schema().projects] * len(out)
    assert out[-1].num_rows == 200
    assert keyed(pa.Table.from_batches(out).to_pylist()) == whole(folder)


def test_one_batch_out_per_batch_in_and_a_split_project_is_an_error(folder: Path) -> None:
    frame = pl.read_csv(folder / "region.csv", infer_schema=False)
    codes = frame.get_column("项目编码")
    first = frame.filter(codes.is_in(codes.unique(maintain_order=True).head(3).implode()))
    rest = frame.slice(first.height)
    out = score_arrow_batches([batch(first), batch(rest)])
    assert [b.num_rows for b in out] == [3, 197]
    split = [batch(first.head(5)), batch(first.slice(5))]
    batches = score_arrow_batches(split)
    next(batches)
    with pytest.raises(EvaluationError, match=r"is in batch 0 and batch 1.*partition"):
        next(batches)


def test_the_dask_recipe_runs_as_written(folder: Path) -> None:
    """Saved as a script and run by `python`, as a reader would: Dask's worker processes
    are started by `spawn` and import the script again (without its `__main__` guard the
    run stopped at "An attempt has been made to start a new process before the current
    process has finished its bootstrapping phase")."""
    (folder / "dask_recipe.py").write_text(recipe("Dask"), "utf-8")
    run = subprocess.run([sys.executable, "dask_recipe.py"], cwd=folder, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    records = pq.read_table(folder / "projects.parquet").to_pylist()
    assert len(records) == 200
    assert keyed(records) == whole(folder)


def test_the_spark_recipe_runs_as_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (java not on PATH); .ci/run installs default-jre-headless")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    names: dict[str, Any] = {"__name__": "docs_batch_spark"}
    try:
        exec(compile(recipe("Spark"), str(DOC), "exec"), names)
        records = names["spark_projects"].to_dict("records")
    finally:
        if "spark" in names:
            names["spark"].stop()
    assert len(records) == 200
    assert keyed(records) == whole(folder)

