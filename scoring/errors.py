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


class MissingDependencyError(LoadError, RenderError):
    """openpyxl is not installed: one `missing-dependency` diagnostic at the output.

    A `LoadError` (the CLI prints its diagnostic, exit 1) and a `RenderError` (what
    the XLSX renderers raised for it before)."""


class ExpressionError(ScoringError, ValueError):
    """An expression that is not allowed; `offset` is the 0-based character in the text.

    Also a `ValueError`, as it was before it moved here."""

    def __init__(self, message: str, offset: int = 0, code: str = "bad-expression") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code


class OutputError(ScoringError):
    """An output file could not be written (`report.output`)."""


class UsageError(ScoringError):
    """A command line that cannot run (exit 2), e.g. a batch whose output is an input."""


class WorkerLost(ScoringError):
    """A worker process ended without replying (killed by a signal, out of memory)."""


class Unusual(ScoringError):
    """What a fast path leaves to the plain one: a scheme whose numbers the columnar
    core cannot hold exactly (the row engine scores it all)."""


class PrologStop(ScoringError):
    """The scan of an XML member's prolog stops (`read.zipguard`): at a DOCTYPE or
    entity declaration (`doctype` true), or where the root element starts."""

    def __init__(self, doctype: bool) -> None:
        super().__init__("DOCTYPE" if doctype else "root")
        self.doctype = doctype


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    """Raise one `LoadError` with every error-severity diagnostic, if any."""
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise LoadError(errors)
