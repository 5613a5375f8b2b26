"""The progress bar: what it says, and that it stays silent off a terminal."""

from __future__ import annotations

import io

from scoring.batch.progress import Progress


def test_line_says_done_rate_and_time_left() -> None:
    bar = Progress(io.StringIO(), enabled=True)
    bar.start = 100.0
    line = bar.line(5000, 0.25, now=110.0)
    assert line.startswith("[" + "#" * 6 + "." * 18 + "]")
    assert " 25% 5,000 个项目 500/s 剩余 0:30" in line


def test_the_words_follow_lang() -> None:
    bar = Progress(io.StringIO(), enabled=True, lang="en")  # was Chinese whatever --lang
    bar.start = 100.0
    assert bar.line(5000, 0.25, now=110.0).endswith(" 25% 5,000 projects 500/s left 0:30")


def test_hours_and_unknown_time_left() -> None:
    bar = Progress(io.StringIO(), enabled=True)
    bar.start = 0.0
    assert bar.line(10, 0.5, now=4000.0).endswith("剩余 1:06:40")
    assert bar.line(0, 0.0, now=1.0).endswith("剩余 ?")


def test_draws_on_a_terminal_at_most_every_interval() -> None:
    out = io.StringIO()
    bar = Progress(out, enabled=True, interval=3600)
    bar.update(1, 0.1)
    bar.update(2, 0.2)  # within the interval: not drawn
    assert out.getvalue().count("\r") == 1
    bar.close(2)
    assert out.getvalue().endswith("\x1b[K\n") and "100%" in out.getvalue()


def test_silent_when_disabled() -> None:
    out = io.StringIO()
    bar = Progress(out, enabled=False)
    bar.update(1, 0.5)
    bar.close(1)
    assert out.getvalue() == ""
