"""Schemes (built-in): the package's own scheme files, built without validating them again.

The built-in schemes (`scoring/schemes/*.yaml`, merged along their `extends:`)
are data shipped inside the package, as trusted as its code. Each command that
scores needs one, and validating it would compile the validators of the
twelve scheme models first, a cost paid on every start; so they are built
here with `model_construct`, field by field, into exactly the objects
validation gives (the test suite validates every built-in scheme in full and
checks that the two are equal, value by value and type by type). The scheme
checks (grade bands, weights) still run on them. A user's scheme file, and
any that `extends:` a built-in one, is validated in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.name_direction import InferReverse
from ..model.scheme import (
    BudgetPolicy,
    DefaultShares,
    GradeBand,
    Phrases,
    Qualitative,
    QualitativeBands,
    QualitativePhrases,
    QuantitativePhrases,
    Scheme,
    TargetTooLow,
)
from ..read.source import YamlMap


def _band(data: YamlMap) -> GradeBand:
    return GradeBand.model_construct(**data, location=data.location,
                                     field_locations=data.value_locations)


def _phrases(data: Mapping[str, Any]) -> Phrases:
    quantitative, qualitative = data["quantitative"], data["qualitative"]
    return Phrases.model_construct(
        quantitative=QuantitativePhrases.model_construct(
            met=tuple(quantitative["met"]), unmet=tuple(quantitative["unmet"])),
        qualitative=QualitativePhrases.model_construct(
            achieved=tuple(qualitative["achieved"]), partial=tuple(qualitative["partial"]),
            unmet=tuple(qualitative["unmet"])))


def trusted_scheme(data: Mapping[str, Any], content_hash: str) -> Scheme:
    """The `Scheme` of a built-in scheme's merged data, as validation would build it."""
    values = dict(data)
    values["places"] = int(values["places"])
    values["grades"] = tuple(_band(band) for band in values["grades"])
    for key, model in (("budget", BudgetPolicy), ("target_too_low", TargetTooLow)):
        if key in values:
            values[key] = model.model_construct(**values[key])
    qualitative = values["qualitative"]
    values["qualitative"] = Qualitative.model_construct(
        bands=QualitativeBands.model_construct(**qualitative["bands"]),
        default_shares=DefaultShares.model_construct(**qualitative["default_shares"]))
    values["phrases"] = _phrases(values["phrases"])
    if "infer_reverse" in values:
        infer: dict[str, Any] = dict(values["infer_reverse"])
        if "words" in infer:
            infer["words"] = tuple(infer["words"])
        values["infer_reverse"] = InferReverse.model_construct(**infer)
    return Scheme.model_construct(**values, content_hash=content_hash)
