"""Concurrency (issue 7): `evaluate` on one loaded case from 8 threads at once.

The cases are loaded once and shared. Eight threads wait at a barrier, so they
really run together, then each evaluates every case and renders it as JSON;
many rounds, with the caches of the cell reader and of the number formatting
emptied between rounds so threads also race on cold caches. Every result must
equal the one computed alone, also when the calling threads run in a decimal
context of their own (3 digits, rounding down, trapping inexact results): the
engine computes in its own context, whatever the caller has set.
"""

from __future__ import annotations

import decimal
import threading
from pathlib import Path

import pytest
from builders import make_case, row
from conftest import CASES, SEED

from scoring import evaluate, load_case
from scoring.model.case import Case
from scoring.model.result import Result
from scoring.read.cells import read_cell
from scoring.report import render

THREADS = 8
ROUNDS = 6


def _cases() -> list[Case]:
    loaded = [load_case(SEED),
              load_case(CASES / "hunan-yueyang-department-2023.yaml"),  # rules, an expression
              load_case(CASES / "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml"),
              load_case(CASES / "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml")]
    qualitative = make_case([row("完成", "定性", "完成", "基本完成", 30),
                             row("满意度", "≥", "90%", "88.8%", 30),
                             row("成本", "≤", "100", "101.3", 20),
                             row("时效", "≤", "2023年12月", "2023-11-30", 20)],
                            scheme="sichuan-2023")
    return [*loaded, qualitative]


CASE_LIST = _cases()


def _clear_caches() -> None:
    read_cell.cache_clear()


def _outcome(case: Case) -> tuple[Result, str]:
    result = evaluate(case)
    return result, render(result, "json")


def _hostile_context() -> decimal.Context:
    return decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, Emax=10, Emin=-10,
                           traps=[decimal.Inexact, decimal.Rounded, decimal.Overflow,
                                  decimal.InvalidOperation, decimal.DivisionByZero])


def _race(contexts: list[decimal.Context | None]) -> list[list[tuple[Result, str]]]:
    """Every thread's outcomes of every case, over ROUNDS rounds run together."""
    barrier = threading.Barrier(len(contexts))
    outcomes: list[list[tuple[Result, str]]] = [[] for _ in contexts]
    errors: list[BaseException] = []

    def work(i: int, context: decimal.Context | None) -> None:
        try:
            if context is not None:
                decimal.setcontext(context)
            for _ in range(ROUNDS):
                if i == 0:
                    _clear_caches()
                barrier.wait(timeout=60)
                outcomes[i].extend(_outcome(case) for case in CASE_LIST)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(contexts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return outcomes


@pytest.fixture(scope="module")
def reference() -> list[tuple[Result, str]]:
    _clear_caches()
    return [_outcome(case) for case in CASE_LIST]


def test_the_cases_cover_expressions_and_qualitative_rows(
        reference: list[tuple[Result, str]]) -> None:
    statuses = {r.status for result, _ in reference for r in result.indicators}
    assert {"met", "partial", "manual"} <= statuses
    kinds = {ind.rule.kind for case in CASE_LIST for ind in case.indicator_set.indicators
             if ind.rule is not None}
    assert "expression" in kinds
    assert any(str(ind.comparator) == "定性" for ind in CASE_LIST[-1].indicator_set.indicators)


def test_eight_threads_get_identical_results(reference: list[tuple[Result, str]]) -> None:
    for outcomes in _race([None] * THREADS):
        assert outcomes == reference * ROUNDS


def test_a_caller_decimal_context_changes_nothing(reference: list[tuple[Result, str]]) -> None:
    contexts = [_hostile_context() if i % 2 else None for i in range(THREADS)]
    for outcomes in _race(contexts):
        assert outcomes == reference * ROUNDS
    assert decimal.getcontext().prec != 3  # the test's own thread was never changed


def test_results_do_not_depend_on_a_path_or_cwd(tmp_path: Path) -> None:
    """A loaded case holds everything: evaluating it after the files are gone is the same."""
    assert evaluate(CASE_LIST[0]) == evaluate(load_case(SEED))
