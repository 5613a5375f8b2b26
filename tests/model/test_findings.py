"""findings.py: the finding catalogue (zh/en) and findings made from it."""

from __future__ import annotations

from scoring.errors import Location
from scoring.model.findings import catalogue, finding, findings_title, report_label, severity_label


def test_a_finding_takes_its_severity_from_the_catalogue_and_fills_its_message() -> None:
    made = finding("not-applicable", "协议金额", Location("a.yaml", 4, 3), applicable="90")
    assert (made.code, made.severity, made.indicator) == ("not-applicable", "info", "协议金额")
    assert made.message == "指标“协议金额”不适用，已剔除，总分按适用权重 90 折算为百分制"
    assert "left out, the total rescaled over the applicable weight 90" in made.message_in("en")
    assert catalogue()["not-applicable"].severity == made.severity


def test_findings_sort_by_severity_then_line() -> None:
    late_warning = finding("missing-actual", "b", Location("a.yaml", 9, 1))
    early_info = finding("not-applicable", "a", Location("a.yaml", 2, 1), applicable="1")
    early_warning = finding("missing-actual", "c", Location("a.yaml", 5, 1))
    ordered = sorted([early_info, late_warning, early_warning], key=lambda f: f.sort_key())
    assert [f.indicator for f in ordered] == ["c", "b", "a"]


def test_labels_in_both_languages() -> None:
    assert (severity_label("warning", "zh"), severity_label("warning", "en")) == ("警告",
                                                                                 "warning")
    assert findings_title(3, "zh") == "复核发现（3）"
    assert findings_title(3, "en", line=True) == "Findings (3):"
    assert report_label("review", "en") == "Review (not part of the form)"
