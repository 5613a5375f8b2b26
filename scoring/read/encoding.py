"""Read (tables): which text encoding a CSV file is in, decided from its bytes.

The first stage of the CSV importer. UTF-8 with a BOM, UTF-8 and GB18030
(what Excel in China writes) are told apart without asking: a BOM decides
(UTF-8's `EF BB BF` or GB18030's `84 31 95 33`, read as `utf-8-sig` and
`gb18030-sig`: the readers skip it, `BOMS`), else text that decodes as
UTF-8 is UTF-8, else GB18030. Content that is not text (NUL bytes, a ZIP
or OLE container, UTF-16) is refused with a diagnostic that names the line
and column of the first offending byte.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import Diagnostic, LoadError, Location
from .bounded import open_bounded
from .columns import columns

SAMPLE_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"
_GB_BOM = b"\x84\x31\x95\x33"  # U+FEFF in GB18030 (Python's codec keeps it as text)
BOMS = {"utf-8-sig": (_BOM, "utf-8"), "gb18030-sig": (_GB_BOM, "gb18030")}
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_SIGNATURES = (
    (b"PK\x03\x04", "是 ZIP 压缩包（Excel .xlsx 工作簿？请用 .xlsx 扩展名）"),
    (b"\xd0\xcf\x11\xe0", "是旧版 Excel .xls 文件（请另存为 .xlsx 或 CSV）"),
    (b"\xff\xfe", "是 UTF-16 文本（请另存为 UTF-8 或 GB18030 的 CSV）"),
    (b"\xfe\xff", "是 UTF-16 文本（请另存为 UTF-8 或 GB18030 的 CSV）"),
)


def byte_location(name: str, data: bytes, offset: int) -> Location:
    """`file:line:col` of byte `offset` in `data` (col counts bytes, 1-based)."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return Location(name, line, offset - start + 1)


def detect_encoding(path: Path, name: str | None = None) -> str:
    """How to read `path`: `utf-8-sig`, `gb18030-sig` (a BOM to skip, then the
    codec `BOMS` names), `utf-8` or `gb18030`.

    Raises `LoadError` (`not-text`, `bad-encoding`, `empty-file`, and those of
    `bounded.open_bounded`: `not-a-file`, `file-too-large`, …) when the
    file is no text table. Only the first `SAMPLE_BYTES` are looked at; a
    later undecodable byte is reported by the reader at its line.
    """
    name = name or str(path)
    cap = columns().max_csv_bytes
    with open_bounded(path, cap, name) as handle:
        sample = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    bom = next((enc for enc, (mark, _) in BOMS.items() if sample.startswith(mark)), None)
    if not sample[len(BOMS[bom][0]) if bom else 0:].strip(b" \t\r\n"):
        raise LoadError([Diagnostic(Location(name, 1, 1), "文件为空", "empty-file")])
    for signature, what in _SIGNATURES:
        if sample.startswith(signature):
            raise LoadError([Diagnostic(Location(name, 1, 1), f"不是文本表格：{what}",
                                        "not-text")])
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise LoadError([Diagnostic(byte_location(name, sample, nul),
                                    "不是文本表格（含 NUL 字节，可能是二进制文件）", "not-text")])
    if bom is not None:
        return bom
    head = sample
    if sample.isascii() and not complete:
        sample, complete = _first_non_ascii(path, name, cap, len(sample))
    utf8_error = _decode_error(sample, "utf-8", complete)
    if utf8_error is None:
        return "utf-8"
    if _decode_error(sample, "gb18030", complete) is None:
        return "gb18030"
    where = byte_location(name, sample, utf8_error) if sample is head else Location(name)
    raise LoadError([Diagnostic(where,
                                "无法识别的文本编码（支持 UTF-8、带 BOM 的 UTF-8、GB18030）",
                                "bad-encoding")])


def plain_codec(encoding: str) -> str:
    """The Python codec for what `detect_encoding` said, its BOM skipped apart."""
    return BOMS[encoding][1] if encoding in BOMS else encoding


def _first_non_ascii(path: Path, name: str, cap: int, start: int) -> tuple[bytes, bool]:
    """The first chunk after `start` holding a non-ASCII byte (an ASCII head
    says nothing about the encoding of the Chinese text further down)."""
    with open_bounded(path, cap, name) as handle:
        handle.seek(start)
        while True:
            chunk = handle.read(SAMPLE_BYTES)
            if not chunk:
                return b"", True
            if not chunk.isascii():
                found = _NON_ASCII.search(chunk)
                at = found.start() if found else 0
                tail = handle.read(8)
                return chunk[at:] + tail, len(tail) < 8 and not handle.read(1)


def _decode_error(sample: bytes, codec: str, complete: bool) -> int | None:
    """Offset of the first byte `codec` cannot decode, or None.

    The sample may end inside a multi-byte character when the file is longer;
    the incremental decoder keeps that tail pending instead of failing.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        return exc.start
    return None
