"""One reading of a cell, whatever holds it (#12.9): a YAML number, a quoted YAML string, a
CSV cell and an XLSX text cell with the same text are read alike, by the grammar of
`scoring/read/cells.py`: the same number, or the same finding or diagnostic."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import evaluate, load_case
from scoring.errors import LoadError
from scoring.load.tables import load_cases

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
          "未完成原因分析"]
OTHER = ["产出指标", "质量指标", "合格率", "≥", "90", "%", "95", "50", ""]

# spelling → the number it reads as (None: no number — the cell is reported, not guessed)
SPELLINGS: dict[str, Decimal | None] = {
    "1e3": Decimal(1000), "1E2": Decimal(100), "1.5E+3": Decimal(1500), "1.0e+3": Decimal(1000),
    "+5": Decimal(5), ".5": Decimal("0.5"), "5.": Decimal(5), "1,000": Decimal(1000),
    "１００": Decimal(100), "１ｅ３": Decimal(1000), "0500": Decimal(500),
    "1_000": None, "1_000.5": None, "1e": Decimal(1),  # `1e`: the number 1, unit “e”
    "约95%": Decimal(95), "95%左右": Decimal(95), "大约95": Decimal(95), "近95%": Decimal(95),
    "95%以上": Decimal(95),
}
# what a YAML parser takes for a number when written bare (the rest are strings to YAML)
YAML_NUMBERS = {"1.5E+3", "1.0e+3", "+5", ".5", "5.", "0500", "1_000", "1_000.5"}


def _yaml_case(tmp_path: Path, actual: str, weight: str = "50") -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(
        "project: {name: 示例项目, year: 2023}\nscheme: mof-2020\nindicators:\n"
        f"  - {{level1: 产出指标, level2: 数量指标, name: 完成数量, comparator: '≥', target: 2000,"
        f" actual: {actual}, weight: {weight}}}\n"
        "  - {level1: 产出指标, level2: 质量指标, name: 合格率, comparator: '≥', target: 90, "
        "unit: '%', actual: 95, weight: 50}\n", "utf-8")
    return path


def _rows(actual: str, weight: str = "50") -> list[list[str]]:
    return [HEADER, ["产出指标", "数量指标", "完成数量", "≥", "2000", "", actual, weight, ""],
            OTHER]


def _csv(tmp_path: Path, actual: str, weight: str = "50") -> Path:
    path = tmp_path / "t.csv"
    lines = [",".join(f'"{c}"' for c in row) for row in _rows(actual, weight)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _xlsx(tmp_path: Path, actual: object, weight: object = 50) -> Path:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in _rows("", "50"):
        ws.append(row)
    ws["G2"] = actual  # a str is written as a text cell, a number as a number cell
    ws["H2"] = weight
    wb.save(path)
    return path


def _reading(load: Path) -> object:
    """What the engine made of the first row: its score, status and findings (without
    places, which differ by container), or the codes of the diagnostics."""
    try:
        case = load_case(load) if load.suffix == ".yaml" else load_cases(load)[0]
        result = evaluate(case)
    except LoadError as exc:
        return sorted(d.code for d in exc.diagnostics)
    row = result.indicators[0]
    found = sorted((f.code, f.params) for f in result.findings if f.indicator == row.name)
    return row.score, row.status, row.raw_score, found


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_cell_reads_the_same_in_every_container(tmp_path: Path, spelling: str) -> None:
    readings = {
        "yaml-quoted": _reading(_yaml_case(tmp_path, f"'{spelling}'")),
        "csv": _reading(_csv(tmp_path, spelling)),
        "xlsx-text": _reading(_xlsx(tmp_path, spelling)),
    }
    if spelling in YAML_NUMBERS:
        readings["yaml-number"] = _reading(_yaml_case(tmp_path, spelling))
    assert len({repr(r) for r in readings.values()}) == 1, readings
    reading = readings["csv"]
    assert isinstance(reading, tuple)
    codes = {code for code, _ in reading[3]}
    number = SPELLINGS[spelling]
    if number is None:
        assert reading[1] == "unparsed" and "unparsed-cell" in codes
    else:  # scored as that number against the target 2000, weight 50
        assert reading[2] == min(Decimal(50), Decimal(50) * number / 2000)
        assert "unparsed-cell" not in codes
        assert ("approximate-value" in codes) == any(w in spelling for w in ("约", "左右", "近"))


@pytest.mark.parametrize("number", [1000, 1000.0])
def test_a_number_cell_of_xlsx_is_its_number(tmp_path: Path, number: float) -> None:
    assert _reading(_xlsx(tmp_path, number)) == _reading(_csv(tmp_path, "1e3")) \
        == _reading(_yaml_case(tmp_path, "1000"))


@pytest.mark.parametrize("weight", ["1_000", "1e1", "+10", "10."])
def test_a_weight_reads_the_same_in_every_container(tmp_path: Path, weight: str) -> None:
    readings = [_reading(_yaml_case(tmp_path, "1000", weight)),
                _reading(_yaml_case(tmp_path, "1000", f"'{weight}'")),
                _reading(_csv(tmp_path, "1000", weight)),
                _reading(_xlsx(tmp_path, 1000, weight))]
    assert len({repr(r) for r in readings}) == 1, readings
    if weight == "1_000":  # no number anywhere: the row's bad-weight, judged, not scored
        assert isinstance(readings[0], tuple) and readings[0][0] is None
        assert "bad-weight" in [code for code, _ in readings[0][3]]
    else:
        assert isinstance(readings[0], tuple) and readings[0][2] == 5  # 10 × 1000 / 2000


def test_approximate_value_is_a_finding_at_its_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, "约1,000")
    result = evaluate(load_cases(path)[0])
    [found] = [f for f in result.findings if f.code == "approximate-value"]
    assert found.severity == "info" and str(found.location) == f"{path}:2:7"
    assert dict(found.params)["value"] == "1000" and "约1,000" in found.message
    assert result.indicators[0].score == 25  # 50 × 1000 / 2000, not unparsed
    assert "approximate" in found.message_in("en")


def test_an_approximate_target_is_a_finding_at_the_target_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\n".join(",".join(r) for r in [
        HEADER, ["产出指标", "数量指标", "完成数量", "≥", "约2000", "", "1000", "50", ""],
        OTHER]) + "\n", "utf-8")
    result = evaluate(load_cases(path)[0])
    [found] = [f for f in result.findings if f.code == "approximate-value"]
    assert str(found.location) == f"{path}:2:5" and dict(found.params)["field"] == "指标值"
    assert result.indicators[0].score == 25


@pytest.mark.parametrize(("manual", "score"), [
    ("1e1", Decimal(10)), ("+10", Decimal(10)), ("10.", Decimal(10)), ("10分", Decimal(10)),
    ("1_0", None)])
def test_a_manual_score_reads_the_same_in_yaml_and_csv(
        tmp_path: Path, manual: str, score: Decimal | None) -> None:
    """A field that holds only a number (人工评分) reads text as its table column does.
    `1_0` (a number to YAML) is no number: in the table and in the inline case alike (a
    published table, #15.1) the row keeps its rule's score with `bad-manual-score` at the
    cell (load/inline_slips.py); a case file of an indicator set still refuses it."""
    yaml_path = tmp_path / "case.yaml"
    csv_path = tmp_path / "t.csv"
    scored = []
    for quoted in (f"'{manual}'", manual):
        yaml_path.write_text(_yaml_case(tmp_path, "1000").read_text("utf-8").replace(
            "weight: 50}", f"weight: 50, manual_score: {quoted}, reason: 说明}}", 1), "utf-8")
        scored.append(_reading(yaml_path))
    csv_path.write_text("\n".join(",".join(r) for r in [
        [*HEADER, "人工评分"], ["产出指标", "数量指标", "完成数量", "≥", "2000", "", "1000", "50",
                            "说明", manual], [*OTHER, ""]]) + "\n", "utf-8")
    table = _reading(csv_path)
    if score is None:
        assert scored == [table, table]  # the YAML and the CSV agree
        assert isinstance(table, tuple) and table[1] == "partial" and table[2] == 25
        assert [code for code, _ in table[3]] == ["bad-manual-score"]
    else:
        assert all(isinstance(r, tuple) and r[0] == score and r[1] == "manual"
                   for r in [*scored, table]), (scored, table)


def test_an_approximate_actual_of_an_expression_rule_is_a_finding(tmp_path: Path) -> None:
    path = _yaml_case(tmp_path, "'约1000'").read_text("utf-8").replace(
        "weight: 50}", "weight: 50, rule: {expression: 'weight * min(actual / target, 1)'}}", 1)
    (tmp_path / "case.yaml").write_text(path, "utf-8")
    result = evaluate(load_case(tmp_path / "case.yaml"))
    [found] = [f for f in result.findings if f.code == "approximate-value"]
    assert dict(found.params)["value"] == "1000" and result.indicators[0].score == 25


def test_an_approximate_published_score_is_no_published_score(tmp_path: Path) -> None:
    from scoring import audit

    def codes(published: str) -> set[str]:
        path = tmp_path / "t.csv"
        rows = [[*HEADER, "得分"], ["产出指标", "数量指标", "完成数量", "≥", "2000", "",
                                   "1000", "50", "说明", published], [*OTHER, "50"]]
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", "utf-8")
        return {f.code for f in audit(load_cases(path)[0]).findings}

    assert "reported-score-differs" in codes("20")  # the rules give 25
    assert "reported-score-differs" not in codes("约20")  # not a score to compare
