"""Batch: score_many/audit_many/results_to_records, and `scoring batch` end to end."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, ROOT, SEED, run_cli
from openpyxl import load_workbook
from shipped import region

from scoring import audit, audit_many, evaluate, load_case, results_to_records, score_many
from scoring.batch.run import run_batch
from scoring.batch.scan import expand
from scoring.errors import LoadError, UnknownSchemeError
from scoring.model.outcome import AUDIT_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS
from scoring.report.json import result_to_dict

YAML_CASES = sorted(p for p in CASES.glob("*.yaml"))


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated region of 40 projects (16 rows each)."""
    path = tmp_path_factory.mktemp("region") / "region.csv"
    region.write_region(path, 40, seed=7)
    return path


def _bad_table(tmp_path: Path, table: Path) -> tuple[Path, int]:
    """The region with project 5 published as nothing but its total row (`no-indicator-rows`,
    refused: no cell of it can be scored; a row's problem is the row's finding, #15.1)."""
    lines = table.read_text("utf-8").splitlines(keepends=True)
    first = 1 + 5 * 16 + 1  # header, 5 projects of 16 rows → project 5's budget row
    cells = next(csv.reader([lines[first - 1]]))
    cells[3:] = ["合计"] + [""] * (len(cells) - 4)
    out = tmp_path / "bad.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines[: first - 1])
        csv.writer(handle).writerow(cells)
        handle.writelines(lines[first + 15:])
    return out, first


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


# --- the API ---------------------------------------------------------------------------

def test_score_many_yields_what_evaluate_gives_in_input_order() -> None:
    cases = [load_case(p) for p in YAML_CASES]
    results = list(score_many(cases))
    assert [r.source for r in results] == [str(p) for p in YAML_CASES]
    assert [result_to_dict(r) for r in results] == [result_to_dict(evaluate(c)) for c in cases]


def test_score_many_is_identical_with_two_workers() -> None:
    cases = [load_case(p) for p in YAML_CASES]
    one = [result_to_dict(r) for r in score_many(cases, jobs=1)]
    two = [result_to_dict(r) for r in score_many(cases, jobs=2, chunksize=1)]
    assert one == two


def test_score_many_is_lazy() -> None:
    def cases() -> Any:
        yield load_case(SEED)
        raise AssertionError("the second case was asked for before the first result")

    first = next(score_many(cases()))
    assert (str(first.total), first.grade) == ("97.7", "优秀")


def test_score_many_raises_at_a_bad_case_with_its_scheme_error() -> None:
    with pytest.raises(UnknownSchemeError, match="no-such-scheme"):
        list(score_many([load_case(SEED)], "no-such-scheme"))


def test_audit_many_gives_audit_results() -> None:
    [item] = list(audit_many([load_case(SEED)]))
    assert item.audit == audit(load_case(SEED)).audit
    assert str(item.audit.total_without_manual) == "77.7"


def test_project_records_are_plain_and_complete() -> None:
    results = list(score_many([load_case(p) for p in YAML_CASES]))
    records = results_to_records(results)
    assert len(records) == len(results)
    for record in records:
        assert tuple(record) == PROJECT_COLUMNS
        assert all(v is None or type(v) in (str, int, Decimal) for v in record.values())
    seed = records[[str(p) for p in YAML_CASES].index(str(SEED))]
    assert (seed["project"], seed["total"], seed["grade"]) == ("2023招商引资", Decimal("97.7"),
                                                               "优秀")
    assert [str(seed[k]) for k in ("execution_rate", "budget_score", "reported_total")] == [
        "1.0000", "10.0", "97.7"]


def test_indicator_records_give_one_row_per_indicator() -> None:
    results = list(score_many([load_case(SEED)]))
    rows = results_to_records(results, per="indicator")
    assert len(rows) == len(results[0].indicators) == 14
    assert all(tuple(r) == INDICATOR_COLUMNS for r in rows)
    agreement = next(r for r in rows if r["name"] == "协议金额")
    assert (agreement["score"], agreement["status"], agreement["actual"]) == (
        Decimal("7.7"), "partial", "184.2")
    with pytest.raises(ValueError):
        results_to_records(results, per="row")  # type: ignore[arg-type]


def test_audit_records_add_the_audit_columns() -> None:
    [record] = results_to_records(audit_many([load_case(SEED)]))
    assert tuple(record) == PROJECT_COLUMNS + AUDIT_COLUMNS
    assert (record["manual_points"], record["total_without_manual"],
            record["grade_without_manual"], record["grade_changes"]) == (
                Decimal(20), Decimal("77.7"), "中等", 0)


# --- inputs ------------------------------------------------------------------------------

def test_expand_searches_folders_in_order_and_skips_yaml_that_is_no_case(
        tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.yaml").write_text((SEED).read_text("utf-8").replace(
        "../indicator_sets", str(ROOT / "indicator_sets")), "utf-8")
    (tmp_path / "a.csv").write_text("x", "utf-8")
    (tmp_path / "set.yml").write_text("title: t\nindicators: []\n", "utf-8")
    (tmp_path / "~$lock.xlsx").write_text("", "utf-8")
    (tmp_path / "notes.txt").write_text("", "utf-8")
    files, skipped = expand([tmp_path])
    assert files == [tmp_path / "a.csv", tmp_path / "b" / "z.yaml"]
    assert skipped == [str(tmp_path / "set.yml")]
    with pytest.raises(LoadError, match="不存在"):
        expand([tmp_path / "missing"])


