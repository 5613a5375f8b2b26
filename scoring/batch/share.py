"""Batch (share): how much of each table the row engine scored, said by `--verbose`.

The columnar core (`batch/columnar.py`) scores the projects it can take and
hands every other project, whole, to the row engine (a per-indicator rule, a
manual score, a date, a number out of its bounds, a project the importer
refuses, every project when the output needs the row engine's results). Each
table input counts its rows and projects, and how many of them the row engine
scored; `--verbose` prints that per table and for all of them, and the
projects of the other inputs (case files, forms, documents: all row engine).
The words are data (`data/batch.yaml`, `share`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from ..decimals import percent
from ..model.findings import Lang
from ..read.packaged import data_file
from ..terminal import say


@dataclass(slots=True)
class Share:
    """Of one table input: the rows and projects the row engine scored, of how many."""

    source: str
    rows: int = 0
    total_rows: int = 0
    projects: int = 0
    total_projects: int = 0


def share_line(share: Share, lang: Lang, *, total: bool = False, others: int = 0) -> str:
    """One table's share (or, `total`, all tables' and the other inputs' projects)."""
    template: str = data_file("batch.yaml")["share"]["total" if total else "table"][lang]
    rate = Decimal(share.rows) / Decimal(share.total_rows) if share.total_rows else Decimal(0)
    return template.format(source=share.source, rows=f"{share.rows:,}",
                           total_rows=f"{share.total_rows:,}", row_share=percent(rate),
                           projects=f"{share.projects:,}",
                           total_projects=f"{share.total_projects:,}", others=f"{others:,}")


def report_shares(err: TextIO, shares: list[Share], projects: int, lang: Lang) -> None:
    """Each table's share, then all tables' (`projects`: every project of the run)."""
    whole = Share("")
    for share in shares:
        say(share_line(share, lang), err)
        whole.rows += share.rows
        whole.total_rows += share.total_rows
        whole.projects += share.projects
        whole.total_projects += share.total_projects
    say(share_line(whole, lang, total=True, others=max(0, projects - whole.total_projects)),
        err)
