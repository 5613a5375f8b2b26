"""#15.6: a row with no comparator anywhere whose name reads as lower-is-better (`发生率`)
is scored as `≤` and says so (`comparator-inferred`); `infer_reverse: {enabled: false}`
in a scheme turns it off (name_direction.py, row_kinds.py), in YAML and tables."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from builders import make_case, row
from conftest import run_cli

from scoring import LoadError, evaluate, load_case, load_scheme
from scoring.load.tables import load_cases
from scoring.model.result import Result

HEADER = "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分,未完成原因分析\n"
OFF = "id: no-infer\nextends: mof-2020\ninfer_reverse: {enabled: false}\n"
LINEAR = "id: lin\nextends: mof-2020\nreverse: linear\n"


def _codes(result: Result, name: str) -> list[str]:
    return [f.code for f in result.findings if f.indicator == name]


def _scheme(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    return path


def _yaml_case(tmp_path: Path, scheme: str, comparator: str = "", target: str = "5") -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(f"project: {{name: 测试, year: 2023}}\nscheme: {scheme}\nindicators:\n"
                    f"  - {{level1: 效益指标, level2: 社会效益指标, name: 森林火灾发生率,"
                    f" comparator: '{comparator}', target: '{target}', unit: '%', actual: '6',"
                    f" weight: 10}}\n", "utf-8")
    return path


def test_builtin_schemes_carry_the_words_as_data() -> None:
    for scheme_id in ("mof-2020", "sichuan-2023", "hubei-2020"):
        infer = load_scheme(scheme_id).infer_reverse
        assert infer.enabled and {"发生率", "受害率", "投诉率", "结余率"} <= set(infer.words)
        assert infer.word_in("森林火灾发生率") == "发生率"
        assert infer.word_in("群众满意度") is None


def test_yaml_row_named_as_lower_is_better_is_scored_as_le(tmp_path: Path) -> None:
    result = evaluate(load_case(_yaml_case(tmp_path, "mof-2020")))
    rate = result.indicator("森林火灾发生率")
    assert (rate.status, rate.score) == ("partial", D("8.33"))  # F3 ratio: 10 × 5 ÷ 6
    assert "comparator-inferred" in _codes(result, "森林火灾发生率")
    assert "comparator-assumed" not in _codes(result, "森林火灾发生率")
    [found] = [f for f in result.findings if f.code == "comparator-inferred"]
    assert found.severity == "info"
    assert "发生率" in found.message and "≤" in found.message
    assert found.location is not None and found.location.file.endswith("c.yaml")


def test_the_schemes_reverse_variant_is_used(tmp_path: Path) -> None:
    _scheme(tmp_path, LINEAR)
    rate = evaluate(load_case(_yaml_case(tmp_path, "s.yaml"))).indicator("森林火灾发生率")
    assert rate.score == D("8.00")  # F3 linear: 10 × (1 − (6 − 5) ÷ 5)


def test_csv_row_named_as_lower_is_better_is_scored_as_le(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "效益指标,社会效益指标,森林火灾发生率,定量,5,%,6,10,,\n"
                    "产出指标,数量指标,造林面积,,100,亩,100,80,,\n", "utf-8")
    result = evaluate(load_cases(path, "mof-2020")[0])
    assert result.indicator("森林火灾发生率").score == D("8.33")
    [found] = [f for f in result.findings if f.code == "comparator-inferred"]
    assert str(found.location).startswith(f"{path}:2")
    assert "（定量）" in found.message
    assert _codes(result, "造林面积") == ["comparator-assumed"]  # no such word: the default
    run = run_cli("score", str(path), "--lang", "en")
    assert run.code == 0, run.err
    assert "comparator-inferred" in run.out and "“≤”" in run.out


def test_the_key_off_gives_the_default_comparator(tmp_path: Path) -> None:
    scheme = _scheme(tmp_path, OFF)
    assert not load_scheme(scheme).infer_reverse.enabled
    result = evaluate(load_case(_yaml_case(tmp_path, "s.yaml")))
    assert result.indicator("森林火灾发生率").score == D("10.00")  # ≥: 6 ≥ 5
    assert _codes(result, "森林火灾发生率") == ["comparator-assumed"]
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "效益指标,社会效益指标,森林火灾发生率,,5,%,6,10,,\n", "utf-8")
    table = evaluate(load_cases(path, str(scheme))[0])
    assert table.indicator("森林火灾发生率").score == D("10.00")
    assert _codes(table, "森林火灾发生率") == ["comparator-assumed"]


@pytest.mark.parametrize(("comparator", "target", "score"), [
    ("≥", "5", D("10.00")),   # the comparator cell gives the direction
    ("", "≥5%", D("10.00")),  # so does the target cell
    ("", "≤5%", D("8.33")),   # ≤ from the target cell: no inference, no finding either
])
def test_a_stated_direction_is_never_inferred(tmp_path: Path, comparator: str, target: str,
                                              score: D) -> None:
    result = evaluate(load_case(_yaml_case(tmp_path, "mof-2020", comparator, target)))
    assert result.indicator("森林火灾发生率").score == score
    codes = _codes(result, "森林火灾发生率")
    assert "comparator-inferred" not in codes and "comparator-assumed" not in codes


def test_an_actual_with_a_direction_keeps_the_default() -> None:
    result = evaluate(make_case([row("事故发生率", None, "5", "≤6", 10)]))
    assert result.indicator("事故发生率").score == D("10.00")
    assert "comparator-assumed" in _codes(result, "事故发生率")
    assert "comparator-inferred" not in _codes(result, "事故发生率")


def test_the_key_is_validated(tmp_path: Path) -> None:
    scheme = _scheme(tmp_path, "id: bad\nextends: mof-2020\ninfer_reverse: {enable: false}\n")
    with pytest.raises(LoadError) as info:
        load_scheme(scheme)
    assert any("enable" in d.message for d in info.value.diagnostics)
