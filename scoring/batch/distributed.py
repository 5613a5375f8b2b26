"""Batch (Arrow batches): `score_arrow_batches`, the core for Dask, Spark or any stream.

A distributed engine hands each task an iterator of Arrow record batches (Spark's
`mapInArrow`) or a frame that is one (a Dask partition). Each batch is scored on
its own by `score_table` and gives one batch of its projects' results in the
published schema, `table_schema().projects`. A project is scored from the rows
of one batch, so the caller partitions by project (every row of a project, in
order, in one batch); a project met again in a later batch of the same iterator
is an `EvaluationError` naming both batches, never a silent second, partial
total. Places are `row N` of the batch (N its 0-based position in the batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyarrow as pa

from ..errors import EvaluationError
from .frames import score_table, table_schema


def score_arrow_batches(batches: Iterable[pa.RecordBatch], *, scheme: str | None = None,
                        audit: bool = False, explain: bool = False,
                        ) -> Iterator[pa.RecordBatch]:
    """One `table_schema().projects` batch per batch of flat 自评表 rows (Chinese headers
    or English aliases), each scored by `score_table` (`scheme` None: each project under
    the scheme its layout names, as there). `EvaluationError` when a project
    (by 项目编码, else 项目名称) appears in two batches: partition by project."""
    schema = table_schema().projects
    seen: dict[str, int] = {}
    for number, batch in enumerate(batches):
        if batch.num_rows == 0:
            yield _empty(schema)
            continue
        projects = score_table(pa.Table.from_batches([batch]), scheme=scheme, audit=audit,
                               explain=explain).projects
        _check_once(projects, number, seen)
        yield pa.RecordBatch.from_arrays(
            [column.combine_chunks() for column in projects.columns], schema=schema)


def _empty(schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([pa.array([], f.type) for f in schema], schema=schema)


def _check_once(projects: pa.Table, number: int, seen: dict[str, int]) -> None:
    """Record the projects of batch `number`; refuse one already met in an earlier batch."""
    codes = projects.column("code").to_pylist()
    names = projects.column("project").to_pylist()
    for code, name in zip(codes, names, strict=True):
        key = code or name
        if key is None:
            continue
        first = seen.setdefault(key, number)
        if first != number:
            raise EvaluationError(
                f"score_arrow_batches: project {key!r} is in batch {first} and batch "
                f"{number}; partition the rows by project (all of a project's rows in "
                f"one batch)")
