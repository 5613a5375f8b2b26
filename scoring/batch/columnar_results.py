"""Batch (tables): each project's whole `Result` for `.jsonl`, `.html` and `--lang en`.

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

Each `Result` then becomes its outcome as a worker makes it (`worker.Worker.outcome`),
so the outputs are those of the row engine, byte for byte (tests/batch/test_columnar.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

import polars as pl

from ..engine.columns_format import FINDING_SCHEMA
from ..engine.columns_results import Builder
from ..engine.columns_stage import Detail, Vetted
from ..load.scheme import content_hash
from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result, SchemeInfo
from ..model.scheme import Scheme
from ..read.columns import Table


class ResultStage:
    """The core's stage of `--json`/English outputs (see the module's docstring)."""

    def __init__(self, keep: Callable[[Any], None], ref: str) -> None:
        self.keep, self.ref = keep, ref
        self.builder = Builder(ref)
        self.table: Table | None = None

    def seen(self, table: Table) -> None:
        """The `Table` of the part about to be scored (`columns.iter_path`'s `seen`)."""
        self.table = table

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
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
        self.keep((case, result, scheme))
        return ()

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        return pl.DataFrame(schema=FINDING_SCHEMA), []

    def results(self, part: Any) -> dict[int, Result]:
        """The `Result` of each project the core took in `part` (by `pid`)."""
        if self.table is None:
            return {}
        return self.builder.results(part, self.table)
