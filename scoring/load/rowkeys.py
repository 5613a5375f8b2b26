"""Load (tables): the keys of a published table's rows, each distinct, as the rows are read.

A published table is evidence (FORMATS.md §5): a row without a 三级指标 is named by its
place among the rows (`第 3 行`, `row-unnamed` [warning]); when a project gives one
三级指标 twice, both rows are what was published and both are scored. Results and
actuals are keyed by the row's key (its id, or its name), so the later row is named by
its line (`名称（第 12 行）`, `data/columns.yaml`), with `duplicate-indicator` [warning]
at its 三级指标 cell naming the first's line. The findings go on the case
(`Case.noted`) and the engine reports them (`engine/table_findings.py`). An
indicator-set file the user writes stays strict: a key given twice there is refused
(`checks.check_unique_keys`).

The same object serves the flat table (`flat.py`), the official form (`form.py`) and
the inline case (`loader.py`), so every input form names the rows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Location
from ..model.case import CaseIndicator
from ..model.findings import Finding, finding
from ..read.columns import columns


@dataclass(slots=True)
class RowKeys:
    """The keys taken so far in one project: the rows named by their place for want of a
    三级指标 (`row-unnamed`), and those renamed for a key taken before."""

    seen: dict[str, int] = field(default_factory=dict)  # key → the line of its row
    noted: list[Finding] = field(default_factory=list)  # row-unnamed, duplicate-indicator

    def take(self, key: str | None, line: int, place: Location) -> str:
        """The key of the row on `line` (its 三级指标 cell at `place`): `key`; when blank,
        the row's name by its place among the rows taken (`第 3 行`, `row-unnamed`); when
        an earlier row has it, the row's name by its line (`key（第 12 行）`; again, should
        that be taken too), with `duplicate-indicator` at `place`."""
        name = key or columns().unnamed(len(self.seen) + 1)
        new = name
        while new in self.seen:
            new = columns().duplicate(new, line)
        if not key:
            self.noted.append(finding("row-unnamed", new, place))
        if new != name:
            self.noted.append(finding("duplicate-indicator", new, place, first=name,
                                      line=self.seen[name]))
        self.seen[new] = line
        return new


def keyed_rows(rows: tuple[CaseIndicator, ...]) -> tuple[list[CaseIndicator], RowKeys]:
    """The rows of an inline case, each with a distinct key: a row published without a
    三级指标 named by its place, a row whose key (its id, or its name) an earlier row has
    renamed by its line (its id when it has one, else its name)."""
    keys = RowKeys()
    out: list[CaseIndicator] = []
    for row in rows:
        line = row.location.line
        blank = not row.name.strip()
        place = row.location if blank else row.place("name")
        if row.id is None:
            update = {"name": keys.take(None if blank else row.name, line, place)}
        else:
            update = {"id": keys.take(row.id, line, row.place("id"))}
            if blank:
                update["name"] = columns().unnamed(len(keys.seen))
                keys.noted.append(finding("row-unnamed", update["id"], place))
        out.append(row.model_copy(update=update) if update != {"name": row.name} else row)
    return out, keys