def test_expand_tells_cases_as_scoring_check_does(tmp_path: Path) -> None:
    (tmp_path / "inline.yaml").write_text(  # no project: — its rows carry actuals
        "scheme: mof-2020\nindicators:\n  - {name: a, target: 1, weight: 100, actual: 1}\n",
        "utf-8")
    (tmp_path / "set.yaml").write_text(
        "scheme: mof-2020\nindicators:\n  - {name: a, target: 1, weight: 100}\n", "utf-8")
    (tmp_path / "scheme.yaml").write_text("id: x\nextends: mof-2020\n", "utf-8")
    files, skipped = expand([tmp_path])
    assert files == [tmp_path / "inline.yaml"]
    assert skipped == [str(tmp_path / "scheme.yaml"), str(tmp_path / "set.yaml")]


# --- the command -------------------------------------------------------------------------

def test_batch_output_is_identical_with_one_and_two_jobs(table: Path, tmp_path: Path) -> None:
    for suffix in ("jsonl", "csv"):
        one, two = tmp_path / f"one.{suffix}", tmp_path / f"two.{suffix}"
        assert run_batch([str(table)], str(one), jobs=1, quiet=True) == 0
        assert run_batch([str(table)], str(two), jobs=2, quiet=True) == 0
        assert one.read_bytes() == two.read_bytes()


def test_batch_jsonl_has_one_result_per_project_in_order(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run_batch([str(table)], str(out), jobs=2, quiet=True) == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 40
    assert all(obj["format"] == "scoring.result/1" for obj in lines)
    assert [obj["project"]["name"] for obj in lines] == [
        f"{region.DEPARTMENTS[i % len(region.DEPARTMENTS)]}专项项目{i:06d}" for i in range(40)]
    assert all(len(obj["indicators"]) == 15 for obj in lines)


def test_batch_csv_has_one_row_per_project(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True) == 0
    rows = _read_csv(out)
    assert len(rows) == 40
    assert {r["status"] for r in rows} == {"ok"}
    first = rows[0]
    assert (first["department"], first["line"], first["scheme"]) == ("财政局", "2", "mof-2020")
    assert first["total"] == results_to_records(
        [evaluate(next(iter(__import__("scoring").iter_cases(table))))], numbers="str")[0]["total"]


def test_one_bad_project_is_reported_and_the_rest_scored(table: Path, tmp_path: Path) -> None:
    bad, line = _bad_table(tmp_path, table)
    out = tmp_path / "out.xlsx"
    run = run_cli("batch", str(bad), "-o", str(out), "--jobs", "2")
    assert run.code == 0, run.err
    assert f"{bad}:{line}:" in run.err  # the diagnostic names the row
    wb = load_workbook(out, read_only=True)
    summary = list(wb["汇总"].iter_rows(values_only=True))
    header, rows = summary[0], summary[1:]
    assert len(rows) == 40
    status = [r[header.index("状态")] for r in rows]
    assert status.count("无法评分") == 1 and status[5] == "无法评分"
    name = f"{region.DEPARTMENTS[5]}专项项目000005"
    assert rows[5][header.index("项目名称")] == name
    assert f"{bad}:{line}:" in rows[5][header.index("问题")]
    findings = list(wb["复核发现"].iter_rows(values_only=True))
    assert any(r[1] == name and r[4].startswith(f"{bad}:{line}:") for r in findings)


def test_strict_stops_at_a_bad_project_and_writes_nothing(table: Path, tmp_path: Path) -> None:
    bad, line = _bad_table(tmp_path, table)
    out = tmp_path / "out.csv"
    out.write_text("old", "utf-8")
    run = run_cli("batch", str(bad), "-o", str(out), "--strict", "--jobs", "2")
    assert run.code == 1
    assert f"{bad}:{line}:" in run.err and "--strict" in run.err
    assert out.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_workbook_has_the_sheets_and_a_chart(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    run = run_cli("batch", str(table), str(CASES), "-o", str(out), "--audit")
    assert run.code == 0, run.err
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "等级分布", "等级图", "复核发现", "说明"]
    summary = list(wb["汇总"].iter_rows(values_only=True))
    header = summary[0]
    for label in ("主管部门", "项目名称", "调整后预算数", "执行率", "总分", "等级", "公布总分",
                  "公布等级", "复核发现数"):
        assert label in header, label
    seed = next(r for r in summary if r[header.index("来源文件")] == str(SEED))
    assert (seed[header.index("总分")], seed[header.index("等级")]) == (97.7, "优秀")
    assert seed[header.index("剔除无依据分值后总分")] == 77.7
    assert wb["汇总"].cell(2, header.index("执行率") + 1).number_format == "0.00%"
    grades = wb["等级分布"]
    assert len(wb["等级图"]._charts) == 1
    assert [c.value for c in grades[1]] == ["主管部门", "优", "良", "中", "差", "合计"]
    found = list(wb["复核发现"].iter_rows(values_only=True))
    assert found[0][:5] == ("主管部门", "项目名称", "项目编码", "指标", "位置")
    # 复核发现数 counts every finding of the project, the audit's included
    total_findings = sum(r[header.index("复核发现数")] for r in summary[1:])
    assert len(found) - 1 == total_findings
    errors = sum(r[header.index("错误")] for r in summary[1:])
    assert errors == sum(r[5] == "错误" for r in found[1:]) > 0
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
    assert about["项目数"] == len(summary) - 1
    assert about["内容哈希"] and len(str(about["内容哈希"])) == 64
    assert about["含复核（审核）"] == "是"


def test_usage_errors() -> None:
    assert run_cli("batch", str(SEED), "-o", "out.txt").code == 2
    assert run_cli("batch", str(SEED), "-o", "out.csv", "--jobs", "0").code == 2
    missing = run_cli("batch", "no/such/folder", "-o", "out.csv")
    assert missing.code == 1 and "no/such/folder" in missing.err


def test_progress_bar_only_on_a_terminal(table: Path, tmp_path: Path) -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    tty = Tty()
    assert run_batch([str(table)], str(tmp_path / "a.csv"), jobs=1, stderr=tty) == 0  # type: ignore[arg-type]
    assert "个项目" in tty.text and "\r[" in tty.text and "100%" in tty.text
    quiet = Tty()
    assert run_batch([str(table)], str(tmp_path / "b.csv"), jobs=1, quiet=True,
                     stderr=quiet) == 0  # type: ignore[arg-type]
    assert quiet.text == ""


def test_a_partition_function_scores_its_files(table: Path) -> None:
    """The function docs/batch.md gives Dask's map_partitions and Spark's mapPartitions."""
    from scoring import iter_cases

    def score_partition(paths: list[str], scheme: str = "sichuan-2023") -> list[Any]:
        cases = (case for path in paths for case in iter_cases(Path(path), scheme))
        return results_to_records(score_many(cases, scheme))

    tables = [*sorted(str(p) for p in (CASES / "tables").glob("*.csv"))[:2], str(table)]
    records = score_partition(tables)
    assert len(records) == 2 + 40
    assert {r["scheme"] for r in records} == {"sichuan-2023"}
    assert records[-1]["project"] == f"{region.DEPARTMENTS[39 % 20]}专项项目000039"


def test_a_run_ended_by_sigterm_leaves_no_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    big = tmp_path / "big.csv"
    region.write_region(big, 3000, seed=1)
    out = tmp_path / "out.xlsx"
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "batch", str(big), "-o", str(out),
                             "--quiet", "--jobs", "2"], cwd=ROOT, stderr=subprocess.PIPE)
    time.sleep(2.5)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
    assert code != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]


