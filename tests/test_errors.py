"""errors.py: located diagnostics, their one printed form, and the typed errors."""

from __future__ import annotations

import pytest

from scoring.errors import (
    Diagnostic,
    EvaluationError,
    LoadError,
    Location,
    RenderError,
    ScoringError,
    UnknownSchemeError,
    format_diagnostic,
    raise_if_errors,
)


def _diag(message: str, severity: str = "error") -> Diagnostic:
    return Diagnostic(location=Location(file="a.yaml", line=3, col=4), message=message,
                      code="bad-value", indicator="协议金额", severity=severity)


def test_a_diagnostic_prints_as_one_line_with_its_place_row_and_code() -> None:
    assert format_diagnostic(_diag("坏\n值")) == "a.yaml:3:4: [协议金额] 坏\\n值 (bad-value)"


def test_a_cell_place_prints_as_sheet_and_cell() -> None:
    diag = Diagnostic(location=Location(file="b.xlsx", cell="自评表!H12"), message="m",
                      code="c")
    assert format_diagnostic(diag) == "b.xlsx:自评表!H12: m (c)"


def test_errors_raise_one_load_error_and_warnings_none() -> None:
    raise_if_errors([_diag("w", "warning")])  # a warning alone: nothing raised
    with pytest.raises(LoadError) as caught:
        raise_if_errors([_diag("first"), _diag("w", "warning"), _diag("second")])
    assert [d.message for d in caught.value.diagnostics] == ["first", "second"]


@pytest.mark.parametrize("error", [LoadError, UnknownSchemeError, EvaluationError, RenderError])
def test_every_error_is_a_scoring_error(error: type[Exception]) -> None:
    assert issubclass(error, ScoringError)
