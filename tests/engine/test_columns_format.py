"""engine/columns_format.py: scaled integers printed as `decimals.fmt`, messages."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from scoring.decimals import fmt, percent
from scoring.engine.columns_format import (
    FINDING_SCHEMA,
    fields,
    findings,
    fixed_scaled,
    fmt_scaled,
    fmt_values,
    half_up,
    percent_of,
    sort_findings,
    text_of,
)
from scoring.model.findings import catalogue


def _eval(expr: pl.Expr, **cols: list[int]) -> list[object]:
    return pl.DataFrame(cols, schema={k: pl.Int64 for k in cols}).select(expr)\
        .to_series().to_list()


def test_half_up_rounds_ties_away_from_zero() -> None:
    got = _eval(half_up(pl.col("n"), pl.col("d")),
                n=[5, 15, 25, -5, -15, 4, 6, 0], d=[10, 10, 10, 10, 10, 10, 10, 10])
    assert got == [1, 2, 3, -1, -2, 0, 1, 0]


def test_half_up_does_not_overflow_int64_products() -> None:
    big = 9_000_000_000_000_000_000  # near the Int64 limit: 2·n would overflow there
    got = _eval(half_up(pl.col("n"), pl.col("d")), n=[big], d=[2])
    assert got == [big // 2]


def test_a_column_prints_as_fmt_scaled_whether_its_values_repeat_or_not() -> None:
    few = pl.Series([98_500_000, -1, None, 0, 12_000_000] * 20, dtype=pl.Int128)
    many = pl.Series(range(-50, 50), dtype=pl.Int64)  # mostly distinct: printed per row
    close = pl.Series([775, None, 0, 1000, -25, 150] * 20, dtype=pl.Int128)  # by offset
    for values in (few, many, close, pl.Series([None] * 8, dtype=pl.Int64)):
        want = values.to_frame("v").select(fmt_scaled(pl.col("v"), 6)).to_series()
        assert fmt_values(values, 6).to_list() == want.to_list()
    assert fmt_values(few, 6).head(5).to_list() == ["98.5", "-0.000001", None, "0", "12"]


def test_numbers_print_as_fmt_prints_the_decimal() -> None:
    values = [98_500_000, -1, 0, 12_000_000, -120_000_000]
    got = _eval(fmt_scaled(pl.col("v"), 6), v=values)
    assert got == [fmt(Decimal(v).scaleb(-6)) for v in values] == \
        ["98.5", "-0.000001", "0", "12", "-120"]
    assert _eval(fixed_scaled(pl.col("v"), 2), v=[5, -5, 1200, 0]) == \
        ["0.05", "-0.05", "12.00", "0.00"]
    assert _eval(fmt_scaled(pl.col("v"), 0), v=[7, -7]) == ["7", "-7"]


def test_percent_of_is_decimals_percent_with_half_up_ties() -> None:
    nums, dens = [1, 2, 1, 1], [3, 3, 8, 80000]
    got = _eval(percent_of(pl.col("n"), pl.col("d")), n=nums, d=dens)
    assert got == [percent(Decimal(n) / Decimal(d)) for n, d in zip(nums, dens, strict=True)]
    assert got == ["33.33%", "66.67%", "12.50%", "0.00%"]
    assert _eval(percent_of(pl.col("n"), pl.col("d")), n=[1], d=[16000]) == ["0.01%"]  # .00625


def test_text_of_a_scheme_literal() -> None:
    assert [text_of(Decimal(t)) for t in ("10.50", "-0.0", "100", "0.125")] == \
        ["10.5", "0", "100", "0.125"]


def test_findings_are_rows_with_the_catalogue_severity_and_are_sorted_as_results() -> None:
    code = "missing-actual"
    frame = pl.DataFrame({"pid": [2, 1, 1], "line": [5, 7, 3], "hit": [True, True, False],
                          "n": ["人数", "合格率", "满意度"]})
    plan = findings(frame, pl.col("hit"), code, "row", pl.col("line"), pl.lit(4), pl.col("n"),
                    name=pl.col("n"))
    out = plan.collect()
    assert out["line"].to_list() == [5, 7]
    assert out["indicator"].to_list() == ["人数", "合格率"]
    template = catalogue()[code].message["zh"]
    assert out["message"].to_list() == [template.format(name="人数"),
                                        template.format(name="合格率")]
    assert set(out["severity"]) == {catalogue()[code].severity}
    assert set(out["code"]) == {code} and set(out["col"]) == {4}
    assert out["params"].to_list() == [[], []]  # its template has no field but the name
    ordered = sort_findings(plan)
    assert ordered.columns == [*FINDING_SCHEMA, "params"]
    assert ordered["pid"].to_list() == [1, 2]


def test_a_finding_carries_what_its_message_was_filled_with_in_the_template_order() -> None:
    code = "reason-missing"
    assert fields(code) == ("score", "weight")
    frame = pl.DataFrame({"pid": [1], "line": [5], "n": ["合格率"], "s": [7]})
    out = findings(frame, pl.lit(True), code, "row", pl.col("line"), pl.lit(4), pl.col("n"),
                   name=pl.col("n"), weight="10", score=pl.col("s")).collect()
    assert out["params"].to_list() == [["7", "10"]]
    assert out["message"].to_list() == [
        catalogue()[code].message["zh"].format(name="合格率", score="7", weight="10")]


def test_sort_findings_orders_by_project_severity_line_code_then_as_made() -> None:
    rows = [(1, 9, "warning", "reason-missing", "a"), (1, 9, "warning", "missing-actual", "b"),
            (0, 5, "info", "target-possibly-too-low", "c"), (1, 2, "info", "text-actual", "d"),
            (0, 7, "warning", "reason-missing", "e"), (1, 9, "warning", "missing-actual", "f")]
    frame = pl.DataFrame(
        [(pid, line, 0, code, sev, "x", msg, 0) for pid, line, sev, code, msg in rows],
        schema=FINDING_SCHEMA, orient="row")
    want = ["e", "c", "b", "f", "a", "d"]  # by pid, severity, line, code; ties as made
    assert sort_findings(frame)["message"].to_list() == want
    assert sort_findings(frame.lazy())["message"].to_list() == want


def test_numbers_print_exactly_up_to_38_digits_and_beyond_are_refused() -> None:
    import random
    from decimal import localcontext

    import pytest
    from polars.exceptions import InvalidOperationError

    rng = random.Random(14)
    values = [0, 1, -1, 10**37, 10**38 - 1, -(10**38 - 1)] + [
        rng.choice((1, -1)) * rng.randrange(10 ** rng.randint(1, 38)) for _ in range(300)]
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.Int128)})
    with localcontext() as ctx:
        ctx.prec = 80
        for digits in (0, 1, 2, 6, 14):
            shown = [Decimal(v).scaleb(-digits) for v in values]
            assert frame.select(fmt_scaled(pl.col("v"), digits)).to_series().to_list() == \
                [fmt(d) for d in shown]
            assert frame.select(fixed_scaled(pl.col("v"), digits)).to_series().to_list() == \
                [format(d, "f") for d in shown]
    with pytest.raises(InvalidOperationError):  # never a wrong text
        _eval(fmt_scaled(pl.col("v").cast(pl.Int128) * 10**20, 6), v=[10**18])


def test_sort_findings_on_one_composite_key_orders_as_the_five_keys() -> None:
    import random

    rng = random.Random(7)
    codes = sorted(catalogue())
    made = [(rng.randrange(30), rng.choice([None, *range(1, 60)]) if i % 50 == 0 else
             rng.randrange(1, 60), 0, rng.choice(codes), rng.choice(["error", "warning", "info"]),
             "x", str(i), rng.randrange(4)) for i in range(2000)]
    for rows in (made, [r for r in made if r[1] is not None]):  # a null line: the five keys
        frame = pl.DataFrame(rows, schema=FINDING_SCHEMA, orient="row")
        ranks = {"error": 0, "warning": 1, "info": 2}
        want = sorted(range(len(rows)), key=lambda i: (
            rows[i][0], ranks[rows[i][4]], -1 if rows[i][1] is None else rows[i][1],
            rows[i][3], rows[i][7]))  # Python's sort is stable: ties as made
        assert sort_findings(frame)["message"].to_list() == [str(i) for i in
                                                             (int(rows[j][6]) for j in want)]


def test_findings_by_distinct_values_read_as_those_made_row_by_row() -> None:
    import random

    rng = random.Random(5)
    code = "reason-missing"
    n = 400
    few = {"s": [rng.choice([0, 150, 775, -25]) for _ in range(n)],
           "w": [rng.choice([5_000_000, 10_000_000]) for _ in range(n)]}
    sparse = {"s": [rng.choice([-(10**30), 7, 10**30]) for _ in range(n)],  # offsets too wide
              "w": [rng.choice([1, 10**30]) for _ in range(n)]}
    many = {"s": list(range(n)), "w": [5] * n}  # mostly distinct: printed per row
    nulls = {"s": [None, *few["s"][1:]], "w": few["w"]}
    for values in (few, sparse, many, nulls):
        frame = pl.DataFrame({"pid": [i // 7 for i in range(n)], "line": range(2, n + 2),
                              "n": [rng.choice(["合格率", "人数"]) for _ in range(n)],
                              "hit": [i % 5 != 0 for i in range(n)], **values},
                             schema_overrides={"s": pl.Int128, "w": pl.Int128})
        made = {}
        for by in ((), ("s", "w")):
            made[by] = findings(frame, pl.col("hit"), code, "row", pl.col("line"), pl.lit(4),
                                pl.col("n"), by=by, name=pl.col("n"),
                                score=fmt_scaled(pl.col("s"), 2),
                                weight=fmt_scaled(pl.col("w"), 6)).collect()
        assert made[()].equals(made[("s", "w")])
        assert made[()].height == n - n // 5
