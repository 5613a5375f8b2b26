"""Read (documents): the tables of a digital PDF as grids of located cells, form by form.

A 决算公开 PDF prints its 自评表 as ruled tables. pdfplumber finds the tables
on each page by their ruling lines; each table's cells keep their text and
their merges (a cell whose box covers several rows or columns fills them all,
placed at its top-left). A cell is placed `p12!R5C7`: page 12, the fifth
table row from the top of the page, column 7 of its table. The text lines
between tables (a title `2023年度项目支出绩效自评表`, a heading, a footer
naming the scheme) come along as one-cell rows, placed `p12!L3` (the third
such line of the page), so the form reader finds a form's year, kind and
scheme as on a sheet.

A form is printed as one or several tables (its blocks), over one or several
pages; a new form starts at a table holding a 项目名称 label (`data/form.yaml`:
the form's header block, or a flat table's header row), together with the
lines above it on its page; text lines of the pages before are not part of
it, and a flat table's rows are its table rows only. A table
continued on the next page joins the form, whether its header row is printed
again or not: a repeated header row is dropped.

What a PDF holds is not always what it shows; three repairs, each for a
known way text is extracted wrong, nothing guessed:

- a radical (`⽬` U+2F6C, `⻔` U+2ED4) that a font's ToUnicode map gives for
  the ideograph it draws (`目`, `门`) reads as the ideograph (NFKC, and the
  simplified radicals of `data/pdf.yaml`, which NFKC leaves);
- a superscript (a footnote mark `¹` after a score) is not cell text: chars
  smaller than `superscript` (`data/pdf.yaml`) times the largest of their
  cell are its mark,
  and the numbered note it points to is the row's 计分说明 (`pdfnotes.py`);
- a cell's lines are joined without a space (Chinese wraps anywhere), with
  one only between two ASCII letters or digits a wrap separated.

A page with no text at all but an image is a scanned page: it is named
(`pdf-no-text`), never read by guessing.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LoadError, Location
from .bounded import read_bounded
from .cellgrid import CellGrid
from .columns import columns
from .formgrid import labels
from .optional import require
from .packaged import data_file
from .pdfnotes import Box, attach_notes, continues, note_of

_RADICALS = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
Row = dict[int, str]


@dataclass(slots=True)
class _Item:
    """A text line (`rows` is one row with one cell) or a table, on `page`."""

    page: int
    rows: list[Row]
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # each row's place, before `!C…`
    table: bool = False
    marks: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → footnote
    box: Box | None = None  # a text line's (x0, top, x1, bottom)
    right: float = 0.0      # a text line's page: the right edge of its text lines


def read_pdf(path: Path) -> tuple[list[CellGrid], list[Diagnostic]]:
    """The grids of the forms (and flat tables) of the PDF at `path`, in order, and
    a `pdf-no-text` diagnostic for each scanned page.

    `LoadError` (one diagnostic at the file) when pdfplumber is missing
    (`missing-dependency`) or the file is no readable PDF (`not-pdf`).
    """
    name = str(path)
    pdfplumber = require(".pdf", name)
    data = read_bounded(path, columns().max_xlsx_bytes, name)
    if not data.startswith(b"%PDF"):
        raise _not_pdf(name, "文件开头不是 %PDF")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are no diagnostics
    items: list[_Item] = []
    scanned: list[Diagnostic] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                if not page.chars:
                    if page.images:
                        scanned.append(Diagnostic(Location(name, cell=f"p{number}"),
                                                  f"第 {number} 页没有文字，是扫描图像：其中的"
                                                  "表格无法读取（请提供可复制文字的 PDF 或原表）",
                                                  "pdf-no-text"))
                    continue
                items.extend(_page_items(page, number))
    except LoadError:
        raise
    except Exception as exc:  # pdfminer's errors on a damaged file
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise _not_pdf(name, f"无法读取（{text}）") from None
    return [_grid(name, group) for group in _groups(items)], scanned


def _page_items(page: Any, number: int) -> Iterator[_Item]:
    """The tables and the lines outside them of one page, from the top."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    found: list[tuple[float, _Item]] = []
    row = 0
    for table in tables:
        item = _table_item(page, table, number, row)
        row += len(item.rows)
        found.append((table.bbox[1], item))
    lines = [line for line in page.extract_text_lines() if not any(
        t.bbox[1] <= (line["top"] + line["bottom"]) / 2 <= t.bbox[3] for t in tables)]
    right = max((line["x1"] for line in lines), default=0.0)
    for k, line in enumerate(lines, 1):
        text = _clean([line["text"]])
        if text:
            box = (line["x0"], line["top"], line["x1"], line["bottom"])
            found.append((line["top"], _Item(number, [{1: text}], refs=[f"p{number}!L{k}"],
                                             box=box, right=right)))
    for _, item in sorted(found, key=lambda f: f[0]):
        yield item


