"""The batch's row memo and block reader give exactly what the importer and evaluate give."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from scoring import evaluate, iter_cases, load_scheme
from scoring.batch.memo import RowMemo
from scoring.batch.table import case_of_block, iter_blocks
from scoring.errors import LoadError
from scoring.model.result import Result
from scoring.report.json import result_to_dict

_spec = importlib.util.spec_from_file_location("region", ROOT / "benchmarks" / "region.py")
assert _spec and _spec.loader
region = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(region)


def _same(a: Result, b: Result) -> bool:
    """Equal results, down to every place and the order of the findings."""
    return (a == b and result_to_dict(a) == result_to_dict(b)
            and [f.location for f in a.findings] == [f.location for f in b.findings]
            and [r.location for r in a.indicators] == [r.location for r in b.indicators])


@pytest.mark.parametrize("scheme", ["mof-2020", "sichuan-2023"])
def test_memo_equals_evaluate_of_the_importer_on_a_generated_region(
        tmp_path: Path, scheme: str) -> None:
    path = tmp_path / "region.csv"
    region.write_region(path, 150, seed=11)
    applied = load_scheme(scheme)
    memo = RowMemo(applied, scheme, size=300)  # small: rows are evicted and built again
    fast = [memo.score(block) for block in iter_blocks(path)]
    plain = [evaluate(case, applied) for case in iter_cases(path, scheme)]
    assert len(fast) == len(plain) == 150
    assert memo.hits > 0 and memo.misses > 0
    assert memo.fallbacks == 0  # every project took the memo
    for a, b in zip(fast, plain, strict=True):
        assert _same(a, b), (a.project.name, result_to_dict(a), result_to_dict(b))


@pytest.mark.parametrize("table", sorted((CASES / "tables").glob("*.csv")),
                         ids=lambda p: p.stem)
def test_memo_equals_evaluate_on_the_published_tables(table: Path) -> None:
    scheme = load_scheme("mof-2020")
    memo = RowMemo(scheme, "mof-2020")
    fast = [memo.score(block) for block in iter_blocks(table)]
    plain = [evaluate(case, scheme) for case in iter_cases(table)]
    assert len(fast) == len(plain) >= 1
    assert all(_same(a, b) for a, b in zip(fast, plain, strict=True))
    assert memo.fallbacks < len(fast)


def _rewrite(path: Path, change: dict[int, list[str]], drop: set[int] = frozenset()) -> None:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for i, row in enumerate(rows, 1):
            if i not in drop:
                writer.writerow(change.get(i, row))


def test_unusual_blocks_take_the_plain_path_with_its_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    region.write_region(path, 3, seed=3)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    ragged = rows[3][:-3]  # project 0: a short row
    duplicate_budget = rows[17]  # project 1 gets a second budget row
    _rewrite(path, {4: ragged, 20: duplicate_budget})
    scheme = load_scheme("mof-2020")
    memo = RowMemo(scheme, "mof-2020")
    for block in iter_blocks(path):
        try:
            expected: Result | LoadError = evaluate(case_of_block(block, "mof-2020"), scheme)
        except LoadError as exc:
            expected = exc
        if isinstance(expected, LoadError):
            with pytest.raises(LoadError) as raised:
                memo.score(block)
            assert raised.value.diagnostics == expected.diagnostics
        else:
            assert _same(memo.score(block), expected)
    codes = []
    for block in iter_blocks(path):
        try:
            memo.score(block)
        except LoadError as exc:
            codes.append({d.code for d in exc.diagnostics})
    assert codes == [{"ragged-row"}]  # a second budget row: scored, a row finding


def test_rows_of_a_project_that_come_back_later_are_another_block(tmp_path: Path) -> None:
    """Blocks never merge: the batch reads such a table whole (`test_batch_reread.py`)."""
    path = tmp_path / "split.csv"
    region.write_region(path, 3, seed=5)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    moved = rows[1:9]  # the first half of project 0 …
    body = rows[9:]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *body, *moved])  # … comes after the others
    blocks = list(iter_blocks(path))
    keys = [b.key for b in blocks]
    assert len(set(keys)) == 3 and keys[3] == keys[0]  # project 0: its second half, then …
    assert [b.line for b in blocks] == [2, 10, 26, 42] and len(blocks[3].records) == 8


def test_the_registered_checks_are_known_to_be_row_or_project_local() -> None:
    """A new check in load/checks.py must be looked at: if it compares rows, the memo
    must check projects whole (leave it not `local`); if it looks at one row or at the
    project without its rows, register it with `local=True`."""
    from scoring.batch.case import LOCAL_CHECKS

    assert LOCAL_CHECKS


@pytest.mark.parametrize("column,text", [(7, "1" + "0" * 80), (9, "0." + "0" * 80 + "1"),
                                         (11, "9" * 70)])
def test_a_number_out_of_range_in_the_budget_row_is_refused_like_the_importer(
        tmp_path: Path, column: int, text: str) -> None:
    path = tmp_path / "huge.csv"
    region.write_region(path, 2, seed=9)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    budget = list(rows[17])  # project 1's budget row: 指标值, 完成值, 得分
    budget[column] = text
    _rewrite(path, {18: budget})
    scheme = load_scheme("mof-2020")
    memo = RowMemo(scheme, "mof-2020")
    first, second = iter_blocks(path)
    assert _same(memo.score(first), evaluate(case_of_block(first, "mof-2020"), scheme))
    with pytest.raises(LoadError) as plain:
        case_of_block(second, "mof-2020")
    with pytest.raises(LoadError) as fast:
        memo.score(second)
    assert fast.value.diagnostics == plain.value.diagnostics
    assert {d.code for d in fast.value.diagnostics} == {"bad-number"}
