"""report/memo.py: the audit as a reviewer's memo — verdict first, findings by severity."""

from __future__ import annotations

from conftest import CASES, SEED

from scoring import load_case
from scoring.report.memo import phrases, render_memo, render_memos
from scoring.review.audit import AuditResult, audit

DEPT = CASES / "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml"


def _seed() -> AuditResult:
    return audit(load_case(SEED))


def test_the_seed_memo_opens_with_the_verdict() -> None:
    lines = render_memo(_seed()).splitlines()
    assert lines[:6] == [
        "复核意见：2023招商引资",
        "主管部门：遂宁市安居区经济合作局；评分规则：sichuan-2023；来源：" + str(SEED),
        "",
        "结论：公布 97.7 分（优秀）；按规则重算 97.7 分（优秀）。",
        "无依据的分值：20 分（创造GDP产值 10 分、完成税收 5 分、创造就业岗位 5 分）；"
        "扣除后为 77.7 分（中等）。",
        "复核发现：错误 0 项，警告 6 项，提示 1 项。",
    ]


def test_the_memo_in_english() -> None:
    lines = render_memo(_seed(), "en").splitlines()
    assert lines[0] == "Audit memo: 2023招商引资"
    assert lines[3] == "Verdict: published 97.7 (优秀); recomputed by the rules 97.7 (优秀)."
    assert lines[4].startswith("Points resting on no evidence: 20 (创造GDP产值 10, ")
    assert lines[4].endswith("without them the table scores 77.7 (中等).")
    assert "“创造GDP产值” has a blank actual value yet a full published score 10" in \
        "\n".join(lines)


def test_findings_are_grouped_by_severity_with_place_and_derivation() -> None:
    text = render_memo(audit(load_case(DEPT)))
    errors, warnings = text.index("错误（2）"), text.index("警告（4）")
    notes = text.index("提示（7）")
    assert errors < warnings < notes
    block = text[errors:warnings]
    assert f"1. 政府采购执行率（{DEPT}:74:21）" in block
    assert "公布得分 2，按规则计算为 1.45" in block
    assert "计分：72.74 ÷ 100 × 2 = 1.4548 → 1.45" in block
    assert "重算后等级由“优”变为“差”。" in text


def test_a_table_without_a_total_says_so() -> None:
    item = audit(load_case(CASES / "014-sichuan-daying-sifaju-page21-chengben-kongzhi-2023.yaml"))
    verdict = render_memo(item).splitlines()[3:5]
    assert verdict == ["结论：公布的总分为空白（未公布等级）；按规则重算 90.0 分（优秀）。",
                       "无依据的分值：90 分（成本控制数 90 分）；扣除后为 0.0 分（差）。"]


def test_many_projects_start_with_the_summary() -> None:
    text = render_memos([audit(load_case(DEPT)), _seed()])
    lines = text.splitlines()
    assert lines[0] == "复核汇总：2 个项目"
    changes = text.index("重算后等级变化的项目：")
    assert ("部门整体支出(融媒体中心,名称在OCR中不完整)（未列）："
            "公布 97.6 分（优） → 重算 43.05 分（差）") in text[changes:]
    assert ("2023招商引资（遂宁市安居区经济合作局）："
            "重算 97.7 分（优秀） → 扣除 20 分后 77.7 分（中等）") in text
    assert text.count("复核意见：") == 2


def test_every_phrase_exists_in_both_languages() -> None:
    assert set(phrases("zh")) == set(phrases("en"))
    assert set(phrases("zh")["severity"]) == {"error", "warning", "info"}
