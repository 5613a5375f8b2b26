"""Batch (run): `scoring batch INPUT... -o OUT`, inputs → worker processes → one output.

Inputs are expanded in a fixed order (folders recursively, sorted), read as
a stream of small work items (a flat CSV's project blocks, a case file's
path, a workbook's cases), sent in chunks to a pool of worker processes
(`multiprocessing`, `imap` keeps the input order), and each project's
`Outcome` is written as it comes back (`batch_output.py`). Workers are
forked with everything imported and set up once (`_Worker`), so no task
imports or loads a scheme again. `--jobs 1` runs the very same worker code
in this process, so results are identical whatever `--jobs` is.

A project that cannot be scored becomes an outcome with its diagnostics
(in 复核发现 and 汇总, status 无法评分); the rest goes on. `--strict` stops
at the first such project, writes nothing and exits 1.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .batch import project_record
from .batch_fast import RowMemo
from .batch_output import FORMATS, FindingRow, Outcome, RunInfo, Tally, open_writer
from .batch_table import case_of_block, count_lines, iter_blocks
from .engine import evaluate, scheme_for
from .errors import Diagnostic, LoadError, Location, ScoringError, format_diagnostic
from .findings import Lang
from .loader import load_case, resolve_scheme_ref
from .progress import Progress
from .scheme import Scheme, builtin_ids, load_scheme

DEFAULT_SCHEME = "mof-2020"  # the scheme of flat tables (FORMATS.md §4)
CASE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx")
CHUNK = 32
_CASE_KEYS = re.compile(r"^(?:project|indicator_set|actuals)\s*:", re.MULTILINE)
Item = tuple[str, Any, int]  # (kind, payload, progress position in bytes)


class UsageError(ScoringError):
    """A command line that cannot run (exit 2)."""


@dataclass(frozen=True, slots=True)
class Options:
    """What every worker needs to know (pickled once, to each worker)."""

    scheme: str | None  # resolved ref: built-in id or absolute path
    audit: bool
    lang: Lang
    json: bool  # send each result's JSON line back (.jsonl)
    findings: bool  # send each finding back as a row (.xlsx)


class _Worker:
    """Per-process state: the schemes loaded once, the row memo."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.scheme: Scheme | None = load_scheme(options.scheme) if options.scheme else None
        self.table_ref = options.scheme or DEFAULT_SCHEME
        self.memo = RowMemo(self.scheme or load_scheme(self.table_ref), self.table_ref)

    def run(self, item: Item) -> Outcome:
        kind, payload, position = item
        try:
            out = self._run(kind, payload)
        except LoadError as exc:
            out = self._failed(kind, payload, exc.diagnostics)
        except Exception as exc:  # one bad project never stops the batch
            code = "scoring-error" if isinstance(exc, ScoringError) else "internal-error"
            out = self._failed(kind, payload, (Diagnostic(self._where(kind, payload),
                                                          f"{type(exc).__name__}: {exc}",
                                                          code),))
        out.progress = position
        return out

    def _run(self, kind: str, payload: Any) -> Outcome:
        if kind == "error":
            raise LoadError(payload[1])
        opts = self.options
        if kind == "block" and not opts.audit:
            out = self._outcome(self.memo.score(payload, row_places=False), self.memo.scheme)
            out.record["line"] = payload.line
            return out
        if kind == "block":
            case = case_of_block(payload, self.table_ref)
        elif kind == "yaml":
            case = load_case(payload)
        else:
            case = payload
        scheme = scheme_for(case, self.scheme if kind != "block" else self.memo.scheme)
        if opts.audit:
            from .audit import audit

            out = self._outcome(audit(case, scheme), scheme)
        else:
            out = self._outcome(evaluate(case, scheme), scheme)
        if kind == "block":
            out.record["line"] = payload.line
        return out

    def _outcome(self, item: Any, scheme: Scheme) -> Outcome:
        record = project_record(item)
        record["status"], record["problem"] = "ok", None
        lang = self.options.lang
        found = item.findings
        severities = [f.severity for f in found]
        rows: list[FindingRow] = [(f.severity, f.code, f.indicator, str(f.location or ""),
                                   f.message_in(lang)) for f in found] \
            if self.options.findings else []
        text = None
        if self.options.json:
            if self.options.audit:
                from .report.audit_json import audit_to_dict

                text = json.dumps(audit_to_dict(item, lang), ensure_ascii=False)
            else:
                from .report.json import result_to_dict

                text = json.dumps(result_to_dict(item, lang), ensure_ascii=False)
        return Outcome(record, rows, text, False,
                       scheme=(scheme.id, scheme.name, scheme.version, scheme.content_hash),
                       severities=(severities.count("error"), severities.count("warning"),
                                   severities.count("info")))

    def _where(self, kind: str, payload: Any) -> Location:
        if kind == "block":
            return Location(payload.source, payload.line, 1)
        if kind == "error":
            return Location(payload[0])
        if kind == "yaml":
            return Location(str(payload))
        return getattr(payload, "location", Location("<case>"))

    def _failed(self, kind: str, payload: Any, diagnostics: Sequence[Diagnostic]) -> Outcome:
        where = self._where(kind, payload)
        record: dict[str, str | int | None] = {
            "source": where.file, "line": where.line or None, "status": "error",
            "findings": len(diagnostics), "errors": len(diagnostics), "warnings": 0,
            "problem": format_diagnostic(diagnostics[0]) if diagnostics else None}
        record.update(_names(kind, payload))
        rows: list[FindingRow] = [(d.severity, d.code, d.indicator, str(d.location),
                                   d.message) for d in diagnostics]
        text = json.dumps({"format": "scoring.batch-error/1", "source": where.file,
                           "location": str(where), **{k: record.get(k) for k in (
                               "department", "project", "code")},
                           "diagnostics": [{"code": d.code, "severity": d.severity,
                                            "location": str(d.location), "indicator":
                                            d.indicator or None, "message": d.message}
                                           for d in diagnostics]}, ensure_ascii=False)
        return Outcome(record, rows, text, True,
                       problems=tuple(format_diagnostic(d) for d in diagnostics),
                       severities=(sum(d.severity == "error" for d in diagnostics),
                                   sum(d.severity == "warning" for d in diagnostics),
                                   sum(d.severity == "info" for d in diagnostics)))


