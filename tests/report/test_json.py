"""json.py: the stable JSON result (FORMATS.md §6): decimals as exact strings."""

from __future__ import annotations

import json

from builders import make_case, row
from conftest import SEED

from scoring import evaluate, load_case
from scoring.report.json import render_json, result_to_dict


def test_numbers_are_exact_decimal_strings_and_rows_keep_their_inputs() -> None:
    data = result_to_dict(evaluate(load_case(SEED)))
    assert (data["total"], data["grade"]) == ("97.7", "优秀")
    first = data["indicators"][0]
    assert {k: first[k] for k in ("name", "comparator", "target", "actual", "weight", "score",
                                  "status", "explain")} == {
        "name": "招引项目个数", "comparator": "≥", "target": "16", "actual": "21",
        "weight": "10", "score": "10.0", "status": "met", "explain": "21 ≥ 16 → 10"}


def test_render_json_is_the_dict_as_text_and_findings_carry_their_codes() -> None:
    result = evaluate(make_case([row("甲", "≥", "10", None, 10), row("乙", "≥", "1", "1", 90)]))
    text = render_json(result)
    assert json.loads(text) == result_to_dict(result)
    assert "missing-actual" in {f["code"] for f in json.loads(text)["findings"]}
