"""report/__init__.py: the registry of renderers — one result, many results, audits."""

from __future__ import annotations

import json

import pytest
from conftest import SEED

from scoring import audit, evaluate, load_case
from scoring.errors import RenderError
from scoring.report import BINARY_FORMATS, RENDERERS, render, render_audits, render_many


def test_every_format_renders_and_only_xlsx_is_bytes() -> None:
    result = evaluate(load_case(SEED))
    for format in RENDERERS:
        out = render(result, format)
        assert isinstance(out, bytes) == (format in BINARY_FORMATS), format


def test_an_unknown_format_is_a_render_error_naming_the_known_ones() -> None:
    with pytest.raises(RenderError, match="未知的输出格式 'pdf'（可用：text, markdown"):
        render(evaluate(load_case(SEED)), "pdf")
    with pytest.raises(RenderError, match="没有可复核的项目"):
        render_audits([], "text")


def test_many_results_are_one_json_list_or_texts_one_after_another() -> None:
    result = evaluate(load_case(SEED))
    assert json.loads(render_many([result, result], "json")) == [
        json.loads(render(result, "json"))] * 2
    one = render(result, "text")
    assert render_many([result, result], "text") == one + "\n" + one


def test_audits_render_in_each_audit_format() -> None:
    item = audit(load_case(SEED))
    assert isinstance(render_audits([item], "text"), str)
    assert json.loads(render_audits([item], "json"))  # type: ignore[arg-type]
    assert render_audits([item], "xlsx")[:2] == b"PK"  # type: ignore[index]
