"""Load schemes (评分规则): built-in YAML data, user files that `extends:` them.

A scheme is data (its models: `model/scheme.py`). Built-in schemes live in
`scoring/schemes/*.yaml`; a user file names a built-in id or another file in
`extends:` and overrides keys (mappings merge, lists and scalars replace).
Chains are followed with cycle detection, up to MAX_EXTENDS links; the merged
result is validated (built-in schemes too: building them unvalidated saved
under 20% of start-up, README "Caches kept"), grade bands are checked for
gaps and overlaps, and a content hash identifies exactly what was applied.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, LoadError, Location, UnknownSchemeError
from ..model.case import Case
from ..model.scheme import Scheme
from ..read.bounded import relocated
from ..read.packaged import data_file
from ..read.source import YamlMap, parse_yaml, read_yaml
from .checks import SCHEME_CHECKS, run_checks
from .scheme_checks import SchemeSource
from .validation import diagnostics_from_validation

IDENTITY_KEYS = ("name", "version", "source")
MAX_EXTENDS = 16  # schemes in an `extends:` chain, beyond the first
DEFAULT_SCHEME: str = data_file("schemes.yaml")["default"]  # when nothing names one (mof-2020)


def builtin_ids() -> list[str]:
    """The ids of the built-in schemes, sorted."""
    return list(_builtin_ids())


@lru_cache(maxsize=1)
def _builtin_ids() -> tuple[str, ...]:
    folder = resources.files("scoring").joinpath("schemes")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def load_scheme(ref: str | Path, base: Path | None = None) -> Scheme:
    """A scheme by built-in id (`sichuan-2023`) or by file path (relative to `base`).

    A scheme file is read every time, so one edited while a process runs is read as it
    is now; a built-in scheme is package data, built once per process.
    """
    ref = str(ref)
    if ref in builtin_ids():
        return _builtin_scheme(ref)
    return _load_scheme(ref, base)


@cache
def _builtin_scheme(ref: str) -> Scheme:
    return _load_scheme(ref, None)


def _load_scheme(ref: str, base: Path | None) -> Scheme:
    data, origin = _merged(ref, base)
    body = {k: v for k, v in data.items() if k != "content_hash"}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                       default=str).encode()).hexdigest()
    try:
        scheme = Scheme.model_validate({**body, "content_hash": digest})
    except ValidationError as exc:
        raise LoadError(diagnostics_from_validation(exc, data, origin)) from None
    diagnostics = run_checks(SCHEME_CHECKS, SchemeSource(scheme, origin, data))
    if diagnostics:
        raise LoadError(diagnostics)
    return scheme


def _merged(ref: str, base: Path | None) -> tuple[YamlMap, Location]:
    """Read `ref` and everything it extends (in a loop, no recursion), merged; raise on
    cycles, chains longer than MAX_EXTENDS and bad refs, at the `extends:` naming them."""
    layers: list[YamlMap] = []
    keys: list[str] = []
    via: Location | None = None  # the `extends:` that named `ref`
    while True:
        data, key, here = _read_layer(ref, base, via)
        if key in keys:
            raise LoadError([Diagnostic(via or data.location, "extends 形成循环：" + " → ".join(
                _short(k) for k in [*keys, key]), "extends-cycle")])
        layers.append(data)
        keys.append(key)
        parent_ref = data.get("extends")
        if parent_ref is None:
            break
        via = data.value_locations["extends"]
        if not isinstance(parent_ref, str):
            raise LoadError([Diagnostic(via, "extends 必须是评分规则 id 或文件路径",
                                        "bad-extends")])
        if len(layers) > MAX_EXTENDS:
            raise LoadError([Diagnostic(via, f"extends 链过长（超过 {MAX_EXTENDS} 层）",
                                        "extends-too-deep")])
        ref, base = parent_ref, here
    merged = layers.pop()
    while layers:  # a child is another scheme: it does not take its parent's name
        for name in IDENTITY_KEYS:
            merged.pop(name, None)
        merged = _merge(merged, layers.pop())
    return merged, merged.location


def _read_layer(ref: str, base: Path | None,
                via: Location | None) -> tuple[YamlMap, str, Path | None]:
    """One scheme of a chain: (its data, its key for cycles, the folder of its `extends:`);
    named by `extends:` at `via`, a file it cannot read is reported there."""
    if ref in builtin_ids():
        text = resources.files("scoring").joinpath(f"schemes/{ref}.yaml").read_bytes()
        data = parse_yaml(text, f"<builtin>/{ref}.yaml")
        key, here = f"builtin:{ref}", None
    else:
        path = (base / ref) if base and not Path(ref).is_absolute() else Path(ref)
        if not path.suffix and not path.exists():
            message = f"未知的评分规则 '{ref}'（内置：{', '.join(builtin_ids())}）"
            if via is None:
                raise UnknownSchemeError(message)
            raise LoadError([Diagnostic(via, message, "unknown-scheme")])
        try:
            data = read_yaml(path)
        except LoadError as exc:
            raise relocated(exc, str(path), via) from None
        key, here = str(path.resolve()), path.parent
    if not isinstance(data, YamlMap):
        loc = getattr(data, "location", None) or Location(key)
        raise LoadError([Diagnostic(loc, "评分规则文件必须是映射（mapping）", "not-a-mapping")])
    return data, key, here


def _short(key: str) -> str:
    return key.removeprefix("builtin:") if key.startswith("builtin:") else Path(key).name


def _merge(parent: YamlMap, child: YamlMap) -> YamlMap:
    merged = YamlMap(parent)
    merged.location = child.location
    merged.key_locations = {**parent.key_locations, **child.key_locations}
    merged.value_locations = {**parent.value_locations, **child.value_locations}
    for key, value in child.items():
        old = parent.get(key)
        merged[key] = _merge(old, value) if (isinstance(old, YamlMap)
                                             and isinstance(value, YamlMap)) else value
    return merged


def content_hash(scheme: Scheme, indicator_set: BaseModel | None = None) -> str:
    """sha256 of the merged scheme and of the indicator set it was applied to."""
    if indicator_set is None:
        return scheme.content_hash
    body = json.dumps(indicator_set.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{scheme.content_hash}\n{body}".encode()).hexdigest()


def describe(scheme: Scheme) -> dict[str, Any]:
    """A short summary of a scheme for `scoring schemes`."""
    return {"id": scheme.id, "name": scheme.name, "version": scheme.version,
            "budget_weight": scheme.budget_weight, "places": scheme.places,
            "reverse": scheme.reverse, "grades": "/".join(g.label for g in scheme.grades)}


def scheme_by_layout(case: Case) -> Case:
    """A table case whose scheme nobody named (no `--scheme`, no footer) and whose printed
    预算执行率 weight is not the default scheme's budget weight but exactly one other
    built-in scheme's (湖北/云南 20 points: `hubei-2020`): the case under that scheme,
    marked `scheme_from_layout` (the finding `scheme-from-layout` [info] names it). Any
    other case is returned as it is."""
    spec = case.indicator_set.budget_execution
    laid = scheme_for_weight(spec.weight.number if spec is not None else None)
    if laid is None:
        return case
    return case.model_copy(update={"scheme": laid, "scheme_from_layout": True})


def scheme_for_weight(weight: Decimal | None) -> str | None:
    """The built-in scheme a printed 预算执行率 weight names (`scheme_by_layout`'s rule, also
    the columnar core's per project, `batch/layouts.py`): the one other than the default
    whose budget weight it is; None when it is the default's, no scheme's or several's."""
    if weight is None or load_scheme(DEFAULT_SCHEME).budget_weight == weight:
        return None
    matching = [i for i in builtin_ids() if load_scheme(i).budget_weight == weight]
    return matching[0] if len(matching) == 1 else None
