"""`scoring batch` on tables cut into many chunks gives what one reading gives, byte for byte.

The workers read their own chunks of a flat CSV (`batch_split.py`,
`batch_feed.py`); here the chunks are made a few kilobytes, so a small table
has dozens of them, and every output is compared with the run that reads the
table as one chunk: the same bytes with one or two jobs, the same places of a
bad row, of bytes that cannot be decoded, and when a cut turns out not to be a
project's start (projects whose rows come back later: `test_batch_reread.py`).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

import scoring.batch.feed
import scoring.batch.split
from scoring import evaluate, iter_cases
from scoring.batch.run import run_batch
from scoring.batch.split import Chunk
from scoring.batch.table import Layout
from scoring.report.json import result_to_dict

_spec = importlib.util.spec_from_file_location("region", ROOT / "benchmarks" / "region.py")
assert _spec and _spec.loader
region = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(region)


def _rows(projects: int, seed: int = 5) -> list[list[str]]:
    rng = random.Random(seed)
    return [list(region.HEADER)] + [list(r) for i in range(projects)
                                    for r in region.project_rows(i, rng)]


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of about 3 KB: a project or two each."""
    monkeypatch.setattr(scoring.batch.split, "MIN_CHUNK", 3000)
    monkeypatch.setattr(scoring.batch.split, "MAX_CHUNK", 3000)


def _run(table: Path, out: Path, jobs: int, **options: bool) -> bytes:
    """The output of a run, the table's path in it written `<table>`."""
    assert run_batch([str(table)], str(out), jobs=jobs, quiet=True, **options) == 0
    return out.read_bytes().replace(str(table).encode(), b"<table>")


def _lines(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of a 60-project region read as one chunk (one job)."""
    folder = tmp_path_factory.mktemp("whole")
    table = _write(folder / "region.csv", _rows(60))
    return {name: _run(table, folder / name, 1, **opts) for name, opts in (
        ("out.csv", {}), ("out.jsonl", {}), ("audit.jsonl", {"audit": True}))} | {
        "table": table.read_bytes()}


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", [1, 2])
def test_many_chunks_give_the_bytes_of_one(whole: dict[str, bytes], tmp_path: Path,
                                           jobs: int) -> None:
    table = tmp_path / "region.csv"
    table.write_bytes(whole["table"])
    for name, opts in (("out.csv", {}), ("out.jsonl", {}), ("audit.jsonl", {"audit": True})):
        assert _run(table, tmp_path / name, jobs, **opts) == whole[name], name


def test_one_chunk_gives_what_the_importer_and_evaluate_give(whole: dict[str, bytes],
                                                             tmp_path: Path) -> None:
    table = tmp_path / "region.csv"
    table.write_bytes(whole["table"])
    expected = [result_to_dict(evaluate(case)) for case in iter_cases(table)]
    text = json.dumps(expected, ensure_ascii=False).replace(str(table), "<table>")
    assert _lines(whole["out.jsonl"]) == json.loads(text)


@pytest.mark.usefixtures("small_chunks")
def test_a_gb18030_table_in_many_chunks(tmp_path: Path) -> None:
    table = _write(tmp_path / "gb.csv", _rows(30), "gb18030")
    many = _run(table, tmp_path / "many.jsonl", 2)
    scoring.batch.split.MAX_CHUNK = scoring.batch.split.MIN_CHUNK = 1 << 22
    assert _run(table, tmp_path / "one.jsonl", 1) == many
    assert [o["project"]["name"] for o in _lines(many)] == [  # type: ignore[index]
        f"{region.DEPARTMENTS[i % 20]}专项项目{i:06d}" for i in range(30)]


def _compare_with_one_chunk(table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                            ) -> list[dict[str, object]]:
    """The run's JSON lines in small chunks with two jobs, checked equal to one chunk's."""
    monkeypatch.setattr(scoring.batch.split, "MIN_CHUNK", 3000)
    monkeypatch.setattr(scoring.batch.split, "MAX_CHUNK", 3000)
    many = _run(table, tmp_path / "many.jsonl", 2)
    monkeypatch.setattr(scoring.batch.split, "MIN_CHUNK", 1 << 22)
    monkeypatch.setattr(scoring.batch.split, "MAX_CHUNK", 1 << 22)
    assert _run(table, tmp_path / "one.jsonl", 1) == many
    return _lines(many)


def test_a_bad_row_in_a_later_chunk_is_placed_as_in_one(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(40)
    bad_line = 1 + 33 * 16 + 3  # project 33's second indicator row
    rows[bad_line - 1][10] = "1e999"  # a weight no table can hold: the project refused
    lines = _compare_with_one_chunk(_write(tmp_path / "bad.csv", rows), tmp_path, monkeypatch)
    failed = [o for o in lines if o["format"] == "scoring.batch-error/1"]
    assert len(lines) == 40 and len(failed) == 1
    [diag] = failed[0]["diagnostics"]  # type: ignore[misc]
    assert diag["location"] == f"<table>:{bad_line}:11"
    assert failed[0]["project"] == f"{region.DEPARTMENTS[13]}专项项目000033"


def test_bytes_that_cannot_be_decoded_end_the_table_as_in_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the megabyte the encoding is told from: the projects before the record
    that holds the bytes are scored, then the table's error at that record."""
    path = _write(tmp_path / "bytes.csv", _rows(560))
    data = bytearray(path.read_bytes())
    at = data.index("专项项目000540".encode())  # project 540's first row
    assert at > 1 << 20
    data[at:at + 2] = b"\xff\xfe"
    path.write_bytes(bytes(data))
    lines = _compare_with_one_chunk(path, tmp_path, monkeypatch)
    assert [o["project"]["name"] for o in lines[:-1]] == [  # type: ignore[index]
        f"{region.DEPARTMENTS[i % 20]}专项项目{i:06d}" for i in range(539)]
    [diag] = lines[-1]["diagnostics"]  # type: ignore[misc]
    assert (diag["code"], diag["location"]) == ("bad-encoding", f"<table>:{2 + 540 * 16}:1")


def test_a_cut_that_is_no_project_start_is_planned_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None) -> None:
    """The workers check the cuts: a cut moved into a project's rows (as a stray quote
    could make it) is found out by the worker before it, and the rest is planned again
    from where that worker stopped; the output does not change."""
    table = _write(tmp_path / "region.csv", _rows(40))
    expected = _run(table, tmp_path / "expected.jsonl", 1)
    real = scoring.batch.feed.plan
    plans: list[int] = []

    def wrong_second_cut(layout: Layout, size: int, start: int = 0, line: int = 1,
                         step: int | None = None) -> Iterator[Chunk]:
        plans.append(start)
        chunks = list(real(layout, size, start, line, step))
        if len(plans) == 1:  # the first plan: its first cut moved 3 rows into a project
            data = table.read_bytes()
            end = chunks[0].end
            for _ in range(3):
                end = data.index(b"\n", end) + 1
            chunks[0] = chunks[0]._replace(end=end, end_line=chunks[0].end_line + 3)
            chunks[1] = chunks[1]._replace(start=end, line=chunks[1].line + 3)
        yield from chunks

    monkeypatch.setattr(scoring.batch.feed, "plan", wrong_second_cut)
    for jobs in (1, 2):
        plans.clear()
        assert _run(table, tmp_path / f"out{jobs}.jsonl", jobs) == expected
        assert len(plans) == 2 and plans[1] > 0  # planned again, from the worker's stop


