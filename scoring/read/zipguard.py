"""Read (workbooks): refuse an XLSX that is a zip bomb or carries XML entities.

Runs before openpyxl sees a workbook (`xlsxtable.open_workbook`,
`form.read_form_workbook`). An XLSX is a zip of XML parts; openpyxl inflates
and parses them as they are. Here the zip's directory is read first (no
member is inflated): too many members, a total inflated size beyond
`MAX_INFLATED_BYTES`, or a large member that inflates more than `MAX_RATIO`
times (real sheets: 10–20 times) are refused. zipfile stops inflating a member
at the size its directory entry declares, so a lying entry cannot exceed
these caps; it fails its CRC instead. Then the prolog of every member (what
comes before the root element, at most `MAX_PROLOG_BYTES`) is read with
expat, the parser openpyxl uses: a DOCTYPE, and so any entity declaration,
is refused, so no entity (billion laughs, or XXE pointing at a local file)
ever reaches openpyxl. A file that is no zip is `not-xlsx`, or `legacy-xls`
when it is an OLE2 `.xls` (`container.py`).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from ..errors import Diagnostic, LoadError, Location, PrologStop
from .bounded import open_bounded
from .container import OLE2_MAGIC, head, ole2_named_xlsx
from .sheetguard import guard_sheets

MAX_MEMBERS = 10_000
MAX_INFLATED_BYTES = 1 << 30      # 1 GiB of XML in all
MAX_RATIO = 100                   # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20             # small members (styles, themes) may compress better
MAX_PROLOG_BYTES = 64 * 1024
_CHUNK = 4096
DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
           RuntimeError)  # what zipfile raises reading a damaged, encrypted or odd member


def guard_workbook(path: Path) -> int:
    """Refuse a workbook that is missing, too large, a bomb or has entities (`LoadError`);
    else its total inflated size in bytes."""
    with open_workbook_file(path) as handle:
        return inflated_size(handle, str(path))


def open_workbook_file(path: Path) -> BinaryIO:
    """The workbook file opened for openpyxl: a regular file within `max_xlsx_bytes`
    (`bounded.open_bounded`); `LoadError` when it is not."""
    from .columns import columns

    return open_bounded(path, columns().max_xlsx_bytes, str(path))


def unreadable(path: Path, exc: BaseException) -> LoadError:
    """The one-line diagnostic for a workbook openpyxl fails on (damaged XML, bad cells)."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return _refuse(str(path), f"无法读取 XLSX 文件（{text}）", "unreadable-file")


def inflated_size(source: Path | BinaryIO, name: str) -> int:
    """The guarded workbook's total inflated size (bytes); `LoadError` when refused
    (a bomb, XML entities, sheets that expand past the caps: `sheetguard.py`)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if head(source, name).startswith(OLE2_MAGIC):
            raise ole2_named_xlsx(name) from None
        raise _refuse(name, f"不是有效的 .xlsx 工作簿（{exc}）", "not-xlsx") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(name, f"压缩包成员过多（{len(members)} 个，上限 {MAX_MEMBERS}）",
                          "zip-bomb")
        total = sum(m.file_size for m in members)
        if total > MAX_INFLATED_BYTES:
            raise _refuse(name, f"解压后过大（{total} 字节，上限 {MAX_INFLATED_BYTES} 字节），"
                          "疑似压缩炸弹", "zip-bomb")
        for member in members:
            if member.file_size > RATIO_FLOOR and \
                    member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise _refuse(name, f"成员 {member.filename} 压缩比异常（{member.compress_size} "
                              f"→ {member.file_size} 字节），疑似压缩炸弹", "zip-bomb")
        try:
            _guard_members(archive, members, name)
        except DAMAGED as exc:
            raise unreadable(Path(name), exc) from None
    return total


def _guard_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse XML entities in any member and sheets that expand past the caps."""
    for member in members:
        problem = None if member.is_dir() else _prolog_problem(archive, member)
        if problem is not None:
            raise _refuse(name, f"成员 {member.filename} {problem}，出于安全原因拒绝读取",
                          "xml-entity")
    guard_sheets(archive, name)


def _prolog_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    """What is wrong with the member's prolog: a DOCTYPE, or no end; None when fine
    (a member that is not XML has no prolog: openpyxl judges it)."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise PrologStop(doctype=True)

    def root(*_: object) -> None:
        raise PrologStop(doctype=False)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with archive.open(member) as handle:
            read = 0
            while read < MAX_PROLOG_BYTES:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    return None
                read += len(chunk)
                parser.Parse(chunk, False)
    except PrologStop as stop:
        if stop.doctype:
            return "含 XML DOCTYPE/实体声明"
        return None  # the root element starts: openpyxl judges the rest
    except (expat.ExpatError, *DAMAGED):
        return None  # no XML, or a damaged member: the sheet guard or openpyxl says so
    return f"的 XML 前言超过 {MAX_PROLOG_BYTES} 字节"


def _refuse(name: str, message: str, code: str) -> LoadError:
    return LoadError([Diagnostic(Location(name), message, code)])
