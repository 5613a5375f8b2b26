"""Batch (run): `scoring batch INPUT... -o OUT`, inputs → outcomes in input order → one output.

Inputs are expanded in a fixed order (folders recursively, sorted) and scored
file by file, in two lanes that meet in one output, in input order:

- a flat CSV or XLSX table is scored in this process by the columnar core
  (`batch/columnar.py`: polars, every core; the projects the core leaves go
  to the row engine there), part by part;
- case files, official-form workbooks and documents go, a few work items to a
  task (`batch/feed.py`), to a pool of worker processes (`batch/pool.py`,
  `batch/worker.py`, `--jobs`; at most a few tasks in flight), whose replies are
  taken in task order. `--jobs 1` runs the very same worker code in this
  process, so results are identical whatever `--jobs` is.

Each project's `Outcome` is written as it comes (`output.py`). A project that
cannot be scored becomes an outcome with its diagnostics (in 复核发现 and 汇总,
status 无法评分); the rest goes on. `--strict` stops at the first such project,
writes nothing and exits 1. `--verbose` says how many rows and projects of the
tables the row engine scored.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import UsageError
from ..load.loader import resolve_scheme_ref
from ..load.scheme import builtin_ids, load_scheme
from ..model.findings import Lang
from ..model.outcome import Outcome, RunInfo, Tally
from ..model.scheme import Scheme
from ..read.packaged import data_file
from ..report.output import input_replaced
from .feed import flat_table, tasks
from .output import FORMATS, Writer, open_writer
from .pool import held_signals, ordered
from .progress import Progress
from .scan import Scan, scan
from .share import Share, report_shares
from .worker import Options, Worker, describe, start, work

IN_FLIGHT = 2  # tasks per worker between feeding and writing (and one more)
Pending = list[tuple[int, Path, int, int]]  # input index, path, bytes before it, its size


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
    verbose: bool
    err: TextIO


def run_batch(  # noqa: PLR0913 - the command's options, one keyword each
        inputs: Sequence[str], output: str, *, scheme: str | None = None,
        jobs: int | None = None, audit: bool = False, strict: bool = False,
        quiet: bool = False, lang: Lang = "zh", stderr: TextIO | None = None,
        include_exports: bool = False, verbose: bool = False) -> int:
    """Run the batch; returns the exit code: 0, or 1 under `--strict`, for bad input,
    or when no project at all could be scored (the output is still written).

    `UsageError` when `-o` is one of the inputs (the same file, by any name);
    `errors.WorkerLost` when a worker process dies (nothing written). Sets no
    signal handler: the CLI turns SIGTERM into `KeyboardInterrupt`, which ends the
    run, its workers and its temporary file (`cli/signals.py`).
    """
    err = stderr or sys.stderr
    out = Path(output)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(_line("extension", lang, output=output, formats=" ".join(FORMATS)))
    # a bad --scheme fails before any work, named as it was given (as `score` names it)
    schemes = [load_scheme(scheme)] if scheme else []
    ref = resolve_scheme_ref(scheme, Path.cwd())
    found = scan(inputs, out, include_exports=include_exports)
    _refuse_clash(out, [*found.files, *([Path(ref)] if ref and Path(ref).is_file() else [])],
                  lang)
    if not quiet:
        _left_out(err, found, lang)
    jobs = _jobs(jobs, err, lang)
    options = Options(ref, audit, lang, out.suffix.lower() in (".jsonl", ".html"),
                      out.suffix.lower() in (".xlsx", ".html"))
    run = _Run(out, found.files, found.skipped, ref, schemes, options, jobs, strict, quiet,
               verbose, err)
    collecting = gc.isenabled()
    gc.disable()  # as in the workers (`worker.start`): young cycles go after each task
    try:
        return _attempt(run)
    finally:
        if collecting:
            gc.enable()


def _jobs(jobs: int | None, err: TextIO, lang: Lang) -> int:
    """The worker processes: as asked, at most the CPUs this process may use (a larger
    `--jobs` only adds processes that wait for a core: clamped, with a note)."""
    from .api import default_jobs

    cpus = default_jobs()
    if jobs is not None and jobs > cpus:
        print(_line("jobs_clamped", lang, jobs=jobs, cpus=cpus), file=err)
        return cpus
    return max(1, jobs or cpus)


def _line(key: str, lang: Lang, **params: object) -> str:
    """A line of the run in `lang` (`run:` in data/batch.yaml), its {names} filled."""
    template: str = data_file("batch.yaml")["run"][key][lang]
    return template.format(**params)


def _refuse_clash(out: Path, inputs: Sequence[Path], lang: Lang) -> None:
    """`UsageError` when the output is one of the inputs (`output.input_replaced`)."""
    clash = input_replaced(out, inputs)
    if clash is not None:
        raise UsageError(_line("clash", lang, output=out, input=clash))


def _left_out(err: TextIO, found: Scan, lang: Lang) -> None:
    """Say what the folders held that the run leaves out (`batch/scan.py`): its own output,
    the forms scoring exported, the documents no reader reads (`.doc`, `.wps` …)."""
    for key, names in (("own", found.own), ("exports", found.exports),
                       ("unread", found.unread)):
        if names:
            shown = _line("names", lang).join(names[:3]) + \
                (_line("more_names", lang) if len(names) > 3 else "")
            print(_line(key, lang, count=len(names), names=shown), file=err)


def _attempt(run: _Run) -> int:
    """The run over every input: the exit code."""
    err = run.err
    shares: list[Share] = []
    sizes = [p.stat().st_size for p in run.files]
    total = sum(sizes) or 1
    progress = Progress(err, enabled=not run.quiet and err.isatty(), lang=run.options.lang)
    started = dt.datetime.now().astimezone()
    problems: list[str] = []
    outcomes = _outcomes(run, sizes, shares)
    writer: Writer | None = None
    try:
        with held_signals():  # an interruption never leaves a temporary file unowned
            writer = open_writer(run.out, run.options.audit, run.options.lang)
        for outcome in outcomes:
            if outcome.failed:
                problems.extend(outcome.problems)
                if run.strict:
                    writer.abort()
                    _report(err, problems, run.options.lang, strict=True)
                    return 1
            writer.add(outcome)
            progress.update(writer.tally.projects, outcome.progress / total)
        progress.close(writer.tally.projects)
        writer.close(_info(writer.tally, run, started))
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        outcomes.close()  # ends the worker pool now, whatever stopped the loop
    _report(err, problems, run.options.lang, strict=False)
    t = writer.tally
    if run.verbose:
        report_shares(err, shares, t.projects, run.options.lang)
    if not run.quiet or t.failed == t.projects:
        print(_line("summary", run.options.lang, out=run.out, projects=t.projects,
                    scored=t.projects - t.failed, failed=t.failed,
                    findings=sum(t.findings.values())), file=err)
    return 1 if t.failed == t.projects else 0  # nothing scored: the input has problems


def _outcomes(run: _Run, sizes: list[int], shares: list[Share]
              ) -> Generator[Outcome, None, None]:
    """Every project of the inputs, in input order: flat tables here (columnar), the
    other inputs' items through the workers (a pool for each run of such inputs)."""
    worker = Worker(run.options)
    lane = None
    pending: Pending = []
    done = 0
    for index, path in enumerate(run.files):
        if flat_table(path):
            yield from _items(run, worker, pending)
            pending = []
            if lane is None:
                with held_signals():  # threads started by the import hold the signals
                    from .columnar import TableLane  # polars: imported for a table

                lane = TableLane(run.options, worker)
            share = Share(str(path))
            shares.append(share)
            for outcome in lane.outcomes(path, share):
                outcome.progress = done + sizes[index]
                yield outcome
        else:
            pending.append((index, path, done, sizes[index]))
        done += sizes[index]
    yield from _items(run, worker, pending)


