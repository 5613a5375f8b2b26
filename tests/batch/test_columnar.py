"""batch/columnar.py: `scoring batch` scores flat tables with the columnar core, and its
outputs are those of the row engine, project by project (the differential test of #14.3).

The reference is the row engine as `scoring score` reads a table: every case of the
importer (`iter_cases`) evaluated (or audited), each made an outcome by the workers'
own code (`worker.Worker.outcome`, a CSV's project at its first row) and written by the
same writer. The batch's output must be byte-identical (CSV, JSON lines) or hold the same
cells (the workbook's sheets but 说明, which dates the run) on the shipped tables, the
layout examples, the generated region (as a CSV and as a workbook of two sheets) and
hypothesis-generated adversarial tables, under every built-in scheme and one that
`extends` another, with and without `--audit`, in Chinese and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import EXTENDS, SCHEMES, TABLES, load_module, region, taken, two_sheets

from scoring.batch.output import open_writer
from scoring.batch.run import run_batch
from scoring.batch.worker import Options, Worker
from scoring.engine.evaluate import evaluate, scheme_for
from scoring.errors import LoadError
from scoring.load.loader import CSV_SUFFIXES, resolve_scheme_ref
from scoring.load.tables import iter_cases
from scoring.model.outcome import RunInfo

ROOT = Path(__file__).resolve().parents[2]
openpyxl = pytest.importorskip("openpyxl")


def reference(paths: list[Path], out: Path, *, scheme: str | None = None, audit: bool = False,
              lang: str = "zh") -> None:
    """The row engine's output for `paths`: every project the importer reads."""
    ref = resolve_scheme_ref(scheme, Path.cwd())
    suffix = out.suffix
    worker = Worker(Options(ref, audit, lang, suffix in (".jsonl", ".html"),  # type: ignore[arg-type]
                            suffix in (".xlsx", ".html")))
    writer = open_writer(out, audit, lang)  # type: ignore[arg-type]
    for path in paths:
        try:
            for case in iter_cases(path, ref):
                applied = scheme_for(case, worker.scheme)
                if audit:
                    from scoring.review.audit import audit as audit_case

                    outcome = worker.outcome(audit_case(case, applied), applied)
                else:
                    outcome = worker.outcome(evaluate(case, applied), applied)
                if path.suffix.lower() in CSV_SUFFIXES:
                    outcome.record["line"] = case.location.line
                writer.add(outcome)
        except LoadError:
            pass  # projects the importer refuses: compared in test_refused_projects_*
    now = dt.datetime.now().astimezone()
    writer.close(RunInfo(inputs=(), skipped=(), schemes=(), grade_order=(), audit=audit,
                         jobs=1, started=now, finished=now, version=""))


def sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {s: list(book[s].iter_rows(values_only=True)) for s in book.sheetnames[:-1]}


def compare(paths: list[Path], tmp: Path, suffix: str = ".csv", **options: Any) -> None:
    got, want = tmp / f"got{suffix}", tmp / f"want{suffix}"
    assert run_batch([str(p) for p in paths], str(got), jobs=1, quiet=True,
                     stderr=io.StringIO(), **options) in (0, 1)
    reference(paths, want, **options)
    if suffix == ".xlsx":
        assert sheets(got) == sheets(want)
    else:
        assert got.read_bytes() == want.read_bytes()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_shipped_tables_as_the_row_engine_scores_them(scheme: str, tmp_path: Path) -> None:
    compare(TABLES, tmp_path, scheme=scheme)


@pytest.mark.parametrize(("suffix", "options"), [
    (".xlsx", {}), (".jsonl", {}), (".csv", {"audit": True}), (".xlsx", {"audit": True}),
    (".jsonl", {"audit": True}), (".xlsx", {"lang": "en"})])
def test_every_output_of_the_shipped_tables(suffix: str, options: dict[str, Any],
                                            tmp_path: Path) -> None:
    compare(TABLES, tmp_path, suffix, **options)


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A generated region as a CSV, and another as a workbook of two sheets."""
    tmp = tmp_path_factory.mktemp("region")
    table = tmp / "region.csv"
    region.write_region(table, 120, seed=5)
    small = tmp / "small.csv"
    region.write_region(small, 30, seed=3)
    return [table, two_sheets(small, tmp / "region.xlsx")]


@pytest.mark.parametrize(("suffix", "options"), [
    (".csv", {}), (".xlsx", {}), (".csv", {"scheme": "sichuan-2023"}),
    (".csv", {"scheme": EXTENDS}), (".csv", {"audit": True}), (".xlsx", {"audit": True}),
    (".jsonl", {})])
def test_the_generated_region(regions: list[Path], suffix: str, options: dict[str, Any],
                              tmp_path: Path) -> None:
    compare(regions, tmp_path, suffix, **options)


def mixed_region(path: Path, projects: int = 40) -> Path:
    """A generated region whose every third project prints a 20-point 预算执行率 (湖北/云南:
    `hubei-2020` by its layout when no scheme is named), one of them and one 10-point
    project with a duplicate 三级指标 (the row engine's)."""
    table = path.parent / "plain.csv"
    region.write_region(table, projects, seed=5)
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[3] == region.BUDGET_LABEL and int(row[2][-6:]) % 3 == 0:
            row[10] = "20"
    rows[40][5], rows[52][5] = rows[39][5], rows[51][5]  # projects 2 (10 points), 3 (20)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize(("suffix", "options"), [
    (".csv", {}), (".xlsx", {}), (".csv", {"audit": True}), (".xlsx", {"audit": True}),
    (".jsonl", {}), (".xlsx", {"lang": "en"}), (".csv", {"scheme": "mof-2020"})])
