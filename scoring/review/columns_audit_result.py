"""Audit (columns): a project's whole `AuditResult` from its `Result` built from the core's frames.

Under `--audit`, the batch's `.jsonl`, `.html` and `--lang en` outputs take each project's
whole `AuditResult` (`audit.py`: the `Result`, the audit's findings, the points that rest
on no evidence, the total and grade without them). For a project the columnar core took,
the `Result` is built from the part's frames (`engine/columns_results.py`) and the audit's
findings are made on the columns (`columns_audit.py`, each with the parameters its message
was filled with, made again by `columns_results.finding_of`); here the rest is settled as
`audit_result` settles it, by the same function (`audit.settle`), on what the `Result`
carries from the table:

- each indicator row's published 得分 (its `reported_score`, the cell as printed), read as
  the audit reads it (`context.read_published`);
- whether its actual is a value, blank or a phrase, read from the result's findings as
  `context.build_context` reads it (`context.evidence_of`);
- the published 合计 (`reported_total`) and 等级 (`reported_grade`) of the project.

tests/review/test_columns_audit_result.py proves each `AuditResult` equal to `audit`'s, and
tests/batch/test_columnar_results.py the batch's outputs under `--audit` byte for byte the
row engine's.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme
from ..read.cells import cell_of
from .audit import AuditResult, settle
from .context import AuditRow, Published, evidence_of, read_published


def audited(result: Result, found: Iterable[Finding], scheme: Scheme) -> AuditResult:
    """The `AuditResult` of a core project's `result` under `scheme`, given the audit's
    findings about it (`found`, in any order)."""
    evidence = evidence_of(result)
    rows = tuple(AuditRow(r, _published(r.reported_score), evidence(r))
                 for r in result.indicators)
    audit = settle(result, rows, scheme, sorted(found, key=Finding.sort_key),
                   _published(result.reported_total), result.reported_grade)
    return AuditResult(result, audit)


def _published(text: str | None) -> Published | None:
    """A published cell of the table (its text as printed) as the audit reads it."""
    return None if text is None else read_published(cell_of(text), None)
