"""Batch (tables): no scheme named, each project scored under the scheme its layout names.

`scoring score` reads a table whose scheme nobody named under the built-in scheme
its printed 预算执行率 weight names (`load/scheme.scheme_by_layout`: 湖北/云南 20
points, `hubei-2020`), with `scheme-from-layout` [info] at that weight. This is the
same rule, per project, for the columnar core (`score_table` with no `scheme`,
`scoring batch` with no `--scheme`): the budget rows' weights are read (each
distinct text once, `scheme_for_weight`); when no project's names another scheme,
the frame is scored as it is under the default scheme; otherwise the projects
(`engine/columns_group.py`) are grouped by the scheme each names, each group is
scored by the core (`engine.columns.score_frame`, the row engine for what it
leaves) under its scheme, the groups' projects are numbered back to their places,
and each project so chosen gets the finding, among its own findings where the row
engine puts it (a later stage's, the audit's, after them). The projects frame
says each project's scheme (`scheme`). A table the importer reads whole by its own
rules is scored case by case with the same choice (`engine_frames(choose=...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..engine.columns import FIELDS, Outcome, numbered, score_frame
from ..engine.columns_fallback import More, PlaceKind, Places, engine_frames
from ..engine.columns_format import FINDING_SCHEMA, SEVERITY_RANK
from ..engine.columns_group import ensure, group_rows
from ..engine.columns_read import fields_of, table_frame
from ..engine.columns_stage import ColumnStage, Detail, Vetted
from ..engine.columns_stream import iter_parts
from ..engine.evaluate import evaluate
from ..engine.table_findings import layout_finding
from ..load.scheme import DEFAULT_SCHEME, load_scheme, scheme_by_layout, scheme_for_weight
from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme
from ..read.cells import cell_of
from ..read.columns import Table, columns, header_key


def iter_laid(path: Path, *, more: More | None = None, explain: bool = False,
              seen: Callable[[Table], object] | None = None) -> Iterator[Outcome]:
    """`engine.columns.iter_path` with no scheme named: each part's projects under the
    scheme their layout names, numbered across the parts as `iter_path` numbers them
    (`seen`: as `iter_path`'s)."""
    after = 0
    for part in iter_parts(path):
        if seen is not None:
            seen(part.table)
        if part.frame is None:
            outcome = _whole(part.table, part.kind, more, explain)
        else:
            outcome = score_laid(part.frame, Places(part.table, part.kind),
                                 fields_of(part.table), more=more, explain=explain)
        outcome, after = numbered(outcome, after)
        yield outcome


def score_laid(frame: pl.DataFrame, places: Places, fields: dict[str, int], *,
               more: More | None = None, explain: bool = False,
               decimals: bool = False) -> Outcome:
    """`score_frame` with no scheme named: each project under the scheme its printed
    budget weight names (see the module's docstring); `decimals` as `score_frame`'s."""
    default = load_scheme(DEFAULT_SCHEME)
    label = "level1" if "level1" in fields else "name"
    if "weight" not in fields or not _named_weights(frame, label):
        out = score_frame(frame, places, default, DEFAULT_SCHEME, fields, more=more,
                          explain=explain, decimals=decimals)
        return with_scheme(out, DEFAULT_SCHEME)
    grouped = group_rows(ensure(frame, FIELDS))
    chosen = _chosen(grouped, label)
    parts: list[Outcome] = []
    for ref in sorted(set(chosen.get_column("scheme").to_list())):
        pids = chosen.filter(pl.col("scheme") == ref).get_column("pid")
        lines = grouped.filter(pl.col("pid").is_in(pids.implode())).get_column("line")
        laid = ref != DEFAULT_SCHEME
        stage = _stage(more) if laid else None
        out = score_frame(frame.filter(pl.col("line").is_in(lines.implode())), places,
                          load_scheme(ref), ref, fields, more=stage or more, explain=explain,
                          decimals=decimals)
        out = _renumbered(out, pids.sort().to_list())
        if laid:
            out = _found(out, chosen, places, fields["weight"], load_scheme(ref),
                         stage.counts if stage is not None else {})
        parts.append(with_scheme(out, ref))
    return _merged(parts)


def _named_weights(frame: pl.DataFrame, label: str) -> bool:
    """Whether a budget row's weight names a scheme other than the default (each
    distinct label and weight read once)."""
    if label not in frame.columns:
        return False
    weights = frame.select(pl.col("weight").filter(_budget_label(frame, label))).to_series()
    return any(_scheme_of(text) is not None
               for text in weights.drop_nulls().unique().to_list())


def _budget_label(frame: pl.DataFrame, label: str) -> pl.Expr:
    texts = frame.get_column(label).drop_nulls().unique().to_list()
    budget = [t for t in texts if header_key(t) in columns().budget_labels]
    return pl.col(label).is_in(pl.Series(budget, dtype=pl.String).implode()).fill_null(False)


def _scheme_of(weight: str | None) -> str | None:
    return None if weight is None else scheme_for_weight(cell_of(weight).number)


def _chosen(grouped: pl.DataFrame, label: str) -> pl.DataFrame:
    """Each project (`pid`): its scheme, and its first budget row's line and weight (the
    one the importer reads)."""
    first = grouped.filter(_budget_label(grouped, label)).sort("line").group_by(
        "pid", maintain_order=True).first().select("pid", pl.col("line").alias("_bline"),
                                                  pl.col("weight").alias("_bweight"))
    named = {t: _scheme_of(t) for t in first.get_column("_bweight").drop_nulls().unique()}
    first = first.with_columns(pl.col("_bweight").replace_strict(
        named, default=None, return_dtype=pl.String).fill_null(DEFAULT_SCHEME).alias("scheme"))
    every = grouped.select("pid").unique().sort("pid")
    return every.join(first, on="pid", how="left").with_columns(
        pl.col("scheme").fill_null(DEFAULT_SCHEME))


@dataclass
class _Counting:
    """A later stage (the audit) for the projects a layout chose: each row-engine case is
    scored again as so chosen (its kept result has `scheme-from-layout`), and how many
    findings the stage adds to each is counted (by its first line), the core's marked."""

    inner: More
    counts: dict[int, int] = field(default_factory=dict)

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        case = case.model_copy(update={"scheme_from_layout": True})
        found = tuple(self.inner(case, evaluate(case, scheme), scheme))
        self.counts[case.location.line] = len(found)
        return found


@dataclass
class _CountingStage(_Counting):
    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        assert isinstance(self.inner, ColumnStage)
        found, unsure = self.inner.columns(detail, scheme, fields)
        return Vetted(found.with_columns(pl.lit(True).alias("_later")), unsure)


def _stage(more: More | None) -> _Counting | None:
    if more is None:
        return None
    return _CountingStage(more) if isinstance(more, ColumnStage) else _Counting(more)


def _found(out: Outcome, chosen: pl.DataFrame, places: Places, col: int, scheme: Scheme,
           counts: dict[int, int]) -> Outcome:
    """`out` (renumbered) with `scheme-from-layout` for each project it scored (not the
    refused), after the project's own findings that sort before it (severity, line, code:
    `Result.findings`' order), before a later stage's."""
    c = pl.col
    projects = out.projects
    if "refused" in projects.columns:
        projects = projects.filter(~c("refused").fill_null(False))
    if not projects.height:
        return out
    laid = projects.select("pid", "first_line", "engine").join(chosen, on="pid", how="left")
    texts = laid.get_column("_bweight").unique().to_list()
    messages = {t: layout_finding(scheme, t, None) for t in texts}
    one = next(iter(messages.values()))
    new = laid.select(
        "pid", c("_bline").alias("line"), pl.lit(col, pl.Int64).alias("col"),
        pl.lit(one.code).alias("code"), pl.lit(one.severity).alias("severity"),
        pl.lit(one.indicator).alias("indicator"),
        c("_bweight").replace_strict({t: f.message for t, f in messages.items()},
                                     return_dtype=pl.String).alias("message"),
        pl.lit(SEVERITY_RANK[one.severity], pl.Int64).alias("rank"))
    new = new.with_columns(places.render(new).alias("place"), pl.lit(False).alias("_later"))
    # a row-engine project's last findings are the stage's (counted by its first line)
    staged = laid.filter(c("engine") == "rows").select(
        "pid", c("first_line").replace_strict(counts, default=0, return_dtype=pl.Int64)
        .alias("_n"))
    found = out.findings
    if "_later" not in found.columns:
        found = found.with_columns(pl.lit(None, pl.Boolean).alias("_later"))
    found = found.join(staged, on="pid", how="left", maintain_order="left").with_columns(
        (c("_later").fill_null(False) | (
            pl.int_range(pl.len()).over("pid") >= pl.len().over("pid") - c("_n").fill_null(0)
        )).alias("_later")).drop("_n")
    both = pl.concat([found, new], how="diagonal_relaxed").with_row_index("_made")
    own = ~c("_later")
    rank = c("severity").replace_strict(SEVERITY_RANK, default=0, return_dtype=pl.Int64)
    both = both.sort(["pid", "_later", pl.when(own).then(rank).otherwise(0),
                      pl.when(own).then(c("line").fill_null(0)).otherwise(0),
                      pl.when(own).then(c("code")).otherwise(pl.lit("")), "_made"],
                     nulls_last=True, maintain_order=True)
    return _replaced(out, findings=both.drop("_made", "_later"))


def _replaced(out: Outcome, **frames: pl.DataFrame) -> Outcome:
    return Outcome(frames.get("projects", out.projects), frames.get("rows", out.rows),
                   frames.get("findings", out.findings), out.fallback_rows, out.total_rows,
                   out.detail)


def with_scheme(out: Outcome, ref: str) -> Outcome:
    """`out` whose projects say their scheme (`scheme`), `ref` where none is said."""
    projects = out.projects
    if not projects.height:
        return out
    given = pl.col("scheme").fill_null(pl.lit(ref)) if "scheme" in projects.columns \
        else pl.lit(ref)
    return _replaced(out, projects=projects.with_columns(given.alias("scheme")))


def _renumbered(out: Outcome, pids: list[int]) -> Outcome:
    """`out`, scored on some projects of a frame, with their numbers in the whole frame
    (the `i`-th project of `out` is the `i`-th of `pids`: both in the order of first rows)."""
    old = list(range(len(pids)))

    def move(frame: pl.DataFrame) -> pl.DataFrame:
        if "pid" not in frame.columns or not frame.height:
            return frame
        return frame.with_columns(pl.col("pid").cast(pl.Int64).replace_strict(
            old, pids, default=None, return_dtype=pl.Int64))

    d = out.detail
    return Outcome(move(out.projects), move(out.rows), move(out.findings), out.fallback_rows,
                   out.total_rows, None if d is None else Detail(
                       move(d.rows), move(d.budget), move(d.projects), move(d.marks)))


def _merged(parts: list[Outcome]) -> Outcome:
    """The groups' outcomes as one: projects in their order, rows in line order, findings
    by project (those of no project last)."""
    def stacked(frames: list[pl.DataFrame]) -> pl.DataFrame:
        given = [f for f in frames if f.height or f.width]
        return pl.concat(given, how="diagonal_relaxed") if given else pl.DataFrame()

    projects = stacked([o.projects for o in parts])
    rows = stacked([o.rows for o in parts])
    found = stacked([o.findings for o in parts])
    return Outcome(
        projects.sort("pid", nulls_last=True, maintain_order=True) if projects.height
        else projects,
        rows.sort("line", maintain_order=True) if rows.height else rows,
        found.sort("pid", nulls_last=True, maintain_order=True) if found.height else found,
        sum(o.fallback_rows for o in parts), sum(o.total_rows for o in parts),
        Detail.stacked([o.detail for o in parts if o.detail is not None]))


def _whole(table: Table, kind: PlaceKind, more: More | None, explain: bool) -> Outcome:
    """A part read whole (`engine.columns.score_table_frame`): its frame, when the core
    reads the table (`score_laid`), else every case by the row engine, each under the
    scheme its layout names."""
    places = Places(table, kind)
    index = table.header.index
    frame = None if "level1" not in index or "initial_target" in index else table_frame(table)
    if frame is not None:
        return score_laid(frame, places, fields_of(table), more=more, explain=explain)
    whole = engine_frames(table, places, load_scheme(DEFAULT_SCHEME), DEFAULT_SCHEME,
                          more=more, choose=_choose)
    count = sum(1 for _ in table.rows())
    empty = pl.DataFrame()
    return with_scheme(Outcome(
        whole.projects if whole.projects is not None else empty,
        whole.rows if whole.rows is not None else empty,
        whole.findings if whole.findings is not None else pl.DataFrame(schema=FINDING_SCHEMA),
        count, count), DEFAULT_SCHEME)


def _choose(case: Case) -> tuple[Case, Scheme]:
    laid = scheme_by_layout(case)
    return laid, load_scheme(str(laid.scheme or DEFAULT_SCHEME))
