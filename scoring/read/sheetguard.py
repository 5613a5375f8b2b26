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
from dataclasses import dataclass

from ..errors import Diagnostic, LoadError, Location
from .columns import columns

_PIECE = 1 << 20
_OVERLAP = 512  # a tag longer than 8 × this, cut by a piece, is not searched
# each pattern starts with a literal (`<row`, `<c `): re then skips to it; the forms with a
# namespace prefix (`<x:row`) are searched only in a piece that has one
_ROW = re.compile(rb"<row\b[^>]{0,400}?\sr=[\"'](\d{1,12})")
_CELL = re.compile(rb"<c\s[^>]{0,400}?\br=[\"']([A-Z]{1,4})\d")
_REF = re.compile(rb"<c\s[^>]{0,400}?\br=[\"'](([A-Z]{1,4})\d{1,12})")
_MERGE = re.compile(rb"<mergeCell\s[^>]{0,400}?\bref=[\"']([A-Z]{1,4})(\d{1,12})"
                    rb"(?::([A-Z]{1,4})(\d{1,12}))?")
_PREFIXED = re.compile(rb"<\w+:(?=row\b|c[\s/>]|mergeCell\b)")
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
            # whole tags only: up to the last `<` (never inside a value), unless at the end
            cut = len(text) if not piece else max(text.rfind(b"<"), 0)
            body, tail = text[:cut], text[cut:][-_OVERLAP * 8:]
            if _PREFIXED.search(body):  # rare: drop the prefixes (`<x:c ` → `<c `)
                body = _PREFIXED.sub(b"<", body)
            rows = _ROW.findall(body)
            top = max(map(int, rows), default=0)
            if top > caps.rows:
                top = next(int(r) for r in rows if int(r) > caps.rows)  # the first beyond
                raise _refuse(name, title, f"A{top}", f"第 {top} 行超出行数上限 "
                              f"{caps.rows}（工作表过大）")
            letters = set(_CELL.findall(body))
            if max(map(column_number, letters), default=0) > caps.cols:  # the first beyond
                ref, col = next((m.group(1).decode(), column_number(m.group(2)))
                                for m in _REF.finditer(body)
                                if column_number(m.group(2)) > caps.cols)
                raise _refuse(name, title, ref, f"第 {col} 列超出列数上限 {caps.cols}")
            cells += body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>")
            if cells > caps.cells:
                raise _refuse(name, title, "A1", f"单元格超过 {caps.cells} 个（工作表过大）")
            for found in _MERGE.finditer(body) if b"<mergeCell" in body else ():
                merged += _merged_area(found, name, title, caps)
                if merged > caps.merged:
                    raise _refuse(name, title, _ref(found), f"合并单元格共超过 {caps.merged} "
                                  "个（合并区域过大）")
            if not piece:
                return merged, cells


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
