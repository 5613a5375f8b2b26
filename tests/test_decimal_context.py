"""The caller's decimal context never leaks into the engine (#12.10).

Every public function of `scoring.__all__` is run in a fresh interpreter whose
decimal context is hostile (3 digits, rounding down, every signal trapped) and
must give what it gives in the default context. A public function without a
scenario here fails `test_every_public_function_has_a_scenario`.
"""

from __future__ import annotations

import decimal
import inspect
import json
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import polars as pl
import pytest

import scoring
from scoring import Diagnostic, Location
from scoring.batch.api import Numbers

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "anju-2023-investment.yaml"
PUBLISHED = ROOT / "cases" / "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml"
RULES = ROOT / "cases" / "hunan-yueyang-department-2023.yaml"
TABLE = ("一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分,未完成原因分析\n"
         "预算执行情况,,,,300.00,,287.33,10,9.58,\n"
         "产出指标,数量指标,完成户数,≥,1.2E+3,户,\"1,117\",20.25,18.62,工期\n"
         ",质量指标,合格率,≥,95%,,93.7%,19.75,19.73,返工\n"
         "效益指标,社会效益指标,满意度,≥,90,%,约88.8,39.5,39.47,\n"
         ",,群众知晓率,≥,85,%,86.1,10.5,10.50,\n")


def hostile_context() -> decimal.Context:
    """3 digits, rounding down, every signal a caller could trap, trapped."""
    return decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, Emax=99, Emin=-99, traps=[
        decimal.Inexact, decimal.Rounded, decimal.FloatOperation, decimal.InvalidOperation,
        decimal.DivisionByZero, decimal.Overflow, decimal.Underflow, decimal.Subnormal,
        decimal.Clamped])


def _each(items: object) -> list[str]:
    """The items of an iterator as text, checking that the caller's context is in force
    between two steps."""
    out = []
    for item in items:  # type: ignore[attr-defined]
        out.append(repr(item))
        assert decimal.getcontext().prec == CALLER_PREC, "the engine's context leaked out"
    return out


CALLER_PREC = decimal.getcontext().prec


def _table(tmp: Path) -> Path:
    path = tmp / "t.csv"
    path.write_text(TABLE, "utf-8")
    return path


def _cases(tmp: Path) -> list[scoring.Case]:
    return [*(scoring.load_case(p) for p in (CASE, PUBLISHED, RULES)),
            *scoring.load_cases(_table(tmp))]


SCENARIOS: dict[str, Callable[[Path], object]] = {
    "audit": lambda tmp: [repr(scoring.audit(c)) for c in _cases(tmp)],
    "audit_many": lambda tmp: _each(scoring.audit_many(_cases(tmp))),
    "builtin_ids": lambda tmp: scoring.builtin_ids(),
    "evaluate": lambda tmp: [repr(scoring.evaluate(c, s)) for c in _cases(tmp)
                             for s in (None, "sichuan-2023", "hubei-2020")],
    "format_diagnostic": lambda tmp: scoring.format_diagnostic(
        Diagnostic(Location("t.yaml", 3, 4), "权重“1.5E+3”", "bad-weight")),
    "iter_cases": lambda tmp: _each(scoring.iter_cases(_table(tmp))),
    "load_case": lambda tmp: [repr(c) for c in _cases(tmp)],
    "load_cases": lambda tmp: repr(scoring.load_cases(_table(tmp))),
    "load_indicator_set": lambda tmp: repr(scoring.load_indicator_set(
        ROOT / "indicator_sets" / "hunan-yueyang-department.yaml")),
    "load_scheme": lambda tmp: [repr(scoring.load_scheme(s)) for s in (
        "mof-2020", "sichuan-2023", "hubei-2020",
        ROOT / "schemes" / "hunan-yueyang-department.yaml")],
    "render": lambda tmp: [scoring.render(scoring.evaluate(c), f, lang) for c in _cases(tmp)
                           for f in ("text", "markdown", "json", "html") for lang in ("zh", "en")],
    "render_audits": lambda tmp: [scoring.render_audits([scoring.audit(c) for c in _cases(tmp)], f)
                                  for f in ("text", "json")],
    "records_schema": lambda tmp: [str(scoring.records_schema(per, audit=audit))
                                   for per in ("project", "indicator") for audit in (False, True)],
    "results_to_records": lambda tmp: [repr(scoring.results_to_records(
        [scoring.audit(c) for c in _cases(tmp)], per=per, numbers=numbers))
        for per in ("project", "indicator") for numbers in get_args(Numbers)],
    "score_arrow_batches": lambda tmp: [repr(b.to_pylist()) for b in scoring.score_arrow_batches(
        pl.read_csv(_table(tmp), infer_schema=False).to_arrow().to_batches())],
    "score_many": lambda tmp: _each(scoring.score_many(_cases(tmp))),
    "score_table": lambda tmp: [repr([t.to_pylist() for t in (r.projects, r.rows, r.findings)])
                                for r in (scoring.score_table(_table(tmp)),
                                          scoring.score_table(_table(tmp), explain=True))],
    "summarize_audits": lambda tmp: repr(scoring.summarize_audits(
        [scoring.audit(c) for c in _cases(tmp)])),
    "table_schema": lambda tmp: [str(s) for s in scoring.table_schema()],
}


def public_functions() -> list[str]:
    return sorted(name for name in scoring.__all__
                  if inspect.isfunction(getattr(scoring, name)))


def test_every_public_function_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(public_functions())


@pytest.fixture(scope="module")
def hostile_readings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every scenario run in one fresh interpreter under the hostile context (nothing
    cached from a default run)."""
    tmp = tmp_path_factory.mktemp("hostile")
    script = (
        "import json, sys, decimal\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import test_decimal_context as t\n"
        "from pathlib import Path\n"
        "decimal.setcontext(t.hostile_context())\n"
        "t.CALLER_PREC = 3\n"
        "out = {}\n"
        "for name, run in t.SCENARIOS.items():\n"
        "    try:\n"
        "        out[name] = repr(run(Path(sys.argv[1]))).replace(sys.argv[1], 'TMP')\n"
        "    except BaseException as exc:\n"
        "        out[name] = f'raised {exc!r}'\n"
        "    context = decimal.getcontext()\n"
        "    assert context.prec == 3 and context.traps[decimal.Inexact]\n"
        "print(json.dumps(out))\n")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    readings: dict[str, str] = json.loads(proc.stdout)
    return readings


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_hostile_decimal_context_changes_nothing(
        name: str, hostile_readings: dict[str, str],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp_path = tmp_path_factory.mktemp("default")  # a name Markdown does not escape
    with decimal.localcontext(decimal.Context()):
        expected = repr(SCENARIOS[name](tmp_path)).replace(str(tmp_path), "TMP")
    assert " at 0x" not in expected  # a reading that can be compared across processes
    assert hostile_readings[name] == expected


@pytest.mark.parametrize("name", public_functions())
def test_public_functions_are_guarded_and_pickle_by_name(name: str) -> None:
    function = getattr(scoring, name)
    assert getattr(function, "__engine_context__", False)
    assert pickle.loads(pickle.dumps(function)) is function  # (a Pool can still send it)


def test_a_generator_runs_each_step_in_the_engine_context_only(tmp_path: Path) -> None:
    with decimal.localcontext(hostile_context()):
        cases = scoring.iter_cases(_table(tmp_path))
        first = next(cases)
        with pytest.raises(decimal.Inexact):  # the caller's own arithmetic: its context
            _ = decimal.Decimal(1) / 3
        assert list(cases) == []
    assert len(first.indicator_set.indicators) == 4
