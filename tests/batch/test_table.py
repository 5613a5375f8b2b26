"""`scoring batch` on a table whose project rows come back later merges them as `scoring score`.

FORMATS.md §4: rows of one project are consecutive or share 项目名称/项目编码. The
batch streams a flat CSV on the guess that they are consecutive; when a project's
key comes back (found by the stitching of chunks, `batch_feed.Feed.note`), the run
starts again with that table read whole by the importer. Here: the outcome is
`scoring score`'s, with one or two jobs, in chunks small enough that the rows come
back in another chunk, in UTF-8 and GB18030; outputs are byte-identical between
runs; a table whose projects are consecutive is never read whole.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, spawn_cli

import scoring.batch.feed
import scoring.batch.run
import scoring.batch.split
import scoring.load.tables
from scoring.batch.run import run_batch
from scoring.model.case import Case

_spec = importlib.util.spec_from_file_location("region", ROOT / "benchmarks" / "region.py")
assert _spec and _spec.loader
region = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(region)

PROJECTS = 40
ROWS = 16  # rows of a project of the region (1 budget row + 15 indicators)
NOTICE = "的行前面已出现过"


def _region(projects: int = PROJECTS) -> list[list[str]]:
    import random

    rng = random.Random(5)
    return [list(region.HEADER)] + [list(r) for i in range(projects)
                                    for r in region.project_rows(i, rng)]


def _scattered() -> list[list[str]]:
    """Project 3's second half after project 30 (chunks apart); projects 10 and 11
    as A, B, A, B (halves interleaved)."""
    rows = _region()
    body = [rows[1 + i * ROWS:1 + (i + 1) * ROWS] for i in range(PROJECTS)]
    late = body[3][8:]
    body[3] = body[3][:8]
    a, b = body[10], body[11]
    body[10], body[11] = a[:8] + b[:8], a[8:] + b[8:]
    body[30] = body[30] + late
    return [rows[0], *(row for project in body for row in project)]


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _chunks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(scoring.batch.split, "MIN_CHUNK", size)
    monkeypatch.setattr(scoring.batch.split, "MAX_CHUNK", size)


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables the batch reads whole through the importer (`iter_cases`)."""
    paths: list[str] = []
    real = scoring.load.tables.iter_cases

    def spy(path: Path, scheme: str | None = None) -> Iterator[Case]:
        paths.append(str(path))
        return real(path, scheme)

    monkeypatch.setattr(scoring.load.tables, "iter_cases", spy)
    return paths


def _run(inputs: list[Path], out: Path, jobs: int, **options: bool) -> tuple[bytes, str]:
    """The output of a run and what it printed on stderr."""
    err = io.StringIO()
    assert run_batch([str(p) for p in inputs], str(out), jobs=jobs, stderr=err,
                     **options) == 0
    return out.read_bytes(), err.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_that_come_back_are_merged_as_scoring_score_merges_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_reads: list[str],
        encoding: str, jobs: int) -> None:
    _chunks(monkeypatch, 3000)  # a project or two a chunk: project 3's rows 27 chunks apart
    table = _write(tmp_path / "scattered.csv", _scattered(), encoding)
    lines, err = _run([table], tmp_path / "out.jsonl", jobs)
    # a process of its own: `scoring score` as shipped, not with this test's small chunks and
    # the spy that counts whole reads
    score = spawn_cli("score", str(table), "--format", "json")
    assert score.code == 0, score.err
    assert [json.loads(line) for line in lines.decode().splitlines()] == json.loads(score.out)
    assert whole_reads == [str(table)] and err.count(NOTICE) == 1
    assert f"{table}:{2 + 11 * ROWS - 8}:1: 项目编码“51090423T000000000010”" in err  # A again

    summary, _ = _run([table], tmp_path / "out.csv", jobs)
    records = list(csv.DictReader(summary.decode("utf-8-sig").splitlines()))
    expected = json.loads(score.out)
    assert [(r["code"], r["total"], r["grade"], r["status"]) for r in records] == [
        (e["project"]["code"], e["total"], e["grade"], "ok") for e in expected]
    lines_of = {r["code"]: r["line"] for r in records}  # a project's first row, as streamed
    assert len(records) == PROJECTS and lines_of["51090423T000000000003"] == str(2 + 3 * ROWS)


