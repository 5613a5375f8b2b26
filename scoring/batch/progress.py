"""Progress: a one-line bar on stderr for long runs (projects done, rate, time left).

Used by `scoring batch`. Drawn only when the stream is a terminal (and not
`--quiet`), at most a few times a second; elsewhere (logs, CI, pipes) it
stays silent. The fraction done comes from the input read so far (bytes),
so it works while the number of projects is still unknown.
"""

from __future__ import annotations

import time
from typing import TextIO

from ..model.findings import Lang
from ..read.packaged import data_file

WIDTH = 24


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


class Progress:
    """`update(done, fraction)` as work completes; `close()` at the end."""

    def __init__(self, stream: TextIO, *, enabled: bool, interval: float = 0.2,
                 lang: Lang = "zh") -> None:
        self.stream = stream
        self.words: str = data_file("batch.yaml")["run"]["progress"][lang]
        self.enabled = enabled
        self.interval = interval
        self.clock = time.monotonic
        self.start = self.clock()
        self.last = -interval
        self.drawn = False

    def line(self, done: int, fraction: float, now: float) -> str:
        """The bar's text: `[#####......] 42% 12,345 个项目 3,210/s 剩余 0:07`."""
        fraction = min(max(fraction, 0.0), 1.0)
        elapsed = max(now - self.start, 1e-9)
        filled = int(fraction * WIDTH)
        rate = done / elapsed
        left = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        eta = _duration(left) if fraction > 0 else "?"
        return (f"[{'#' * filled}{'.' * (WIDTH - filled)}] {fraction * 100:3.0f}% "
                + self.words.format(done=f"{done:,}", rate=f"{rate:,.0f}", eta=eta))

    def update(self, done: int, fraction: float) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.last < self.interval:
            return
        self.last = now
        self.stream.write("\r" + self.line(done, fraction, now) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self, done: int) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\r" + self.line(done, 1.0, self.clock()) + "\x1b[K\n")
            self.stream.flush()
