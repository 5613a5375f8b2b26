"""The batch's chunks: records read from any line start, cuts where projects start,
and chunks that together read exactly what one reading of the whole table reads."""

from __future__ import annotations

import csv
import importlib.util
import io
import random
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from scoring.batch.split import Chunk, plan
from scoring.batch.table import Block, BlockReader, iter_blocks, layout_of
from scoring.errors import LoadError
from scoring.read.csvtable import _records, sniff_delimiter
from scoring.read.encoding import detect_encoding
from scoring.read.records import Records

_spec = importlib.util.spec_from_file_location("region", ROOT / "benchmarks" / "region.py")
assert _spec and _spec.loader
region = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(region)

TABLES = sorted((CASES / "tables").glob("*.csv"))


def _importer(path: Path) -> list[tuple[int, list[str]]]:
    """The records `scoring score` reads (io/csvtable.py)."""
    encoding = detect_encoding(path)
    return list(_records(path, str(path), encoding, sniff_delimiter(path, encoding)))


def _read(path: Path, start: int = 0, line: int = 1,
          piece: int = 1 << 18) -> list[tuple[int, int, list[str]]]:
    """(offset, line, fields) of every record from byte `start`."""
    encoding = detect_encoding(path)
    reader = Records(path, str(path), encoding, sniff_delimiter(path, encoding), start=start,
                     line=line, piece=piece)
    return [(reader.offset_of(at), at, fields) for at, fields in reader]


def _write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8",
           newline: str = "\r\n") -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator=newline).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _region_rows(projects: int, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    return [list(region.HEADER)] + [list(r) for i in range(projects)
                                    for r in region.project_rows(i, rng)]


def _chunked(path: Path, step: int) -> tuple[list[Chunk], list[Block]]:
    """The chunks of a table and the blocks their workers read, each worker stopping
    exactly where the next chunk starts."""
    layout = layout_of(path)
    chunks = list(plan(layout, path.stat().st_size, step=step))
    blocks: list[Block] = []
    for chunk in chunks:
        reader = BlockReader(layout, chunk.start, chunk.line, chunk.end_line)
        blocks += reader
        assert reader.stop == (chunk.end, chunk.end_line)
    return chunks, blocks


# --- records from any line start ----------------------------------------------------------

@pytest.mark.parametrize("table", TABLES, ids=lambda p: p.stem)
def test_records_are_the_importers_from_byte_zero_and_from_any_record(table: Path) -> None:
    """GB18030 tables: the same records and lines as the importer, and from any record's
    offset the rest of them, whatever the size of the pieces read."""
    whole = _read(table, piece=97)
    assert [(line, fields) for _, line, fields in whole] == _importer(table)
    data = table.read_bytes()
    for offset, line, _ in whole:
        assert data.count(b"\n", 0, offset) + 1 == line
        assert _read(table, offset, line, piece=61) == [r for r in whole if r[0] >= offset]


def test_every_kind_of_line_end_and_quoted_line_breaks_read_as_the_importer_reads(
        tmp_path: Path) -> None:
    rows = _region_rows(3)
    rows[3][9] = "第一行\n第二行"  # a cell with a line break (quoted)
    rows[5][12] = '说明："引号"\r\n续'  # quotes and \r\n inside a cell
    rows[8][12] = "单独的\r回车"
    path = tmp_path / "ends.csv"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows[:10])
    body = text.getvalue() + "\r".join(  # old Mac line ends, then Windows ones
        ",".join(r) for r in rows[10:20]) + "\r" + "\r\n".join(",".join(r) for r in rows[20:])
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    whole = _read(path, piece=40)
    assert [(line, fields) for _, line, fields in whole] == _importer(path)
    assert whole[0][2][0] == "主管部门"  # the BOM is not part of the first cell
    for offset, line, _ in whole[1:]:
        assert _read(path, offset, line, piece=33) == [r for r in whole if r[0] >= offset]


