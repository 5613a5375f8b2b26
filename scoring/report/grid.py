"""Render (text): box-drawn grids whose columns line up in a terminal, Chinese included.

The layout of tabulate's `simple_grid` with `disable_numparse=True` (and
`maxcolwidths`, wrapping long cells), drawn here because tabulate and wcwidth
cost `scoring score` more time to import than everything else it prints. The
width of a character is what a terminal gives it: 2 for East Asian wide and
fullwidth characters, 0 for combining marks, joiners and other format
characters, 1 otherwise (as wcwidth counts, from `unicodedata`). Cells are
stripped; a header sets a minimum width of its own width + 2; a cell of
several lines is drawn on several rows of text, top-aligned.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

MIN_PADDING = 2  # a header's column is at least this much wider than the header
MIN_CELL = 4  # columns are not wrapped narrower than this to fit a terminal
_LINE_BREAK = re.compile(r"[\r\n]")
_ZWJ, _VS16 = "\u200d", "\ufe0f"
_PREPENDED = frozenset("\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891"
                       "\u08e2\U000110bd\U000110cd")  # format characters that take a column
_HANGUL_FILLERS = frozenset("\u3164\uffa0")
_WIDE_RANGES = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D356),
                (0x1D360, 0x1D376), (0x1F1E6, 0x1F1FF))  # wide since Unicode 16
_REGIONAL = (0x1F1E6, 0x1F1FF)  # two regional indicators draw one flag
_SEQUENCES = re.compile("[\u200d\ufe0f\U0001f1e6-\U0001f1ff]")  # joiner, VS16, flag letters


@cache
def char_width(ch: str) -> int:
    """Columns one character takes in a terminal (0, 1 or 2)."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if ch in _PREPENDED:
        return 1
    if category in ("Cc", "Mn", "Me", "Mc", "Cf", "Zl", "Zp") or ch in _HANGUL_FILLERS \
            or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F") or any(
            lo <= code <= hi for lo, hi in _WIDE_RANGES):
        return 2
    return 1


def _step(ch: str, previous: str, regional: bool) -> tuple[int, bool]:
    """The columns `ch` adds after `previous` (`regional`: the previous character
    opened a flag), and whether `ch` opens one."""
    if previous == _ZWJ:
        width = 0
    elif ch == _VS16:
        width = 1 if previous and char_width(previous) == 1 else 0
    else:
        width = char_width(ch)
    if _REGIONAL[0] <= ord(ch) <= _REGIONAL[1]:
        return (0 if regional else width), not regional
    return width, False


