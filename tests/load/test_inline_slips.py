"""A slip in the YAML of an inline case's row (#15.1) is that row's finding, the rest of the
table scored: a 人工评分 that is no number (`1_0`, `bad-manual-score`, as the CSV says for
the same cell), a key the row does not know (`unknown-key`), a value its field cannot hold
(`invalid-value`). The row is scored as the same table without the slipped key; a rule
that cannot be used leaves its row blank (`bad-rule`). A case file of an indicator set
and the set itself stay strict."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from published_forms import CLEAN

from scoring import LoadError, evaluate, load_case, load_indicator_set
from scoring.model.result import Result

ROW = "weight: 50, reason: 延期"  # the first row's weight and reason in `CLEAN`


def _scored(tmp_path: Path, text: str, name: str = "case.yaml") -> tuple[Path, Result]:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path, evaluate(load_case(path))


def _rows(result: Result) -> list[tuple[str, str, Decimal | None]]:
    return [(r.name, r.status, r.score) for r in result.indicators]


@pytest.mark.parametrize("written", ["1_0", "'1_0'", "很好", "-1"])
def test_a_manual_score_that_is_no_number_is_the_rows_finding(tmp_path: Path,
                                                             written: str) -> None:
    assert CLEAN.count(ROW) == 1
    _, clean = _scored(tmp_path, CLEAN, "clean.yaml")
    path, slipped = _scored(tmp_path, CLEAN.replace(ROW, f"{ROW}, manual_score: {written}"))
    [found] = [f for f in slipped.findings if f.code == "bad-manual-score"]
    assert (found.indicator, found.severity) == ("培训人次", "warning")
    assert dict(found.params)["manual"] == written.strip("'")
    [(line, text)] = [(n, x) for n, x in enumerate(path.read_text("utf-8").splitlines(), 1)
                      if "manual_score" in x]
    col = text.index("manual_score: ") + len("manual_score: ") + 1
    assert str(found.location) == f"{path}:{line}:{col}"
    assert _rows(slipped) == _rows(clean) and slipped.total == clean.total  # by its rule


@pytest.mark.parametrize(("slip", "code", "says"), [
    ("wieght: 3", "unknown-key", "未知的键 'wieght'（是否应为 'weight'？）"),
    ("reson: 延期", "unknown-key", "未知的键 'reson'（是否应为 'reason'？）"),
    ("not_applicable: maybe", "invalid-value", "not_applicable: 应为 true 或 false"),
    ("facts: [1, 2]", "invalid-value", "facts: 应为映射（键: 值）"),
])
def test_a_slip_in_a_row_is_left_out_and_found_at_its_place(tmp_path: Path, slip: str,
                                                            code: str, says: str) -> None:
    _, clean = _scored(tmp_path, CLEAN, "clean.yaml")
    path, slipped = _scored(tmp_path, CLEAN.replace(ROW, f"{ROW}, {slip}"))
    [found] = [f for f in slipped.findings if f.code == code]
    assert (found.indicator, found.severity) == ("培训人次", "warning")
    assert dict(found.params)["problem"] == says and says in found.message
    text = path.read_text("utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), start=1) if slip in x)
    assert found.location is not None and found.location.line == line
    key = slip.split(": ", 1)[0]
    col = text.splitlines()[line - 1].index(slip) + 1 + (0 if code == "unknown-key"
                                                          else len(key) + 2)
    assert found.location.col == col
    assert _rows(slipped) == _rows(clean) and slipped.total == clean.total
    assert [f.code for f in slipped.findings if f.severity == "error"] == []


def test_a_weight_of_no_type_makes_an_unweighted_row(tmp_path: Path) -> None:
    _, clean = _scored(tmp_path, CLEAN, "clean.yaml")
    _, slipped = _scored(tmp_path, CLEAN.replace("weight: 50,", "weight: [50],"))
    assert {f.code for f in slipped.findings} >= {"invalid-value", "row-unweighted"}
    row = slipped.indicator("培训人次")
    assert (row.weight, row.score, row.status) == (None, None, "partial")
    assert _rows(slipped)[1:] == _rows(clean)[1:]


@pytest.mark.parametrize(("rule", "says"), [
    ("{bandz: 1}", "rule must have exactly one of"),  # no rule the model can read
    ("{expression: 'weight * actual / nosuch'}", "未知的名称 'nosuch'"),  # bad-expression
    ("{bands: [{min: 90, points: 60}]}", "bands 的分值 60 超过权重 50"),  # bad-rule
    ("{checklist: [{item: 甲, points: 50}]}", "checklist 指标的完成值应为满足的条目列表"),
])
def test_a_rule_that_cannot_be_used_leaves_its_row_blank(tmp_path: Path, rule: str,
                                                         says: str) -> None:
    """No other formula is put in the rule's place (a guess): the row scores as a blank
    actual (F10: `missing`, 0) with `bad-rule` naming the problem; the other rows as in the
    table without it."""
    _, clean = _scored(tmp_path, CLEAN, "clean.yaml")
    path, slipped = _scored(tmp_path, CLEAN.replace(ROW, f"{ROW}, rule: {rule}"))
    [found] = [f for f in slipped.findings if f.code == "bad-rule"]
    assert (found.indicator, found.severity) == ("培训人次", "warning")
    assert says in dict(found.params)["problem"]
    text = path.read_text("utf-8").splitlines()  # at the rule, or the actual it cannot read
    assert found.location is not None and found.location.file == str(path)
    assert "培训人次" in text[5] and found.location.line in (6, 7)
    row = slipped.indicator("培训人次")
    assert (row.status, row.score) == ("missing", 0)
    assert _rows(slipped)[1:] == _rows(clean)[1:]
    assert clean.total is not None and slipped.total == clean.total - clean.indicator(
        "培训人次").score
    assert [f.code for f in slipped.findings if f.severity == "error"] == []


def test_a_rule_in_an_indicator_set_stays_strict(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("indicators:\n  - {name: a, target: 1, weight: 50, rule: {bands: "
                    "[{min: 90, points: 60}]}}\n", "utf-8")
    with pytest.raises(LoadError) as refused:
        load_indicator_set(path)
    assert [d.code for d in refused.value.diagnostics] == ["bad-rule"]


def test_what_is_no_row_slip_is_still_refused(tmp_path: Path) -> None:
    """A key outside the rows: the file's own problem, located."""
    path = tmp_path / "case.yaml"
    path.write_text(CLEAN.replace("scheme:", "schem:"), "utf-8")
    with pytest.raises(LoadError) as refused:
        load_case(path)
    assert "unknown-key" in {d.code for d in refused.value.diagnostics}