def _table_item(page: Any, table: Any, number: int, before: int) -> _Item:
    """One table: each cell's text at its row and column, each merge's span, each
    footnote mark."""
    xs = sorted({c[0] for c in table.cells})
    tops = sorted({c[1] for c in table.cells})
    item = _Item(number, [{} for _ in tops], table=True)
    x0, top, x1, bottom = table.bbox
    chars = [ch for ch in page.chars if x0 <= ch["x0"] and ch["x1"] <= x1 + 1 and
             top <= ch["top"] and ch["bottom"] <= bottom + 1]  # the table's, read once
    for r, row in enumerate(table.rows):
        for box in row.cells:
            if box is None:
                continue
            c = xs.index(box[0])
            last_c = max(k for k, x in enumerate(xs) if x < box[2] - 0.5)
            last_r = max(k for k, y in enumerate(tops) if y < box[3] - 0.5)
            text, mark = _cell_text(page, chars, box)
            if text:
                item.rows[r][c + 1] = text
            if mark:
                item.marks[(r, c + 1)] = mark
            if (last_r, last_c) != (r, c):
                item.spans.append(((r + 1, c + 1), (last_r + 1, last_c + 1)))
    item.refs = [f"p{number}!R{before + r}" for r in range(1, len(tops) + 1)]
    return item


def _cell_text(page: Any, table: list[dict[str, Any]],
               box: tuple[float, float, float, float]) -> tuple[str, str]:
    """The text of the cell in `box` (among the chars of its `table`), and its
    superscript mark (digits, or "")."""
    x0, top, x1, bottom = box
    chars = [ch for ch in table if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and
             top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    if not chars:
        return "", ""
    least = float(data_file("pdf.yaml")["superscript"]) * max(ch["size"] for ch in chars)
    mark = "".join(ch["text"] for ch in sorted(chars, key=lambda ch: ch["x0"])
                   if ch["size"] < least)
    cell = page.crop(box, strict=False).filter(
        lambda o: o.get("object_type") != "char" or o["size"] >= least)
    return _clean(cell.extract_text().split("\n")), mark if mark.isdigit() else ""


def _clean(lines: list[str]) -> str:
    """A cell's text: radicals as ideographs, wrapped lines joined (see the docstring)."""
    out = ""
    for line in (_RADICALS.sub(_ideograph, s).strip() for s in lines):
        if not line:
            continue
        joint = " " if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0]) else ""
        out += joint + line
    return out


def _ideograph(found: re.Match[str]) -> str:
    """A radical read as the ideograph a font drew (`data/pdf.yaml`, else NFKC)."""
    radical = found.group()
    return str(data_file("pdf.yaml")["radicals"].get(radical) or
               unicodedata.normalize("NFKC", radical))


def _starts_form(item: _Item, seen: list[Row]) -> bool:
    """A table holding a 项目名称 label (the form's header block, or the flat table's
    header), unless it starts with a row already seen: a table continued."""
    return item.table and not (item.rows and item.rows[0] in seen) and any(
        labels().match("header", "name", text) for row in item.rows for text in row.values())


