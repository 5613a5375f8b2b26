"""Read (XLSX): one workbook cell → the text a reader of the sheet sees.

The one cell-to-text reader of both XLSX paths: the flat table (`xlsxtable.py`,
read-only cells) and the official form (`formgrid.py`, full cells). Strings are
stripped (blank → None), booleans are 是/否, numbers are exact as the cell's
number format shows them, nothing rounded away: `300` formatted `0.00` is
`300.00`, `0.9` formatted `0.00%` is `90.00%` and formatted `0%` is `90%`, a
float is read from its shortest repr (`0.1 + 0.2` stays `0.30000000000000004`),
a whole float in `General` is shown whole (`5.0` → `5`). Dates are ISO
(`2023-12-31`); a date-time is its date unless it has a time of day and its
format shows one. A formula cell is read by its cached value (workbooks are
opened with `data_only=True`); one never calculated is blank.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..decimals import ENGINE_CONTEXT, fmt

_PLACES = re.compile(r"0\.(0+)")
_TIME_TOKENS = re.compile(r"h|s|am/pm", re.IGNORECASE)


def cell_text(value: Any, number_format: str | None = None) -> str | None:
    """What a reader of the sheet sees in a cell holding `value` (None when blank)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(value, number_format or "")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time() or not _shows_time(number_format or ""):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip() or None


def number_text(value: int | float, form: str) -> str:
    """A number cell as its format `form` shows it (`0.00%` → 12.50%), exactly: in a
    context as wide as the number (a 40-digit integer stays whole), whatever the
    caller's is. Places the format asks for are added, never taken away."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    percent = "%" in form
    if percent:
        wide = ENGINE_CONTEXT.copy()
        wide.prec = max(wide.prec, len(number.as_tuple().digits) + 2)
        number = number.scaleb(2, context=wide).normalize(context=wide)
    found = _PLACES.search(form)
    places = len(found.group(1)) if found else 0
    if not places:
        return (fmt(number) if isinstance(value, float) else format(number, "f")) + (
            "%" if percent else "")
    text = format(number, "f")
    shown = len(text) - text.index(".") - 1 if "." in text else 0
    if shown < places:  # the format's places are added as zeros, never rounded away
        text += ("" if shown else ".") + "0" * (places - shown)
    return text + "%" if percent else text


def _shows_time(form: str) -> bool:
    """Whether a number format shows a time of day (hours, seconds, AM/PM)."""
    return bool(_TIME_TOKENS.search(form))
