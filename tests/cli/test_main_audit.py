"""`scoring audit` (review/run.py, report.render_audits): inputs of every kind, formats, exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, SEED, run_cli

from scoring.errors import LoadError, RenderError
from scoring.report import render_audits
from scoring.review.run import audit_paths, fails, load_inputs

C002 = CASES / "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml"
CSV000 = CASES / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv"


def test_the_seed_memo_as_a_new_user_sees_it() -> None:
    run = run_cli("audit", str(SEED.relative_to(CASES.parent)))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "复核意见：2023招商引资"
    assert lines[3] == "结论：公布 97.7 分（优秀）；按规则重算 97.7 分（优秀）。"
    assert lines[4] == ("无依据的分值：20 分（创造GDP产值 10 分、完成税收 5 分、"
                        "创造就业岗位 5 分）；扣除后为 77.7 分（中等）。")


@pytest.mark.parametrize(("path", "fail_on", "code"), [
    (SEED, None, 0), (SEED, "error", 0), (SEED, "warning", 1),  # warnings only
    (C002, "error", 1),                                             # published 7 of 10
])
def test_fail_on_gates_a_pipeline(path: Path, fail_on: str | None, code: int) -> None:
    args = ["audit", str(path), "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    run = run_cli(*args)
    assert run.code == code, run.err
    assert json.loads(run.out)["audit"]["recomputed_grade"]  # the audit ran and printed


def test_many_inputs_of_every_kind_to_one_json_file(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    run = run_cli("audit", str(SEED), str(C002), str(CSV000), "--scheme", "sichuan-2023",
                  "--format", "json", "-o", str(out), "--lang", "en")
    assert run.code == 0, run.err
    assert run.out == ""
    data = json.loads(out.read_text("utf-8"))
    assert [p["project"]["name"] for p in data["projects"]] == [
        "2023招商引资", "义务教育营养改善计划专项资金", "2023招商引资"]
    assert data["summary"]["projects"] == 3
    assert all(p["scheme"] == "sichuan-2023" for p in data["projects"])


def test_xlsx_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    run = run_cli("audit", str(SEED), "--format", "xlsx", "-o", str(out))
    assert run.code == 0, run.err
    assert out.read_bytes()[:2] == b"PK"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_every_bad_input_is_reported_before_failing(tmp_path: Path) -> None:
    run = run_cli("audit", str(tmp_path / "a.yaml"), str(tmp_path / "b.csv"), str(SEED))
    assert run.code == 1
    assert run.out == "" and "Traceback" not in run.err
    assert "a.yaml" in run.err and "b.csv" in run.err


def test_the_functions_behind_the_command(tmp_path: Path) -> None:
    items = audit_paths([SEED, C002])
    assert [i.result.scheme.id for i in items] == ["sichuan-2023", "mof-2020"]
    assert not fails(items, None) and fails(items, "error") and fails(items, "warning")
    assert isinstance(render_audits(items, "xlsx"), bytes)
    with pytest.raises(RenderError):
        render_audits(items, "html")
    with pytest.raises(RenderError):
        render_audits([], "text")
    with pytest.raises(LoadError) as caught:
        load_inputs([tmp_path / "missing.yaml"])
    assert caught.value.diagnostics[0].code == "file-not-found"
