"""Errors and diagnostics: one shape for every problem found in an input file.

A `Diagnostic` is a problem at a place (`file:line:col` or `Sheet!H12`); the
loader collects them and raises one `LoadError` carrying all of them. Misuse of
the API raises the other `ScoringError` subclasses. `format_diagnostic` is the
only formatter, so the CLI, the tests and the docs print the same line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .terminal import visible

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something was read: a file and a 1-based line and column, or a cell.

    `cell` is set for spreadsheet input (``Sheet1!H12``); then `line`/`col`
    may be 0.
    """

    file: str
    line: int = 0
    col: int = 0
    cell: str = ""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


UNKNOWN = Location("<unknown>")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem in an input file, at a place."""

    location: Location
    message: str
    code: str = "invalid"
    indicator: str = ""
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.location.file, self.location.line, self.location.col,
                self.location.cell, self.message)

    def __str__(self) -> str:
        return format_diagnostic(self)


def format_diagnostic(diag: Diagnostic) -> str:
    """`file:line:col: [indicator] message (code)`, the one printed form: always one
    line, whatever the file name, indicator or message holds (a newline, a carriage
    return, an ESC sequence is printed as its escape, `terminal.visible`)."""
    where = f"[{diag.indicator}] " if diag.indicator else ""
    return visible(f"{diag.location}: {where}{diag.message} ({diag.code})")


class ScoringError(Exception):
    """Base of every error this package raises on purpose."""


class LoadError(ScoringError):
    """An input could not be loaded; `.diagnostics` says everything that is wrong."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=Diagnostic.sort_key))
        super().__init__("\n".join(format_diagnostic(d) for d in self.diagnostics))


class UnknownSchemeError(ScoringError):
    """A scheme id that is neither built in nor a file."""


class EvaluationError(ScoringError):
    """The API was called with objects that do not belong together."""


class RenderError(ScoringError):
    """A renderer was asked for a format it does not know, or cannot write."""


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    """Raise one `LoadError` with every error-severity diagnostic, if any."""
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise LoadError(errors)
