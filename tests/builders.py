"""Build cases in tests without files: rows as dicts → a loaded `Case`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.load.loader import case_from_inline
from scoring.model.case import Case, CaseFile


def make_case(rows: list[dict[str, Any]], *, scheme: str = "mof-2020",
              budget: dict[str, Any] | None = None, budget_weight: Any = None,
              year: int | None = 2023, reported: dict[str, Any] | None = None) -> Case:
    """An inline case from row dicts (keys of FORMATS.md §2 inline rows)."""
    data: dict[str, Any] = {"project": {"name": "测试项目", "year": year}, "scheme": scheme,
                            "indicators": rows}
    if budget is not None:
        data["budget"] = budget
    if budget_weight is not None:
        data["budget_execution"] = {"weight": budget_weight}
    if reported is not None:
        data["reported"] = reported
    return case_from_inline(CaseFile.model_validate(data), "<test>")


def row(name: str, comparator: str | None, target: Any, actual: Any, weight: Any = 10,
        **extra: Any) -> dict[str, Any]:
    """One inline row; numbers given as str become cell text, as in a real table."""
    out: dict[str, Any] = {"level1": "产出指标", "level2": "数量指标", "name": name,
                           "comparator": comparator, "target": target, "actual": actual,
                           "weight": Decimal(str(weight)) if isinstance(weight, int) else weight}
    out.update(extra)
    return out