def test_the_outputs_are_byte_identical_whatever_the_jobs_and_the_chunks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = _write(tmp_path / "scattered.csv", _scattered(), "gb18030")
    outputs = {}
    for jobs, size in ((1, 3000), (2, 3000), (1, 1 << 22), (2, 1 << 22)):
        _chunks(monkeypatch, size)
        outputs[jobs, size] = [_run([table], tmp_path / name, jobs, quiet=True, **opts)[0]
                               for name, opts in (("o.csv", {}), ("o.jsonl", {}),
                                                  ("a.jsonl", {"audit": True}))]
    first = outputs[1, 3000]
    assert all(o == first for o in outputs.values())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_consecutive_table_is_streamed_and_never_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_reads: list[str],
        jobs: int) -> None:
    _chunks(monkeypatch, 3000)
    table = _write(tmp_path / "region.csv", _region())
    lines, err = _run([table], tmp_path / "out.jsonl", jobs)
    assert whole_reads == [] and NOTICE not in err
    assert len(lines.splitlines()) == PROJECTS


def test_only_the_scattered_table_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_reads: list[str]) -> None:
    """With other inputs around it: those are streamed as before, the same bytes."""
    _chunks(monkeypatch, 3000)
    before = _write(tmp_path / "a.csv", _region(12))
    table = _write(tmp_path / "b.csv", _scattered())
    after = _write(tmp_path / "c.csv", _region(7))
    alone = [_run([p], tmp_path / f"{p.stem}.jsonl", 2, quiet=True)[0]
             for p in (before, table, after)]
    whole_reads.clear()
    together, err = _run([before, table, after], tmp_path / "all.jsonl", 2)
    assert together == b"".join(alone)
    assert whole_reads == [str(table)] and err.count(NOTICE) == 1


def test_a_table_read_whole_gives_the_bytes_of_the_table_streamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_reads: list[str]) -> None:
    """Projects consecutive: the importer's cases give what the streamed blocks give,
    line column included (a project's first row)."""
    table = _write(tmp_path / "region.csv", _region(20))
    streamed = [_run([table], tmp_path / f"s{ext}", 2, quiet=True)[0] for ext in (".csv",
                                                                                   ".jsonl")]
    real = scoring.batch.feed.Feed
    monkeypatch.setattr(scoring.batch.run, "Feed", lambda files, ref, whole: real(
        files, ref, frozenset({0})))
    assert [_run([table], tmp_path / f"w{ext}", 2, quiet=True)[0]
            for ext in (".csv", ".jsonl")] == streamed
    assert whole_reads == [str(table)] * 2


def test_strict_merges_instead_of_stopping(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _chunks(monkeypatch, 3000)
    table = _write(tmp_path / "scattered.csv", _scattered())
    plain, _ = _run([table], tmp_path / "plain.csv", 2, quiet=True)
    strict, _ = _run([table], tmp_path / "strict.csv", 2, quiet=True, strict=True)
    assert strict == plain


def test_a_table_the_main_process_reads_restarts_the_same_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_reads: list[str]) -> None:
    """An encoding that cannot be cut: the main process reads the blocks and finds the
    key that comes back itself; the same output."""
    table = _write(tmp_path / "scattered.csv", _scattered())
    expected, _ = _run([table], tmp_path / "chunks.jsonl", 1, quiet=True)
    monkeypatch.setattr(scoring.batch.feed, "SAFE_ENCODINGS", frozenset())
    whole_reads.clear()
    for jobs in (1, 2):
        assert _run([table], tmp_path / "blocks.jsonl", jobs, quiet=True)[0] == expected
    assert whole_reads == [str(table)] * 2
