"""engine/columns_distinct.py: texts of a few integer columns, worked out once per
distinct combination and looked up, read as those printed row by row."""

from __future__ import annotations

import random
from decimal import Decimal

import polars as pl

from scoring.decimals import fmt
from scoring.engine.columns_distinct import distinct_texts, packed_key
from scoring.engine.columns_format import fmt_scaled

N = 400


def _values() -> dict[str, tuple[dict[str, list[int | None]], bool]]:
    """Columns `s`, `w` and whether their texts are looked up (few distinct pairs)."""
    rng = random.Random(5)
    few: dict[str, list[int | None]] = {
        "s": [rng.choice([0, 150, 775, -25]) for _ in range(N)],
        "w": [rng.choice([5_000_000, 10_000_000]) for _ in range(N)]}
    sparse: dict[str, list[int | None]] = {  # offsets too wide: ranks
        "s": [rng.choice([-(10**30), 7, 10**30]) for _ in range(N)],
        "w": [rng.choice([1, 10**30]) for _ in range(N)]}
    many: dict[str, list[int | None]] = {"s": list(range(N)), "w": [5] * N}
    nulls: dict[str, list[int | None]] = {"s": [None, *few["s"][1:]], "w": few["w"]}
    return {"few": (few, True), "sparse": (sparse, True), "many": (many, False),
            "nulls": (nulls, False)}


def test_texts_looked_up_read_as_those_printed_per_row() -> None:
    for name, (values, looked) in _values().items():
        frame = pl.DataFrame(values, schema={"s": pl.Int128, "w": pl.Int128})
        lookup = distinct_texts(frame, ("s", "w"))
        assert ("_by" in lookup.frame.columns) is looked, name
        shown = lookup.frame.select(lookup.each(fmt_scaled(pl.col("s"), 2))) \
            .to_series().to_list()
        assert shown == [None if v is None else fmt(Decimal(v).scaleb(-2))
                         for v in values["s"]], name


def test_the_key_tells_the_combinations_apart() -> None:
    for name, (values, looked) in _values().items():
        if not looked:
            continue
        keyed = distinct_texts(pl.DataFrame(values, schema={"s": pl.Int128, "w": pl.Int128}),
                               ("s", "w")).frame
        pairs = list(zip(values["s"], values["w"], strict=True))
        keys = keyed.get_column("_by").to_list()
        assert len(set(keys)) == len(set(pairs)), name
        assert len(set(zip(pairs, keys, strict=True))) == len(set(pairs)), name


def test_no_rows_are_printed_per_row() -> None:
    frame = pl.DataFrame({"s": []}, schema={"s": pl.Int128})
    lookup = distinct_texts(frame, ("s",))
    assert lookup.frame.columns == ["s"]
    assert lookup.frame.select(lookup.each(fmt_scaled(pl.col("s"), 2))).height == 0


def test_a_packed_key_orders_as_its_columns_and_ranks_sparse_ones() -> None:
    """Offsets from each column's least value, column by column, order the rows as the
    columns do; a column too wide for them is ranked when asked, else there is no key."""
    frame = pl.DataFrame({"a": [3, -2, 3, 0], "b": [2**62, 5, -(2**62), 5]})
    assert packed_key(frame, ("a", "b")) is None  # b alone spans more than 63 bits
    key = packed_key(frame, ("a", "b"), ranked=True)
    assert key is not None
    packed = frame.select(key.alias("k")).get_column("k").to_list()
    assert sorted(range(4), key=packed.__getitem__) == sorted(
        range(4), key=lambda i: frame.row(i))
    assert packed_key(frame.with_columns(pl.lit(None, pl.Int64).alias("c")), ("a", "c")) is None
