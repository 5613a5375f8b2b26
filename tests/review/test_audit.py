"""audit.py and audit_checks.py: the published tables of cases/ against the rules.

Every oddity a table's `source_note` describes is found, with the row, the
place and the two values; rows whose published score follows the rules raise
no finding (the flagged set is asserted exactly, per case).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builders import make_case, row
from conftest import CASES, SEED

from scoring import evaluate, load_case
from scoring.model.findings import Finding
from scoring.review.audit import Audit, AuditResult, audit, same_grade, worst_severity

TABLES = CASES / "tables"
# (code, row) of every audit finding, per published table: nothing more, nothing less.
FLAGGED: dict[str, set[tuple[str, str]]] = {
    "anju-2023-investment.yaml": {
        ("full-score-without-actual", "创造GDP产值"), ("full-score-without-actual", "完成税收"),
        ("full-score-without-actual", "创造就业岗位")},
    "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml": {
        ("reported-score-differs", "资金到位及时率"), ("reported-score-differs", "政策知晓率")},
    "004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml": {
        ("reported-score-differs", "预算执行率"),
        ("reported-score-differs", "指标1:全县参合人数"),
        ("reported-score-differs", "指标1:是否解决建档立卡人 员看病难贵问题"),
        ("reported-score-differs", "指标1:是否满意"),
        ("reported-total-mismatch", "合计")},
    "008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022.yaml": {
        ("reported-total-mismatch", "合计")},
    "013-sichuan-puhui-jinrong-zhuanxiang-quyu-ziping.yaml": {
        ("budget-underspent", "预算执行率"), ("completion-exceeds-execution", "合计")},
    "014-sichuan-daying-sifaju-page21-chengben-kongzhi-2023.yaml": {
        ("full-score-on-text-actual", "成本控制数"), ("reported-total-missing", "合计")},
    "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml": {
        ("reported-score-differs", "政府采购执行率"), ("reported-total-mismatch", "合计")},
}


def _audit(name: str) -> AuditResult:
    return audit(load_case(CASES / name))


def _one(item: AuditResult, code: str, row_name: str) -> Finding:
    found = [f for f in item.audit.findings if f.code == code and f.indicator == row_name]
    assert len(found) == 1, (code, row_name, item.audit.findings)
    return found[0]


def _params(f: Finding) -> dict[str, str]:
    return dict(f.params)


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_exactly_the_questionable_rows_are_flagged(name: str) -> None:
    found = {(f.code, f.indicator) for f in _audit(name).audit.findings}
    assert found == FLAGGED[name]


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_every_finding_names_a_place_in_the_case_file(name: str) -> None:
    for f in _audit(name).audit.findings:
        assert f.location is not None and f.location.file.endswith(name), f
        assert f.location.line > 0


def test_seed_twenty_points_rest_on_no_evidence() -> None:
    a = audit(load_case(SEED)).audit
    assert (a.reported_total, a.reported_grade) == (Decimal("97.7"), "优秀")
    assert (a.recomputed_total, a.recomputed_grade) == (Decimal("97.7"), "优秀")
    assert a.manual_points == 20
    assert (a.total_without_manual, a.grade_without_manual) == (Decimal("77.7"), "中等")
    assert [(m.name, m.points, m.basis) for m in a.manual_rows] == [
        ("创造GDP产值", 10, "manual"), ("完成税收", 5, "manual"), ("创造就业岗位", 5, "manual")]


def test_seed_full_score_finding_points_at_the_published_score() -> None:
    f = _one(audit(load_case(SEED)), "full-score-without-actual", "创造GDP产值")
    assert f.severity == "warning"
    assert f.location is not None
    line = SEED.read_text("utf-8").splitlines()[f.location.line - 1]
    assert line.strip() == "创造GDP产值: 10"  # the reported.scores entry, not the actual
    assert (_params(f)["published"], _params(f)["recomputed"]) == ("10", "0.0")


def test_002_full_completion_scored_partially() -> None:
    item = _audit("002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml")
    f = _one(item, "reported-score-differs", "资金到位及时率")
    assert (_params(f)["published"], _params(f)["recomputed"], _params(f)["expected"]) == (
        "7", "10.00", "10")
    f = _one(item, "reported-score-differs", "政策知晓率")  # 9.8 by the rule, printed as 9
    assert (_params(f)["published"], _params(f)["recomputed"], _params(f)["expected"]) == (
        "9", "9.80", "10")
    assert "98 ÷ 100 × 10 = 9.8" in f.message
    assert item.audit.reported_total == 96 and not item.grade_changes()


def test_004_total_does_not_add_up_and_rows_are_underscored() -> None:
    item = _audit("004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml")
    total = _one(item, "reported-total-mismatch", "合计")
    assert (_params(total)["published"], _params(total)["recomputed"]) == ("94", "93")
    assert _params(total)["sum"] == "9 + 84"
    budget = _one(item, "reported-score-differs", "预算执行率")  # 99% scored 9, rule 9.91
    assert (_params(budget)["published"], _params(budget)["recomputed"]) == ("9", "9.91")
    members = _one(item, "reported-score-differs", "指标1:全县参合人数")
    assert (_params(members)["published"], _params(members)["recomputed"]) == ("13", "14.86")
    for name, published in (("指标1:是否解决建档立卡人 员看病难贵问题", "27"),
                            ("指标1:是否满意", "9")):
        assert _params(_one(item, "reported-score-differs", name))["published"] == published


def test_008_weights_of_110_published_as_a_total_of_100() -> None:
    item = _audit("008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022.yaml")
    total = _one(item, "reported-total-mismatch", "合计")
    assert (_params(total)["published"], _params(total)["recomputed"]) == ("100", "110")
    weights = [f for f in item.result.findings if f.code == "weights-do-not-sum"]
    assert [_params(f)["sum"] for f in weights] == ["100"]


def test_013_half_the_money_unspent_yet_full_marks() -> None:
    item = _audit("013-sichuan-puhui-jinrong-zhuanxiang-quyu-ziping.yaml")
    assert item.result.budget is None  # the table has no budget-execution row
    gap = _one(item, "completion-exceeds-execution", "合计")
    assert (_params(gap)["completion"], _params(gap)["rate"]) == ("100.00%", "52.79%")
    unspent = _one(item, "budget-underspent", "预算执行率")
    assert _params(unspent)["unspent"] == "98.2（47.21%）"
    assert not [f for f in item.audit.findings if f.code.startswith("reported-")]


def test_014_a_word_instead_of_a_cost_given_full_marks_and_no_total() -> None:
    item = _audit("014-sichuan-daying-sifaju-page21-chengben-kongzhi-2023.yaml")
    f = _one(item, "full-score-on-text-actual", "成本控制数")
    assert (_params(f)["actual"], _params(f)["target"], _params(f)["published"]) == (
        "完成", "≤30万元", "90")
    assert _params(_one(item, "reported-total-missing", "合计"))["recomputed"] == "90"
    a = item.audit
    assert (a.manual_points, a.total_without_manual, a.grade_without_manual) == (90, 0, "差")
    assert a.reported_total is None and item.published_grade is None


def test_026_procurement_at_72_percent_given_full_marks() -> None:
    item = _audit("026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml")
    f = _one(item, "reported-score-differs", "政府采购执行率")
    assert (_params(f)["published"], _params(f)["recomputed"], _params(f)["expected"]) == (
        "2", "1.45", "1")
    # the reverse-type rows (≤) at 0 or below their target are full marks by the rules too
    for name in ("预算调整率", "结转结余率", "财政供养人员控制率", "公用经费控制率"):
        assert not [x for x in item.audit.findings if x.indicator == name]
    assert item.grade_changes()


@pytest.mark.parametrize(("stem", "scheme"), [
    ("000-sichuan-suining-anju-jinghe-zhaoshang-2023", "sichuan-2023"),
    ("002-yunnan-yongde-minglang-yingyang-gaishan-2022", "mof-2020"),
    ("004-shanxi-jishan-jiandanglika-yibao-peitao-2020", "mof-2020"),
    ("026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021", "mof-2020"),
])
def test_flat_tables_get_the_same_audit_as_their_cases(stem: str, scheme: str) -> None:
    from scoring.load.tables import iter_cases

    [case] = list(iter_cases(TABLES / f"{stem}.csv", scheme))
    found = {(f.code, f.indicator) for f in audit(case).audit.findings}
    name = "anju-2023-investment.yaml" if stem.startswith("000") else f"{stem}.yaml"
    assert found == FLAGGED[name]


# --- the rules of the comparison, on cases built in the test ---------------------------

def _published(score: Any, actual: Any = "76.75", target: Any = "100", weight: Any = 10,
               scheme: str = "sichuan-2023", **reported: Any) -> Audit:
    case = make_case([row("指标", "≥", target, actual, weight, reported_score=score)],
                     scheme=scheme, reported=reported or None)
    return audit(case).audit


@pytest.mark.parametrize(("score", "flagged"), [
    ("7.7", False),    # 7.675 → 7.7 at the printed 1 decimal
    ("7.68", False),   # → 7.68 at 2
    ("7.67", True),    # banker's or truncated rounding is not the rule
    ("8", False),      # → 8 at 0 decimals
    ("7.6", True),
    (Decimal("7.7"), False),
])
def test_a_score_is_compared_at_its_printed_precision(score: Any, flagged: bool) -> None:
    a = _published(score)
    assert bool([f for f in a.findings if f.code == "reported-score-differs"]) is flagged


def test_the_unrounded_rule_score_is_compared_not_the_scheme_rounded_one() -> None:
    # 76.45 ÷ 100 × 10 = 7.645: 7.65 at the scheme's 2 places, but 7.6 at the printed 1
    assert not _published("7.6", actual="76.45", scheme="mof-2020").findings
    assert _published("7.7", actual="76.45", scheme="mof-2020").findings


def test_a_whole_published_score_agrees_with_a_rule_score_that_rounds_to_it() -> None:
    assert not _published("10", actual="99.6", scheme="mof-2020").findings  # 9.96 → 10
    assert _published("10", actual="94", scheme="mof-2020").findings        # 9.4 → 9


def test_a_score_above_the_weight_is_one_finding() -> None:
    a = _published("12", actual="100")
    assert [(f.code, dict(f.params)["weight"]) for f in a.findings] == [
        ("reported-score-exceeds-weight", "10")]


def test_an_unreadable_published_score_is_quoted() -> None:
    a = _published("—")
    assert [(f.code, dict(f.params)["published"]) for f in a.findings] == [
        ("reported-cell-unreadable", "—")]


def test_a_blank_actual_with_a_full_published_score() -> None:
    case = make_case([row("甲", "≥", "100", None, 10, reported_score="10"),
                      row("乙", "≥", "100", "100", 80, reported_score="80")])
    a = audit(case).audit
    assert {(f.code, f.indicator) for f in a.findings} == {
        ("reported-score-differs", "甲"), ("full-score-without-actual", "甲")}
    assert a.manual_points == 10  # the published points rest on nothing
    assert a.total_without_manual == a.recomputed_total == 80


@pytest.mark.parametrize(("total", "grade", "flagged"), [
    ("95", "优秀", False), ("85", "优秀", True), ("85", "良好", False), ("95", "优", False),
])
def test_the_published_grade_against_the_published_total(total: str, grade: str,
                                                         flagged: bool) -> None:
    a = _published("7.7", total=total, grade=grade)
    codes = {f.code for f in a.findings}
    assert ("reported-grade-mismatch" in codes) is flagged


def test_a_total_key_left_blank_in_yaml_is_reported(write_yaml: Any) -> None:
    text = ("scheme: mof-2020\nindicators:\n  - {name: 甲, comparator: '≥', target: 10, "
            "actual: 10, weight: 90, reported_score: 90}\nreported: {total: null}\n")
    without_key = text.replace("reported: {total: null}", "reported: {grade: 优}")
    blank: Path = write_yaml("blank.yaml", text)
    absent: Path = write_yaml("absent.yaml", without_key)
    assert [f.code for f in audit(load_case(blank)).audit.findings] == ["reported-total-missing"]
    assert audit(load_case(absent)).audit.findings == ()


def test_grade_synonyms_and_worst_severity() -> None:
    assert same_grade("优", "优秀") and same_grade("中等", "中") and not same_grade("优", "良好")
    item = audit(load_case(SEED))
    assert worst_severity(item.findings) == 1  # warnings, no error
    assert worst_severity(()) is None


def test_the_audit_is_pure_and_repeatable() -> None:
    case = load_case(SEED)
    assert audit(case) == audit(case)


@pytest.mark.parametrize(("actual", "score", "outside"), [
    ("达成年度指标", "10", False), ("达成年度指标", "9", False), ("达成年度指标", "8", False),
    ("达成年度指标", "7.9", True),  # 达成: [8, 10]
    ("部分达成", "7.5", False), ("部分达成", "6", False), ("部分达成", "8", True),  # [6, 8)
    ("未达成", "5.9", False), ("未达成", "6", True),  # [0, 6)
])
@pytest.mark.parametrize("comparator", ["定性", None, "定量"])  # a text target without 指标性质
def test_a_published_qualitative_score_is_checked_against_its_tiers_band(
        actual: str, score: str, outside: bool, comparator: str | None) -> None:
    case = make_case([row("定性行", comparator, "达成年度指标", actual, 10, reported_score=score,
                          reason="r")], scheme="sichuan-2023")
    assert evaluate(case).indicators[0].explain.startswith(f"“{actual}”→")  # scored as 定性
    codes = [f.code for f in audit(case).audit.findings]
    assert "reported-score-differs" not in codes  # F6: any score inside the band is the rule's
    assert ("qualitative-score-outside-band" in codes) is outside


def test_a_row_left_out_does_not_count_in_the_published_sum() -> None:
    case = make_case([row("a", "≥", "10", "10", 10, reported_score="10", not_applicable=True),
                      row("b", "≥", "10", "10", 90, reported_score="90")],
                     reported={"total": "100"})
    assert not [f for f in audit(case).audit.findings if f.code == "reported-total-mismatch"]


@pytest.mark.parametrize("b_score", [None, "—"])
def test_a_sum_with_a_blank_or_unreadable_row_score_is_not_checked(b_score: Any) -> None:
    case = make_case([row("a", "≥", "10", "10", 50, reported_score="50"),
                      row("b", "≥", "10", "10", 50, reported_score=b_score)],
                     reported={"total": "100"})
    codes = [f.code for f in audit(case).audit.findings]
    assert "reported-total-mismatch" not in codes  # 50 ≠ 100 says nothing: b's score is unknown
    assert ("reported-cell-unreadable" in codes) is (b_score is not None)


def test_an_out_of_band_published_score_is_placed_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("project: {name: p}\nscheme: sichuan-2023\nindicators:\n"
                    "  - {name: 定性行, comparator: 定性, target: 达成年度指标, weight: 100,\n"
                    "     actual: 达成年度指标, reason: r, reported_score: 70}\n", "utf-8")
    [f] = [f for f in audit(load_case(path)).audit.findings
           if f.code == "qualitative-score-outside-band"]
    assert (str(f.location), dict(f.params)["band"]) == (f"{path}:5:49", "[80, 100]")
