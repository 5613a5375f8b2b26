"""batch/columnar_results.py: `.jsonl`, `.html` and `--lang en` of flat tables from the
`Result`s built from the core's frames, byte for byte the row engine's outputs (#14.3).

The reference is test_columnar.py's: every case the importer reads, evaluated by the row
engine and made an outcome by the workers' own code, written by the same writer. The
HTML page's line that dates the run and lists the run's schemes is left out of the
comparison (the reference is no run); everything else is compared byte for byte.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import load_module, taken

from scoring.batch.run import run_batch

ROOT = Path(__file__).resolve().parents[2]
lane = load_module("test_columnar", "tests/batch/test_columnar.py")
TABLES, SCHEMES = lane.TABLES, lane.SCHEMES
META = re.compile(r'<p class="meta">[^<]*</p>')


def compare(paths: list[Path], tmp: Path, suffix: str, **options: Any) -> str:
    """Assert the batch's output of `paths` is the reference's; the batch's stderr
    (`--verbose`)."""
    got, want = tmp / f"got{suffix}", tmp / f"want{suffix}"
    err = io.StringIO()
    assert run_batch([str(p) for p in paths], str(got), jobs=1, verbose=True, stderr=err,
                     **options) in (0, 1)
    lane.reference(paths, want, **options)
    if suffix == ".xlsx":
        assert lane.sheets(got) == lane.sheets(want)
    elif suffix == ".html":
        mine, theirs = got.read_text("utf-8"), want.read_text("utf-8")
        assert META.sub("", mine) == META.sub("", theirs)
        assert len(META.findall(mine)) == 1
    else:
        assert got.read_bytes() == want.read_bytes()
    return err.getvalue()


OUTPUTS = [(".jsonl", {}), (".html", {}), (".csv", {"lang": "en"}),
           (".jsonl", {"lang": "en"}), (".xlsx", {"lang": "en"}), (".html", {"lang": "en"})]


@pytest.mark.parametrize(("suffix", "options"), OUTPUTS)
def test_every_output_of_the_shipped_tables(suffix: str, options: dict[str, Any],
                                            tmp_path: Path) -> None:
    compare(TABLES, tmp_path, suffix, **options)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_shipped_tables_under_every_scheme(scheme: str, tmp_path: Path) -> None:
    compare(TABLES, tmp_path, ".jsonl", scheme=scheme, lang="en")


@pytest.mark.parametrize(("suffix", "options"), [
    *OUTPUTS, (".jsonl", {"scheme": "sichuan-2023"}), (".jsonl", {"scheme": lane.EXTENDS})])
def test_the_generated_region(regions: list[Path], suffix: str, options: dict[str, Any],
                              tmp_path: Path) -> None:
    """The region as a CSV and as a workbook of two sheets (test_columnar.py's)."""
    compare(regions, tmp_path, suffix, **options)


regions = lane.regions  # the fixture


def test_the_core_builds_the_results_of_the_region(regions: list[Path],
                                                    tmp_path: Path) -> None:
    """The share `--verbose` reports: no project of the region goes to the row engine for
    its `Result`."""
    err = compare(regions[:1], tmp_path, ".jsonl")
    assert f"{regions[0]}：行引擎评分 0/1,920 行（0.00%），0/120 个项目" in err


def test_a_name_holding_its_findings_words_is_built_by_the_core(tmp_path: Path) -> None:
    """A name that holds the words of its finding's message: the finding's parameters are
    the frames', so the core builds the project, its output the row engine's."""
    name = "甲”得分 5.00（满分 10），但未填写未完成原因分析；指标“乙"
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([lane.HEADER, [
            "项目一", "", "2023", "产出指标", "", name, "≥", "10", "", "5", "10", "", ""], [
            "项目一", "", "2023", "产出指标", "", "乙", "≥", "10", "", "10", "90", "", ""], [
            "项目二", "", "2023", "产出指标", "", "丙", "≥", "10", "", "5", "100", "", ""]])
    err = compare([path], tmp_path, ".jsonl", lang="en", scheme="mof-2020")
    assert "the row engine scored 0 of 3 rows (0.00%), 0 of 2 projects" in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=lane.tables(), scheme=st.sampled_from(SCHEMES),
       output=st.sampled_from([(".jsonl", "zh"), (".jsonl", "en"), (".csv", "en")]))
def test_adversarial_tables(rows: list[list[str]], scheme: str,
                            output: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = taken(Path(tmp), lane.HEADER, rows, scheme)
        if path is not None:  # else a project refused: the batch's own tests place it
            compare([path], path.parent, output[0], scheme=scheme, lang=output[1])


def test_a_project_whose_layout_chooses_its_scheme_is_built_too(tmp_path: Path) -> None:
    """No --scheme: a project printing 20 points for budget execution is scored under
    `hubei-2020` by the core, its `Result` (with `scheme-from-layout`) built too."""
    path = tmp_path / "t.csv"
    rows = [lane.HEADER]
    for name, budget, weights in (("项目一", "20", ("40", "40")), ("项目二", "10", ("50", "40"))):
        rows.append([name, "", "2023", "预算执行率", "", "", "", "100", "万元", "90", budget,
                     "", "原因"])
        rows.extend([name, "", "2023", "产出指标", "数量指标", f"指标{i}", "≥", "10", "个", "8",
                     w, "", ""] for i, w in enumerate(weights))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for output, lang in ((".jsonl", "zh"), (".jsonl", "en"), (".csv", "en")):
        err = compare([path], tmp_path, output, lang=lang)
        assert ("0/6" if lang == "zh" else "0 of 6") in err
    assert '"scheme": "hubei-2020"' in (tmp_path / "got.jsonl").read_text("utf-8")
