"""scheme.py: built-in schemes as data, `extends`, grade bands checked at load."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import CASES

from scoring import LoadError, UnknownSchemeError, builtin_ids, load_scheme
from scoring.model.scheme import grade_of


def test_builtin_values_of_rules_md_section_2() -> None:
    assert builtin_ids() == ["hubei-2020", "mof-2020", "sichuan-2023"]
    mof, sc, hb = (load_scheme(i) for i in ("mof-2020", "sichuan-2023", "hubei-2020"))
    assert (mof.budget_weight, mof.indicator_total, mof.places) == (10, 90, 2)
    assert (sc.budget_weight, sc.indicator_total, sc.places) == (10, 90, 1)
    assert (hb.budget_weight, hb.indicator_total, hb.places) == (20, 80, 1)
    assert {s.reverse for s in (mof, sc, hb)} == {"ratio"}
    assert {s.equal for s in (mof, sc, hb)} == {"as_positive"}
    assert [g.label for g in mof.grades] == ["优", "良", "中", "差"]
    assert [g.label for g in sc.grades] == ["优秀", "良好", "中等", "差"]
    assert (mof.qualitative.bands.achieved, mof.qualitative.bands.partial) == (80, 60)
    assert (hb.qualitative.bands.achieved, hb.qualitative.bands.partial) == (80, 50)
    assert sc.budget.reason_below == 90 and mof.budget.reason_below is None


def test_every_total_in_range_has_exactly_one_grade() -> None:
    for scheme_id in builtin_ids():
        scheme = load_scheme(scheme_id)
        for hundredths in range(0, 10001, 7):
            total = D(hundredths) / 100
            holders = [b for b in scheme.grades
                       if b.min <= total and (b.below is None or total < b.below)]
            assert len(holders) == 1
            assert grade_of(scheme, total) == holders[0].label


def test_user_scheme_extends_a_builtin(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nextends: mof-2020\nreverse: linear\nplaces: 1\n", "utf-8")
    scheme = load_scheme(path)
    assert (scheme.id, scheme.reverse, scheme.places, scheme.budget_weight) == ("x", "linear",
                                                                               1, 10)
    assert scheme.content_hash != load_scheme("mof-2020").content_hash


def test_a_scheme_file_edited_in_a_running_process_is_read_again(tmp_path: Path) -> None:
    """A scheme file (and what it extends) is read on every load: no answer is kept by
    path, so an edit shows at once; a built-in scheme is package data, built once."""
    parent, child = tmp_path / "parent.yaml", tmp_path / "child.yaml"
    parent.write_text("id: parent\nextends: mof-2020\nplaces: 1\n", "utf-8")
    child.write_text("id: child\nextends: parent.yaml\n", "utf-8")
    assert load_scheme(child).places == 1
    parent.write_text("id: parent\nextends: mof-2020\nplaces: 2\n", "utf-8")
    assert load_scheme(child).places == 2
    child.write_text("id: child\nextends: parent.yaml\nplaces: 0\n", "utf-8")
    assert (load_scheme(child).id, load_scheme(child).places) == ("child", 0)
    assert load_scheme("mof-2020") is load_scheme("mof-2020")


def test_nested_keys_merge_lists_replace(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nextends: sichuan-2023\nqualitative: {bands: {partial: 50}}\n"
                    "grades:\n  - {label: 好, min: 95}\n  - {label: 较好, min: 85, below: 95}\n"
                    "  - {label: 一般, min: 60, below: 85}\n  - {label: 差, min: 0, below: 60}\n",
                    "utf-8")
    scheme = load_scheme(path)
    assert scheme.qualitative.bands.partial == 50 and scheme.qualitative.bands.achieved == 80
    assert grade_of(scheme, D("94.9")) == "较好"


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nextends: b.yaml\n", "utf-8")
    (tmp_path / "b.yaml").write_text("id: b\nextends: a.yaml\n", "utf-8")
    with pytest.raises(LoadError) as err:
        load_scheme(tmp_path / "a.yaml")
    assert err.value.diagnostics[0].code == "extends-cycle"


def test_grade_gap_and_overlap_are_refused(tmp_path: Path) -> None:
    gap = tmp_path / "gap.yaml"
    gap.write_text("id: g\nextends: mof-2020\ngrades:\n  - {label: 优, min: 90}\n"
                   "  - {label: 良, min: 80, below: 89}\n  - {label: 差, min: 0, below: 80}\n",
                   "utf-8")
    with pytest.raises(LoadError) as err:
        load_scheme(gap)
    assert [d.code for d in err.value.diagnostics] == ["grade-gap"]
    overlap = tmp_path / "overlap.yaml"
    overlap.write_text("id: o\nextends: mof-2020\ngrades:\n  - {label: 优, min: 90}\n"
                       "  - {label: 良, min: 80, below: 91}\n  - {label: 差, min: 0, below: 80}\n",
                       "utf-8")
    with pytest.raises(LoadError) as err:
        load_scheme(overlap)
    assert [d.code for d in err.value.diagnostics] == ["grade-overlap"]


def test_unknown_scheme() -> None:
    with pytest.raises(UnknownSchemeError):
        load_scheme("nosuch-2099")


def test_bad_values_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: b\nextends: mof-2020\nreverse: sideways\nplaces: 9\n", "utf-8")
    with pytest.raises(LoadError) as err:
        load_scheme(path)
    lines = sorted(str(d.location) for d in err.value.diagnostics)
    assert lines == [f"{path}:3:10", f"{path}:4:9"]


HUBEI_CSV = CASES / "layouts" / "layout-hubei-20-xuesheng-zizhu-2021.csv"


def test_a_table_printing_a_20_point_budget_weight_takes_the_20_point_scheme() -> None:
    """No scheme named, 预算执行率 printed at 20 points: the one built-in scheme of that
    budget weight (hubei-2020), marked so; a table at the default's 10 stays as it is."""
    from scoring.load.scheme import scheme_by_layout
    from scoring.load.tables import load_cases

    [named] = load_cases(HUBEI_CSV, "mof-2020")  # named: kept (iter_cases never asks)
    assert (named.scheme, named.scheme_from_layout) == ("mof-2020", False)
    chosen = scheme_by_layout(named)
    assert (chosen.scheme, chosen.scheme_from_layout) == ("hubei-2020", True)
    [plain] = load_cases(HUBEI_CSV.with_name("layout-mof-2020-weituo-2022.csv"), "mof-2020")
    assert scheme_by_layout(plain) is plain
    assert load_scheme("mof-2020").budget_weight == 10  # what the message says of the default
