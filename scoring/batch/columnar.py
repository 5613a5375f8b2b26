"""Batch (tables): a flat CSV or XLSX table scored by the columnar core, as batch outcomes.

The lane of `scoring batch` for flat tables (FORMATS.md §4), in the run's own process:
the table is scored in parts of whole projects (polars, every core) and each project of
a part becomes the `Outcome` the writers take (`model/outcome.py`), in input order, with
the content the row engine's result gives it (`worker.Worker.outcome`):

- the CSV and the summary workbook in Chinese: from the project's row of the projects
  frame (totals, grade, budget figures, what the table printed) and its findings; under
  `--audit`, the audit's findings and columns too (`columnar_audit.py`);
- `.jsonl`, `.html` and English with findings (each project's whole `Result`: its
  derivations, its findings rendered from their parameters; under `--audit` its whole
  `AuditResult`): from the `Result` built from the part's frames, audited on them
  (`columnar_results.py`), made an outcome as a worker makes it.

The projects the core leaves are scored by the row engine in the same parts, their
`Result` (or `AuditResult`) kept; with no `--scheme`, each project under the scheme its
layout names (`layouts.py`). A project the importer refuses is an outcome with its
diagnostics at its place (a CSV's at its first row, `refused.py` for one read by the
importer's rules; a workbook's, as `scoring score` reads it, one entry after). `Share`
counts the rows and projects the row engine scored (`--verbose`). Each part is scored in
a helper thread the run's thread waits for in short steps (`batch/waiting.py`), so
Ctrl-C and SIGTERM end a run at once; the next part is scored while this one is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from ..decimals import fmt_places, round_half_up
from ..engine.columns import Outcome as Part
from ..engine.columns import iter_path
from ..engine.columns_stage import Scored
from ..engine.evaluate import evaluate
from ..errors import Diagnostic, LoadError, Location
from ..load.loader import CSV_SUFFIXES
from ..load.scheme import DEFAULT_SCHEME, load_scheme, scheme_by_layout
from ..model.case import Case
from ..model.findings import Finding
from ..model.outcome import FindingRow, Outcome
from ..model.result import Result
from ..model.scheme import Scheme
from ..review.audit import AuditResult, audit_result
from .columnar_audit import AnyScored, AuditStage, audit_order, audit_record, counted, manual
from .columnar_results import AuditedStage, ResultStage
from .frames import score_outcomes
from .refused import Refused
from .share import Share
from .waiting import pulled
from .worker import Names, Options, Worker, failed_outcome, failed_project

PROJECT = {"pid": pl.Int64, "first_line": pl.Int64, "engine": pl.String,
           "refused": pl.Boolean, "project": pl.String, "code": pl.String,
           "department": pl.String, "year": pl.Int64, "total": pl.String,
           "max_total": pl.String, "grade": pl.String, "reported_total": pl.String,
           "reported_grade": pl.String, "budget_adjusted": pl.String,
           "budget_executed": pl.String, "execution_rate": pl.String,
           "budget_score": pl.String, "scheme": pl.String}
FINDING = {"pid": pl.Int64, "line": pl.Int64, "col": pl.Int64, "code": pl.String,
           "severity": pl.String, "indicator": pl.String, "message": pl.String,
           "place": pl.String, "rank": pl.Int64}
NAMES = ("department", "project", "code")


class TableLane:
    """Flat tables → outcomes (see the module's docstring)."""

    def __init__(self, options: Options, worker: Worker) -> None:
        self.options, self.worker = options, worker
        self.ref = options.scheme or DEFAULT_SCHEME
        self.scheme = load_scheme(self.ref)
        en = options.lang != "zh"  # English needs each finding's parameters
        self.kept: list[AnyScored] = []
        whole = AuditedStage if options.audit else ResultStage
        self.results = whole(self.kept.append, self.ref) if options.json or (
            options.findings and en) else None
        self.stage = self.results or (AuditStage(self.kept.append) if options.audit else None)

    def outcomes(self, path: Path, share: Share) -> Iterator[Outcome]:
        """The outcomes of table `path`, its rows and projects counted in `share`."""
        for batch in pulled(self._batches(path, share)):
            yield from batch

    def _batches(self, path: Path, share: Share) -> Iterator[list[Outcome]]:
        """The outcomes of each part of the table (see `pulled`)."""
        try:
            yield from self._outcomes(path, share, True)
        except LoadError as exc:  # no flat table at all (size, encoding, header)
            yield [failed_outcome("error", (str(path), exc.diagnostics), exc.diagnostics)]
        finally:
            self.kept.clear()

    def _outcomes(self, path: Path, share: Share, core: bool) -> Iterator[list[Outcome]]:
        first = True
        for part in self._parts(path, core):
            if core and first and _read_whole(part):
                # read by the importer's own rules (no 一级指标 column, a ragged row):
                # projects are not told apart in the frames: the results are kept
                self.kept.clear()
                yield from self._outcomes(path, share, False)
                return
            first = False
            kept = list(self.kept)
            self.kept.clear()
            share.rows += part.fallback_rows
            share.total_rows += part.total_rows
            yield list(self._part(path, part, kept, share))

    def _parts(self, path: Path, core: bool) -> Iterator[Part]:
        """The parts of the table: by the core (its stage keeps the row engine's results;
        with derivations for the `Result`s), or every project by the row engine."""
        if core:
            built = self.results
            return score_outcomes(path, self.options.scheme, more=self.stage,
                                  explain=built is not None,
                                  seen=None if built is None else built.seen)
        return iter_path(path, self.ref, core=False, more=self._keep)

    def _keep(self, case: Case, result: Result, scheme: Scheme) -> tuple[Finding, ...]:
        """Keep each project's result (its audit under --audit) as the row engine gives it
        (with no --scheme, under the scheme its layout names, as `scoring score`)."""
        if self.options.scheme is None:
            laid = scheme_by_layout(case)
            if laid.scheme_from_layout:
                case, scheme = laid, load_scheme(str(laid.scheme))
                result = evaluate(case, scheme)
        if self.options.audit:
            audited = AuditResult(result, audit_result(case, result, scheme))
            self.kept.append(Scored(case, audited, scheme))
        else:
            self.kept.append(Scored(case, result, scheme))
        return ()

    def _part(self, path: Path, part: Part, kept: list[AnyScored],
              share: Share) -> Iterator[Outcome]:
        source = str(path)
        csv = path.suffix.lower() in CSV_SUFFIXES
        projects = _with(part.projects, PROJECT).with_columns(
            pl.col("refused").fill_null(False))
        found = _with(part.findings, FINDING)
        items = projects.to_dicts()
        results = {k.case.location.line: k for k in kept}
        for item in items:  # each kept result is its project's: the case's first line
            if kept and item["engine"] == "rows" and not item["refused"]:
                item["_kept"] = results[item["first_line"]]
        numbered = all(item["pid"] is not None for item in items)
        if numbered:
            items.sort(key=lambda item: item["pid"])
        share.projects += sum(item["engine"] == "rows" for item in items)
        share.total_projects += len(items)
        audit = self.options.audit and self.results is None  # else: each `AuditResult`
        found = audit_order(found) if audit else found
        counts = _counts(found)
        own = _counts(found.filter(~pl.col("audit"))) if audit else counts
        audits = counted(found) if audit else {}
        figures = manual(part.detail) if audit else {}
        refused = {item["pid"] for item in items if item["refused"]}
        diagnostics = _diagnostics(found, refused, source)
        rows = self._rows(found) if self.options.findings and self.results is None else {}
        lines = {} if csv else dict(part.rows.group_by("pid").agg(
            pl.col("line").min()).iter_rows()) if part.rows.height else {}
        built = self.results.results(part) if self.results is not None else {}
        left: list[Diagnostic] = list(diagnostics.pop(None, []))
        placed = Refused(path, left) if csv and left else None  # read whole: by project
        left = placed.rest if placed is not None else left
        for item in items:
            pid = item["pid"]
            if placed is not None:
                yield from placed.before(item["first_line"])
            if item["refused"]:
                if csv:
                    names: Names = {k: item[k] for k in NAMES}
                    yield failed_project(Location(source, item["first_line"], 1), names,
                                         sorted(diagnostics.get(pid, []),
                                                key=Diagnostic.sort_key))
                else:  # a workbook: one entry after its projects, as `scoring score`
                    left.extend(diagnostics.get(pid, []))
            elif "_kept" in item or pid in built:
                yield self._result(item, built, item["first_line"] if csv else None)
            else:
                out = self._frame(item, source, item["first_line"] if csv
                                  else lines.get(pid), counts.get(pid, (0, 0, 0)),
                                  rows.get(pid, []), own.get(pid, (0, 0, 0)))
                if audit:
                    status = out.record.pop("status"), out.record.pop("problem")
                    out.record.update(audit_record(item, self._scheme(item), figures.get(
                        pid, (0, Decimal(0), 0)), audits.get(pid, 0)))
                    out.record["status"], out.record["problem"] = status
                yield out
        if placed is not None:
            yield from placed.before(None)
        if left:
            ordered = sorted(left, key=Diagnostic.sort_key)
            yield failed_outcome("error", (source, ordered), ordered)

    def _result(self, item: dict[str, Any], built: dict[int, Any],
                line: int | None) -> Outcome:
        """The outcome of a project's `Result` (`AuditResult`) as a worker makes it: the
        row engine's (kept), else the one built from the frames (`built`, by `pid`)."""
        kept: AnyScored | None = item.get("_kept")
        out = self.worker.outcome(built[item["pid"]], self._scheme(item)) if kept is None \
            else self.worker.outcome(kept.result, kept.scheme)
        if line is not None:
            out.record["line"] = line  # a CSV's project: its first row
        return out

    def _frame(self, item: dict[str, Any], source: str, line: int | None,
               severities: tuple[int, int, int], rows: list[FindingRow],
               own: tuple[int, int, int]) -> Outcome:
        """The outcome of a project from its row of the projects frame (`own`: the
        engine's findings by severity, without the audit's)."""
        scheme = self._scheme(item)
        places = scheme.places
        errors, warnings, infos = own
        record: dict[str, str | int | None] = {
            "source": source, "line": line, **{k: item[k] for k in NAMES},
            "year": item["year"], "scheme": scheme.id,
            "budget_adjusted": item["budget_adjusted"],
            "budget_executed": item["budget_executed"],
            "execution_rate": _fixed(item["execution_rate"], 4),
            "budget_score": _places(item["budget_score"], places),
            "total": _places(item["total"], places), "max_total": item["max_total"],
            "grade": item["grade"], "reported_total": item["reported_total"],
            "reported_grade": item["reported_grade"],
            "findings": errors + warnings + infos, "errors": errors, "warnings": warnings,
            "status": "ok", "problem": None}
        return Outcome(record, rows, None, False, scheme=self.worker.about(scheme),
                       severities=severities, grades=self.worker.labels(scheme))

    def _scheme(self, item: dict[str, Any]) -> Scheme:
        """A project's scheme: the run's, or the one its layout names (`layouts.py`)."""
        ref = item.get("scheme")
        return self.scheme if ref is None or ref == self.ref else load_scheme(ref)

    @staticmethod
    def _rows(found: pl.DataFrame) -> dict[int, list[FindingRow]]:
        """Each project's findings as the workbook's rows, in the result's order."""
        out: dict[int, list[FindingRow]] = {}
        for pid, *row in found.select(
                "pid", "severity", "code", pl.col("indicator").fill_null(""),
                pl.col("place").fill_null(""), "message").iter_rows():
            out.setdefault(pid, []).append(tuple(row))
        return out


def _read_whole(part: Part) -> bool:
    """Whether the whole table was read by the importer's rules
    (`engine.columns.score_table_frame`: its projects marked `whole`, numbered in the
    order of their cases, not by their rows)."""
    return part.projects.height > 0 and "whole" in part.projects.columns


def _with(frame: pl.DataFrame, columns: dict[str, Any]) -> pl.DataFrame:
    """`frame` with a null column of each of `columns` it lacks, each of its type."""
    return frame.with_columns(
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in columns.items())


def _counts(found: pl.DataFrame) -> dict[int, tuple[int, int, int]]:
    """Errors, warnings and infos of each project."""
    counted = found.group_by("pid").agg(
        *[(pl.col("severity") == s).sum().alias(s) for s in ("error", "warning", "info")])
    return {pid: (e, w, i) for pid, e, w, i in counted.iter_rows()}


def _diagnostics(found: pl.DataFrame, refused: set[Any],
                 source: str) -> dict[Any, list[Diagnostic]]:
    """The diagnostics of the projects refused and of none (`pid` null), by project: the
    importer's (a finding of a project scored has its `rank`)."""
    c = pl.col
    picked = found.filter((c("pid").is_null() & c("rank").is_null()) | c("pid").is_in(
        [p for p in refused if p is not None]))
    out: dict[Any, list[Diagnostic]] = {}
    for pid, line, col, code, severity, indicator, message, place in picked.select(
            "pid", "line", "col", "code", "severity", "indicator", "message",
            "place").iter_rows():
        cell = place[len(source) + 1:] if place and place.startswith(source + ":") \
            and "!" in place else ""
        where = Location(source, line or 0, 0 if col is None else col + 1, cell)
        out.setdefault(pid, []).append(
            Diagnostic(where, message, code, indicator or "", severity))
    return out


def _places(text: str | None, places: int) -> str | None:
    """A score of the frames (exact text) printed at the scheme's places."""
    return None if text is None else fmt_places(Decimal(text), places)


def _fixed(text: str | None, places: int) -> str | None:
    """A rate of the frames printed with exactly `places` decimals."""
    return None if text is None else format(round_half_up(Decimal(text), places), "f")
