"""Derivations (columns): each row's `explain`, as the row engine writes it, as columns (#14).

The row engine writes a row's derivation as it scores it: the formula's text
(`formulas.py`: `positive`, `REVERSE`, `EQUAL`; `row_kinds.py`: a blank actual,
a phrase against a number target, a 定性 row), then `row._finish` ends it with
the score at the scheme's places unless it already ends with `→ score`. Here
the same texts are built with string expressions over the core's scaled
integers (`columns_rows.py`: `mode`, `comp`, `W`, `A`, `T`, `score`, `verdict`,
`tier`), every number printed as `decimals.fmt`, `fmt_exact` and `fmt_places`
print it.

`fmt_exact` prints the engine's unrounded quotient, worked out in 34-digit
decimals: `= x` when it has at most 6 decimals, else `≈` and the quotient
rounded half up to 6. The core works the exact quotient out in Int128; where
the engine's 34 digits could print another text (a quotient within 10^-18 of
a 6-decimal number or of a tie at the 7th decimal; a linear or exact `=`
formula whose inner quotient does not end, `(a − t) ÷ t`, but whose result
is a 6-decimal number), `explain_ok` is false and the project goes to the row
engine, whose text is the reference.

The texts are the row engine's own: both fill the same templates of
data/derivations.yaml (`formulas`, `kinds`), the row engine with `str.format`, this
module a field at a time with a column (`_pieces`), so each phrase has one definition;
tests/engine/test_columns_explain.py (every branch, three schemes) and the differential
test compare the two texts. The rows are partitioned by which text is theirs, so each
text is built on its own rows only.
"""

from __future__ import annotations

from functools import lru_cache
from string import Formatter
from typing import NamedTuple

import polars as pl

from ..model.scheme import Scheme
from .columns_cells import near_tie, scheme_int
from .columns_format import I128, fixed_scaled, fmt_scaled, half_up
from .formulas import FIELDS, KINDS, WORDS
from .row_kinds import TIER_LABEL

Piece = pl.Expr | str
TIE = 10**18  # a quotient this close (in its last place) to a 6-decimal value or a tie
TERMINATES = 10**20  # an inner quotient with at most 20 decimals is exact in 34 digits
c = pl.col
W, A, T = (c(n).cast(I128) for n in ("W", "A", "T"))
a, t, w = (fmt_scaled(c(n), 6) for n in ("A", "T", "W"))  # as `fmt` prints them
Q = c("_q")  # the unrounded quotient as `fmt_exact` prints it
_POS = WORDS["positive"]


class Branch(NamedTuple):
    """One text of the row engine: its pieces, how it ends (`w`: with the weight, `0`:
    with 0, else with a number `_finish` follows with the score) and, for a quotient,
    (numerator, denominator) of it × 10^6 and whether an inner quotient ends."""

    pieces: tuple[Piece, ...]
    tail: str = ""
    quotient: tuple[pl.Expr, pl.Expr, pl.Expr | None] | None = None


