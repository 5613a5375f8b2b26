"""optional.py: the library of an optional reader, or one diagnostic naming its extra."""

from __future__ import annotations

import pytest

from scoring.errors import LoadError
from scoring.read import optional


def test_a_missing_library_is_one_located_diagnostic_naming_the_extra(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(optional.importlib, "import_module", absent)
    with pytest.raises(LoadError) as caught:
        optional.require(".pdf", "表.pdf")
    [diag] = caught.value.diagnostics
    assert (str(diag.location), diag.code) == ("表.pdf", "missing-dependency")
    assert diag.message == "读取 .pdf 需要 pdfplumber：pip install 'scoring[pdf]'"


def test_each_suffix_is_read_by_its_library(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def installed(name: str) -> object:
        asked.append(name)
        return name

    monkeypatch.setattr(optional.importlib, "import_module", installed)
    assert [optional.require(s, "f") for s in (".docx", ".pdf", ".xls")] == [
        "docx", "pdfplumber", "xlrd"]
    assert asked == ["docx", "pdfplumber", "xlrd"]