@pytest.mark.parametrize(("row", "name"), [("其中：线上培训", "其中：线上培训"), ("12", "第 4 行"),
                                          ("[a, b]", "第 4 行"), ("''", "第 4 行")])
def test_a_row_that_is_no_mapping_is_shown_unweighted_with_its_finding(
        tmp_path: Path, row: str, name: str) -> None:
    """`- 其中：线上培训` (a sub-item typed as a bare line): a text is the row's name,
    anything else a row of blank cells named by its place; shown, not scored, found at
    its place; the other rows and the total are the clean table's."""
    _, clean = _scored(tmp_path, CLEAN, "clean.yaml")
    path, got = _scored(tmp_path, CLEAN + f"  - {row}\n")
    [found] = [f for f in got.findings if f.code == "row-not-mapping"]
    line = len(CLEAN.splitlines()) + 1
    assert (found.indicator, found.severity, str(found.location)) == (
        name, "warning", f"{path}:{line}:5")
    assert _rows(got)[:3] == _rows(clean) and got.total == clean.total
    [extra] = got.indicators[3:]
    assert (extra.name, extra.score) == (name, None)
    assert "row-unweighted" in {f.code for f in got.findings if f.indicator == name}


def test_an_indicator_set_and_its_case_stay_strict(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "indicators:\n  - {name: a, comparator: '≥', target: 1, weight: 90, wieght: 3}\n",
        "utf-8")
    with pytest.raises(LoadError) as refused:
        load_indicator_set(tmp_path / "s.yaml")
    assert [d.code for d in refused.value.diagnostics] == ["unknown-key"]
    (tmp_path / "s.yaml").write_text(
        "indicators:\n  - {name: a, comparator: '≥', target: 1, weight: 90}\n", "utf-8")
    path = tmp_path / "c.yaml"
    path.write_text("indicator_set: s.yaml\nactuals:\n  a: {value: 1, manual_score: 1_0, "
                    "reason: 估}\n", "utf-8")
    with pytest.raises(LoadError) as refused:
        load_case(path)
    assert [d.code for d in refused.value.diagnostics] == ["invalid-value"]
