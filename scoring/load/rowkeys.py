"""Load (tables): the keys of a published table's rows, each distinct, as the rows are read.

A published table is evidence (FORMATS.md §5): when it gives one 三级指标 twice in a
project, both rows are what was published and both are scored. Results and actuals
are keyed by the row's key (its id, or its name), so the later row is named by its
line (`名称（第 12 行）`, `data/columns.yaml`), and the case says which rows were so
named and after which key (`Case.duplicates`): the engine reports each as
`duplicate-indicator` [warning] at the later row's 三级指标 cell
(`engine/table_findings.py`). An indicator-set file the user writes stays strict: a
key given twice there is refused (`checks.check_unique_keys`).

The same object serves the flat table (`flat.py`), the official form (`form.py`) and
the inline case (`loader.py`), so every input form names the rows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.case import CaseIndicator
from ..read.columns import columns


@dataclass(slots=True)
class RowKeys:
    """The keys taken so far in one project: the rows named by their place for want of a
    三级指标 (`row-unnamed`), and those renamed for a key taken before."""

    seen: set[str] = field(default_factory=set)
    unnamed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (new key, first key)

    def take(self, key: str | None, line: int) -> str:
        """The key of the row on `line`: `key`; when blank, the row's name by its place
        among the rows taken (`第 3 行`); when an earlier row has it, the row's name by
        its line (`key（第 12 行）`; again, should that be taken too)."""
        if not key:
            key = columns().unnamed(len(self.seen) + 1)
            self.unnamed.append(key)
        new = key
        while new in self.seen:
            new = columns().duplicate(new, line)
        self.seen.add(new)
        if new != key:
            self.duplicates.append((new, key))
            if self.unnamed and self.unnamed[-1] == key:
                self.unnamed[-1] = new
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
        if row.id is None:
            update = {"name": keys.take(None if blank else row.name, line)}
        else:
            update = {"id": keys.take(row.id, line)}
            if blank:
                update["name"] = columns().unnamed(len(keys.seen))
                keys.unnamed.append(update["id"])
        out.append(row.model_copy(update=update) if update != {"name": row.name} else row)
    return out, keys