def _names(kind: str, payload: Any) -> dict[str, str | int | None]:
    """Department, project and code of a project that failed, as far as they can be read."""
    if kind == "block":
        from .batch_table import table_of

        try:
            index = table_of(payload.source).header.index
        except LoadError:
            return {}
        out: dict[str, str | int | None] = {}
        for field in ("department", "project", "code"):
            col = index.get(field)
            out[field] = next((r[col].strip() for _, r in payload.records
                               if col is not None and col < len(r) and r[col].strip()), None)
        return out
    project = getattr(payload, "project", None)
    if project is not None:
        return {"department": project.department, "project": project.name,
                "code": project.code}
    return {}


_STATE: _Worker | None = None


def _init(options: Options) -> None:
    global _STATE
    # A forked worker inherits the parent's SIGTERM handler (which raises
    # KeyboardInterrupt): `Pool.terminate()` must be able to end a worker wherever it
    # is, or a worker that dies holding the task queue's lock blocks the others forever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _STATE = _Worker(options)


def _work(item: Item) -> Outcome:
    assert _STATE is not None
    return _STATE.run(item)


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
    """A YAML file with a case's top-level keys (indicator sets and schemes have none)."""
    try:
        head = path.read_text("utf-8", errors="replace")[:65536]
    except OSError:
        return True  # let the loader say what is wrong
    return bool(_CASE_KEYS.search(head))


def items(files: Sequence[Path], scheme: str | None, *, measure: bool) -> Iterator[Item]:
    """The work items of the run, in input order, each with the bytes done after it."""
    done = 0
    for path in files:
        size = path.stat().st_size
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                per_line = size / max(count_lines(path), 1) if measure else 0.0
                for block in iter_blocks(path):
                    yield "block", block, done + int(block.records[-1][0] * per_line)
            elif suffix == ".xlsx":
                from .io import iter_cases

                for case in iter_cases(path, scheme):
                    yield "case", case, done
            else:
                yield "yaml", path, done + size
        except LoadError as exc:
            yield "error", (str(path), exc.diagnostics), done + size
        done += size


