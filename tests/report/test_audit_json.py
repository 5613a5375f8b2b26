"""report/audit_json.py: the result JSON of FORMATS.md §6 plus the `audit` object."""

from __future__ import annotations

import json

from conftest import CASES, SEED

from scoring import load_case
from scoring.report.audit_json import audit_to_dict, render_audit_json
from scoring.report.json import result_to_dict
from scoring.review.audit import audit

AUDIT_KEYS = {"reported_total", "reported_grade", "recomputed_total", "recomputed_grade",
              "manual_points", "total_without_manual", "grade_without_manual"}


def test_the_seed_audit_object() -> None:
    item = audit(load_case(SEED))
    data = audit_to_dict(item)
    assert set(data) == set(result_to_dict(item.result)) | {"audit"}
    assert data["audit"] == {
        "reported_total": "97.7", "reported_grade": "优秀", "recomputed_total": "97.7",
        "recomputed_grade": "优秀", "manual_points": "20.0", "total_without_manual": "77.7",
        "grade_without_manual": "中等"}


def test_findings_hold_the_audit_findings_too() -> None:
    item = audit(load_case(CASES / "004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml"))
    data = audit_to_dict(item, "en")
    codes = [f["code"] for f in data["findings"]]
    assert codes.count("reported-score-differs") == 4 and "reported-total-mismatch" in codes
    assert "comparator-assumed" in codes  # the engine's findings stay
    first = data["findings"][0]
    assert first["severity"] == "error" and first["location"].endswith(":33:21")
    assert data["audit"]["reported_total"] == "94" and data["audit"]["reported_grade"] is None


def test_many_projects_have_a_summary() -> None:
    items = [audit(load_case(SEED)),
             audit(load_case(CASES / "008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022.yaml"))]
    data = json.loads(render_audit_json(items))
    assert set(data) == {"format", "projects", "summary"}
    assert [set(p["audit"]) for p in data["projects"]] == [AUDIT_KEYS, AUDIT_KEYS]
    summary = data["summary"]
    assert summary["projects"] == 2
    assert {"code": "reported-total-mismatch", "severity": "error", "findings": 1,
            "projects": 1} in summary["by_code"]
    assert summary["grade_changes"] == []
    assert summary["evidence_grade_changes"][0]["to_total"] == "77.7"
