"""Batch (score): what a worker process of `scoring batch` does with one task.

Between the feed (`batch/feed.py`, the tasks in input order) and the writer
(`output.py`). A task is a chunk of a flat CSV (a byte range the worker
reads itself, `batch_table.BlockReader`) or a few work items (a case file's
path, a workbook's case, a table's project block read by the main process, or a
project of a flat CSV read whole by the importer, kind "flat").
Each project becomes an `Outcome`: its summary record, its findings as text
rows, its JSON line, nothing else, so little crosses between processes.
Workers are forked with everything imported and set up once (`Worker`): no
task imports or loads a scheme again. `--jobs 1` runs the very same code in
the main process, so results are identical whatever `--jobs` is.

A project that cannot be scored becomes an outcome with its diagnostics
(`failed_outcome`); a chunk whose records cannot be read ends there with the
diagnostics, as reading the whole table would.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..engine.evaluate import evaluate, scheme_for
from ..errors import Diagnostic, LoadError, Location, ScoringError, format_diagnostic
from ..load.loader import load_case
from ..load.scheme import DEFAULT_SCHEME, load_scheme, scheme_by_layout
from ..model.findings import Lang
from ..model.outcome import FindingRow, Outcome
from ..model.scheme import Scheme
from .api import project_record
from .memo import Places, RowMemo
from .split import Chunk
from .table import BlockReader, Key, case_of_block

Item = tuple[str, Any, int]  # (kind, payload, progress position in bytes)


@dataclass(frozen=True, slots=True)
class Options:
    """What every worker needs to know (pickled once, to each worker)."""

    scheme: str | None  # resolved ref: built-in id or absolute path
    audit: bool
    lang: Lang
    json: bool  # send each result's JSON line back (.jsonl; .html: the projects' forms)
    findings: bool  # send each finding back as a row (.xlsx)


class Task(NamedTuple):
    """A chunk of a table to read and score, or a few items; `file` is the input's
    index and `generation` the feed's plan the task belongs to (`batch/feed.py`)."""

    chunk: Chunk | None
    items: tuple[Item, ...]
    file: int
    generation: int


class Reply(NamedTuple):
    """The outcomes of a task, in order. For a chunk also each project's key and
    first line, where reading stopped (`BlockReader.stop`), and the diagnostics
    of records that could not be read (reading ended there)."""

    outcomes: list[Outcome]
    starts: list[tuple[Key, int]]
    stop: tuple[int, int | None] | None = None
    error: tuple[Diagnostic, ...] | None = None


