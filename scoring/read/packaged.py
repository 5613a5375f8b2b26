"""Read: the package's own data files (`scoring/data/*.yaml`), with libyaml when present.

Domain data (phrases, column names, message catalogues) lives in YAML inside the
package. These files are trusted, so they are read with the plain safe loader —
the C one when PyYAML was built with libyaml, which is several times faster and
matters for the start-up time of every command.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=32)
def data_file(name: str) -> Any:
    """The parsed content of `scoring/data/<name>` (cached; treat it as read-only)."""
    text = resources.files("scoring").joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)


def parse_data(text: str) -> Any:
    """Parse trusted YAML text with the fastest safe loader available."""
    return yaml.load(text, Loader=_LOADER)
