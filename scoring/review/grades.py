"""Audit grades: when two grade labels name the same band, and the precision an audit reads.

The audit's data (`data/audit.yaml`): grade synonyms (优 and 优秀 are one band),
the cap on the decimal places a published score is compared at (RULES.md §5),
and the form cells its workbook marks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..read.cells import normalize
from ..read.packaged import data_file


@lru_cache(maxsize=1)
def audit_policy() -> dict[str, Any]:
    """The audit's data (`data/audit.yaml`): grade synonyms, precision cap, form cells."""
    data: dict[str, Any] = data_file("audit.yaml")
    return data


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, int]:
    return {normalize(label): i for i, group in enumerate(audit_policy()["grade_synonyms"])
            for label in group}


def max_places() -> int:
    """The most decimal places a published score is compared at."""
    return int(audit_policy()["max_places"])


def same_grade(a: str, b: str) -> bool:
    """Two grade labels name the same band (equal, or synonyms in data/audit.yaml)."""
    na, nb = normalize(a), normalize(b)
    groups = _synonyms()
    return na == nb or (na in groups and groups.get(na) == groups.get(nb))
