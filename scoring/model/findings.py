"""Findings (复核发现): the catalogue of codes, severities and messages, as data.

The catalogue lives in `data/findings.yaml` (Chinese and English). A finding
is made by code with its parameters; its message is rendered from the
catalogue in the language asked for, so `--lang en` needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from ..errors import Location, Severity
from ..read.packaged import data_file

Lang = Literal["zh", "en"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One finding code: its severity, meaning and message templates."""

    code: str
    severity: Severity
    meaning: dict[str, str]
    message: dict[str, str]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, CatalogueEntry]:
    """Every finding code, from `data/findings.yaml`."""
    raw = data_file("findings.yaml")
    return {code: CatalogueEntry(code, entry["severity"], entry["meaning"], entry["message"])
            for code, entry in raw.items()}


class Finding(NamedTuple):
    """Something questionable about a case, naming its row and place.

    A named tuple: findings are made in the engine's hot loop (a frozen dataclass
    costs three times as much to make).
    """

    code: str
    severity: Severity
    indicator: str
    params: tuple[tuple[str, str], ...]
    location: Location | None = None

    @property
    def message(self) -> str:
        """The message in Chinese."""
        return self.message_in("zh")

    def message_in(self, lang: Lang) -> str:
        template = catalogue()[self.code].message[lang]
        return template.format(**dict(self.params))

    def sort_key(self) -> tuple[int, int, str]:
        line = self.location.line if self.location else 0
        return (SEVERITY_ORDER[self.severity], line, self.code)


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = data_file("labels.yaml")
    return labels


def severity_label(severity: str, lang: Lang) -> str:
    """`警告` / `warning`: a severity as the findings block of a report names it."""
    label: str = _labels()[lang]["severity"][severity]
    return label


def findings_title(count: int, lang: Lang, *, line: bool = False) -> str:
    """`复核发现（3）` / `Findings (3)`, the heading of a report's findings block (`line`:
    with its colon, as a line of text)."""
    title: str = _labels()[lang]["findings_line" if line else "findings"]
    return title.format(count=count)


def report_label(key: str, lang: Lang, **params: object) -> str:
    """A label of labels.yaml in `lang` (`review`, `source` …), its {names} filled."""
    label: str = _labels()[lang][key]
    return label.format(**params) if params else label


@lru_cache(maxsize=1)
def _severities() -> dict[str, Severity]:
    return {code: entry.severity for code, entry in catalogue().items()}


def finding(code: str, name: str, location: Location | None = None, **params: object) -> Finding:
    """A finding of `code` about row `name`; `params` fill the message template.

    The parameters keep the order they are given in, after the row's name.
    """
    values = (("name", name), *[(k, v if type(v) is str else str(v)) for k, v in params.items()])
    return Finding(code, _severities()[code], name, values, location)
