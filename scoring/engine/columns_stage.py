"""Score (columns): what a later stage builds on the core's frames, and how it joins in.

`Detail` holds the core's own frames of the projects it took, every computed
column kept (scaled integers, cells as read). A later stage that works on them
as columns (the audit, `review/columns_audit.py`: the engine may not import
it) is passed to `columns.score_frame` as its `more` argument, a `ColumnStage`:
called per case for the projects the row engine scores, and once with the
core's `Detail` for the others. It returns its findings (in the core's
findings schema, unplaced) and the projects it cannot be sure of, which the
row engine then scores and the stage's per-case call audits (`vetted`). A stage
that keeps each row-engine project's result (`scoring batch` makes its outcome from it)
keeps a `Scored`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Generic, NamedTuple, Protocol, TypeVar, runtime_checkable

import polars as pl

from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme


class Vetted(NamedTuple):
    """A stage's findings (`columns_format.FINDING_SCHEMA`, unplaced) and the projects
    (`pid`) it leaves to the row engine."""
    findings: pl.DataFrame
    unsure: list[int]


@dataclass(frozen=True)
class Detail:
    """The core's own frames of the projects it took, before formatting, every computed
    column kept (scaled integers, cells as read): what a later stage (derivations, the
    audit) builds on. `rows`: indicator rows; `budget`: budget rows; `projects`: totals;
    `marks`: the 合计 and 等级 rows and every row that gives a 评价等级 cell."""

    rows: pl.DataFrame
    budget: pl.DataFrame
    projects: pl.DataFrame
    marks: pl.DataFrame

    def where(self, keep: pl.Expr) -> Detail:
        """The frames' rows where `keep` holds (an expression of `pid`)."""
        return Detail(*(getattr(self, f.name).filter(keep) for f in fields(self)))

    def moved(self, offset: int) -> Detail:
        """Every project number (`pid`) moved up by `offset`."""
        return Detail(*(getattr(self, f.name).with_columns(pl.col("pid") + offset)
                        for f in fields(self)))

    @staticmethod
    def stacked(details: list[Detail]) -> Detail | None:
        """Several tables' frames as one (None: none)."""
        if not details:
            return None
        return Detail(*(pl.concat([getattr(d, f.name) for d in details],
                                  how="diagonal_relaxed") for f in fields(Detail)))


@runtime_checkable
class ColumnStage(Protocol):
    """A later stage's findings: per case (`more`) and on the core's frames."""

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        """The stage's findings about one project the row engine scored."""

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        """The stage's findings about the core's projects (`fields`: the table's columns)."""


R = TypeVar("R")


@dataclass(frozen=True)
class Scored(Generic[R]):
    """A project the row engine scored, as a stage keeps it: its case, its result (`R`: a
    `Result`, or the `AuditResult` the audit made of it) and the scheme it was scored
    under."""

    case: Case
    result: R
    scheme: Scheme


class Fast(NamedTuple):
    """The core's projects, rows and findings (unplaced), and its `Detail`."""

    projects: pl.DataFrame
    rows: pl.DataFrame
    findings: pl.DataFrame
    detail: Detail


def vetted(fast: Fast, stage: ColumnStage, scheme: Scheme, fields: dict[str, int]) -> Fast:
    """The core's frames with `stage`'s findings after each project's own, without the
    projects the stage leaves to the row engine."""
    projects, rows, found, detail = fast
    more, unsure = stage.columns(detail, scheme, fields)
    keep = ~pl.col("pid").is_in(pl.Series(unsure, dtype=pl.Int64).implode())
    both = pl.concat([found.with_columns(pl.lit(0).alias("_stage")),
                      more.with_columns(pl.lit(1).alias("_stage"))], how="diagonal_relaxed")
    both = both.sort("pid", "_stage", maintain_order=True).drop("_stage")
    return Fast(projects.filter(keep), rows.filter(keep), both.filter(keep),
                detail.where(keep))
