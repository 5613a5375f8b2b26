"""The schema of `results_to_records`: a pyarrow schema, for Arrow, polars and Parquet.

    >>> import pyarrow as pa
    >>> from scoring import records_schema, results_to_records
    >>> table = pa.Table.from_pylist(results_to_records(results), schema=records_schema())
    >>> polars.from_arrow(table)  # doctest: +SKIP

pyarrow is optional (`pip install pyarrow`); it is imported when this function is
called, never by `import scoring`. The decimal columns are `decimal128(38, 6)`:
every score fits (a scheme has at most 6 places), and an amount with more than 6
decimals makes pyarrow refuse the table (`ArrowInvalid`) rather than round it.
"""

from __future__ import annotations

from typing import Any, Literal

from ..model.outcome import (
    AUDIT_COLUMNS,
    INDICATOR_COLUMNS,
    INTEGER_COLUMNS,
    NUMBER_COLUMNS,
    PROJECT_COLUMNS,
)
from .api import Numbers

DECIMAL_PRECISION, DECIMAL_SCALE = 38, 6


def records_schema(per: Literal["project", "indicator"] = "project", *, audit: bool = False,
                   numbers: Numbers = "decimal") -> Any:
    """The `pyarrow.Schema` of `results_to_records(results, per=per, numbers=numbers)`
    (`audit=True`: of audit results, with `AUDIT_COLUMNS`). Numbers are
    `decimal128(38, 6)`, `float64` or `string` as `numbers` says; counts and line
    numbers `int64`; the rest `string`; every column nullable."""
    import pyarrow as pa

    columns: tuple[str, ...]
    if per == "indicator":
        columns = INDICATOR_COLUMNS
    elif per == "project":
        columns = PROJECT_COLUMNS + (AUDIT_COLUMNS if audit else ())
    else:
        raise ValueError(f"per must be 'project' or 'indicator', not {per!r}")
    number = {"decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
              "float": pa.float64(), "str": pa.string()}[numbers]

    def kind(name: str) -> Any:
        if name in NUMBER_COLUMNS:
            return number
        return pa.int64() if name in INTEGER_COLUMNS else pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in columns])