def _groups(items: list[_Item]) -> Iterator[list[_Item]]:
    """The items split into forms: a form starts at `_starts_form`, with the lines above
    it on its page since the table before."""
    group: list[_Item] = []
    for item in items:
        seen = [i.rows[0] for i in group if i.table and i.rows]
        if _starts_form(item, seen) and any(i.table for i in group):
            keep = len(group)
            while keep and not group[keep - 1].table and group[keep - 1].page == item.page:
                keep -= 1
            yield _on_its_pages(group[:keep])
            group = group[keep:]
        group.append(item)
    if any(i.table for i in group):
        yield _on_its_pages(group)


def _on_its_pages(group: list[_Item]) -> list[_Item]:
    """The group without the text lines of the pages before its first table (the prose of
    a 决算公开 before its forms); the lines after it stay (a form's notes may run onto a
    page of their own; a flat table reads none of them)."""
    first = min(i.page for i in group if i.table)
    return [i for i in group if i.table or i.page >= first]


def _grid(name: str, group: list[_Item]) -> CellGrid:
    """One form's items stacked into one grid: a table's header row printed again at the
    top of a later page is dropped; footnotes go back to their rows (`pdfnotes.py`)."""
    cells: dict[tuple[int, int], str] = {}
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    refs: dict[int, str] = {}
    heads: list[tuple[Row, int]] = []  # each table's first row, and its row in the grid
    marked: list[tuple[int, int, str]] = []
    notes: dict[str, tuple[str, str]] = {}
    note: tuple[str, _Item, _Item] | None = None  # the note being read: mark, first, last line
    r = 0
    for item in group:
        rows = item.rows
        head = next((at for first, at in heads if item.table and rows and first == rows[0]),
                    None)
        skip = 0 if head is None else 1
        for k, row in enumerate(rows[skip:], skip):
            r += 1
            refs[r] = item.refs[k]
            cells.update({(r, c): text for c, text in row.items()})
        offset = r - len(rows)
        spans += [((top + offset, left), (bottom + offset, right))
                  for (top, left), (bottom, right) in item.spans if top > skip]
        if item.table and rows:
            head = offset + 1 if head is None else head
            heads.append((rows[0], head))
            marked += [(head, offset + k + 1, mark) for (k, _), mark in item.marks.items()
                       if k >= skip]
        note = None if item.table else _note(item, note, notes)
    placed = attach_notes(cells, marked, notes)

    def ref(row: int, col: int) -> str:
        where = refs.get(row, "")
        return placed.get((row, col)) or (where if "!L" in where else f"{where}C{col}")

    return CellGrid(name, cells, spans, ref, lines=frozenset(
        r for r, where in refs.items() if "!L" in where))


def _note(line: _Item, note: tuple[str, _Item, _Item] | None,
          notes: dict[str, tuple[str, str]]) -> tuple[str, _Item, _Item] | None:
    """A text line read as a numbered note (into `notes`) or as the next line of the
    note being read (`note`, wrapped: `pdfnotes.continues`); the note read after it."""
    text = line.rows[0][1]
    numbered = note_of(text)
    if numbered is not None:
        mark, body = numbered
        if mark in notes:  # a second note of one mark: the first stands
            return None
        notes[mark] = (body, line.refs[0])
        return mark, line, line
    if note is not None:
        mark, first, last = note
        if first.box and last.box and line.box and line.page == last.page and \
                continues(first.box, last.box, line.box, last.right):
            notes[mark] = (_clean([notes[mark][0], text]), notes[mark][1])
            return mark, first, line
    return None


def _not_pdf(name: str, why: str) -> LoadError:
    return LoadError([Diagnostic(Location(name), f"不是可读取的 PDF 文件：{why}", "not-pdf")])
