"""Every published table as a GB18030 CSV scores exactly as its case YAML.

The CSVs under cases/tables/ are written by scripts/make_tables.py from
cases/published/*.json (copied from ../shared/cases); the YAML cases under cases/ by
transcribe_cases.py (the seed by hand, with an indicator set file). Same table, two routes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, ROOT, SEED, run_cli
from shipped import load_module

from scoring import audit, evaluate, load_case
from scoring.batch.run import run_batch
from scoring.load.tables import load_cases
from scoring.model.result import Result

TABLES = CASES / "tables"
CSVS = sorted(TABLES.glob("*.csv"))
SHARED = ROOT / "cases" / "published"  # ../shared/cases, copied into the repository


def _yaml_for(csv: Path) -> Path:
    return SEED if csv.name.startswith("000-") else CASES / f"{csv.stem}.yaml"


def _summary(result: Result) -> tuple[object, ...]:
    budget = (result.budget.score, result.budget.rate) if result.budget else None
    rows = [(r.id, r.level1, r.level2, r.score, r.status, r.weight) for r in result.indicators]
    return (str(result.total), result.grade, str(result.max_total), budget, rows,
            result.reported_total, result.reported_grade)


def test_there_is_a_table_for_every_published_case() -> None:
    assert [p.stem for p in CSVS] == sorted(p.stem for p in SHARED.glob("*.json"))
    assert len(CSVS) >= 7


@pytest.mark.parametrize("csv", CSVS, ids=[p.name[:3] for p in CSVS])
def test_table_scores_as_its_yaml_case(csv: Path) -> None:
    yaml_case = load_case(_yaml_for(csv))
    scheme = yaml_case.scheme
    assert scheme is not None
    [table_case] = load_cases(csv, scheme)
    by_yaml, by_table = evaluate(yaml_case), evaluate(table_case)
    assert _summary(by_table) == _summary(by_yaml)
    assert sorted((f.code, f.indicator, f.message) for f in by_table.findings) == sorted(
        (f.code, f.indicator, f.message) for f in by_yaml.findings)
    assert all(f.location is not None and f.location.file == str(csv)
               for f in by_table.findings if f.indicator not in ("合计", "预算执行率"))


@pytest.mark.parametrize("csv", CSVS, ids=[p.name[:3] for p in CSVS])
def test_table_audits_as_its_yaml_case(csv: Path) -> None:
    yaml_case = load_case(_yaml_for(csv))
    [table_case] = load_cases(csv, yaml_case.scheme)
    by_yaml, by_table = audit(yaml_case).audit, audit(table_case).audit
    assert sorted((f.code, f.indicator, f.message) for f in by_table.findings) == sorted(
        (f.code, f.indicator, f.message) for f in by_yaml.findings)
    assert (by_table.reported_total, by_table.reported_grade) == (
        by_yaml.reported_total, by_yaml.reported_grade)


@pytest.mark.parametrize("bom", [b"\x84\x31\x95\x33", b""], ids=["gb18030-bom", "none"])
def test_table_with_a_gb18030_bom_keeps_its_first_header(tmp_path: Path, bom: bytes) -> None:
    """GB18030's BOM (U+FEFF, bytes 84 31 95 33) is skipped, not read into 项目名称
    (the table's first header), by the importer and by the batch."""
    original = CSVS[0]
    text = original.read_bytes()
    assert text.startswith("项目名称,".encode("gb18030"))
    copy = tmp_path / original.name
    copy.write_bytes(bom + text)
    scheme = load_case(_yaml_for(original)).scheme
    [by_copy], [by_original] = load_cases(copy, scheme), load_cases(original, scheme)
    fields = ("name", "code", "department", "year")
    assert [getattr(by_copy.project, f) for f in fields] == [
        getattr(by_original.project, f) for f in fields]
    assert by_copy.project.name == "2023招商引资"
    assert _summary(evaluate(by_copy)) == _summary(evaluate(by_original))
    assert by_copy.location is not None and by_copy.location.line == 2
    out = tmp_path / "out.jsonl"
    assert run_batch([str(copy)], str(out), scheme="sichuan-2023", jobs=1, quiet=True) == 0
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["project"]["name"] == "2023招商引资"
    assert record["total"] == str(evaluate(by_original).total)


def test_tables_are_gb18030_and_keep_cells_as_printed() -> None:
    text = {p.name[:3]: p.read_bytes() for p in CSVS}
    for data in text.values():
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    joined = "".join(data.decode("gb18030") for data in text.values())
    for printed in ("≧", "═", "≥10%", "98%", "完成", "109.8万元", "性标定指", "76%"):
        assert printed in joined, printed
    seed = text["000"].decode("gb18030").splitlines()
    assert seed[0].startswith("项目名称,项目编码,主管部门,年度,一级指标,二级指标,三级指标")
    assert ",,,完成税收," in seed[7]  # merged 一级/二级 cells left blank, as printed


def test_make_tables_is_reproducible() -> None:
    module = load_module("make_tables", "scripts/make_tables.py")
    for csv in CSVS:
        src = SHARED / f"{csv.stem}.json"
        assert module.to_csv(module.rows_of(src)) == csv.read_bytes(), csv.name
        assert json.loads(src.read_text("utf-8"))["indicators"]


def test_seed_table_through_the_cli() -> None:
    seed = next(p for p in CSVS if p.name.startswith("000-"))
    run = run_cli("score", str(seed.relative_to(ROOT)), "--scheme", "sichuan-2023")
    assert run.code == 0, run.err
    assert "总分：97.7    评价等级：优秀" in run.out
    assert "manual-score-without-actual" in run.out
    run = run_cli("score", *(str(p) for p in CSVS), "--scheme", "mof-2020", "--format", "json")
    assert run.code == 0, run.err
    assert len(json.loads(run.out)) == len(CSVS)


HUBEI = "layout-hubei-20-xuesheng-zizhu-2021"


def _hubei_form(tmp_path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    from layouts import HUBEI_2020, write_form

    book = openpyxl.Workbook()
    write_form(book.active, load_case(CASES / f"{HUBEI}.yaml"), HUBEI_2020)
    book.save(tmp_path / "form.xlsx")
    return tmp_path / "form.xlsx"


@pytest.mark.parametrize("container", ["csv", "form"])
def test_a_20_point_table_without_a_scheme_is_scored_by_hubei_2020_and_says_so(
        tmp_path: Path, container: str) -> None:
    """湖北/云南 20-point layouts (#15.3): no `--scheme`, the printed 预算执行率 weight 20 picks
    the built-in scheme of that weight, with `scheme-from-layout` [info] at the weight's
    cell; `--scheme` names the scheme, and nothing is said. score, audit and batch agree."""
    table = CASES / "layouts" / f"{HUBEI}.csv" if container == "csv" else _hubei_form(tmp_path)
    expected = evaluate(load_case(CASES / f"{HUBEI}.yaml"))
    [case] = load_cases(table)
    got = evaluate(case)
    assert (got.scheme.id, got.total, got.grade) == ("hubei-2020", expected.total,
                                                     expected.grade)
    assert [r.score for r in got.indicators] == [r.score for r in expected.indicators]
    [info] = [f for f in got.findings if f.code == "scheme-from-layout"]
    spec = case.indicator_set.budget_execution
    assert spec is not None and (info.severity, info.location) == ("info", spec.location)
    assert "hubei-2020" in info.message and "--scheme" in info.message
    assert "weights-do-not-sum" not in {f.code for f in got.findings}
    for scheme, total, said in (("hubei-2020", expected.total, set()),
                                ("mof-2020", None, {"weights-do-not-sum"})):
        [named] = load_cases(table, scheme)
        result = evaluate(named)
        assert result.scheme.id == scheme and (total is None or result.total == total)
        assert {f.code for f in result.findings} & {"scheme-from-layout",
                                                     "weights-do-not-sum"} == said
    run = run_cli("score", str(table), "--format", "json")
    assert run.code == 0 and json.loads(run.out)["scheme"] == "hubei-2020", run.err
    assert "scheme-from-layout" in run.out
    assert "scheme-from-layout" not in run_cli("score", str(table), "--scheme",
                                               "hubei-2020").out
    assert "scheme-from-layout" in run_cli("audit", str(table)).out
    out = tmp_path / "out.jsonl"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True) == 0
    [line] = out.read_text("utf-8").splitlines()
    assert json.loads(line) == json.loads(run.out)  # the batch gives what score gives