def _terminates(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Whether num ÷ den (den > 0) has at most 20 decimals."""
    return (num.abs() * TERMINATES) % den == 0


@lru_cache(maxsize=128)
def _parsed(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template's literal texts, each with the field after it (None at the end)."""
    return tuple((text, field) for text, field, _, _ in Formatter().parse(template))


def _pieces(template: str, **fields: Piece | tuple[Piece, ...]) -> tuple[Piece, ...]:
    """A derivation's template (data/derivations.yaml, as the row engine fills it) as
    pieces: its texts, and the columns (or texts) in place of its fields; adjacent texts
    joined, so the expression is no longer than one written by hand."""
    out: list[Piece] = []
    for text, field in _parsed(template):
        value = fields[field] if field is not None else ()
        for piece in (text, *(value if isinstance(value, tuple) else (value,))):
            if isinstance(piece, str) and out and isinstance(out[-1], str):
                out[-1] += piece
            elif not isinstance(piece, str) or piece:
                out.append(piece)
    return tuple(out)


def _positive(explain: str | None = None) -> list[tuple[pl.Expr, Branch]]:
    """F2 (`formulas.positive`), inside the text `explain` (`as_positive`'s)."""
    def text(template: str) -> tuple[Piece, ...]:
        pieces = _pieces(template, a=a, t=t, w=w, q=Q)
        return pieces if explain is None else _pieces(explain, explain=pieces)
    return [(A >= T, Branch(text(_POS["met"]), "w")),
            (T <= 0, Branch(text(_POS["zero_target"]), "w")),
            (A <= 0, Branch(text(_POS["not_positive"]), "0")),
            (pl.lit(True), Branch(text(_POS["share"]), "", (W * A, T, None)))]


def _zero_target() -> list[tuple[pl.Expr, Branch]]:
    """F4 with t ≤ 0 (`formulas._zero_target`)."""
    zero = WORDS["zero_target"]
    return [(A <= 0, Branch(_pieces(zero["met"], a=a, t=t, w=w), "w")),
            (pl.lit(True), Branch(_pieces(zero["unmet"], a=a, t=t), "0"))]


def _formulas(scheme: Scheme) -> list[tuple[pl.Expr, list[tuple[pl.Expr, Branch]]]]:
    """The straight rows' texts by comparator (F2–F4, the scheme's `reverse`, `equal`)."""
    words = WORDS[scheme.reverse]
    met = Branch(_pieces(words["met"], a=a, t=t, w=w), "w")
    if scheme.reverse == "ratio":
        reverse = [(A <= T, met), (T <= 0, Branch(_pieces(words["zero_target"], a=a, t=t), "0")),
                   (pl.lit(True), Branch(_pieces(words["share"], a=a, t=t, w=w, q=Q), "",
                                         (W * T, A, None)))]
    else:
        reverse = [(A <= T, met),
                   ((T <= 0) | (A >= 2 * T), Branch(_pieces(words["double"], a=a, t=t), "0")),
                   (pl.lit(True), Branch(_pieces(words["share"], a=a, t=t, w=w, q=Q), "",
                                         (W * (2 * T - A), T, _terminates(A - T, T))))]
    if scheme.equal == "as_positive":
        equal = [((T == 0) & (A <= 0), _zero_target()[0][1]), (T == 0, _zero_target()[1][1]),
                 *_positive(WORDS["as_positive"])]
    else:
        gap = (A - T).abs()
        exact = WORDS["exact"]
        equal = [(A == T, Branch(_pieces(exact["met"], a=a, t=t, w=w), "w")),
                 ((T <= 0) & (A <= 0), _zero_target()[0][1]), (T <= 0, _zero_target()[1][1]),
                 (pl.lit(True), Branch(_pieces(exact["share"], a=a, t=t, w=w, q=Q), "",
                                       (W * (T - gap), T, _terminates(gap, T))))]
    comp = c("comp")
    return [(comp.is_in(["≥", ">"]), _positive()), (comp.is_in(["≤", "<"]), reverse),
            (comp == "=", equal)]


def _kinds(scheme: Scheme) -> list[tuple[pl.Expr, Branch]]:
    """A blank actual, a 定性 row, a phrase against a number target (`row_kinds.py`)."""
    shares = scheme.qualitative.default_shares
    tier = c("tier")
    share = tier.replace_strict({k: scheme_int(getattr(shares, k)) for k in TIER_LABEL},
                                default=0, return_dtype=I128)
    label = tier.replace_strict(TIER_LABEL, default="", return_dtype=pl.String)
    raw = fmt_scaled(W * share, 14)  # w × share ÷ 100, exact
    actual, mode = c("actual"), c("mode")
    verdict = KINDS["verdict"]
    return [
        (mode == "missing", Branch(_pieces(KINDS["missing"], why=KINDS["missing_why"]), "0")),
        ((mode == "qual") & tier.is_null(), Branch(_pieces(KINDS["unplaced"], text=actual), "0")),
        (mode == "qual", Branch(_pieces(KINDS["qualitative"], text=actual, tier=label,
                                        share=fmt_scaled(share, 6), w=w, raw=raw))),
        ((mode == "text") & c("verdict").is_null(),
         Branch(_pieces(KINDS["unreadable"], field=FIELDS["actual"], text=actual), "0")),
        ((mode == "text") & (c("verdict") == "met"),
         Branch(_pieces(KINDS["text_actual"], text=actual, verdict=verdict["met"], w=w), "w")),
        (mode == "text", Branch(_pieces(KINDS["text_actual"], text=actual,
                                        verdict=verdict["unmet"], w="0"), "0"))]


def _branches(scheme: Scheme) -> list[tuple[pl.Expr, Branch]]:
    """Every text of a row the core takes, each with when it is the row's (the first
    that holds)."""
    straight = c("mode") == "straight"
    out = [(straight & comp & cond, br) for comp, branches in _formulas(scheme)
           for cond, br in branches]
    return out + _kinds(scheme)


def _written(part: pl.DataFrame, branch: Branch, places: int) -> pl.DataFrame:
    """The rows of one text: the text (ended by the score as `row._finish` ends it) and
    whether the core is sure of it."""
    ok: pl.Expr = pl.lit(True)
    if branch.quotient is not None:
        num, den, inner = branch.quotient
        n, d = num.alias("_n"), den.alias("_d")
        part = part.with_columns(n, d)
        n, d = c("_n"), c("_d")
        rest = n % d
        part = part.with_columns(
            pl.when(n <= 0).then(pl.lit("= 0"))  # max(0, …) of `equal_exact`
            .when(rest == 0).then(pl.lit("= ") + fmt_scaled(n // d, 6))
            .otherwise(pl.lit("≈ ") + fmt_scaled(half_up(n, d), 6)).alias("_q"))
        near_value = (rest > 0) & ((rest * TIE < d) | ((d - rest) * TIE < d))
        unsure = (n > 0) & (near_value | near_tie(n, d))
        if inner is not None:  # 6 decimals from an inner quotient that does not end: the
            unsure = unsure | ((n > 0) & (rest == 0) & ~inner)  # engine's 1.999… or 2.000…1
        ok = ~unsure.fill_null(True)
    text = pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in branch.pieces])
    score = c("score")
    if branch.tail == "0":
        done: pl.Expr = pl.lit(True)
    elif branch.tail == "w":  # `→ w` is `→ score` when w has no more decimals than places
        done = W * 10**places % 10**6 == 0
    else:
        done = pl.lit(False)
    ended = pl.when(done).then(text).otherwise(
        pl.concat_str([text, pl.lit(" → "), fixed_scaled(score, places)]))
    return part.select("_i", ended.alias("explain"), ok.alias("explain_ok"))


def explain_rows(rows: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """`rows` (scored by `columns_rows.score_rows`) with `explain`, the row engine's
    derivation of each row the core takes (null for any other), and `explain_ok`: false
    where the core cannot be sure of the text, and then `taken` false (its project goes to
    the row engine). Each text is written on its own rows only."""
    if rows.height == 0:
        return rows.with_columns(pl.lit(None, pl.String).alias("explain"),
                                 pl.lit(True).alias("explain_ok"))
    branches = _branches(scheme)
    which: pl.Expr = pl.lit(None, pl.Int32)
    for k in reversed(range(len(branches))):
        which = pl.when(branches[k][0]).then(pl.lit(k, pl.Int32)).otherwise(which)
    work = rows.select("mode", "comp", "W", "A", "T", "score", "actual", "tier", "verdict") \
        .with_row_index("_i").with_columns(which.alias("_b"))
    parts = [part.select("_i", pl.lit(None, pl.String).alias("explain"),
                         pl.lit(True).alias("explain_ok")) if key[0] is None
             else _written(part.drop("_b"), branches[key[0]][1], scheme.places)
             for key, part in work.partition_by("_b", as_dict=True).items()]
    written = pl.concat(parts).sort("_i")  # every row once: back in the rows' order
    ok = written.get_column("explain_ok")
    return rows.with_columns(written.get_column("explain"), ok, c("taken") & ok)
