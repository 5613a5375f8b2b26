"""batch/columnar_results.py under `--audit`: `.jsonl`, `.html` and `--lang en` of flat tables
from each project's `AuditResult` settled on the core's frames (`AuditedStage`), byte for
byte the row engine's outputs (#14.3).

The reference is test_columnar.py's (`reference(audit=True)`): every case the importer
reads, audited by `review.audit.audit`, made an outcome by the workers' own code, written
by the same writer; compared as test_columnar_results.py compares (the HTML page's dated
line left out). Tables: the shipped ones, the generated region (a CSV and a workbook of
two sheets), the region with its published 得分, 合计 and 等级 right and wrong in many
ways, hypothesis tables of the audit's own strategy; every output, Chinese and English,
every built-in scheme and one that `extends` another. And `--verbose`: the row engine
scores none of the region's projects.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import load_module, taken

ROOT = Path(__file__).resolve().parents[2]


results = load_module("columnar_results", "tests/batch/test_columnar_results.py")
published = load_module("columns_audit", "tests/review/test_columns_audit.py")
lane = results.lane
regions = lane.regions  # the fixture
OUTPUTS = [(suffix, {**options, "audit": True}) for suffix, options in results.OUTPUTS]


def compare(paths: list[Path], tmp: Path, suffix: str, **options: Any) -> str:
    return str(results.compare(paths, tmp, suffix, **options))


@pytest.mark.parametrize(("suffix", "options"), OUTPUTS)
def test_every_output_of_the_shipped_tables(suffix: str, options: dict[str, Any],
                                            tmp_path: Path) -> None:
    compare(lane.TABLES, tmp_path, suffix, **options)


@pytest.mark.parametrize("scheme", lane.SCHEMES)
def test_the_shipped_tables_under_every_scheme(scheme: str, tmp_path: Path) -> None:
    compare(lane.TABLES, tmp_path, ".jsonl", scheme=scheme, lang="en", audit=True)


@pytest.mark.parametrize(("suffix", "options"), [
    *OUTPUTS, (".jsonl", {"scheme": "sichuan-2023", "audit": True}),
    (".html", {"scheme": lane.EXTENDS, "audit": True, "lang": "en"})])
def test_the_generated_region(regions: list[Path], suffix: str, options: dict[str, Any],
                              tmp_path: Path) -> None:
    """The region as a CSV and as a workbook of two sheets (test_columnar.py's)."""
    compare(regions, tmp_path, suffix, **options)


@pytest.fixture(scope="module")
def audited_region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audited") / "region.csv"
    published.published_region(path, 60, 7)
    return path


PUBLISHED = [(".jsonl", "zh"), (".jsonl", "en"), (".html", "en"), (".xlsx", "en")]


@pytest.mark.parametrize(("scheme", "suffix", "lang"), [  # every output, every scheme
    *[("mof-2020", *output) for output in PUBLISHED if output != (".jsonl", "en")],
    *[(scheme, ".jsonl", "en") for scheme in lane.SCHEMES]])
def test_the_published_region(audited_region: Path, scheme: str, suffix: str, lang: str,
                              tmp_path: Path) -> None:
    """Published cells right, rounded, wrong, unreadable or blank; 合计 and 等级 rows."""
    compare([audited_region], tmp_path, suffix, scheme=scheme, lang=lang, audit=True)


def test_the_core_audits_the_region_for_every_output(regions: list[Path],
                                                     tmp_path: Path) -> None:
    """`--verbose`: under --audit with `.jsonl` no project of the region goes to the row
    engine (before, every one did)."""
    err = compare(regions[:1], tmp_path, ".jsonl", audit=True)
    assert f"{regions[0]}：行引擎评分 0/1,920 行（0.00%），0/120 个项目" in err
    err = compare(regions[:1], tmp_path, ".csv", audit=True, lang="en")
    assert "the row engine scored 0 of 1,920 rows (0.00%), 0 of 120 projects" in err


def test_a_project_whose_layout_chooses_its_scheme_is_audited_too(tmp_path: Path) -> None:
    """No --scheme: a project printing 20 points for budget execution is scored and
    audited under `hubei-2020` by the core, its `AuditResult` built too."""
    path = tmp_path / "t.csv"
    rows = [lane.HEADER]
    for name, budget, weights in (("项目一", "20", ("40", "40")), ("项目二", "10", ("50", "40"))):
        rows.append([name, "", "2023", "预算执行率", "", "", "", "100", "万元", "90", budget,
                     budget, "原因"])
        rows.extend([name, "", "2023", "产出指标", "数量指标", f"指标{i}", "≥", "10", "个", "8",
                     w, w, ""] for i, w in enumerate(weights))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for output, lang in ((".jsonl", "zh"), (".jsonl", "en"), (".html", "en")):
        err = compare([path], tmp_path, output, lang=lang, audit=True)
        assert ("0/6" if lang == "zh" else "0 of 6") in err
    text = (tmp_path / "got.jsonl").read_text("utf-8")
    assert '"scheme": "hubei-2020"' in text and "reported-score-differs" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=published.tables(), scheme=st.sampled_from(lane.SCHEMES),
       output=st.sampled_from([(".jsonl", "zh"), (".jsonl", "en"), (".csv", "en"),
                               (".xlsx", "en")]))
def test_adversarial_tables(rows: list[list[str]], scheme: str,
                            output: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = taken(Path(tmp), published.HEADER, rows, scheme)
        if path is not None:  # else a project refused: the batch's own tests place it
            compare([path], path.parent, output[0], scheme=scheme, lang=output[1], audit=True)