class Worker:
    """Per-process state: the schemes loaded once, the row memo."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.scheme: Scheme | None = load_scheme(options.scheme) if options.scheme else None
        self.table_ref = options.scheme or DEFAULT_SCHEME
        self.memo = RowMemo(self.scheme or load_scheme(self.table_ref), self.table_ref,
                            by_layout=self.scheme is None)
        self.schemes: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
        self.grades: dict[str, tuple[str, ...]] = {}  # scheme hash → its grade labels

    def task(self, task: Task) -> Reply:
        """The reply to a task; then the young objects' cycles are collected (the
        automatic collection is off in a batch's processes, see `start`)."""
        try:
            return self._task(task)
        finally:
            gc.collect(1)

    def _task(self, task: Task) -> Reply:
        if task.chunk is None:
            return Reply([self.run(item) for item in task.items], [])
        chunk = task.chunk
        reader = BlockReader(chunk.layout, chunk.start, chunk.line, chunk.end_line)
        outcomes: list[Outcome] = []
        starts: list[tuple[Key, int]] = []
        try:
            for block in reader:
                outcomes.append(self.run(("block", block, 0)))
                starts.append((block.key, block.line))
        except LoadError as exc:
            return Reply(outcomes, starts, None, exc.diagnostics)
        return Reply(outcomes, starts, reader.stop)

    def run(self, item: Item) -> Outcome:
        kind, payload, position = item
        try:
            out = self._run(kind, payload)
        except LoadError as exc:
            out = failed_outcome(kind, payload, exc.diagnostics)
        except Exception as exc:  # one bad project never stops the batch
            code = "scoring-error" if isinstance(exc, ScoringError) else "internal-error"
            out = failed_outcome(kind, payload, (Diagnostic(
                _where(kind, payload), f"{type(exc).__name__}: {exc}", code),))
        out.progress = position
        return out

    def _run(self, kind: str, payload: Any) -> Outcome:
        if kind == "error":
            raise LoadError(payload[1])
        opts = self.options
        if kind == "block" and not opts.audit:
            places: Places = "findings" if opts.json or opts.findings else "none"
            out = self._outcome(self.memo.score(payload, places=places), self.memo.scheme)
            out.record["line"] = payload.line
            return out
        if kind == "block":
            case = case_of_block(payload, self.table_ref)
            case = case if self.scheme else scheme_by_layout(case)
        elif kind == "yaml":
            case = load_case(payload)
        else:
            case = payload
        table = kind in ("block", "flat")  # a flat CSV's project: its scheme, its first row
        scheme = scheme_for(case, None if case.scheme_from_layout else  # as iter_cases
                            self.memo.scheme if table else self.scheme)
        if opts.audit:
            from ..review.audit import audit

            out = self._outcome(audit(case, scheme), scheme)
        else:
            out = self._outcome(evaluate(case, scheme), scheme)
        if table:
            out.record["line"] = payload.line if kind == "block" else case.location.line
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
                from ..report.audit_json import audit_to_dict

                text = json.dumps(audit_to_dict(item, lang), ensure_ascii=False)
            else:
                from ..report.json import result_to_dict

                text = json.dumps(result_to_dict(item, lang), ensure_ascii=False)
        about = (scheme.id, scheme.name, scheme.version, scheme.content_hash)
        about = self.schemes.setdefault(about, about)  # one object: pickled once per reply
        return Outcome(record, rows, text, False, scheme=about,
                       severities=(severities.count("error"), severities.count("warning"),
                                   severities.count("info")),
                       grades=self.grades.setdefault(scheme.content_hash, tuple(
                           g.label for g in scheme.grades)))


def _where(kind: str, payload: Any) -> Location:
    if kind == "block":
        return Location(payload.source, payload.line, 1)
    if kind == "error":
        return Location(payload[0])
    if kind == "yaml":
        return Location(str(payload))
    return getattr(payload, "location", Location("<case>"))


def failed_outcome(kind: str, payload: Any, diagnostics: Sequence[Diagnostic]) -> Outcome:
    """The outcome of an item that could not be scored: its diagnostics, and as much
    of its project's names as can be read."""
    where = _where(kind, payload)
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
        from .table import table_of

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


def start(options: Options) -> Worker:
    """A worker process's start (`batch_pool.ordered`): its `Worker`. No signal handler
    is set: a SIGTERM or Ctrl-C that reaches a worker ends it (`batch_pool._serve`)."""
    # The memo's long-lived objects (millions) would be scanned again and again by the
    # automatic collection, for the few cycles a task makes: `Worker.task` collects
    # the young generations after each task instead.
    gc.disable()
    return Worker(options)


def work(worker: Worker, task: Task) -> Reply:
    """A worker process's task."""
    return worker.task(task)


def describe(task: Task) -> str:
    """The work of a task, for a message: a table's lines, or its items' places."""
    if task.chunk is not None:
        chunk = task.chunk
        end = f"{chunk.end_line - 1}" if chunk.end_line else "末行"
        return f"{chunk.layout.source} 第 {chunk.line}–{end} 行"
    places = [str(_where(kind, payload)) for kind, payload, _ in task.items]
    more = f" 等 {len(places)} 项" if len(places) > 3 else ""
    return "、".join(places[:3]) + more
