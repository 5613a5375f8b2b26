"""Batch (API): score or audit many cases lazily, and flatten results into records.

The embedding API of the batch (`scoring batch` is built on the same pieces,
`batch/run.py`). No global state: each call owns its worker pool, if any.

    >>> from scoring import load_case, results_to_records, score_many
    >>> results = score_many([load_case("cases/anju-2023-investment.yaml")])
    >>> [(r["project"], r["total"], r["grade"]) for r in results_to_records(results)]
    [('2023招商引资', Decimal('97.7'), '优秀')]

`results_to_records(results)` gives one plain dict per project (str, int,
Decimal or None values, ready for `pandas.DataFrame`); `per="indicator"` gives
one per indicator row instead; `numbers="float"|"str"` gives the numbers as
floats or as their exact text. Audit results (`audit_many`) add the audit's
columns. `scoring.records_schema()` is the pyarrow schema of these records.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import TYPE_CHECKING, Literal, TypeVar

from ..decimals import fmt, fmt_places, round_half_up
from ..engine.evaluate import evaluate
from ..load.scheme import load_scheme
from ..model.case import Case
from ..model.outcome import (
    NUMBER_COLUMNS,
    Record,
)
from ..model.result import Result
from ..model.scheme import Scheme
from .pool import ordered

if TYPE_CHECKING:
    from ..review.audit import AuditResult

TypedRecord = dict[str, str | int | float | Decimal | None]
Numbers = Literal["decimal", "float", "str"]
T = TypeVar("T")

def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _resolve(scheme: Scheme | str | None) -> Scheme | None:
    return load_scheme(scheme) if isinstance(scheme, str) else scheme


def _same(scheme: Scheme | None) -> Scheme | None:
    return scheme


def _score_one(scheme: Scheme | None, case: Case) -> Result:
    return evaluate(case, scheme)


def _audit_one(scheme: Scheme | None, case: Case) -> AuditResult:
    from ..review.audit import audit

    return audit(case, scheme)


Chunk = tuple[list[T], Exception | None]  # the results of a chunk, and what stopped it


def _chunk(work: Callable[[Scheme | None, Case], T], scheme: Scheme | None,
           cases: list[Case]) -> Chunk[T]:
    """A worker's task: the results of its cases up to the first that raises, and that
    exception (raised in the caller once the results before it are yielded)."""
    out: list[T] = []
    for case in cases:
        try:
            out.append(work(scheme, case))
        except Exception as exc:
            return out, exc
    return out, None


def _score_chunk(scheme: Scheme | None, cases: list[Case]) -> Chunk[Result]:
    return _chunk(_score_one, scheme, cases)


def _audit_chunk(scheme: Scheme | None, cases: list[Case]) -> Chunk[AuditResult]:
    return _chunk(_audit_one, scheme, cases)


def _name(cases: list[Case]) -> str:
    return "、".join(str(c.location or c.source or "<case>") for c in cases[:3]) + (
        f" 等 {len(cases)} 个项目" if len(cases) > 3 else "")


def _many(one: Callable[[Scheme | None, Case], T],
          chunked: Callable[[Scheme | None, list[Case]], Chunk[T]], cases: Iterable[Case],
          scheme: Scheme | None, jobs: int, chunksize: int) -> Iterator[T]:
    """The results in input order; `jobs > 1`: in worker processes (`batch/pool.py`:
    a worker that dies raises `WorkerLost`; no signal handler is set anywhere)."""
    if jobs <= 1:
        for case in cases:  # the same function as in a worker: identical results
            yield one(scheme, case)
        return
    source = iter(cases)

    def next_chunk() -> list[Case] | None:
        return list(islice(source, max(1, chunksize))) or None

    for _, (results, error) in ordered(_same, chunked, scheme, next_chunk, jobs,
                                       2 * jobs + 1, _name):
        yield from results
        if error is not None:
            raise error


def score_many(cases: Iterable[Case], scheme: Scheme | str | None = None, *, jobs: int = 1,
               chunksize: int = 8) -> Iterator[Result]:
    """`evaluate(case, scheme)` for each case, yielded lazily in input order.

    `jobs > 1` scores in that many worker processes (cases and results are
    pickled; the order is kept). Raises what `evaluate` raises, at the case;
    `errors.WorkerLost` if a worker process dies (killed, out of memory).
    Sets no signal handler: Ctrl-C in a notebook, a Dask worker's own handlers
    stay as they are.
    """
    return _many(_score_one, _score_chunk, cases, _resolve(scheme), jobs, chunksize)


def audit_many(cases: Iterable[Case], scheme: Scheme | str | None = None, *, jobs: int = 1,
               chunksize: int = 8) -> Iterator[AuditResult]:
    """`scoring.review.audit.audit(case, scheme)` for each case, lazily, in input order."""
    return _many(_audit_one, _audit_chunk, cases, _resolve(scheme), jobs, chunksize)


def _result(item: Result | AuditResult) -> Result:
    return item if isinstance(item, Result) else item.result


def _text(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def project_record(item: Result | AuditResult) -> Record:
    """The one-row summary of a result (or an audit result) as plain values."""
    result = _result(item)
    audit = getattr(item, "audit", None)
    places = result.scheme.places
    b = result.budget
    severities = [f.severity for f in result.findings]
    record: Record = {
        "source": result.source, "line": _line(result),
        "department": result.project.department, "project": result.project.name,
        "code": result.project.code, "year": result.project.year, "scheme": result.scheme.id,
        "budget_adjusted": _text(b.adjusted) if b else None,
        "budget_executed": _text(b.executed) if b else None,
        "execution_rate": None if b is None or b.rate is None else format(
            round_half_up(b.rate, 4), "f"),
        "budget_score": fmt_places(b.score, places) if b else None,
        "total": None if result.total is None else fmt_places(result.total, places),
        "max_total": None if result.max_total is None else fmt(result.max_total),
        "grade": result.grade, "reported_total": result.reported_total,
        "reported_grade": result.reported_grade, "findings": len(severities),
        "errors": severities.count("error"), "warnings": severities.count("warning"),
    }
    if audit is not None:
        record.update({
            "reported_total": _text(audit.reported_total) or result.reported_total,
            "reported_grade": audit.reported_grade or result.reported_grade,
            "audit_findings": len(audit.findings),
            "manual_points": fmt(audit.manual_points),
            "total_without_manual": None if audit.total_without_manual is None
            else fmt_places(audit.total_without_manual, places),
            "grade_without_manual": audit.grade_without_manual,
            "grade_changes": int(bool(item.grade_changes())),  # type: ignore[union-attr]
        })
    return record


def _line(result: Result) -> int | None:
    """The first line of the project in its own source (flat tables: its first row)."""
    lines = [r.location.line for r in result.indicators
             if r.location and r.location.line and r.location.file == result.source]
    return min(lines) if lines else None


def indicator_records(item: Result | AuditResult) -> list[Record]:
    """One plain row per indicator of a result."""
    result = _result(item)
    p = result.project
    places = result.scheme.places
    return [{"source": result.source, "department": p.department, "project": p.name,
             "code": p.code, "id": r.id, "level1": r.level1, "level2": r.level2,
             "name": r.name, "comparator": r.comparator, "target": r.target, "unit": r.unit,
             "actual": r.actual, "weight": None if r.weight is None else fmt(r.weight),
             "score": None if r.status == "not-applicable" or r.score is None
             else fmt_places(r.score, places),
             "status": r.status, "reported_score": r.reported_score, "reason": r.reason,
             "place": str(r.location) if r.location else None}
            for r in result.indicators]


def _number(text: str | int | None, numbers: Numbers) -> str | float | Decimal | None:
    """A number column's exact text as `numbers` asks; a published value that is not a
    number (a reported 得分 of `—`) is None but in `numbers="str"`."""
    if not isinstance(text, str) or numbers == "str":
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:  # the caller's context traps it; else the value is NaN
        return None
    if not value.is_finite():
        return None
    return value if numbers == "decimal" else float(value)


def _typed(record: Record, numbers: Numbers) -> TypedRecord:
    return {name: _number(value, numbers) if name in NUMBER_COLUMNS else value
            for name, value in record.items()}


def results_to_records(results: Iterable[Result | AuditResult], *,
                       per: Literal["project", "indicator"] = "project",
                       numbers: Numbers = "decimal") -> list[TypedRecord]:
    """Plain dicts for `pandas.DataFrame(records)` or `pyarrow.Table.from_pylist`.

    `per="project"` (default): one row per result, columns `PROJECT_COLUMNS`
    (+ `AUDIT_COLUMNS` for audit results). `per="indicator"`: one row per
    indicator row, columns `INDICATOR_COLUMNS`. The numbers (`NUMBER_COLUMNS`)
    are `Decimal` by default, exact as printed (`Decimal('97.7')`, the budget
    score `Decimal('10.0')` at the scheme's places); `numbers="float"` gives
    floats (for plotting; not exact), `numbers="str"` their exact text
    (`"97.7"`). A published value that is not a number is None unless
    `numbers="str"`. Counts and line numbers are `int`, the rest `str` or None.
    `records_schema(per, audit=…)` is the matching pyarrow schema.
    """
    if numbers not in ("decimal", "float", "str"):
        raise ValueError(f"numbers must be 'decimal', 'float' or 'str', not {numbers!r}")
    if per == "indicator":
        rows = [row for item in results for row in indicator_records(item)]
    elif per == "project":
        rows = [project_record(item) for item in results]
    else:
        raise ValueError(f"per must be 'project' or 'indicator', not {per!r}")
    return [_typed(row, numbers) for row in rows]
