"""Batch (score): a project scored by the row engine → its `Outcome`, and a worker's task.

What `scoring batch` makes of one project: its summary record, its findings
as text rows, its JSON line (`model/outcome.py`), nothing else, so little
crosses between processes. Used in two places: the worker processes of the
run's case files, forms and documents (`batch/run.py`: a task is a few work
items, a case file's path or a case read by the main process), and the
tables' lane (`batch/columnar.py`) for the projects the row engine scores
there. Workers are forked with everything imported and set up once
(`Worker`); `--jobs 1` runs the very same code in the main process, so results
are identical whatever `--jobs` is.

A project that cannot be scored becomes an outcome with its diagnostics
(`failed_outcome`, `failed_project`).
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
from ..load.scheme import load_scheme
from ..model.findings import Lang
from ..model.outcome import FindingRow, Outcome
from ..model.scheme import Scheme
from .api import project_record

Item = tuple[str, Any, int]  # (kind, payload, progress position in bytes)
Names = dict[str, str | int | None]  # department, project and code of a project


@dataclass(frozen=True, slots=True)
class Options:
    """What every worker needs to know (pickled once, to each worker)."""

    scheme: str | None  # resolved ref: built-in id or absolute path
    audit: bool
    lang: Lang
    json: bool  # each result's JSON line (.jsonl; .html: the projects' forms)
    findings: bool  # each finding as a row (.xlsx, .html)


class Task(NamedTuple):
    """A few work items; `file` is the index of the input of the last of them."""

    items: tuple[Item, ...]
    file: int


class Worker:
    """Per-process state: the scheme given, loaded once, and the scheme records shared."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.scheme: Scheme | None = load_scheme(options.scheme) if options.scheme else None
        self.schemes: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
        self.grades: dict[str, tuple[str, ...]] = {}  # scheme hash → its grade labels

    def task(self, task: Task) -> list[Outcome]:
        """The outcomes of a task; then the young objects' cycles are collected (the
        automatic collection is off in a batch's processes, see `start`)."""
        try:
            return [self.run(item) for item in task.items]
        finally:
            gc.collect(1)

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
        case = load_case(payload) if kind == "yaml" else payload
        scheme = scheme_for(case, None if case.scheme_from_layout else self.scheme)
        if self.options.audit:
            from ..review.audit import audit

            return self.outcome(audit(case, scheme), scheme)
        return self.outcome(evaluate(case, scheme), scheme)

    def outcome(self, item: Any, scheme: Scheme) -> Outcome:
        """The outcome of a `Result` (or an `AuditResult` under --audit)."""
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
        return Outcome(record, rows, text, False, scheme=self.about(scheme),
                       severities=(severities.count("error"), severities.count("warning"),
                                   severities.count("info")),
                       grades=self.labels(scheme))

    def about(self, scheme: Scheme) -> tuple[str, str, str, str]:
        """Id, name, version and content hash of a scheme: one object per scheme, so a
        reply pickles it once."""
        about = (scheme.id, scheme.name, scheme.version, scheme.content_hash)
        return self.schemes.setdefault(about, about)

    def labels(self, scheme: Scheme) -> tuple[str, ...]:
        """The scheme's grade labels, highest band first."""
        return self.grades.setdefault(scheme.content_hash,
                                      tuple(g.label for g in scheme.grades))


def _where(kind: str, payload: Any) -> Location:
    if kind == "error":
        return Location(payload[0])
    if kind == "yaml":
        return Location(str(payload))
    return getattr(payload, "location", Location("<case>"))


def failed_outcome(kind: str, payload: Any, diagnostics: Sequence[Diagnostic]) -> Outcome:
    """The outcome of an item that could not be scored: its diagnostics, and as much
    of its project's names as can be read."""
    project = getattr(payload, "project", None)
    names: Names = {} if project is None else {
        "department": project.department, "project": project.name, "code": project.code}
    return failed_project(_where(kind, payload), names, diagnostics)


def failed_project(where: Location, names: Names,
                   diagnostics: Sequence[Diagnostic]) -> Outcome:
    """The outcome of a project (or a file) at `where` that could not be scored."""
    record: dict[str, str | int | None] = {
        "source": where.file, "line": where.line or None, "status": "error",
        "findings": len(diagnostics), "errors": len(diagnostics), "warnings": 0,
        "problem": format_diagnostic(diagnostics[0]) if diagnostics else None}
    record.update(names)
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


def start(options: Options) -> Worker:
    """A worker process's start (`batch_pool.ordered`): its `Worker`. No signal handler
    is set: a SIGTERM or Ctrl-C that reaches a worker ends it (`batch_pool._serve`)."""
    gc.disable()  # the young generations are collected after each task (`Worker.task`)
    return Worker(options)


def work(worker: Worker, task: Task) -> list[Outcome]:
    """A worker process's task."""
    return worker.task(task)


def describe(task: Task) -> str:
    """The work of a task, for a message: its items' places."""
    places = [str(_where(kind, payload)) for kind, payload, _ in task.items]
    more = f" 等 {len(places)} 项" if len(places) > 3 else ""
    return "、".join(places[:3]) + more
