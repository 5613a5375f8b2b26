"""Batch (run): `scoring batch INPUT... -o OUT`, inputs → worker processes → one output.

Inputs are expanded in a fixed order (folders recursively, sorted) and fed as
tasks (`batch_feed.py`: chunks of flat tables that the workers read
themselves, or a few work items) to a pool of worker processes
(`batch_worker.py`, `multiprocessing`, at most a few tasks in flight); the
replies are taken in task order, stitched into each project's `Outcome`
and written as they come (`batch_output.py`). `--jobs 1` runs the very same
worker code in this process, so results are identical whatever `--jobs` is.

A project that cannot be scored becomes an outcome with its diagnostics
(in 复核发现 and 汇总, status 无法评分); the rest goes on. `--strict` stops
at the first such project, writes nothing and exits 1.

A flat CSV is streamed on the guess that each project's rows are consecutive;
when a project's rows come back later (`batch_feed.Reread`), the output
written so far (a temporary file) is dropped and the run starts again with
that table read whole by the importer, as `scoring score` reads it.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TextIO

from .batch_feed import Feed, Reread, Stitch
from .batch_output import FORMATS, RunInfo, Tally, open_writer
from .batch_worker import Options, Reply, Task, Worker, init, work
from .errors import Diagnostic, LoadError, Location, ScoringError
from .findings import Lang
from .loader import CASE_KEYS, file_kind, resolve_scheme_ref
from .progress import Progress
from .scheme import Scheme, builtin_ids, load_scheme
from .source import read_yaml

CASE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")  # in folders (.txt: named files only)
IN_FLIGHT = 2  # tasks per worker between feeding and stitching (and one more)
# a top-level key only a case has: most case files are told by their text alone
_CASE_KEYS = re.compile(rf"^(?:{'|'.join(sorted(CASE_KEYS))})\s*:", re.MULTILINE)


class UsageError(ScoringError):
    """A command line that cannot run (exit 2)."""


def expand(inputs: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The input files in a fixed order, and the YAML files skipped (not cases).

    A folder is searched recursively (sorted; hidden files and Excel lock files
    `~$…` left out) for case YAML, CSV and XLSX; a file given by name is taken
    as it is. A missing input is a `LoadError`.
    """
    files: list[Path] = []
    skipped: list[str] = []
    missing = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = found.relative_to(path).parts
                if any(part.startswith((".", "~$")) for part in rel):
                    continue
                suffix = found.suffix.lower()
                if suffix in CASE_SUFFIXES:
                    (files.append(found) if _is_case(found) else skipped.append(str(found)))
                elif suffix in TABLE_SUFFIXES:
                    files.append(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Diagnostic(Location(str(path)), "文件或目录不存在", "file-not-found"))
    if missing:
        raise LoadError(missing)
    return files, skipped


def _is_case(path: Path) -> bool:
    """A case YAML, as `scoring check` tells it (`loader.file_kind`): by a case's own
    top-level key in its text, else (an inline case without `project:`, a set, a
    scheme) by its parsed keys."""
    try:
        head = path.read_text("utf-8", errors="replace")[:65536]
    except OSError:
        return True  # let the loader say what is wrong
    if _CASE_KEYS.search(head):
        return True
    try:
        return file_kind(read_yaml(path)) == "case"
    except LoadError:
        return True  # let the loader say what is wrong


@dataclass(frozen=True, slots=True)
class _Run:
    """A run's settings, fixed before any work (`run_batch`)."""

    out: Path
    files: list[Path]
    skipped: list[str]
    ref: str | None
    schemes: list[Scheme]
    options: Options
    jobs: int
    strict: bool
    quiet: bool
    err: TextIO