def test_a_region_of_10_and_20_point_projects(suffix: str, options: dict[str, Any],
                                              tmp_path: Path) -> None:
    """No --scheme: each project under the scheme its printed budget weight names, scored
    by the core (not the whole table by the row engine), as `scoring score` scores it."""
    table = mixed_region(tmp_path / "mixed.csv")
    compare([table], tmp_path, suffix, **options)
    err = io.StringIO()
    run_batch([str(table)], str(tmp_path / "v.csv"), jobs=1, verbose=True, stderr=err,
              **{k: v for k, v in options.items() if k == "scheme"})
    assert "行引擎评分 32/640 行（5.00%），2/40 个项目" in err.getvalue().splitlines()[0]
    out = list(csv.DictReader(io.StringIO((tmp_path / "v.csv").read_text("utf-8-sig"))))
    want = "mof-2020" if options.get("scheme") else "hubei-2020"
    assert [r["scheme"] for r in out[::3]] == [want] * 14
    assert {r["scheme"] for i, r in enumerate(out) if i % 3} == {"mof-2020"}


@pytest.mark.parametrize("audit", [False, True], ids=["score", "audit"])
def test_a_workbook_of_10_and_20_point_projects(audit: bool, tmp_path: Path) -> None:
    """The same mixed region as a workbook of two sheets (`Sheet!H12` places)."""
    book = two_sheets(mixed_region(tmp_path / "mixed.csv"), tmp_path / "mixed.xlsx",
                      decimals=False)
    compare([book], tmp_path, ".xlsx", audit=audit)


def test_verbose_says_the_core_scored_the_region(regions: list[Path], tmp_path: Path) -> None:
    err = io.StringIO()
    run_batch([str(regions[0])], str(tmp_path / "o.csv"), jobs=1, verbose=True, stderr=err)
    lines = err.getvalue().splitlines()
    assert f"{regions[0]}：行引擎评分 0/1,920 行（0.00%），0/120 个项目" in lines[0]
    assert "表格合计：行引擎评分 0/1,920 行（0.00%），0/120 个项目" in lines[1]


def test_verbose_counts_what_the_row_engine_scored(tmp_path: Path) -> None:
    """A table whose project the core leaves (its rows the row engine's), under --audit in
    English; a case file is counted apart."""
    err = io.StringIO()
    run_batch([str(TABLES[0]), str(ROOT / "cases" / "anju-2023-investment.yaml")],
              str(tmp_path / "o.csv"), jobs=1, audit=True, verbose=True, lang="en", stderr=err)
    first, total = err.getvalue().splitlines()[:2]
    assert first.endswith("(100.00%), 1 of 1 projects")
    assert total.endswith("the 1 projects of the other inputs (case files, forms, documents) "
                          "all by the row engine")


def test_rows_that_come_back_later_are_merged_as_scoring_score_merges_them(
        tmp_path: Path) -> None:
    table = tmp_path / "region.csv"
    region.write_region(table, 6, seed=2)
    with table.open(encoding="utf-8", newline="") as handle:
        head, *rows = list(csv.reader(handle))
    scattered = tmp_path / "scattered.csv"
    with scattered.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([head, *rows[8:40], *rows[:8], *rows[40:]])
    compare([scattered], tmp_path)
    assert len((tmp_path / "got.csv").read_text("utf-8-sig").splitlines()) == 7


def test_refused_projects_of_a_csv_are_rows_at_their_place(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("项目名称,年度,一级指标,三级指标,指标值,权重,完成值\n"
                     "A,2023,产出指标,x,10,50,10\nB,2023,合计,,,,\n"
                     "C,2023,产出指标,x,10,50,5\n", "utf-8")  # B: no indicator rows
    out = tmp_path / "o.csv"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True, stderr=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["project"], r["line"], r["status"]) for r in rows] == [
        ("A", "2", "ok"), ("B", "3", "error"), ("C", "4", "ok")]
    assert rows[1]["problem"] == f"{table}:3:1: 该项目没有指标行（三级指标） (no-indicator-rows)"


HEADER = ["项目名称", "项目编码", "年度", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
          "度量单位", "完成值", "权重", "得分", "未完成原因分析"]


differential = load_module("columns_differential", "tests/engine/test_columns_differential.py")
tables = differential.tables  # the core's own adversarial tables


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), scheme=st.sampled_from(SCHEMES))
def test_adversarial_tables(rows: list[list[str]], scheme: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = taken(Path(tmp), HEADER, rows, scheme)
        if path is not None:  # else a project refused: the batch's own tests place it
            compare([path], path.parent, scheme=scheme)
