"""Read (workbooks): refuse a sheet that would expand past the caps, before openpyxl reads it.

Runs inside the zip guard (`zipguard.inflated_size`), after the zip's
directory and the XML prologs are judged. openpyxl expands what a sheet
declares: a read-only sheet yields every missing row up to the highest row
number and pads every row to the widest column; a fully loaded sheet (the
official form, `form.py`) creates one object per cell of every merged range
(`A1:XFD1048576` is 17 billion); the shared strings are all held in memory.
So each worksheet's XML is streamed once (inflated a piece at a time, never
whole) and searched for row numbers, cell references, cells and merged
ranges; the shared strings' inflated size is read from the zip's directory.
Beyond the caps of `data/columns.yaml` (`max_xlsx_rows`, `max_columns`,
`max_xlsx_cells`, `max_merged_cells`, `max_shared_strings_bytes`) the
workbook is refused with one diagnostic at the sheet's cell
(`book.xlsx:Sheet1!A1048576`), before any work.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Diagnostic, LoadError, Location
from .columns import columns

_PIECE = 1 << 20
_OVERLAP = 512  # bytes kept between pieces: a tag cut by a piece is searched whole
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]{0,400}?\sr=[\"'](\d{1,12})")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]{0,400}?\br=[\"']([A-Z]{1,4})(\d{1,12})")
_CELLS = re.compile(rb"<(?:\w+:)?c[\s/>]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]{0,400}?\bref=[\"']([A-Z]{1,4})(\d{1,12})"
                    rb"(?::([A-Z]{1,4})(\d{1,12}))?")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTR = re.compile(rb"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True, slots=True)
class _Caps:
    rows: int
    cols: int
    cells: int
    merged: int


def column_number(letters: bytes) -> int:
    """`A` → 1, `XFD` → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def guard_sheets(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse (`LoadError`, `sheet-too-large`) a workbook whose sheets or shared strings
    expand past the caps."""
    cat = columns()
    for member in archive.infolist():
        if member.filename.lower().endswith("sharedstrings.xml") and \
                member.file_size > cat.max_shared_strings_bytes:
            raise LoadError([Diagnostic(Location(name), f"共享字符串解压后 {member.file_size} "
                                        f"字节，超过上限 {cat.max_shared_strings_bytes} 字节",
                                        "sheet-too-large")])
    caps = _Caps(cat.max_xlsx_rows, cat.max_columns, cat.max_xlsx_cells, cat.max_merged_cells)
    titles = _titles(archive)
    merged = 0
    cells = 0
    for member in archive.infolist():
        path = member.filename
        if path.startswith("xl/worksheets/") and path.endswith(".xml") and path.count("/") == 2:
            title = titles.get(path, path.rsplit("/", 1)[-1][:-4])
            merged, cells = _scan(archive, member, f"{name}", title, caps, merged, cells)


def _refuse(name: str, title: str, cell: str, message: str) -> LoadError:
    from .formgrid import sheet_ref

    first = cell.split(":")[0]  # a range is placed at its first cell (and named in `message`)
    return LoadError([Diagnostic(Location(name, cell=f"{sheet_ref(title)}!{first}"), message,
                                 "sheet-too-large")])


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, title: str,
          caps: _Caps, merged: int, cells: int) -> tuple[int, int]:
    """Stream one sheet's XML; the merged cells and cells counted so far, updated."""
    tail = b""
    with archive.open(member) as handle:
        while True:
            piece = handle.read(_PIECE)
            text = tail + piece
            # a match must end before the kept tail, unless the sheet has ended
            limit = len(text) if not piece else max(len(text) - _OVERLAP, 0)
            for found in _before(_ROW, text, limit):
                row = int(found.group(1))
                if row > caps.rows:
                    raise _refuse(name, title, f"A{row}", f"第 {row} 行超出行数上限 "
                                  f"{caps.rows}（工作表过大）")
            for found in _before(_CELL, text, limit):
                col = column_number(found.group(1))
                if col > caps.cols:
                    ref = (found.group(1) + found.group(2)).decode()
                    raise _refuse(name, title, ref, f"第 {col} 列超出列数上限 {caps.cols}")
            cells += sum(1 for _ in _before(_CELLS, text, limit))
            if cells > caps.cells:
                raise _refuse(name, title, "A1", f"单元格超过 {caps.cells} 个（工作表过大）")
            for found in _before(_MERGE, text, limit):
                merged += _merged_area(found, name, title, caps)
                if merged > caps.merged:
                    raise _refuse(name, title, _ref(found), f"合并单元格共超过 {caps.merged} "
                                  "个（合并区域过大）")
            if not piece:
                return merged, cells
            tail = text[limit:]


def _before(pattern: re.Pattern[bytes], text: bytes, limit: int) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern` in `text` that start before `limit` (the rest are searched
    again with the next piece)."""
    for found in pattern.finditer(text):
        if found.start() >= limit:
            return
        yield found


def _ref(found: re.Match[bytes]) -> str:
    first = (found.group(1) + found.group(2)).decode()
    return f"{first}:{(found.group(3) + found.group(4)).decode()}" if found.group(3) else first


def _merged_area(found: re.Match[bytes], name: str, title: str, caps: _Caps) -> int:
    top, left = int(found.group(2)), column_number(found.group(1))
    bottom = int(found.group(4)) if found.group(3) else top
    right = column_number(found.group(3)) if found.group(3) else left
    if bottom > caps.rows or right > caps.cols:
        raise _refuse(name, title, _ref(found), f"合并区域 {_ref(found)} 超出工作表上限"
                      f"（{caps.rows} 行、{caps.cols} 列）")
    return max(bottom - top + 1, 1) * max(right - left + 1, 1)


def _titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from `xl/workbook.xml` and its relationships."""
    try:
        book = archive.read("xl/workbook.xml")[:1 << 22]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:1 << 22]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}
    targets = {}
    for attrs in _REL.findall(rels):
        found = dict(_ATTR.findall(attrs))
        if b"Id" in found and b"Target" in found:
            targets[found[b"Id"]] = found[b"Target"].decode("utf-8", "replace")
    titles = {}
    for attrs in _SHEET.findall(book):
        found = {key.split(b":")[-1]: value for key, value in _ATTR.findall(attrs)}
        target = targets.get(found.get(b"id", b""))
        if target is not None and b"name" in found:
            part = target.lstrip("/").removeprefix("xl/")
            titles["xl/" + part] = html.unescape(found[b"name"].decode("utf-8", "replace"))
    return titles
