"""Every Python example of README.md and docs/*.md runs as a reader pastes it: the blocks of
a page in order, in one namespace (a later block may use the names of an earlier one), in a
folder holding the bundled `cases/` (with its sets and schemes) and the files the examples
name (`region.csv`, `自评表.csv`, `自评表.xlsx`). The Dask and Spark recipes of
docs/batch.md are run by tests/batch/test_distributed.py (a cluster each)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED
from shipped import region

from scoring import evaluate, load_case, render

PAGES = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
CLUSTERS = ("LocalCluster", "SparkSession")  # the recipes test_distributed.py runs


def blocks(page: str) -> list[str]:
    """The ```python blocks of `page`, in order, but the cluster recipes."""
    text = (ROOT / page).read_text("utf-8")
    return [code for code in re.findall(r"```python\n(.*?)```", text, re.S)
            if not any(word in code for word in CLUSTERS)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("examples")
    for name in ("cases", "indicator_sets", "schemes"):  # the cases name the others
        shutil.copytree(ROOT / name, path / name)
    region.write_region(path / "region.csv", 40, seed=14)
    shutil.copy(ROOT / "cases" / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv",
                path / "自评表.csv")
    form = render(evaluate(load_case(SEED)), "xlsx")
    assert isinstance(form, bytes)
    (path / "自评表.xlsx").write_bytes(form)
    return path


def run_page(page: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(folder)
    names: dict[str, Any] = {"__name__": "doc_examples"}
    for number, code in enumerate(blocks(page), 1):
        exec(compile(code, f"{page} (python block {number})", "exec"), names)
    return names


@pytest.mark.parametrize("page", [page for page in PAGES if blocks(page)])
def test_the_python_examples_of_a_page_run_in_order(page: str, folder: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run_page(page, folder, monkeypatch)


def test_the_arrow_example_of_batch_md_holds_every_project(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its block once read `results`, the lazy iterator the block above had used up for
    `df`: the Arrow table was empty, silently."""
    names = run_page("docs/batch.md", folder, monkeypatch)
    assert len(names["df"]) == 1
    assert names["arrow"].num_rows == 1
    assert names["arrow"].column("total").to_pylist() == list(names["df"].total)
