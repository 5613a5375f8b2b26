"""Terminal: what reaches a person's screen — control characters made visible, the width.

Text from the input (a project name, a reason, a file name) may hold control
characters: an ESC sequence that recolours or clears a terminal, a carriage
return or a newline that forges a line of its own, a bidirectional override
that reorders what is shown. `visible` replaces each by a visible escape
(`\\n`, `\\r`, `\\t`, `\\x1b`, `\\u202e`), in one linear pass; the
characters a caller keeps (a table's own newlines) stay. The escapes are also
valid inside a JSON string, so JSON printed through `for_terminal` still
means the same. `for_terminal` is the one boundary the CLI writes through;
diagnostics (`errors.format_diagnostic`) and workbook cells
(`report/workbook.py`) use `visible` too. `terminal_width` is the width the
text table fits when standard output is a terminal: its width, or `COLUMNS`
when set. Output to a pipe or a file is laid out as before, whatever `COLUMNS`
says: GNU readline exports `COLUMNS=80` into the environment of every process
started by a program that loaded it (a Python shell, pytest), so honouring it
there would narrow the tables of scripts that never asked.
"""

from __future__ import annotations

import re
import shutil
from typing import TextIO

# C0 controls, DEL, C1 controls (0x9B is a CSI on some terminals), the
# bidirectional embeddings, overrides and isolates, and the line/paragraph separators
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MIN_WIDTH = 40  # narrower terminals get a table this wide (and wrap it themselves)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = NAMED.get(ch)
    if named is not None:
        return named
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x80 else f"\\u{ord(ch):04x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character not in `keep` replaced by its escape."""
    if CONTROLS.search(text) is None:
        return text
    if not keep:
        return CONTROLS.sub(_escape, text)
    return CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def for_terminal(text: str) -> str:
    """Text for standard output or error: its own newlines kept, every other control
    character (tabs and carriage returns included) made visible."""
    return visible(text, keep="\n")


def say(text: str, stream: TextIO) -> None:
    """Print one message (a diagnostic, a `scoring: …` line) to `stream`, made visible."""
    print(for_terminal(text), file=stream)


def terminal_width(stream: TextIO) -> int | None:
    """The columns a table printed to `stream` may take: None when `stream` is no
    terminal; else the terminal's width (`COLUMNS` wins, as
    `shutil.get_terminal_size` reads it), at least `MIN_WIDTH`."""
    if not stream.isatty():
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)