def test_a_bad_byte_is_reported_at_its_record_wherever_reading_starts(tmp_path: Path) -> None:
    rows = _region_rows(4)
    rows[40][9] = "多行\n单元格"  # the record of line 41 spans two lines …
    path = _write(tmp_path / "bad.csv", rows, encoding="gb18030")
    data = bytearray(path.read_bytes())
    second = data.index("单元格".encode("gb18030"))
    data[second:second + 2] = b"\x81\x20"  # … and its second line cannot be decoded
    path.write_bytes(bytes(data))
    whole: list[tuple[int, int, list[str]]] = []
    reader = Records(path, str(path), "gb18030", ",", piece=128)
    with pytest.raises(LoadError) as raised:
        for at, fields in reader:
            whole.append((reader.offset_of(at), at, fields))
    [diag] = raised.value.diagnostics
    assert (diag.code, str(diag.location)) == ("bad-encoding", f"{path}:41:1")
    assert [line for _, line, _ in whole] == list(range(1, 41))
    offset, line, _ = whole[30]
    with pytest.raises(LoadError) as again:
        list(Records(path, str(path), "gb18030", ",", start=offset, line=line, piece=4096))
    assert again.value.diagnostics == raised.value.diagnostics


def test_a_nul_byte_is_refused_at_its_field(tmp_path: Path) -> None:
    rows = _region_rows(2)
    rows[20][7] = "1\x000"
    path = _write(tmp_path / "nul.csv", rows)
    with pytest.raises(LoadError) as raised:
        list(Records(path, str(path), "utf-8", ","))
    [diag] = raised.value.diagnostics
    assert (diag.code, str(diag.location)) == ("not-text", f"{path}:21:8")


# --- cuts and chunks ----------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chunks_read_exactly_the_blocks_of_the_whole_table(tmp_path: Path,
                                                          encoding: str) -> None:
    path = _write(tmp_path / "region.csv", _region_rows(60), encoding=encoding)
    assert layout_of(path).encoding == encoding
    whole = list(iter_blocks(path))
    for step in (1, 700, 2000, 9000, 1 << 20):
        chunks, blocks = _chunked(path, step)
        assert blocks == whole
        assert len(chunks) > 1 or step == 1 << 20
        starts = {b.line for b in whole}
        assert all(c.line in starts for c in chunks[1:])  # every cut is a project's start
        assert chunks[-1].end == path.stat().st_size and chunks[-1].end_line is None


def test_a_cut_is_never_inside_a_quoted_cell(tmp_path: Path) -> None:
    """Every project has cells with line breaks and quotes: a cut is made only where the
    quotes since the previous cut are even, at the first project starting after it."""
    rows = _region_rows(40)
    for i in range(1, len(rows), 3):
        rows[i][12] = '原因：\n"疫情"\n影响' if i % 2 else "多\r\n行"
    path = _write(tmp_path / "quoted.csv", rows)
    whole = list(iter_blocks(path))
    for step in range(300, 5000, 347):
        assert _chunked(path, step)[1] == whole


def test_rows_without_keys_and_blank_levels_stay_with_their_project(tmp_path: Path) -> None:
    """Rows whose 项目名称 and 项目编码 are blank belong to the project above, and blank
    一级/二级 cells are carried down within a project: no cut falls between them."""
    rows = _region_rows(30)
    for i, row in enumerate(rows[1:], 1):
        if (i - 1) % 16:  # every row but a project's first names no project …
            row[1] = row[2] = ""
        if (i - 1) % 16 > 1:  # … and its indicator rows after the first no 一级/二级
            row[3] = row[4] = ""
    path = _write(tmp_path / "carried.csv", rows)
    whole = list(iter_blocks(path))
    assert len(whole) == 30 and all(len(b.records) == 16 for b in whole)
    for step in (100, 1000, 3000):
        chunks, blocks = _chunked(path, step)
        assert blocks == whole
        assert all((c.line - 2) % 16 == 0 for c in chunks[1:])


def test_a_project_straddling_a_target_goes_whole_to_one_chunk(tmp_path: Path) -> None:
    path = _write(tmp_path / "region.csv", _region_rows(10))
    whole = list(iter_blocks(path))
    middle = whole[4]
    data = path.read_bytes()
    inside = data.index(",".join(middle.records[5][1]).encode())  # project 4's 6th row
    [first, second] = list(plan(layout_of(path), len(data), step=inside))
    assert (first.end_line, second.line) == (whole[5].line, whole[5].line)
    reader = BlockReader(layout_of(path), first.start, first.line, first.end_line)
    assert list(reader)[-1] == middle


def test_a_table_without_project_columns_is_one_chunk(tmp_path: Path) -> None:
    rows = [[c for j, c in enumerate(r) if j not in (1, 2)] for r in _region_rows(5)]
    path = _write(tmp_path / "one.csv", rows)
    [chunk] = plan(layout_of(path), path.stat().st_size, step=100)
    assert (chunk.start, chunk.end, chunk.line) == (0, path.stat().st_size, 1)
