"""Load (tables): the slips in the YAML of an inline case's rows, each its row's finding.

An inline case is a published table written as YAML (FORMATS.md §5): a slip in one of
its rows is a problem of that row, as a cell of a CSV row is, not of the table. Each
row of `indicators:` is validated alone; a key the row does not know (`unknown-key`)
or a value its field cannot hold (`invalid-value`: a list for a 权重, `maybe` for
`not_applicable`) is left out of the row, which is scored on the rest, with the
diagnostic's message as the row's finding at its place. A 人工评分 that is no
non-negative number (`manual_score: 1_0`) is `bad-manual-score`, as in a CSV/XLSX
table: not used, the row scored by its rule.

A row's `rule:` that cannot be read, or that the rule checks refuse (`bad-rule`,
`bad-expression`, `unknown-item`, `bad-actual`, `unknown-name`), is never replaced by
another formula (a guess): the rule and what it reads (the actual, facts, items) are
left out, so the row scores as a blank actual does (F10: `missing`, 0), with `bad-rule`
naming the problem at its place (`rule_slips`). A row that is no
mapping is read as what it can be (`_mapping`: a text its name) with `row-not-mapping`.
What is left for the file's own validation: every key outside the rows. An indicator set
and a case file that points at one, written by their user, stay strict.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import Diagnostic, Location
from ..model.case import CaseIndicator
from ..model.findings import Finding, finding
from ..read.cells import cell_of
from ..read.columns import columns
from ..read.source import YamlMap, YamlSeq
from .validation import diagnostics_from_validation

_RULED = frozenset({"actual", "facts", "items"})  # what a row's rule reads: dropped with it
RULE_CODES = frozenset({"bad-rule", "bad-expression", "unknown-item", "bad-actual",
                        "unknown-name"})


def mended_rows(data: Any, origin: Location) -> tuple[Any, list[Finding]]:
    """`data` (a case file's located mapping) with the slips of its `indicators:` rows
    left out, and their findings; `data` itself when no row has one."""
    rows = data.get("indicators") if isinstance(data, YamlMap) else None
    if not isinstance(rows, YamlSeq):
        return data, []
    noted: list[Finding] = []
    places = zip(rows, rows.item_locations, strict=True)
    mended = [_mended(_mapping(row, n, at, noted), n, origin, noted)
              for n, (row, at) in enumerate(places, start=1)]
    if not noted:
        return data, []
    seq = YamlSeq(mended)
    seq.location, seq.item_locations = rows.location, rows.item_locations
    out = YamlMap({**data, "indicators": seq})
    out.location, out.key_locations = data.location, data.key_locations
    out.value_locations = data.value_locations
    return out, noted


def _mapping(row: Any, n: int, at: Location, noted: list[Finding]) -> Any:
    """A row that is no mapping (`- 其中：线上培训`, `- 12`) as the row it can be read as: a
    text is its 三级指标 name, anything else a row of blank cells (named by its place),
    with `row-not-mapping` at it; so it is shown, not scored (no weight), as a table
    shows a line it cannot read. A mapping is given back as it is."""
    if isinstance(row, YamlMap):
        return row
    text = row.strip() if isinstance(row, str) else ""
    out = YamlMap({"name": text} if text else {})
    out.location = at
    out.key_locations = {"name": at} if text else {}
    out.value_locations = {"name": at} if text else {}
    noted.append(finding("row-not-mapping", text or columns().unnamed(n), at,
                         text="" if row is None else str(row)))
    return out


def _mended(row: Any, n: int, origin: Location, noted: list[Finding]) -> Any:
    """`row` without its slips (their findings into `noted`), or `row` as it is."""
    if not isinstance(row, YamlMap):
        return row
    try:
        CaseIndicator.model_validate(row)
    except ValidationError as exc:
        paths = [tuple(err["loc"]) for err in exc.errors(include_url=False)]
        fields = {str(p[0]) for p in paths if p and isinstance(p[0], str)}
        if not fields or any(not p or not isinstance(p[0], str) for p in paths):
            return row  # a problem of the row as a whole: the file's validation says it
        own = {place for f in fields - {"rule"} for place in (
            row.value_locations.get(f), row.key_locations.get(f)) if place is not None}
        if "rule" in fields:  # a rule that cannot be read: the row as if blank (F10)
            fields |= _RULED
        kept = YamlMap({k: v for k, v in row.items() if k not in fields})
        kept.location = row.location
        kept.key_locations = {k: v for k, v in row.key_locations.items() if k not in fields}
        kept.value_locations = {k: v for k, v in row.value_locations.items()
                                if k not in fields}
        try:
            CaseIndicator.model_validate(kept)
        except ValidationError:
            return row
        name = _name(row, n)
        for problem in diagnostics_from_validation(exc, row, origin, CaseIndicator):
            if "manual_score" in fields and problem.location == row.value_locations.get(
                    "manual_score"):
                noted.append(finding("bad-manual-score", name, problem.location,
                                     manual=str(row["manual_score"])))
            elif "rule" in fields and problem.location not in own:
                noted.append(finding("bad-rule", name, problem.location,
                                     problem=problem.message))
            else:
                noted.append(finding(problem.code, name, problem.location,
                                     problem=problem.message))
        return kept
    return row


def _name(row: YamlMap, n: int) -> str:
    """The name a row's findings give it: its id, its 三级指标, else its place."""
    for key in ("id", "name"):
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return columns().unnamed(n)


def rule_slips(rows: list[CaseIndicator], problems: list[Diagnostic],
               ) -> tuple[list[CaseIndicator], list[Finding]]:
    """`rows` with the rule of each row an error of `problems` (the rule checks) names left
    out, its actual, facts and items blank, and their `bad-rule` findings."""
    bad: dict[str, Diagnostic] = {}
    for d in problems:
        if d.code in RULE_CODES and d.severity == "error" and d.indicator:
            bad.setdefault(d.indicator, d)
    if not bad:
        return rows, []
    out: list[CaseIndicator] = []
    noted: list[Finding] = []
    for row in rows:
        problem = bad.get(row.key)
        if problem is None:
            out.append(row)
            continue
        noted.append(finding("bad-rule", row.key, problem.location, problem=problem.message))
        out.append(row.model_copy(update={"rule": None, "facts": {}, "items": (),
                                          "actual": cell_of(None, row.place("actual"))}))
    return out, noted
