"""Typed data out (#16.4): `results_to_records(numbers=…)` and the pyarrow schema."""

from __future__ import annotations

import statistics
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CASES, SEED

from scoring import audit_many, load_case, records_schema, results_to_records, score_many
from scoring.batch.api import project_record
from scoring.model.outcome import INTEGER_COLUMNS, NUMBER_COLUMNS

YAML_CASES = sorted(CASES.glob("*.yaml"))


@pytest.fixture(scope="module")
def results() -> list:  # type: ignore[type-arg]
    return list(score_many([load_case(p) for p in YAML_CASES]))


def test_numbers_are_decimals_by_default_and_compute(results: list) -> None:  # type: ignore[type-arg]
    records = results_to_records(results)
    totals = [r["total"] for r in records]
    assert all(type(t) is Decimal for t in totals)
    assert statistics.mean(totals) == sum(r.total for r in results) / len(results)  # type: ignore[arg-type]
    for record in records:
        for name, value in record.items():
            if name in NUMBER_COLUMNS:
                assert value is None or type(value) is Decimal, name
            elif name in INTEGER_COLUMNS:
                assert value is None or type(value) is int, name
            else:
                assert value is None or type(value) is str, name


def test_decimals_are_exact_as_printed(results: list) -> None:  # type: ignore[type-arg]
    [seed] = results_to_records(r for r in results if r.source == str(SEED))
    text = project_record(next(r for r in results if r.source == str(SEED)))
    assert seed["total"] == Decimal("97.7") and str(seed["budget_score"]) == "10.0"
    assert str(seed["execution_rate"]) == "1.0000"
    assert all(str(seed[k]) == text[k] for k in NUMBER_COLUMNS & set(text) if text[k])


def test_float_and_str_modes(results: list) -> None:  # type: ignore[type-arg]
    decimal = results_to_records(results, per="indicator")
    floats = results_to_records(results, per="indicator", numbers="float")
    texts = results_to_records(results, per="indicator", numbers="str")
    for d, f, t in zip(decimal, floats, texts, strict=True):
        assert f["score"] == (None if d["score"] is None else float(d["score"]))  # type: ignore[arg-type]
        assert t["weight"] == str(d["weight"]) and type(f["weight"]) is float
        assert d["name"] == f["name"] == t["name"]
    with pytest.raises(ValueError, match="numbers"):
        results_to_records(results, numbers="int")  # type: ignore[arg-type]


def test_a_published_value_that_is_no_number_is_none_but_as_text(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8").replace("../indicator_sets", str(CASES.parent /
                                                                   "indicator_sets"))
    assert "  total: 97.7\n" in text
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("total: 97.7", "total: 见附表"), "utf-8")
    result = list(score_many([load_case(case)]))
    assert results_to_records(result, numbers="str")[0]["reported_total"] == "见附表"
    assert results_to_records(result)[0]["reported_total"] is None
    assert results_to_records(result)[0]["total"] == Decimal("97.7")


def test_the_pyarrow_schema_holds_the_records(results: list) -> None:  # type: ignore[type-arg]
    pa = pytest.importorskip("pyarrow")
    table = pa.Table.from_pylist(results_to_records(results), schema=records_schema())
    assert table.schema.field("total").type == pa.decimal128(38, 6)
    assert table.schema.field("errors").type == pa.int64()
    assert table.schema.field("grade").type == pa.string()
    assert table.column("total").to_pylist() == [r.total for r in results]
    audits = list(audit_many([load_case(SEED)]))
    for numbers, kind in (("decimal", pa.decimal128(38, 6)), ("float", pa.float64()),
                          ("str", pa.string())):
        schema = records_schema(audit=True, numbers=numbers)  # type: ignore[arg-type]
        audited = pa.Table.from_pylist(results_to_records(audits, numbers=numbers),  # type: ignore[arg-type]
                                       schema=schema)
        assert audited.schema.field("total_without_manual").type == kind
        assert audited.column_names[-1] == "grade_changes"
    rows = pa.Table.from_pylist(results_to_records(results, per="indicator"),
                                schema=records_schema("indicator"))
    assert rows.num_rows == sum(len(r.indicators) for r in results)
    with pytest.raises(ValueError):
        records_schema("row")  # type: ignore[arg-type]


def test_records_schema_imports_pyarrow_only_when_called() -> None:
    import subprocess
    import sys

    code = ("import sys, scoring; scoring.records_schema; scoring.results_to_records; "
            "print('pyarrow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "False\n"
