"""Batch (plan): cut a flat CSV into byte ranges, each starting where a project starts.

In the main process, ahead of the workers: the workers read their own ranges
(`batch_table.BlockReader`), so the main process only finds the cuts, at the
speed of `bytes.count` and `bytes.find`. A cut is made near every `step`
bytes: the first line end past the target after which the count of `"`
since the previous cut is even (so a line break inside a quoted cell is no
cut), then the first record from there that names another project than the
record above it, exactly as `BlockReader` tells projects apart. Its line is
the previous cut's line plus the line breaks between them (`\\n`, `\\r`,
`\\r\\n`, as the reader counts them).

A cut is a guess that the workers check: the worker of a chunk reads on to
the first project that starts at or after its end and says where that was
(`BlockReader.stop`); when that is not the next chunk's start (a stray `"`
in an unquoted cell can fool the count of quotes), the batch plans again
from where the worker stopped (`batch/feed.py`). So the cuts decide how the
work is shared, never what is read. Only for encodings whose multi-byte
characters never hold the bytes of `\\n`, `\\r` or `"` (`SAFE_ENCODINGS`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import LoadError
from ..read.bounded import open_bounded
from ..read.columns import columns
from ..read.records import Records
from .table import Layout, own_key

MIN_CHUNK = 1 << 18  # bytes: a chunk is at least this (a small table is one chunk) …
MAX_CHUNK = 1 << 21  # … at most this (the outcomes of a chunk travel together) …
PARTS = 64  # … and else about this share of its table
LOOKAHEAD = 1 << 20  # bytes past a target searched for a cut
PIECE = 1 << 20


class Chunk(NamedTuple):
    """A byte range of a table for one worker: from `start` (a project's first
    record, on line `line`) up to the first project that starts at or after `end`
    (the next chunk's start, on line `end_line`; the table's size and None for
    the last chunk)."""

    layout: Layout
    start: int
    end: int
    line: int
    end_line: int | None


def chunk_size(size: int) -> int:
    """The step between cuts for a table of `size` bytes."""
    return min(MAX_CHUNK, max(MIN_CHUNK, size // PARTS))


def plan(layout: Layout, size: int, start: int = 0, line: int = 1,
         step: int | None = None) -> Iterator[Chunk]:
    """The chunks of a table from byte `start` (where line `line` starts) to its end,
    lazily: the next cut is looked for when the previous chunk is taken."""
    step = step or chunk_size(size)
    keyed = layout.code >= 0 or layout.name >= 0  # without keys a table is one project
    with open_bounded(layout.source, columns().max_csv_bytes) as handle:
        handle.seek(start)
        head = handle.read(PIECE)
        lone = head.count(b"\r") != head.count(b"\r\n")  # line ends other than \n, \r\n
        while True:
            cut = _cut(handle, layout, start, line, start + step, size, lone) if keyed else None
            if cut is None:
                yield Chunk(layout, start, size, line, None)
                return
            yield Chunk(layout, start, cut[0], line, cut[1])
            start, line = cut


def _cut(handle: IO[bytes], layout: Layout, start: int, line: int, target: int,
         size: int, lone: bool) -> tuple[int, int] | None:
    """(offset, line) of the first project start after `target`; None when there is
    none within `LOOKAHEAD` bytes (or the records there cannot be read)."""
    if target >= size:
        return None
    found = _line_end(handle, start, line, target, lone)
    if found is None:
        return None
    offset, at_line = found
    try:
        return _project_start(layout, offset, at_line)
    except LoadError:  # the worker reading up to here reports it, at its place
        return None


def _breaks(data: bytes, after_cr: bool, lone: bool) -> int:
    """Line breaks in `data` (`\\r\\n` is one), when the bytes before ended in
    `\\r` or not. Lone `\\r` are counted only in a table that has them in its
    first piece (`lone`): a third pass over the bytes for them all is saved, and a
    table that has them only further on is planned again where a worker finds
    that a cut's line is not where it was counted."""
    n = data.count(b"\n")
    if lone:
        n += data.count(b"\r") - data.count(b"\r\n")
        if after_cr and data[:1] == b"\n":
            n -= 1
    return n


def _line_end(handle: IO[bytes], start: int, line: int, target: int,
              lone: bool) -> tuple[int, int] | None:
    """(offset, line) just past the first `\\n` after `target` with an even count of
    quotes since `start`; the first `\\n` at all when none is within `LOOKAHEAD`."""
    handle.seek(start)
    pos, lines, quotes, cr = start, 0, 0, False
    while pos < target:
        data = handle.read(min(PIECE, target - pos))
        if not data:
            return None
        lines += _breaks(data, cr, lone)
        quotes += data.count(b'"')
        cr, pos = data.endswith(b"\r"), pos + len(data)
    first: tuple[int, int] | None = None
    while pos - target <= LOOKAHEAD:
        data = handle.read(PIECE)
        if not data:
            return first
        i = 0
        while (j := data.find(b"\n", i)) >= 0:
            part = data[i:j + 1]
            lines += _breaks(part, cr, lone)
            quotes += part.count(b'"')
            cr, i = False, j + 1
            if quotes % 2 == 0:
                return pos + i, line + lines
            first = first or (pos + i, line + lines)
        rest = data[i:]
        lines += _breaks(rest, cr, lone)
        quotes += rest.count(b'"')
        cr, pos = rest.endswith(b"\r") if rest else cr, pos + len(data)
    return first


def _project_start(layout: Layout, offset: int, line: int) -> tuple[int, int] | None:
    """(offset, line) of the first record from `offset` on that names another
    project than the record above it (a record naming none belongs to that above)."""
    previous = None
    reader = Records(Path(layout.source), layout.source, layout.encoding, layout.delimiter,
                     start=offset, line=line, piece=1 << 16)
    for at_line, record in reader:
        if reader.end - offset > LOOKAHEAD:
            return None
        if at_line <= layout.header_line:
            continue
        key = own_key(record, layout.code, layout.name)
        if key is None:
            continue
        if previous is not None and key != previous:
            return reader.offset_of(at_line), at_line
        previous = key
    return None
