"""Batch (feed): the inputs of a run as worker tasks, and the replies stitched back in order.

Between the inputs (`batch_run.expand`) and the workers (`batch/worker.py`).
A flat CSV in a safe encoding is planned into chunks (`batch/split.py`) that
the workers read themselves; any other input is read here into small work
items (a case file's path, a workbook's cases, or, for a CSV whose encoding
cannot be cut at byte offsets, its project blocks), a few to a task.

`Stitch` turns the replies, taken in task order, into the outcomes a reading
of the whole inputs in one process gives:

- a project whose key already named an earlier project of its table (its rows
  come back later, FORMATS.md §4) cannot be streamed: the chunks do not know
  each other, so this is found here (or while the main process reads a table's
  blocks), after the earlier rows were scored. `Feed.note` then raises
  `Reread`: the run starts again (`batch/run.py`) with that table in
  `Feed.whole`, read whole by the importer (`scoring.load.tables.iter_cases`, rows
  merged by key, as `scoring score` reads it) and fed as a workbook's cases;
- records that cannot be read end the table there: the projects before them,
  then the table's error, then the next input;
- a chunk whose worker stopped elsewhere than where the next chunk starts (the
  cut was a wrong guess, `batch/split.py`) makes the feed plan the table again
  from where the worker stopped; the tasks already planned after it are
  dropped (`Feed.generation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path

from ..errors import LoadError, Reread
from ..load.loader import CSV_SUFFIXES, DOCUMENT_SUFFIXES, LEGACY_SUFFIXES, XLSX_SUFFIXES
from ..model.outcome import Outcome
from ..read.records import SAFE_ENCODINGS
from .split import Chunk, plan
from .table import Key, Layout, iter_blocks, layout_of
from .worker import Item, Reply, Task, failed_outcome

GROUP = 32  # items to a task


class Feed:
    """The tasks of a run, in input order, planned lazily; `restart` plans again.
    The flat CSVs whose indexes are in `whole` are read whole by the importer."""

    def __init__(self, files: Sequence[Path], scheme: str | None,
                 whole: frozenset[int] = frozenset()) -> None:
        self.files = files
        self.scheme = scheme
        self.whole = whole
        self.sizes = [p.stat().st_size for p in files]
        self.before = [0, *accumulate(self.sizes)]  # bytes of the inputs before each
        self.generation = 0
        self.layouts: dict[int, Layout] = {}
        self.seen: dict[int, set[Key]] = {}  # project keys of each streamed table so far
        self._tasks = self._plan(0, None)

    def next(self) -> Task | None:
        return next(self._tasks, None)

    def note(self, file: int, key: Key, line: int) -> None:
        """A project of streamed table `file` starts on `line`; `Reread` when its key
        already named an earlier project of the table."""
        seen = self.seen.setdefault(file, set())
        if key in seen:
            raise Reread(file, str(self.files[file]), key, line)
        seen.add(key)

    def restart(self, file: int, at: tuple[int, int] | None) -> None:
        """Go on with input `file` from `at` (offset and line of a project's first
        record), or with the input after it when `at` is None; the tasks planned so
        far after this point belong to an older generation."""
        self.generation += 1
        self._tasks = self._plan(file, at) if at is not None else self._plan(file + 1, None)

    def _plan(self, first: int, at: tuple[int, int] | None) -> Iterator[Task]:
        items: list[Item] = []
        for index in range(first, len(self.files)):
            for work in self._file(index, at if index == first else None):
                if isinstance(work, Chunk):
                    if items:
                        yield Task(None, tuple(items), index, self.generation)
                        items = []
                    yield Task(work, (), index, self.generation)
                else:
                    items.append(work)
                    if len(items) == GROUP:
                        yield Task(None, tuple(items), index, self.generation)
                        items = []
        if items:
            yield Task(None, tuple(items), len(self.files) - 1, self.generation)

    def _file(self, index: int, at: tuple[int, int] | None) -> Iterator[Chunk | Item]:
        path, done, size = self.files[index], self.before[index], self.sizes[index]
        suffix = path.suffix.lower()
        try:
            if suffix in CSV_SUFFIXES and index not in self.whole:
                layout = self.layouts.get(index) if at is not None else None
                if layout is None:
                    layout = self.layouts[index] = layout_of(path)
                if layout.encoding in SAFE_ENCODINGS:
                    yield from plan(layout, size, *(at or (0, 1)))
                    return
                for block in iter_blocks(path):
                    self.note(index, block.key, block.line)
                    yield "block", block, done
            elif suffix in CSV_SUFFIXES | XLSX_SUFFIXES | LEGACY_SUFFIXES | DOCUMENT_SUFFIXES:
                # read whole, as `score` reads it
                from ..load.tables import iter_cases

                kind = "flat" if suffix in CSV_SUFFIXES else "case"
                for case in iter_cases(path, self.scheme):
                    yield kind, case, done
            else:
                yield "yaml", path, done + size
        except LoadError as exc:
            yield "error", (str(path), exc.diagnostics), done + size


class Stitch:
    """The outcomes of the replies, in input order, as one reading of the inputs
    gives them (see the module's docstring)."""

    def __init__(self, feed: Feed) -> None:
        self.feed = feed

    def outcomes(self, replies: Iterable[tuple[Task, Reply]]) -> Iterator[Outcome]:
        for task, reply in replies:
            if task.chunk is None:
                yield from reply.outcomes
            else:
                yield from self._chunk(task.file, task.chunk, reply)

    def _chunk(self, file: int, chunk: Chunk, reply: Reply) -> Iterator[Outcome]:
        done = self.feed.before[file]
        position = done + (reply.stop[0] if reply.stop else chunk.end)
        for key, first in reply.starts:  # before any outcome: a table read again is whole
            self.feed.note(file, key, first)
        for outcome in reply.outcomes:
            outcome.progress = position
            yield outcome
        if reply.error is not None:
            failed = failed_outcome("error", (chunk.layout.source, reply.error), reply.error)
            failed.progress = done + self.feed.sizes[file]
            yield failed
            self.feed.restart(file, None)
        elif reply.stop is not None and reply.stop != (chunk.end, chunk.end_line):
            stop, line = reply.stop
            self.feed.restart(file, None if line is None else (stop, line))  # planned again