def test_a_lone_carriage_return_in_a_quoted_cell_moves_no_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone `\\r` inside a quoted cell is no line (issue 12.11): the planner, which
    counts only `\\n` in a table without lone `\\r` in its first megabyte, and the
    workers agree on every cut's line; nothing is planned again."""
    rows = _rows(560)
    rows[1 + 500 * 16 + 3][12] = "单独的\r回车"  # a quoted cell with a lone \r, past 1 MB
    table = _write(tmp_path / "cr.csv", rows)
    assert table.read_bytes().index(b"\xe7\x9a\x84\r\xe5") > 1 << 20
    plans: list[int] = []
    real = scoring.batch.feed.plan

    def counted(layout: Layout, size: int, start: int = 0, line: int = 1,
                step: int | None = None) -> Iterator[Chunk]:
        plans.append(start)
        return real(layout, size, start, line, step)

    monkeypatch.setattr(scoring.batch.feed, "plan", counted)
    lines = _compare_with_one_chunk(table, tmp_path, monkeypatch)
    assert len(plans) == 2  # small chunks: once; one chunk: once
    assert len(lines) == 560 and all(o["format"] == "scoring.result/1" for o in lines)


def test_an_encoding_that_cannot_be_cut_is_read_by_the_main_process(
        whole: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the encoding one whose characters may hold the bytes of a line end or a
    quote, the main process would read the table and send its projects one by one:
    the same output."""
    monkeypatch.setattr(scoring.batch.feed, "SAFE_ENCODINGS", frozenset())
    table = tmp_path / "region.csv"
    table.write_bytes(whole["table"])
    for jobs in (1, 2):
        assert _run(table, tmp_path / "out.jsonl", jobs) == whole["out.jsonl"]