def run_batch(inputs: Sequence[str], output: str, *, scheme: str | None = None,
              jobs: int | None = None, audit: bool = False, strict: bool = False,
              quiet: bool = False, lang: Lang = "zh", stderr: TextIO | None = None) -> int:
    """Run the batch; returns the exit code (0, or 1 under `--strict` or bad input)."""
    from .batch import default_jobs

    err = stderr or sys.stderr
    out = Path(output)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"-o {output}: 输出文件扩展名应为 {' '.join(FORMATS)}")
    ref = resolve_scheme_ref(scheme, Path.cwd())
    schemes = [load_scheme(ref)] if ref else []  # a bad --scheme fails before any work
    files, skipped = expand(inputs)
    jobs = max(1, jobs or default_jobs())
    options = Options(ref, audit, lang, out.suffix.lower() == ".jsonl",
                      out.suffix.lower() == ".xlsx")
    total = sum(p.stat().st_size for p in files) or 1
    progress = Progress(err, enabled=not quiet and err.isatty())
    started = dt.datetime.now().astimezone()
    writer = open_writer(out, audit)
    problems: list[str] = []
    previous = signal.signal(signal.SIGTERM, _interrupt) if \
        threading.current_thread() is threading.main_thread() else None
    try:
        for outcome in _outcomes(items(files, ref, measure=progress.enabled), options, jobs):
            if outcome.failed:
                problems.extend(outcome.problems)
                if strict:
                    writer.abort()
                    _report(err, problems, 0, strict=True)
                    return 1
            writer.add(outcome)
            progress.update(writer.tally.projects, outcome.progress / total)
        progress.close(writer.tally.projects)
        writer.close(_info(writer.tally, schemes, files, skipped, audit, jobs, started))
    except BaseException:
        writer.abort()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    _report(err, problems, writer.tally.failed, strict=False)
    if not quiet:
        t = writer.tally
        print(f"{out}: {t.projects} 个项目，已评分 {t.projects - t.failed}，无法评分 {t.failed}；"
              f"复核发现 {sum(t.findings.values())} 条", file=err)
    return 0


def _info(tally: Tally, schemes: list[Scheme], files: list[Path], skipped: list[str],
          audit: bool, jobs: int, started: dt.datetime) -> RunInfo:
    """The 说明 of the run: the schemes applied (given, else as the results say)."""
    from . import __version__

    used = [(s.id, s.name, s.version, s.content_hash) for s in schemes] or list(tally.schemes)
    first = schemes[0] if schemes else load_scheme(used[0][0]) if used and \
        used[0][0] in builtin_ids() else None
    return RunInfo(tuple(map(str, files)), tuple(skipped), tuple(used),
                   tuple(g.label for g in first.grades) if first else (), audit, jobs,
                   started, dt.datetime.now().astimezone(), __version__)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: no output, no temporary file left."""
    raise KeyboardInterrupt


def _outcomes(work: Iterator[Item], options: Options, jobs: int) -> Iterator[Outcome]:
    if jobs == 1:
        worker = _Worker(options)
        for item in work:
            yield worker.run(item)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    window = _Window(jobs * CHUNK * 4)
    with ctx.Pool(jobs, _init, (options,)) as pool:
        try:
            for outcome in pool.imap(_work, window.feed(work), CHUNK):
                window.done()
                yield outcome
        finally:
            window.stop()


class _Window:
    """At most `size` items between reading and writing: `imap` would otherwise read
    ahead as fast as the workers go and keep every result the writer has not taken
    yet (a slow writer, such as the workbook's, would hold them all)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.free = threading.Semaphore(size)
        self.stopped = False

    def feed(self, work: Iterator[Item]) -> Iterator[Item]:
        for item in work:
            self.free.acquire()
            if self.stopped:
                return
            yield item

    def done(self) -> None:
        self.free.release()

    def stop(self) -> None:
        """Let the pool's feeding thread go (the pool joins it on the way out)."""
        self.stopped = True
        self.free.release(self.size)


def _report(err: TextIO, problems: list[str], failed: int, *, strict: bool) -> None:
    for line in problems[:20]:
        print(line, file=err)
    if len(problems) > 20:
        print(f"…（另有 {len(problems) - 20} 条）", file=err)
    if strict and problems:
        print("scoring batch: --strict：有项目无法评分，未写出结果", file=err)
