"""scheme_builtin.py: a built-in scheme built without validation is what validation builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from scoring import builtin_ids, load_scheme

OWN = {"name", "version", "extends", "source", "content_hash"}  # a scheme file's own fields


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where `a` and `b` differ in value or in type, model field by field."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} ≠ {type(b).__name__}"]
    if isinstance(a, BaseModel):
        return [d for f in type(a).model_fields for d in
                _differences(getattr(a, f), getattr(b, f), f"{path}.{f}")]
    if isinstance(a, (tuple, list)):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items ≠ {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _differences(x, y, f"{path}[{i}]")]
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys differ"]
        return [d for k in a for d in _differences(a[k], b[k], f"{path}.{k}")]
    return [] if a == b else [f"{path}: {a!r} ≠ {b!r}"]


@pytest.mark.parametrize("scheme_id", builtin_ids())
def test_a_built_in_scheme_equals_the_validated_one_value_by_value_and_type_by_type(
        tmp_path: Path, scheme_id: str) -> None:
    file = tmp_path / "same.yaml"
    file.write_text(f"extends: {scheme_id}\n", "utf-8")  # validated in full, changing nothing
    trusted, validated = load_scheme(scheme_id), load_scheme(str(file))
    assert [d for d in _differences(trusted, validated)
            if d.split(":")[0].split(".")[1] not in OWN] == []