def text_width(text: str) -> int:
    """Columns `text` (one line) takes: emoji sequences joined by ZWJ, a narrow
    symbol made an emoji by VS16 and a pair of regional indicators count as one
    wide character."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _SEQUENCES.search(text) is None:
        return sum(map(char_width, text))
    total = 0
    previous = ""
    regional = False  # the previous character opened a flag
    for ch in text:
        width, regional = _step(ch, previous, regional)
        total += width
        previous = ch
    return total


def _cuts(chunk: str, first: int, width: int) -> list[int]:
    """Where a word too long for its line is cut, in one pass: the first piece fits
    `first` columns, each next one `width`, each measured from its own start as
    `text_width` measures it (as textwrap would cut the rest again and again); the text
    after the last cut fits. A character wider than a whole line is taken alone."""
    cuts: list[int] = []
    space, used, start, previous, regional = first, 0, 0, "", False
    i = 0
    while i < len(chunk):
        ch = chunk[i]
        w, opens = _step(ch, previous, regional)
        if used + w > space and not (i == start and cuts):
            cuts.append(i)
            space, used, start, previous, regional = width, 0, i, "", False
            continue
        used, previous, regional = used + w, ch, opens
        i += 1
    return cuts


class _Wrapper(textwrap.TextWrapper):
    """`TextWrapper` measuring in terminal columns; a word too long for a line is cut
    at the last character that fits (tabulate's `_CustomTextWrap`, without colours).
    The lines a long word fills are cut in one pass (`_cuts`), not by cutting the
    rest again for each line, so wrapping is linear in the text's length."""

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        lines: list[str] = []
        chunks.reverse()
        started = False  # the line begins where a cut word's whitespace was dropped
        while chunks:
            cur_line: list[str] = []
            cur_len = 0
            if not started and self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks:
                chunk_len = text_width(chunks[-1])
                if cur_len + chunk_len > self.width:
                    break
                cur_line.append(chunks.pop())
                cur_len += chunk_len
            long: tuple[str, list[int]] | None = None
            if chunks and text_width(chunks[-1]) > self.width:
                long = self._long_word(chunks, cur_line, cur_len)
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == "":
                del cur_line[-1]
            if cur_line:
                lines.append("".join(cur_line))
            started = long is not None and self._rest_of_word(*long, chunks, lines)
        return lines

    def _long_word(self, chunks: list[str], cur_line: list[str],
                   cur_len: int) -> tuple[str, list[int]] | None:
        """Cut the word on top of `chunks`: its first piece ends `cur_line`; returns
        the word and its cuts (None when the line has no room left for a piece)."""
        width = self.width
        space_left = 1 if width < 1 else width - cur_len
        if not (self.break_long_words and space_left > 0):
            if not cur_line:
                cur_line.append(chunks.pop())
            return None
        chunk = chunks.pop()
        cuts = _cuts(chunk, space_left, max(width, 1))
        cur_line.append(chunk[:cuts[0]])
        return chunk, cuts

    def _rest_of_word(self, chunk: str, cuts: list[int], chunks: list[str],
                      lines: list[str]) -> bool:
        """The whole lines of a cut word, then what is left of it back on `chunks`;
        whitespace that starts a line after another is dropped, as textwrap drops it
        (True: it was, and that line goes on with the next chunk)."""
        end = len(chunk.rstrip())  # from here on, only whitespace
        for a, b in pairwise(cuts):
            if self.drop_whitespace and a >= end and lines:
                return True
            piece = chunk[a:b]
            if not (self.drop_whitespace and piece.strip() == ""):
                lines.append(piece)
        chunks.append(chunk[cuts[-1]:])
        return False


def wrap_cell(cell: str, width: int) -> str:
    """`cell` folded to lines of at most `width` columns; blank lines are dropped."""
    if cell.isprintable() and text_width(cell) <= width:  # one line that fits: as it is
        return cell if cell.strip() else ""
    wrapper = _wrapper(width)
    return "\n".join("\n".join(wrapper.wrap(line)) for line in cell.splitlines()
                     if line.strip() != "")


@cache
def _wrapper(width: int) -> _Wrapper:
    return _Wrapper(width=width)  # keeps no state between texts


def _lines(cell: str) -> list[tuple[int, int]]:
    """(terminal columns, characters) of each line of a cell."""
    return [(text_width(line), len(line)) for line in _LINE_BREAK.split(cell)]


def _pad(cell: str, size: int, multiline: bool) -> str:
    """`cell` left-aligned in `size` terminal columns, line by line."""
    if not multiline:
        return cell.ljust(size - (text_width(cell) - len(cell)))
    return "\n".join(line.ljust(size - (w - n))
                     for line, (w, n) in zip(cell.splitlines() or cell, _lines(cell), strict=False))


def fit(rows: Sequence[Sequence[str]], headers: Sequence[str],
        maxwidths: Sequence[int | None], width: int) -> list[int | None] | None:
    """The wrapping widths that make the grid at most `width` columns wide, or None
    when it already is: the widest columns (their headers included) are capped at
    one common width, as large as fits, never below `MIN_CELL`; when even that does
    not fit, the grid is as narrow as it can be."""
    ncols = len(headers) if headers else len(rows[0])
    limits = [*maxwidths, *[None] * (ncols - len(maxwidths))][:ncols]
    heads = [_head_width(h) for h in headers] or [0] * ncols
    cells = [max([0, *(text_width(line) for row in rows
                       for line in _LINE_BREAK.split(row[i].strip()))])
             for i in range(ncols)]
    cells = [n if lim is None else min(n, lim) for n, lim in zip(cells, limits, strict=True)]
    room = width - (3 * ncols + 1)  # the borders and the padding of each cell
    if sum(max(n, h + MIN_PADDING if headers else 0)
           for n, h in zip(cells, heads, strict=True)) <= room:
        return None
    natural = [max(n, h) for n, h in zip(cells, heads, strict=True)]

    def needed(cap: int) -> int:
        return sum(max(MIN_CELL, min(n, cap)) for n in natural)

    low, high = MIN_CELL, max(natural)
    while low < high:  # the largest cap that fits (or MIN_CELL)
        mid = (low + high + 1) // 2
        low, high = (mid, high) if needed(mid) <= room else (low, mid - 1)
    return [lim if n <= low else low if lim is None else min(lim, low)
            for n, lim in zip(natural, limits, strict=True)]


def grid(rows: Sequence[Sequence[str]], headers: Sequence[str] = (),
         maxwidths: Sequence[int | None] = (), width: int | None = None) -> str:
    """The rows (and headers) as a box-drawn grid; a cell wider than its column's
    `maxwidths` entry (None: no limit) is wrapped onto several lines. With `width`
    (a terminal's columns), the widest columns are wrapped narrower so the grid fits
    (`fit`)."""
    if not rows and not headers:
        return ""
    padding = MIN_PADDING
    fitted = fit(rows, headers, maxwidths, width) if width is not None and rows else None
    if fitted is not None:  # headers wrap too, without their padding
        maxwidths, padding = fitted, 0
        headers = [h if w is None else wrap_cell(h, w) for h, w in zip(headers, fitted,
                                                                        strict=False)]
    if maxwidths:
        rows = [[wrap_cell(c, w) if w is not None else c for c, w in zip(row, limits, strict=False)]
                for row in rows
                for limits in [[*maxwidths, *[None] * (len(row) - len(maxwidths))]]]
    multiline = any("\r" in c or "\n" in c for c in [*headers, *(c for r in rows for c in r)])
    ncols = len(headers) if headers else len(rows[0])
    columns = [[row[i].strip() for row in rows] for i in range(ncols)]
    least = [_head_width(h) + padding for h in headers] or [0] * ncols
    padded = [[_pad(cell, size, multiline) for cell in col]
              for col, size in zip(columns, _sizes(columns, least, multiline), strict=True)]
    sizes = _sizes(padded, least, multiline)
    lines = [_rule("┌", "┬", "┐", sizes)]
    if headers:
        head = [_head(h, size) for h, size in zip(headers, sizes, strict=True)]
        lines += _row(head, sizes, multiline)
        lines.append(_rule("├", "┼", "┤", sizes))
    body = list(zip(*padded, strict=True))
    for i, row in enumerate(body):
        if i:
            lines.append(_rule("├", "┼", "┤", sizes))
        lines += _row(list(row), sizes, multiline)
    lines.append(_rule("└", "┴", "┘", sizes))
    return "\n".join(lines)


def _sizes(columns: list[list[str]], least: list[int], multiline: bool) -> list[int]:
    """The width of each column: its widest line, at least `least`."""
    return [max([low, *(w for cell in col for w, _ in (
        _lines(cell) if multiline else [(text_width(cell), 0)]))])
        for col, low in zip(columns, least, strict=True)]


_HEADER_BREAK = re.compile(r"\r|\n|\r\n")


def _head_width(header: str) -> int:
    return max(text_width(line) for line in _LINE_BREAK.split(header))


def _head(header: str, size: int) -> str:
    return "\n".join(line.ljust(size - (text_width(line) - len(line)))
                     for line in _HEADER_BREAK.split(header))


def _rule(left: str, cross: str, right: str, sizes: list[int]) -> str:
    return left + cross.join("─" * (s + 2) for s in sizes) + right


def _row(cells: list[str], sizes: list[int], multiline: bool) -> list[str]:
    """One row of the grid: as many lines of text as its tallest cell (none if all
    its cells are empty and some cell of the grid has several lines)."""
    if not multiline:
        return ["│" + "│".join(f" {c} " for c in cells) + "│"]
    split = [c.splitlines() for c in cells]
    height = max(len(s) for s in split)
    filled = [s + [" " * size] * (height - len(s)) for s, size in zip(split, sizes, strict=True)]
    return ["│" + "│".join(f" {col[i]} " for col in filled) + "│" for i in range(height)]
