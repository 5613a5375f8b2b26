"""batch/refused.py: in a CSV the importer reads by its own rules (no 一级指标 column, a
年初指标值 column), a project it refuses is a row of `scoring batch`'s outputs at its own
place (its first line, its names), in input order, as in any other CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scoring.batch.run import run_batch

NO_LEVEL1 = ("项目名称,项目编码,年度,三级指标,指标值,权重,完成值\n"
             "A,a1,2023,x,10,100,10\n"
             "B,b1,2023,合计,,,\n"          # B: no indicator rows
             "C,c1,2023,x,10,100,5\n"
             "D,,2023,合计,,,\n"            # D: no indicator rows either
             "E,e1,2023,x,10,100,7\n")
INITIAL = ("项目名称,年度,一级指标,三级指标,年初指标值,权重,完成值\n"
           "A,2023,产出指标,x,10,100,10\nB,2023,合计,,,,\nC,2023,产出指标,x,10,100,5\n")


@pytest.mark.parametrize("text", [NO_LEVEL1, INITIAL], ids=["no-level1", "initial-target"])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_refused_projects_are_at_their_place(tmp_path: Path, text: str, suffix: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text(text, "utf-8")
    out = tmp_path / f"o{suffix}"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True, stderr=io.StringIO()) == 0
    body = out.read_text("utf-8-sig")
    if suffix == ".csv":
        got = [(r["project"], r["line"], r["status"], r["problem"])
               for r in csv.DictReader(io.StringIO(body))]
    else:  # a result names its project in `project.name`; a refused one is an error record
        got = [(r["project"]["name"], None, "ok", None) if r["format"] == "scoring.result/1"
               else (r["project"], r["location"].split(":")[1], "error", None)
               for r in map(json.loads, body.splitlines())]
    names = [g[0] for g in got]
    assert names == (["A", "B", "C", "D", "E"] if text is NO_LEVEL1 else ["A", "B", "C"])
    refused = {g[0]: g[1] for g in got if g[2] == "error"}
    assert refused == ({"B": "3", "D": "5"} if text is NO_LEVEL1 else {"B": "3"})
    if suffix == ".csv":
        assert got[1][3] == f"{table}:3:1: 该项目没有指标行（三级指标） (no-indicator-rows)"
