"""engine/columns_stream.py: a table read in batches of whole projects gives, part by part,
exactly what the whole read gives (`columns.score_path`): projects and their numbers,
rows, findings with their places, the row engine's share (#14 item 6).

Every comparison stacks `iter_path`'s parts as they come (no renumbering) and
sorts the three frames; a project cut in two would be two projects and fail it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import TABLES, region, two_sheets

from scoring.engine.columns import Outcome, score_path
from scoring.engine.columns import iter_path as stream
from scoring.engine.columns_stream import HOLD, csv_pieces, iter_parts
from scoring.errors import EvaluationError, LoadError

ROOT = Path(__file__).resolve().parents[2]
HEADER = list(region.HEADER)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True) if frame.height else frame


def _stacked(parts: list[Outcome]) -> tuple[pl.DataFrame, ...]:
    return tuple(pl.concat([getattr(p, f) for p in parts], how="diagonal_relaxed")
                 for f in ("projects", "rows", "findings"))


def same(path: Path, rows: int, piece: int, scheme: str = "mof-2020") -> list[Outcome]:
    """Assert the parts of `path` stacked are its whole read, whether the first pass of a
    CSV keeps the frames of every piece (`hold`), of none (every piece read twice) or
    of the first ones; the parts, the same in each case."""
    whole = score_path(path, scheme)
    first: list[Outcome] = []
    for hold in (HOLD, 0, 2 * piece):
        parts = list(stream(path, scheme, rows=rows, piece=piece, hold=hold))
        for got, want in zip(_stacked(parts), (whole.projects, whole.rows, whole.findings),
                             strict=True):
            assert _sorted(got.select(want.columns)).equals(_sorted(want))
        assert sum(p.fallback_rows for p in parts) == whole.fallback_rows
        assert sum(p.total_rows for p in parts) == whole.total_rows
        assert [p.total_rows for p in parts] == [p.total_rows for p in first or parts]
        first = first or parts
    return first


def _write(path: Path, records: list[list[str]], encoding: str = "utf-8",
           newline: str = "\n") -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator=newline).writerows(records)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _region(tmp_path: Path, projects: int, seed: int = 5) -> list[list[str]]:
    source = tmp_path / "source.csv"
    region.write_region(source, projects, seed=seed)
    with source.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(("rows", "piece"), [(1, 16), (2, 1), (7, 300)])
@pytest.mark.parametrize("path", TABLES, ids=[p.stem[:12] for p in TABLES])
def test_shipped_tables(path: Path, rows: int, piece: int) -> None:
    same(path, rows, piece)


@pytest.mark.parametrize(("rows", "piece", "count"), [(1, 64, 12), (7, 1000, 12),
                                                      (40, 1 << 20, 4)])
def test_generated_region_in_parts_of_whole_projects(tmp_path: Path, rows: int, piece: int,
                                                     count: int) -> None:
    path = tmp_path / "r.csv"
    region.write_region(path, 12, seed=7)  # 16 rows a project
    parts = same(path, rows, piece)
    assert len(parts) == count
    assert all(p.total_rows < rows + 16 for p in parts)  # bounded by the batch
    assert [p.projects.get_column("pid").to_list() for p in parts][:2] == (
        [[0], [1]] if rows < 16 else [[0, 1, 2], [3, 4, 5]])


def test_projects_that_come_back_later_are_never_cut(tmp_path: Path) -> None:
    """FORMATS §4: rows of a project that come back later are merged by key; the parts
    are cut around the span they hold, and elsewhere as usual."""
    records = _region(tmp_path, 8)
    head, body = records[0], records[1:]
    p = [body[i * 16:(i + 1) * 16] for i in range(8)]
    back = [*p[1][8:12]]
    for r in back[1:]:  # the name and code above, as a merged cell would leave them
        r[1] = r[2] = ""
    rows = [*p[0], *p[1][:8], *p[2], *p[3], *back, *p[1][12:], *p[4], *p[5], *p[6], *p[7]]
    path = _write(tmp_path / "t.csv", [head, *rows])
    parts = same(path, 1, 50)
    assert len(parts) == 6  # 0 | 1 2 3 (1 comes back twice) | 4 | 5 | 6 | 7
    assert parts[1].projects.get_column("pid").sort().to_list() == [1, 2, 3]


def test_a_cell_over_several_lines_is_read_the_importer_s_way_in_batches(
        tmp_path: Path) -> None:
    records = _region(tmp_path, 6)
    records[20][12] = "受疫情影响，\n进度推迟"  # 未完成原因分析 over two lines
    records[40][5] = '招引"重点"\r\n项目'
    path = _write(tmp_path / "t.csv", records, newline="\r\n")
    parts = same(path, 16, 64)
    assert len(parts) == 6


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_every_encoding_and_quoted_cells(tmp_path: Path, encoding: str) -> None:
    records = _region(tmp_path, 5)
    records[3][5] = "人数,含外聘"  # a quoted cell, one line
    records[30][9] = ' "95" '
    path = _write(tmp_path / "t.csv", records, encoding)
    assert len(same(path, 7, 100)) == 5


def test_a_gb18030_bom_is_no_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(_region(tmp_path, 3))
    path.write_bytes(b"\x84\x31\x95\x33" + text.getvalue().encode("gb18030"))
    assert len(same(path, 1, 33)) == 3


def test_utf16_and_bytes_no_encoding_reads_are_refused_as_by_the_whole_read(tmp_path: Path) -> None:
    records = _region(tmp_path, 2)
    utf16 = _write(tmp_path / "u.csv", records, "utf-16")
    bad = _write(tmp_path / "b.csv", records)
    bad.write_bytes(bad.read_bytes() + b"x,\xff\xfe," + b"," * 10 + b"\n")
    for path in (utf16, bad):
        with pytest.raises(LoadError) as whole:
            score_path(path)
        with pytest.raises(LoadError) as parted:
            list(stream(path, rows=1, piece=64))
        assert parted.value.diagnostics == whole.value.diagnostics


def test_tables_it_reads_whole(tmp_path: Path) -> None:
    """A ragged row (the importer's project builder takes the whole table), a table
    without 一级指标, one project, and a header with no rows: one part each."""
    records = _region(tmp_path, 3)
    ragged = _write(tmp_path / "ragged.csv", [*records[:20], records[20][:5], *records[21:]])
    no_level1 = _write(tmp_path / "n.csv", [[c for i, c in enumerate(r) if i != 3]
                                             for r in records])
    one = _write(tmp_path / "one.csv", [[c if i not in (1, 2) else "" for i, c in enumerate(r)]
                                        if n else r for n, r in enumerate(records)])
    empty = _write(tmp_path / "e.csv", records[:1])
    for path in (ragged, no_level1, one, empty):
        assert len(same(path, 1, 64)) == 1
    assert [p.frame is None for p in iter_parts(ragged, rows=1)] == [True]


def test_a_workbook_streams_sheet_by_sheet(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    source = tmp_path / "source.csv"
    region.write_region(source, 6, seed=5)
    path = two_sheets(source, tmp_path / "t.xlsx", decimals=False)
    parts = same(path, 20, 1)
    assert [p.projects.get_column("pid").to_list() for p in parts] == [
        [0, 1], [2], [3, 4], [5]]


def test_pieces_are_whole_lines_numbered_from_the_first(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\nc,\"d\ne\"\n\nlast")
    pieces = list(csv_pieces(path, "utf-8-sig", 3))
    assert b"".join(p for _, p, _ in pieces) == path.read_bytes()[3:]
    assert [(line, last) for line, _, last in pieces] == [(1, False), (2, False), (3, False),
                                                          (5, True)]
    assert all(p.endswith(b"\n") for _, p, last in pieces if not last)


KEYS = st.sampled_from([("项目A", "A1"), ("项目B", ""), ("", "C3"), ("", ""), ("项目A", "")])
CELLS = st.sampled_from(["", "10", "95%", "完成", "人数,含外聘", '引号"', "≥90", " 5 ", "甲\n乙"])


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    """Rows whose projects come and go (a key again later, blank keys that follow the row
    above), budget and total rows, quoted cells, cells over two lines."""
    rows = []
    for _ in range(draw(st.integers(0, 14))):
        name, code = draw(KEYS)
        level1 = draw(st.sampled_from(["产出指标", "效益指标", "", "预算执行情况", "合计"]))
        rows.append(["部门", name, code, level1, "数量指标", draw(st.sampled_from("甲乙丙丁")),
                     "≥", draw(CELLS), "%", draw(CELLS), draw(st.sampled_from(["10", "5", ""])),
                     draw(CELLS), ""])
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), batch=st.integers(1, 9), piece=st.sampled_from([1, 40, 1 << 16]),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_adversarial_tables(rows: list[list[str]], batch: int, piece: int, encoding: str,
                            newline: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "t.csv", [HEADER, *rows], encoding, newline)
        same(path, batch, piece)


def test_a_batch_or_a_piece_of_nothing_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", _region(tmp_path, 1))
    for rows, piece in ((0, 1), (1, 0)):
        with pytest.raises(EvaluationError):
            next(stream(path, rows=rows, piece=piece))


def test_a_file_changed_between_the_two_passes_is_refused(tmp_path: Path) -> None:
    """The second pass finds a piece it cannot read as the first did (a cell over two
    lines written since): the file is refused, with the message of data/columns.yaml."""
    records = _region(tmp_path, 20)
    path = _write(tmp_path / "t.csv", records)
    parts = iter_parts(path, rows=16, piece=1000, hold=0)
    next(parts)
    records[-5][-1] = "改动\n之后"  # a quoted cell over two lines, past the first part
    _write(path, records)
    with pytest.raises(LoadError) as caught:
        list(parts)
    [refused] = caught.value.diagnostics
    assert (refused.code, refused.message) == ("file-unreadable", "文件在读取时被改动，请重新运行")


def test_a_file_that_is_no_flat_table_is_refused_by_its_kind(tmp_path: Path) -> None:
    """`score_table("决算公开.pdf")` said `不是有效的 .xlsx 工作簿`: every path but a CSV was
    opened as a workbook. A case, a form's .xls, a .docx or a .pdf is named for what it is,
    with the API that reads it."""
    from scoring import score_table

    for name in ("决算公开.pdf", "case.yaml", "表.docx"):
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.4\n")
        with pytest.raises(EvaluationError, match=r"flat CSV or XLSX table.*iter_cases"):
            list(iter_parts(path))
        with pytest.raises(EvaluationError, match=r"flat CSV or XLSX table.*iter_cases"):
            score_table(path)