def run_batch(inputs: Sequence[str], output: str, *, scheme: str | None = None,
              jobs: int | None = None, audit: bool = False, strict: bool = False,
              quiet: bool = False, lang: Lang = "zh", stderr: TextIO | None = None) -> int:
    """Run the batch; returns the exit code: 0, or 1 under `--strict`, for bad input,
    or when no project at all could be scored (the output is still written).

    A flat CSV found to have a project whose rows come back later (`Reread`) is
    read whole on a new start of the run; what was written before is discarded.
    """
    from .batch import default_jobs

    err = stderr or sys.stderr
    out = Path(output)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"-o {output}: 输出文件扩展名应为 {' '.join(FORMATS)}")
    # a bad --scheme fails before any work, named as it was given (as `score` names it)
    schemes = [load_scheme(scheme)] if scheme else []
    ref = resolve_scheme_ref(scheme, Path.cwd())
    files, skipped = expand(inputs)
    jobs = max(1, jobs or default_jobs())
    options = Options(ref, audit, lang, out.suffix.lower() in (".jsonl", ".html"),
                      out.suffix.lower() in (".xlsx", ".html"))
    run = _Run(out, files, skipped, ref, schemes, options, jobs, strict, quiet, err)
    previous = signal.signal(signal.SIGTERM, partial(_interrupt, os.getpid())) if \
        threading.current_thread() is threading.main_thread() else None
    collecting = gc.isenabled()
    gc.disable()  # as in the workers (`batch_worker.init`): young cycles go after each task
    whole: frozenset[int] = frozenset()
    try:
        while True:
            try:
                return _attempt(run, Feed(files, ref, whole))
            except Reread as again:
                whole |= {again.file}
                if not quiet:
                    print(again, file=err)
    finally:
        if collecting:
            gc.enable()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _attempt(run: _Run, feed: Feed) -> int:
    """One start of the run over `feed`: the exit code, or `Reread` with nothing written."""
    err = run.err
    total = feed.before[-1] or 1
    progress = Progress(err, enabled=not run.quiet and err.isatty())
    started = dt.datetime.now().astimezone()
    writer = open_writer(run.out, run.options.audit, run.options.lang)
    problems: list[str] = []
    replies = _replies(feed, run.options, run.jobs)
    try:
        for outcome in Stitch(feed).outcomes(replies):
            if outcome.failed:
                problems.extend(outcome.problems)
                if run.strict:
                    writer.abort()
                    _report(err, problems, 0, strict=True)
                    return 1
            writer.add(outcome)
            progress.update(writer.tally.projects, outcome.progress / total)
        progress.close(writer.tally.projects)
        writer.close(_info(writer.tally, run, started))
    except BaseException:
        writer.abort()
        raise
    finally:
        replies.close()  # ends the worker pool now, whatever stopped the loop
    _report(err, problems, writer.tally.failed, strict=False)
    t = writer.tally
    if not run.quiet or t.failed == t.projects:
        print(f"{run.out}: {t.projects} 个项目，已评分 {t.projects - t.failed}，无法评分 "
              f"{t.failed}；复核发现 {sum(t.findings.values())} 条", file=err)
    return 1 if t.failed == t.projects else 0  # nothing scored: the input has problems


def _replies(feed: Feed, options: Options, jobs: int
             ) -> Generator[tuple[Task, Reply], None, None]:
    """Each task of the feed with its reply, in task order; a task of an older
    generation than the feed's (planned before a restart) is dropped."""
    if jobs == 1:
        worker = Worker(options)
        while (task := feed.next()) is not None:
            yield task, worker.task(task)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pending: deque[tuple[Task, AsyncResult[Reply]]] = deque()
    with ctx.Pool(jobs, init, (options,)) as pool:
        while True:
            while len(pending) <= jobs * IN_FLIGHT and (task := feed.next()) is not None:
                pending.append((task, pool.apply_async(work, (task,))))
            if not pending:
                return
            task, result = pending.popleft()
            reply = result.get()
            if task.generation == feed.generation:
                yield task, reply
            gc.collect(1)


def _info(tally: Tally, run: _Run, started: dt.datetime) -> RunInfo:
    """The 说明 of the run: the schemes applied (given, else as the results say)."""
    from . import __version__

    schemes = run.schemes
    used = [(s.id, s.name, s.version, s.content_hash) for s in schemes] or list(tally.schemes)
    first = schemes[0] if schemes else load_scheme(used[0][0]) if used and \
        used[0][0] in builtin_ids() else None
    return RunInfo(tuple(map(str, run.files)), tuple(run.skipped), tuple(used),
                   tuple(g.label for g in first.grades) if first else (),
                   run.options.audit, run.jobs, started, dt.datetime.now().astimezone(),
                   __version__)


def _interrupt(parent: int, signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: no output, no temporary file left.

    A worker forked with this handler (the pool ends it before its `init` reset the
    handler) just ends, as SIGTERM ends it by default: no traceback."""
    if os.getpid() != parent:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


def _report(err: TextIO, problems: list[str], failed: int, *, strict: bool) -> None:
    for line in problems[:20]:
        print(line, file=err)
    if len(problems) > 20:
        print(f"…（另有 {len(problems) - 20} 条）", file=err)
    if strict and problems:
        print("scoring batch: --strict：有项目无法评分，未写出结果", file=err)
