"""Read (documents): a PDF form's footnotes put back as the 计分说明 of their rows.

A form printed from HTML (`report/html.py`) or by a word processor often
moves the 计分说明 column out of the table: a superscript number after a
score (`10.0⁶`) points to a numbered note below the form (`6. 人工评分 10
（未完全投产，无法计算） → 10.0`). The PDF reader (`pdf.py`) takes the mark
out of the cell's text; here each marked row gets its note as the text of
its 计分说明 cell, so a manual score, a 不适用 or a deduction reads back as
in the workbook form (`load/form.py`). The column is the header row's
计分说明 label (`data/form.yaml`), or a new one after the widest row, labelled
so; the note's cell is placed at the note's line (`p2!L5`). A note wrapped onto
more lines is read whole (`continues`: a 扣减 at its end counts). A mark
without a note, or a note without a mark, changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .formgrid import Key, labels
from .packaged import data_file

Box = tuple[float, float, float, float]  # a text line's x0, top, x1, bottom on its page
_NOTE = re.compile(r"(\d{1,4})[.．]\s*(\S.*)")


def note_of(line: str) -> tuple[str, str] | None:
    """(number, text) of a numbered note line (`6. 人工评分 10 …`), else None."""
    found = _NOTE.fullmatch(line)
    return (found.group(1), found.group(2)) if found else None


def continues(first: Box, last: Box, line: Box, right: float) -> bool:
    """Whether `line` is the next line of the note that starts at `first` and has reached
    `last`: `last` was wrapped (it runs to `right`, the right edge of the page's text,
    within `note_wrap.full` line heights), and `line` starts directly under it (a gap
    under `note_wrap.gap` line heights), not left of the note's number."""
    wrap = data_file("pdf.yaml")["note_wrap"]
    height = last[3] - last[1]
    return (right - last[2] <= float(wrap["full"]) * height and
            line[1] - last[3] <= float(wrap["gap"]) * height and line[0] >= first[0] - 1)


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
