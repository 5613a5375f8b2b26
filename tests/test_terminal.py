"""terminal.py: what reaches a screen — control characters made visible, the width."""

from __future__ import annotations

import io

from scoring.terminal import for_terminal, say, terminal_width, visible


def test_visible_escapes_every_control_character_it_is_not_told_to_keep() -> None:
    assert visible("a\x1b[2Jb\u202ec\n") == "a\\x1b[2Jb\\u202ec\\n"
    assert visible("a\tb\n", keep="\t") == "a\tb\\n"
    assert visible("纯文本") == "纯文本"


def test_for_terminal_keeps_newlines_and_shows_tabs_and_carriage_returns() -> None:
    assert for_terminal("x\ty\nz\r") == "x\\ty\nz\\r"


def test_say_prints_one_message_made_visible() -> None:
    stream = io.StringIO()
    say("项目\x1b[31m红", stream)
    assert stream.getvalue() == "项目\\x1b[31m红\n"


def test_a_stream_that_is_no_terminal_has_no_width(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "50")  # honoured only on a terminal
    assert terminal_width(io.StringIO()) is None
