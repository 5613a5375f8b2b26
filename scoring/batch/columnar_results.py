"""Batch (tables): each project's whole `Result` (`AuditResult`) for `.jsonl`, `.html`, `--lang en`.

Those outputs need each project's `Result` (its derivations; its findings, whose
messages are rendered in the output's language from their parameters). The lane
(`columnar.py`) scores the table by the core with derivations (`explain=True`) and
this stage (`ResultStage`, an `engine.columns_stage.ColumnStage`):

- for the projects the core takes, the `Result` is built from the part's frames
  (`engine/columns_results.py`, given the part's `Table`: places, header; each finding
  with the parameters the core filled its message with), so the stage leaves no project
  of the core's to the row engine and adds no finding;
- for the projects the row engine scores, its `Result` is kept (`keep`), as the audit's
  stage keeps its `AuditResult` (`columnar_audit.py`); one of a group whose scheme its
  layout chose (`layouts.py`, no `--scheme`) with its content hash taken over its set
  as `scoring score` builds it (under the scheme named, then chosen).

Under `--audit` (`AuditedStage`) the stage is also the audit's (`columnar_audit.AuditStage`:
the audit's findings made on the frames, marked `audit`), and each project the core took
gets its whole `AuditResult`: its `Result` built from the frames without the audit's
findings, which are made `Finding`s apart (`columns_results.finding_of`) and settled with
the rest of the audit (`review/columns_audit_result.py`); a project the row engine scores
keeps the `AuditResult` of `audit_result`.

Each `Result` (`AuditResult`) then becomes its outcome as a worker makes it
(`worker.Worker.outcome`), so the outputs are those of the row engine, byte for byte
(tests/batch/test_columnar_results.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

import polars as pl

from ..engine.columns_format import FINDING_SCHEMA
from ..engine.columns_results import Builder, finding_of
from ..engine.columns_stage import Detail, Scored, Vetted
from ..load.scheme import content_hash
from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result, SchemeInfo
from ..model.scheme import Scheme
from ..read.columns import Table
from ..review.audit import AuditResult, audit_result
from ..review.columns_audit_result import audited
from .columnar_audit import AnyScored, AuditStage


class ResultStage:
    """The core's stage of `--json`/English outputs (see the module's docstring)."""

    def __init__(self, keep: Callable[[AnyScored], None], ref: str) -> None:
        self.keep, self.ref = keep, ref
        self.builder = Builder(ref)
        self.table: Table | None = None

    def seen(self, table: Table) -> None:
        """The `Table` of the part about to be scored (`columns.iter_path`'s `seen`)."""
        self.table = table

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        self.keep(self.named(case, result, scheme))
        return ()

    def named(self, case: Case, result: Result, scheme: Scheme) -> Scored[Result]:
        """A row-engine project as `scoring score` builds it (see below)."""
        iset = case.indicator_set
        if iset.scheme != self.ref:  # a project of a group a layout chose (`layouts.py`)
            # was built under that scheme; `scoring score` builds it under the scheme
            # named (or the default) and then chooses: its set names that one, and the
            # content hash is taken over the set so named
            iset = iset.model_copy(update={"scheme": self.ref})
            case = case.model_copy(update={"indicator_set": iset})
            result = replace(result, scheme=SchemeInfo(
                id=scheme.id, name=scheme.name, version=scheme.version,
                content_hash=partial(content_hash, scheme, iset), places=scheme.places))
        return Scored(case, result, scheme)

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        return Vetted(pl.DataFrame(schema=FINDING_SCHEMA), [])

    def results(self, part: Any) -> dict[int, Result]:
        """The `Result` of each project the core took in `part` (by `pid`)."""
        if self.table is None:
            return {}
        return self.builder.results(part, self.table)


class AuditedStage(ResultStage):
    """The core's stage of `--audit` with `--json`/English outputs (see the module's
    docstring): the audit's on the frames, each project's `AuditResult`."""

    def __init__(self, keep: Callable[[AnyScored], None], ref: str) -> None:
        super().__init__(keep, ref)
        self.audit = AuditStage(keep)

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        built = self.named(case, result, scheme)
        item = AuditResult(built.result, audit_result(built.case, built.result, built.scheme))
        self.keep(Scored(built.case, item, built.scheme))
        return item.audit.findings

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        return self.audit.columns(detail, scheme, fields)

    def results(self, part: Any) -> dict[int, Any]:
        """The `AuditResult` of each project the core took in `part` (by `pid`)."""
        if self.table is None or part.detail is None:
            return {}
        c = pl.col
        marked = c("audit").fill_null(False) if "audit" in part.findings.columns \
            else pl.lit(False)
        own = self.builder.results(replace(part, findings=part.findings.filter(~marked)),
                                   self.table)
        found: dict[int, list[Finding]] = {}
        for row in part.findings.filter(marked & c("pid").is_in(list(own))).select(
                "pid", "line", "col", "code", "severity", "indicator", "message",
                "params").iter_rows():
            found.setdefault(row[0], []).append(finding_of(row, self.table))
        laid = dict(part.projects.select("pid", "scheme").iter_rows()) \
            if "scheme" in part.projects.columns else {}
        schemes = {ref: self.builder.scheme(ref)
                   for ref in {laid.get(pid) or self.ref for pid in own}}
        return {pid: audited(result, found.get(pid, ()), schemes[laid.get(pid) or self.ref])
                for pid, result in own.items()}
