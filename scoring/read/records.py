"""Read (tables): the CSV records of a flat table.

The one CSV reader: the importer (`csvtable.py`) reads a whole file with it:
`csv.reader` over the lines of the text, a line ending at
`\\n`, `\\r` or `\\r\\n` as in a file opened with `newline=""`; each record has
the physical line it starts on, and the refusals are located diagnostics (NUL
bytes, bytes the encoding cannot decode, malformed CSV). (The columnar core reads
a CSV in pieces of its own, `engine/columns_stream.py`, and hands any piece it cannot
read exactly to this reader, whole.)

The bytes are read a piece at a time, cut after the last line end and
decoded whole. UTF-8 and GB18030, the only encodings `encoding.py` reads (UTF-16 is
refused), never use the bytes of `\\n`, `\\r` or `"` inside a multi-byte character, so
a piece is whole characters; when a piece cannot be decoded, its lines are decoded one
by one so that the error names the record that holds the bad byte.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..errors import Diagnostic, LoadError, Location
from .bounded import open_bounded
from .columns import columns
from .encoding import BOMS, plain_codec

PIECE = 1 << 18  # bytes read at a time

Record = tuple[int, list[str]]  # (first physical line, fields)


class _Pieces:
    """The lines of a file, a list per piece; `nul`: a NUL byte was read."""

    def __init__(self, path: Path, name: str, encoding: str, piece: int) -> None:
        self.path, self.name, self.encoding, self.piece = path, name, encoding, piece
        self.nul = False  # a NUL byte was read: records are searched for it

    def lines(self) -> Iterator[list[str]]:
        codec = plain_codec(self.encoding)
        with open_bounded(self.path, columns().max_csv_bytes, self.name) as handle:
            if self.encoding in BOMS:  # the BOM: bytes before line 1
                bom = BOMS[self.encoding][0]
                if handle.read(len(bom)) != bom:
                    handle.seek(0)
            pending: list[bytes] = []  # read, not yet ended by a line end
            while True:
                data = handle.read(self.piece)
                if data:
                    # whole lines; only the new bytes are searched, so a line longer than
                    # a piece costs no more than reading it (a `\r` at the end may be the
                    # first half of `\r\n`; an earlier one ends its line)
                    cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
                    if not cut:
                        pending.append(data)
                        continue
                    block = b"".join((*pending, data[:cut]))
                    pending = [data[cut:]]
                else:
                    block, pending = b"".join(pending), []
                    if not block:
                        return
                self.nul = self.nul or b"\x00" in block
                try:
                    lines = io.StringIO(block.decode(codec), newline="").readlines()
                except UnicodeDecodeError:
                    yield _decodable(block.splitlines(True), codec)
                    raise
                yield lines


def _decodable(raw: list[bytes], codec: str) -> list[str]:
    """The lines of a piece before the first one that cannot be decoded."""
    good: list[str] = []
    for line in raw:
        try:
            good.append(line.decode(codec))
        except UnicodeDecodeError:
            break
    return good


class Records:
    """The non-empty records of a CSV file, as `(line, fields)`.

    Raises `LoadError` as `read/csvtable.py`'s reader does: a line that cannot be
    decoded (`bad-encoding`, at the record that holds it), malformed CSV
    (`bad-csv`), a NUL byte (`not-text`, at its field).
    """

    def __init__(self, path: Path, name: str, encoding: str, delimiter: str, *,
                 piece: int = PIECE) -> None:
        self.name, self.encoding, self.delimiter = name, encoding, delimiter
        self.pieces = _Pieces(path, name, encoding, piece)
        self.shift = 0  # lone `\r` inside quoted cells so far: read as line ends, no lines

    def _items(self, lone: list[int]) -> Iterator[str]:
        """The lines for `csv.reader`; `lone[0]` counts those ending in a lone `\\r`
        and `lone[1]` tells whether the last one did."""
        for lines in self.pieces.lines():
            for item in lines:
                lone[1] = item.endswith("\r")
                lone[0] += lone[1]
                yield item

    def __iter__(self) -> Iterator[Record]:
        name, encoding, pieces = self.name, self.encoding, self.pieces
        lone = [0, 0]
        reader = csv.reader(self._items(lone), delimiter=self.delimiter)
        end = 0  # lines read, up to the end of the last record
        seen = 0  # lone `\r` read, up to the end of the last record
        try:
            for record in reader:
                # a lone `\r` that ends a line inside the record is in a quoted cell:
                # no line for an editor, so it moves no later place
                first = end + 1 - self.shift
                self.shift += lone[0] - seen - lone[1]
                end, seen = reader.line_num, lone[0]
                if pieces.nul:
                    nul = next((i for i, field in enumerate(record) if "\x00" in field), None)
                    if nul is not None:
                        raise LoadError([Diagnostic(Location(name, first, nul + 1), "不是文本表格"
                                                    "（含 NUL 字节，可能是二进制文件）",
                                                    "not-text")])
                if record:
                    yield first, record
        except UnicodeDecodeError:
            where = end + 1 - self.shift
            raise LoadError([Diagnostic(Location(name, where, 1), f"第 {where} 行附近有"
                                        f"无法按 {encoding} 解码的字节（文件编码不一致？）",
                                        "bad-encoding")]) from None
        except csv.Error as exc:
            code = "not-text" if "NUL" in str(exc) else "bad-csv"
            raise LoadError([Diagnostic(Location(name, (reader.line_num or end + 1)
                                                  - self.shift, 1),
                                        f"CSV 格式错误：{exc}", code)]) from None