def test_outputs_get_the_mode_of_a_new_file(table: Path, tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        for name in ("a.csv", "a.xlsx"):
            assert run_batch([str(table)], str(tmp_path / name), jobs=1, quiet=True) == 0
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(mask)


@pytest.mark.parametrize("suffix", [".tsv", ".txt"])
def test_tab_separated_tables_by_any_name_the_importer_reads(table: Path, tmp_path: Path,
                                                            suffix: str) -> None:
    rows = list(csv.reader(table.read_text("utf-8").splitlines()))
    tsv = tmp_path / f"region{suffix}"
    with tsv.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(rows)
    out = tmp_path / "out.csv"
    assert run_batch([str(tsv)], str(out), jobs=1, quiet=True) == 0
    assert run_batch([str(table)], str(tmp_path / "from-csv.csv"), jobs=1, quiet=True) == 0
    expected = _read_csv(tmp_path / "from-csv.csv")
    got = _read_csv(out)
    keys = ("project", "code", "total", "grade", "findings")
    assert len(got) == 40 and [[r[k] for k in keys] for r in got] == \
        [[r[k] for k in keys] for r in expected]


def test_a_run_that_scores_nothing_exits_1_and_still_writes_its_problems(tmp_path: Path) -> None:
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"not a table\x00\x01")
    out = tmp_path / "out.csv"
    run = run_cli("batch", str(binary), "-o", str(out))
    assert run.code == 1 and "(not-text)" in run.err and "Traceback" not in run.err
    assert _read_csv(out)[0]["errors"] == "1"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("batch", str(empty), "-o", str(tmp_path / "none.csv")).code == 1
    assert run_cli("batch", str(binary), str(CASES / "anju-2023-investment.yaml"), "-o",
                   str(out)).code == 0  # one project scored: the run did its work


def test_an_unknown_scheme_is_named_as_given_like_score_names_it(tmp_path: Path) -> None:
    batch = run_cli("batch", str(SEED), "--scheme", "nope", "-o", str(tmp_path / "o.csv"))
    score = run_cli("score", str(SEED), "--scheme", "nope")
    assert batch.code == score.code == 1
    assert "'nope'" in batch.err and batch.err == score.err
    assert not (tmp_path / "o.csv").exists()
