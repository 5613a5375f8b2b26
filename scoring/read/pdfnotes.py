"""Read (documents): a PDF form's footnotes put back as the 计分说明 of their rows.

A form printed from HTML (`report/html.py`) or by a word processor often
moves the 计分说明 column out of the table: a superscript number after a
score (`10.0⁶`) points to a numbered note below the form (`6. 人工评分 10
（未完全投产，无法计算） → 10.0`). The PDF reader (`pdf.py`) takes the mark
out of the cell's text; here each marked row gets its note as the text of
its 计分说明 cell, so a manual score, a 不适用 or a deduction reads back as
in the workbook form (`load/form.py`). The column is the header row's
计分说明 label (`data/form.yaml`), or a new one after the widest row, labelled
so; the note's cell is placed at the note's line (`p2!L5`). Only the first
line of a note is read (the part that names a manual score, 不适用, or a rule).
A mark without a note, or a note without a mark, changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .formgrid import Key, labels

_NOTE = re.compile(r"(\d{1,4})[.．]\s*(\S.*)")


def note_of(line: str) -> tuple[str, str] | None:
    """(number, text) of a numbered note line (`6. 人工评分 10 …`), else None."""
    found = _NOTE.fullmatch(line)
    return (found.group(1), found.group(2)) if found else None


def attach_notes(cells: dict[Key, str], marked: Iterable[tuple[int, int, str]],
                 notes: dict[str, tuple[str, str]]) -> dict[Key, str]:
    """Write each marked row's note into its 计分说明 cell in `cells`.

    `marked` holds (header row, row, mark) of every marked cell; `notes` maps a
    mark to its note's text and place. Returns the place of every cell written.
    """
    L = labels()
    placed: dict[Key, str] = {}
    columns: dict[int, int] = {}
    for head, row, mark in marked:
        note = notes.get(mark)
        if note is None:
            continue
        col = columns.get(head)
        if col is None:
            col = next((c for (r, c), text in sorted(cells.items())
                        if r == head and L.field("indicators", text) == "explain"), None)
            if col is None:
                col = max(c for _, c in cells) + 1
                cells[(head, col)] = str(L.raw["indicators"]["explain"][0])
            columns[head] = col
        if (row, col) not in cells:
            cells[(row, col)], placed[(row, col)] = note
    return placed