def _items(run: _Run, worker: Worker, pending: Pending) -> Generator[Outcome, None, None]:
    """The outcomes of the pending inputs' items, in order."""
    if not pending:
        return
    feed = tasks(pending, run.ref)
    if run.jobs == 1:
        for task in feed:
            yield from worker.task(task)
        return
    replies = ordered(start, work, run.options, lambda: next(feed, None), run.jobs,
                      run.jobs * IN_FLIGHT + 1, describe)
    try:
        for _, outcomes in replies:
            yield from outcomes
            gc.collect(1)
    finally:
        replies.close()  # every worker ended and reaped, whatever stopped the run


def _info(tally: Tally, run: _Run, started: dt.datetime) -> RunInfo:
    """The 说明 of the run: the schemes applied (given, else as the results say)."""
    from .. import __version__

    schemes = run.schemes
    used = [(s.id, s.name, s.version, s.content_hash) for s in schemes] or list(tally.schemes)
    first = schemes[0] if schemes else load_scheme(used[0][0]) if used and \
        used[0][0] in builtin_ids() else None
    return RunInfo(inputs=tuple(map(str, run.files)), skipped=tuple(run.skipped),
                   schemes=tuple(used),
                   grade_order=tuple(g.label for g in first.grades) if first else (),
                   audit=run.options.audit, jobs=run.jobs, started=started,
                   finished=dt.datetime.now().astimezone(), version=__version__)


def _report(err: TextIO, problems: list[str], lang: Lang, *, strict: bool) -> None:
    for line in problems[:20]:
        print(line, file=err)
    if len(problems) > 20:
        print(_line("more_problems", lang, count=len(problems) - 20), file=err)
    if strict and problems:
        print(_line("strict", lang), file=err)
