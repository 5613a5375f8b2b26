"""rows.py: one row scored, explained and checked, branch by branch.

Each entry is one kind of row of RULES.md §1 and §4 under `mof-2020` (2 places,
≥ as the default comparator, ratio for ≤, target-possibly-too-low at 130% / 70%,
qualitative shares 100/70/30 with bands 80/60): the derivation as printed, the
status, the score, the cells as shown, and every finding about the row with its
parameters. The formulas themselves are tested one by one in test_rules.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from decimal import localcontext
from pathlib import Path
from typing import Any

import pytest
from builders import make_case, row
from hypothesis import given
from hypothesis import strategies as st

from scoring import evaluate, load_case
from scoring.decimals import ENGINE_CONTEXT
from scoring.engine.row import plan_for, score_row
from scoring.errors import Location
from scoring.load.scheme import load_scheme
from scoring.read.cells import cell_of

FILL = row("填充", "≥", "1", "1", 10)
CL = {"checklist": [{"item": "制度健全", "points": 3}, {"item": "执行到位", "points": 2}]}

Expected = list[tuple[str, dict[str, str]]]

ROWS: list[tuple[str, dict[str, Any], str, str, str, str | None, str | None, str, Expected]] = [
    ('pos-partial', row("a", "≥", "240", "184.2", 10),
     '184.2 ÷ 240 × 10 = 7.675 → 7.68',
     'partial', '7.68', '184.2', '240', '≥',
     [('reason-missing', {'score': '7.68', 'weight': '10'})]),
    ('pos-met', row("a", "≥", "240", "240", 10, reason="x"),
     '240 ≥ 240 → 10',
     'met', '10.00', '240', '240', '≥',
     []),
    ('pos-too-low', row("a", "≥", "100", "130", 10),
     '130 ≥ 100 → 10',
     'met', '10.00', '130', '100', '≥',
     [('target-possibly-too-low', {'actual': '130', 'target': '100', 'ratio': '130%'})]),
    ('pos-just-below-too-low', row("a", "≥", "100", "129.9", 10),
     '129.9 ≥ 100 → 10',
     'met', '10.00', '129.9', '100', '≥',
     []),
    ('gt', row("a", ">", "100", "50", 10),
     '50 ÷ 100 × 10 = 5 → 5.00',
     'partial', '5.00', '50', '100', '>',
     [('reason-missing', {'score': '5', 'weight': '10'})]),
    ('le-ratio', row("a", "≤", "100", "120", 10),
     '100 ÷ 120 × 10 ≈ 8.333333 → 8.33',
     'partial', '8.33', '120', '100', '≤',
     [('reason-missing', {'score': '8.33', 'weight': '10'})]),
    ('le-too-low', row("a", "≤", "100", "70", 10),
     '70 ≤ 100 → 10',
     'met', '10.00', '70', '100', '≤',
     [('target-possibly-too-low', {'actual': '70', 'target': '100', 'ratio': '70%'})]),
    ('le-not-too-low', row("a", "≤", "100", "70.1", 10),
     '70.1 ≤ 100 → 10',
     'met', '10.00', '70.1', '100', '≤',
     []),
    ('lt', row("a", "<", "100", "125", 10),
     '100 ÷ 125 × 10 = 8 → 8.00',
     'partial', '8.00', '125', '100', '<',
     [('reason-missing', {'score': '8', 'weight': '10'})]),
    ('eq', row("a", "=", "100", "98", 10),
     '“=”按 ≥ 计：98 ÷ 100 × 10 = 9.8 → 9.80',
     'partial', '9.80', '98', '100', '=',
     [('reason-missing', {'score': '9.8', 'weight': '10'})]),
    ('padded-cells', row("a", "≥", " 100 ", " 98 ", 10),  # shown without the blanks
     '98 ÷ 100 × 10 = 9.8 → 9.80',
     'partial', '9.80', '98', '100', '≥',
     [('reason-missing', {'score': '9.8', 'weight': '10'})]),
    ('padded-text', row("a", "≥", "100", " 98%以上 ", 10),
     '98 ÷ 100 × 10 = 9.8 → 9.80',
     'partial', '9.80', '98%以上', '100', '≥',
     [('actual-is-bound', {'actual': '98%以上', 'value': '98'}),
      ('reason-missing', {'score': '9.8', 'weight': '10'})]),
    ('pct-decimal', row("a", "≥", D("95"), D("0.98"), 10, unit="%"),
     '0.98 ÷ 95 × 10 ≈ 0.103158 → 0.10',
     'partial', '0.10', '0.98', '95', '≥',
     [('reason-missing', {'score': '0.1', 'weight': '10'}),
      ('unit-suspect', {'detail': '单位为 %，指标值 95，完成值 0.98 像是小数比率'})]),
    ('pct-text', row("a", "≥", "95", "0.98", 10, unit="%"),
     '0.98 ÷ 95 × 10 ≈ 0.103158 → 0.10',
     'partial', '0.10', '0.98', '95', '≥',
     [('reason-missing', {'score': '0.1', 'weight': '10'}),
      ('unit-suspect', {'detail': '单位为 %，指标值 95，完成值 0.98 像是小数比率'})]),
    ('pct-text-pct', row("a", "≥", "95%", "0.98%", 10),  # cells shown as printed
     '0.98 ÷ 95 × 10 ≈ 0.103158 → 0.10',
     'partial', '0.10', '0.98%', '95%', '≥',
     [('reason-missing', {'score': '0.1', 'weight': '10'})]),
    ('unit-diff', row("a", "≥", "120户", "110人", 10),
     '110 ÷ 120 × 10 ≈ 9.166667 → 9.17',
     'partial', '9.17', '110人', '120户', '≥',
     [('reason-missing', {'score': '9.17', 'weight': '10'}),
      ('unit-suspect', {'detail': '指标值单位“户”与完成值单位“人”不同'})]),
    ('unit-same-fullwidth', row("a", "≥", "１２０户", "１１０户", 10),
     '110 ÷ 120 × 10 ≈ 9.166667 → 9.17',
     'partial', '9.17', '１１０户', '１２０户', '≥',
     [('reason-missing', {'score': '9.17', 'weight': '10'})]),
    ('blank', row("a", "≥", "100", None, 10),
     '完成值空缺 → 0',
     'missing', '0.00', None, '100', '≥',
     [('missing-actual', {})]),
    ('blank-manual', row("a", "≥", "100", None, 10, manual_score=D(4), reason="无法计算"),
     '人工评分 4（无法计算） → 4.00',
     'manual', '4.00', None, '100', '≥',
     [('manual-score-without-actual', {'score': '4', 'rule_score': '—', 'reason': '无法计算'})]),
    ('blank-manual-evidence', row("a", "≥", "100", None, 10, manual_score=D(4), evidence="见附件"),
     '人工评分 4（依据：见附件） → 4.00',
     'manual', '4.00', None, '100', '≥',
     [('manual-score', {'score': '4', 'rule_score': '—', 'reason': '见附件'})]),
    ('manual-with-actual', row("a", "≥", "100", "50", 10, manual_score=D(8)),
     '人工评分 8 → 8.00',
     'manual', '8.00', '50', '100', '≥',
     [('manual-score', {'score': '8', 'rule_score': '5', 'reason': '（未说明）'})]),
    ('deduction', row("a", "≥", "100", "100", 10, deduction=D("1.5"), reason="违规"),
     '100 ≥ 100 → 10；扣减 1.5（违规） = 8.5 → 8.50',
     'partial', '8.50', '100', '100', '≥',
     []),
    ('na', row("a", "≥", "100", "50", 10, not_applicable=True, reason="未开展"),
     '不适用，剔除 → —',
     'not-applicable', '0', '50', '100', '≥',
     [('not-applicable', {'applicable': '10'})]),
    ('date-ok', row("a", "≤", "2023年12月31日", "2023-11-30", 10),
     '2023-11-30 不晚于 2023-12-31 → 10',
     'met', '10.00', '2023-11-30', '2023年12月31日', '≤',
     []),
    ('date-late', row("a", "≤", "2023年11月30日", "2023-12-01", 10),
     '2023-12-01 晚于 2023-11-30 → 0',
     'unmet', '0.00', '2023-12-01', '2023年11月30日', '≤',
     [('date-late', {'actual': '2023-12-01', 'target': '2023-11-30'}),
      ('reason-missing', {'score': '0', 'weight': '10'})]),
    ('date-ge-early', row("a", "≥", "2023年11月30日", "2023-11-01", 10),
     '2023-11-01 早于 2023-11-30 → 0',
     'unmet', '0.00', '2023-11-01', '2023年11月30日', '≥',
     [('date-early', {'actual': '2023-11-01', 'target': '2023-11-30'}),
      ('reason-missing', {'score': '0', 'weight': '10'})]),
    ('date-blank-comp', row("a", None, "2023年11月30日", "2023-12-01", 10),
     '2023-12-01 晚于 2023-11-30 → 0',
     'unmet', '0.00', '2023-12-01', '2023年11月30日', '',
     [('date-late', {'actual': '2023-12-01', 'target': '2023-11-30'}),
      ('reason-missing', {'score': '0', 'weight': '10'})]),
    ('target-text', row("a", "≥", "好", "50", 10),
     '指标值“好”无法识别 → 0',
     'unparsed', '0.00', '50', '好', '≥',
     [('unparsed-cell', {'field': '指标值', 'text': '好'})]),
    ('target-blank', row("a", "≥", None, "50", 10),
     '指标值“（空）”无法识别 → 0',
     'unparsed', '0.00', '50', None, '≥',
     [('unparsed-cell', {'field': '指标值', 'text': '（空）'})]),
    ('text-met', row("a", "≥", "100", "已完成", 10),
     '完成值“已完成”视为完成 → 10',
     'met', '10.00', '已完成', '100', '≥',
     [('text-actual', {'actual': '已完成', 'verdict': '完成'})]),
    ('text-unmet', row("a", "≥", "100", "未完成", 10),
     '完成值“未完成”视为未完成 → 0',
     'unmet', '0.00', '未完成', '100', '≥',
     [('reason-missing', {'score': '0', 'weight': '10'}),
      ('text-actual', {'actual': '未完成', 'verdict': '未完成'})]),
    ('text-unknown', row("a", "≥", "100", "进行中", 10),
     '完成值“进行中”无法识别 → 0',
     'unparsed', '0.00', '进行中', '100', '≥',
     [('unparsed-cell', {'field': '完成值', 'text': '进行中'})]),
    ('range-actual', row("a", "≥", "100", "80-90", 10),
     '完成值“80-90”是区间，不是实际数 → 0',
     'unparsed', '0.00', '80-90', '100', '≥',
     [('unparsed-cell', {'field': '完成值', 'text': '80-90'})]),
    ('bound-actual', row("a", "≥", "100", "≥95", 10),
     '95 ÷ 100 × 10 = 9.5 → 9.50',
     'partial', '9.50', '≥95', '100', '≥',
     [('reason-missing', {'score': '9.5', 'weight': '10'}),
      ('actual-is-bound', {'actual': '≥95', 'value': '95'})]),
    ('range-target-in', row("a", None, "80%-90%", "85%", 10),
     '85 在 80–90 之间 → 10',
     'met', '10.00', '85%', '80%-90%', '',
     []),
    ('range-target-out', row("a", None, "80%-90%", "95%", 10),
     '90 ÷ 95 × 10 ≈ 9.473684 → 9.47',
     'partial', '9.47', '95%', '80%-90%', '',
     [('reason-missing', {'score': '9.47', 'weight': '10'})]),
    ('blank-comp-default', row("a", None, "100", "50", 10),
     '50 ÷ 100 × 10 = 5 → 5.00',
     'partial', '5.00', '50', '100', '',
     [('reason-missing', {'score': '5', 'weight': '10'}),
      ('comparator-assumed', {'comparator': '≥', 'cell': '空'})]),
    ('qual-equal', row("a", "定性", "有效", "有效", 10),
     '“有效”→ 达成年度指标，100% × 10 = 10 → 10.00',
     'met', '10.00', '有效', '有效', '定性',
     []),
    ('qual-partial', row("a", "定性", "显著提升", "基本达成", 10),
     '“基本达成”→ 部分达成年度指标并具有一定效果，70% × 10 = 7 → 7.00',
     'partial', '7.00', '基本达成', '显著提升', '定性',
     [('reason-missing', {'score': '7', 'weight': '10'})]),
    ('qual-partial-of-the-target-phrase', row("a", "定性", "达成年度指标", "部分达成年度指标", 10),
     '“部分达成年度指标”→ 部分达成年度指标并具有一定效果，70% × 10 = 7 → 7.00',
     'partial', '7.00', '部分达成年度指标', '达成年度指标', '定性',
     [('reason-missing', {'score': '7', 'weight': '10'})]),
    ('qual-negated', row("a", "定性", "显著提升", "不显著", 10),
     '完成值“不显著”无法归入定性档次 → 0',
     'unparsed', '0.00', '不显著', '显著提升', '定性',
     [('unparsed-cell', {'field': '完成值', 'text': '不显著'})]),
    ('qual-unmet', row("a", "定性", "显著提升", "较差", 10),
     '“较差”→ 未达成年度指标且效果较差，30% × 10 = 3 → 3.00',
     'partial', '3.00', '较差', '显著提升', '定性',
     [('reason-missing', {'score': '3', 'weight': '10'})]),
    ('qual-unknown', row("a", "定性", "显著提升", "还行吧", 10),
     '完成值“还行吧”无法归入定性档次 → 0',
     'unparsed', '0.00', '还行吧', '显著提升', '定性',
     [('unparsed-cell', {'field': '完成值', 'text': '还行吧'})]),
    ('qual-blank', row("a", "定性", "显著提升", None, 10),
     '完成值空缺 → 0',
     'missing', '0.00', None, '显著提升', '定性',
     [('missing-actual', {})]),
    ('qual-text-target', row("a", None, "显著提升", "有效", 10),
     '“有效”→ 达成年度指标，100% × 10 = 10 → 10.00',
     'met', '10.00', '有效', '显著提升', '',
     []),
    ('qual-manual-in', row("a", "定性", "显著提升", "基本达成", 10, manual_score=D(7)),
     '人工评分 7 → 7.00',
     'manual', '7.00', '基本达成', '显著提升', '定性',
     [('manual-score', {'score': '7', 'rule_score': '7', 'reason': '（未说明）'})]),
    ('qual-manual-out', row("a", "定性", "显著提升", "基本达成", 10, manual_score=D(9)),
     '人工评分 9 → 9.00',
     'manual', '9.00', '基本达成', '显著提升', '定性',
     [('qualitative-score-outside-band', {'tier': '部分达成年度指标并具有一定效果',
        'band': '[6, 8)', 'score': '9'}),
      ('manual-score', {'score': '9', 'rule_score': '7', 'reason': '（未说明）'})]),
    ('qual-manual-achieved-top', row("a", "定性", "显著提升", "有效", 10, manual_score=D(10)),
     '人工评分 10 → 10.00',
     'manual', '10.00', '有效', '显著提升', '定性',
     [('manual-score', {'score': '10', 'rule_score': '10', 'reason': '（未说明）'})]),
    ('qual-manual-achieved-low', row("a", "定性", "显著提升", "有效", 10, manual_score=D(7)),
     '人工评分 7 → 7.00',
     'manual', '7.00', '有效', '显著提升', '定性',
     [('qualitative-score-outside-band', {'tier': '达成年度指标', 'band': '[8, 10]', 'score': '7'}),
      ('manual-score', {'score': '7', 'rule_score': '10', 'reason': '（未说明）'})]),
    ('qual-manual-unmet-out', row("a", "定性", "显著提升", "较差", 10, manual_score=D(6)),
     '人工评分 6 → 6.00',
     'manual', '6.00', '较差', '显著提升', '定性',
     [('qualitative-score-outside-band', {'tier': '未达成年度指标且效果较差',
        'band': '[0, 6)', 'score': '6'}),
      ('manual-score', {'score': '6', 'rule_score': '3', 'reason': '（未说明）'})]),
    ('checklist', row("a", None, None, ("制度健全",), 5, rule=CL),
     '制度健全 3 = 3；未满足：执行到位 → 3.00',
     'partial', '3.00', None, None, '',
     [('reason-missing', {'score': '3', 'weight': '5'})]),
    ('checklist-missing', row("a", None, None, None, 5, rule=CL),
     '未列出满足的条目 → 0',
     'missing', '0.00', None, None, '',
     [('missing-actual', {})]),
    ('checklist-missing-manual', row("a", None, None, None, 5,
                                     rule=CL, manual_score=D(2), reason="r"),
     '人工评分 2（r） → 2.00',
     'manual', '2.00', None, None, '',
     [('manual-score-without-actual', {'score': '2', 'rule_score': '—', 'reason': 'r'})]),
    ('count-ok', row("a", None, None, "2", 5, rule={"count_deduct": {"per": 1}}),
     '2 次（每次扣 1）：5 − 1 × 2 = 3 → 3.00',
     'partial', '3.00', '2', None, '',
     [('reason-missing', {'score': '3', 'weight': '5'})]),
    ('count-frac', row("a", None, None, "2.5", 5, rule={"count_deduct": {"per": 1}}),
     '次数“2.5”不是非负整数 → 0',
     'unparsed', '0.00', '2.5', None, '',
     [('unparsed-cell', {'field': '完成值（次数）', 'text': '2.5'})]),
    ('count-neg', row("a", None, None, "-1", 5, rule={"count_deduct": {"per": 1}}),
     '次数“-1”不是非负整数 → 0',
     'unparsed', '0.00', '-1', None, '',
     [('unparsed-cell', {'field': '完成值（次数）', 'text': '-1'})]),
    ('bands', row("a", None, None, "85", 5,
                  rule={"bands": [{"min": 90, "points": 5}, {"min": 80, "points": 3}]}),
     '85 ≥ 80，该档 3 分 → 3.00',
     'partial', '3.00', '85', None, '',
     [('reason-missing', {'score': '3', 'weight': '5'})]),
    ('bands-text', row("a", None, None, "很好", 5, rule={"bands": [{"min": 90, "points": 5}]}),
     '完成值“很好”无法识别 → 0',
     'unparsed', '0.00', '很好', None, '',
     [('unparsed-cell', {'field': '完成值', 'text': '很好'})]),
    ('bands-blank', row("a", None, None, None, 5, rule={"bands": [{"min": 90, "points": 5}]}),
     '完成值空缺 → 0',
     'missing', '0.00', None, None, '',
     [('missing-actual', {})]),
    ('deduct', row("a", None, None, "103", 5, rule={"deduct": {"threshold": 100, "points": 1}}),
     '103 超过 100（每 1 扣 1）：5 − 1 × 3 = 2 → 2.00',
     'partial', '2.00', '103', None, '',
     [('reason-missing', {'score': '2', 'weight': '5'})]),
    ('expr', row("a", "≥", "100", "50", 5, rule={"expression": "weight * min(actual / target, 1)"}),
     'weight * min(actual / target, 1)（actual = 50，target = 100，weight = 5） = 2.5 → 2.50',
     'partial', '2.50', '50', '100', '≥',
     [('reason-missing', {'score': '2.5', 'weight': '5'})]),
    ('date-ge-ok', row("a", "≥", "2023年11月30日", "2023-12-01", 10),
     '2023-12-01 不早于 2023-11-30 → 10',
     'met', '10.00', '2023-12-01', '2023年11月30日', '≥',
     []),
    ('date-ge-same', row("a", "≥", "2023年11月30日", "2023-11-30", 10),
     '2023-11-30 不早于 2023-11-30 → 10',
     'met', '10.00', '2023-11-30', '2023年11月30日', '≥',
     []),
    ('date-le-same', row("a", "≤", "2023年11月30日", "2023-11-30", 10),
     '2023-11-30 不晚于 2023-11-30 → 10',
     'met', '10.00', '2023-11-30', '2023年11月30日', '≤',
     []),
    ('date-text', row("a", "≤", "2023年12月31日", "按时完成", 10),
     '完成值“按时完成”视为完成 → 10',
     'met', '10.00', '按时完成', '2023年12月31日', '≤',
     [('text-actual', {'actual': '按时完成', 'verdict': '完成'})]),
    ('date-number', row("a", "≤", "2023年12月31日", "1", 10),
     '完成值“1”不是日期，无法与目标日期比较 → 0',
     'unparsed', '0.00', '1', '2023年12月31日', '≤',
     [('unparsed-cell', {'field': '完成值', 'text': '1'})]),
    ('blank-comp-too-low', row("a", None, "100", "130", 10),
     '130 ≥ 100 → 10',
     'met', '10.00', '130', '100', '',
     [('comparator-assumed', {'comparator': '≥', 'cell': '空'}),
      ('target-possibly-too-low', {'actual': '130', 'target': '100', 'ratio': '130%'})]),
    ('qual-blank-target', row("a", "定性", None, "有效", 10),
     '“有效”→ 达成年度指标，100% × 10 = 10 → 10.00',
     'met', '10.00', '有效', None, '定性',
     []),
    ('range-target-below', row("a", None, "80%-90%", "70%", 10),
     '70 ÷ 80 × 10 = 8.75 → 8.75',
     'partial', '8.75', '70%', '80%-90%', '',
     [('reason-missing', {'score': '8.75', 'weight': '10'})]),
    ('qual-unknown-manual', row("a", "定性", "显著提升", "还行吧", 10, manual_score=D(5)),
     '人工评分 5 → 5.00',
     'manual', '5.00', '还行吧', '显著提升', '定性',
     [('manual-score', {'score': '5', 'rule_score': '—', 'reason': '（未说明）'})]),
    ('manual-too-low', row("a", "≥", "100", "150", 10, manual_score=D(9), reason="酌情"),
     '人工评分 9（酌情） → 9.00',
     'manual', '9.00', '150', '100', '≥',
     [('manual-score', {'score': '9', 'rule_score': '10', 'reason': '酌情'}),
      ('target-possibly-too-low', {'actual': '150', 'target': '100', 'ratio': '150%'})]),
    ('text-manual', row("a", "≥", "100", "进行中", 10, manual_score=D(3), reason="部分"),
     '人工评分 3（部分） → 3.00',
     'manual', '3.00', '进行中', '100', '≥',
     [('manual-score', {'score': '3', 'rule_score': '—', 'reason': '部分'})]),
    ('bands-blank-manual', row("a", None, None, None, 5,
                               rule={"bands": [{"min": 90, "points": 5}]},
                               manual_score=D(1), reason="r"),
     '人工评分 1（r） → 1.00',
     'manual', '1.00', None, None, '',
     [('manual-score-without-actual', {'score': '1', 'rule_score': '—', 'reason': 'r'})]),
    ('text-part', row("a", "≥", "100", "基本完成", 10),
     '完成值“基本完成”无法识别 → 0',
     'unparsed', '0.00', '基本完成', '100', '≥',
     [('unparsed-cell', {'field': '完成值', 'text': '基本完成'})]),
    ('date-vs-number', row("a", "≥", "100", "2023-12-01", 10),
     '完成值“2023-12-01”无法识别 → 0',
     'unparsed', '0.00', '2023-12-01', '100', '≥',
     [('unparsed-cell', {'field': '完成值', 'text': '2023-12-01'})]),
    ('qual-manual-achieved-edge', row("a", "定性", "显著提升", "有效", 10, manual_score=D(8)),
     '人工评分 8 → 8.00',
     'manual', '8.00', '有效', '显著提升', '定性',
     [('manual-score', {'score': '8', 'rule_score': '10', 'reason': '（未说明）'})]),
    ('qual-manual-partial-edge', row("a", "定性", "显著提升", "基本达成", 10, manual_score=D(6)),
     '人工评分 6 → 6.00',
     'manual', '6.00', '基本达成', '显著提升', '定性',
     [('manual-score', {'score': '6', 'rule_score': '7', 'reason': '（未说明）'})]),
    ('qual-manual-partial-top', row("a", "定性", "显著提升", "基本达成", 10, manual_score=D(8)),
     '人工评分 8 → 8.00',
     'manual', '8.00', '基本达成', '显著提升', '定性',
     [('qualitative-score-outside-band',
       {'tier': '部分达成年度指标并具有一定效果', 'band': '[6, 8)', 'score': '8'}),
      ('manual-score', {'score': '8', 'rule_score': '7', 'reason': '（未说明）'})]),
    ('count-zero', row("a", None, None, "0", 5, rule={"count_deduct": {"per": 1}}),
     '0 次（每次扣 1）：5 − 1 × 0 = 5 → 5.00',
     'met', '5.00', '0', None, '',
     []),
    ('count-text', row("a", None, None, "两次", 5, rule={"count_deduct": {"per": 1}}),
     '完成值“两次”无法识别 → 0',
     'unparsed', '0.00', '两次', None, '',
     [('unparsed-cell', {'field': '完成值', 'text': '两次'})]),
]


@pytest.mark.parametrize(("kind", "spec", "explain", "status", "score", "actual", "target",
                          "comparator", "found"), ROWS, ids=[r[0] for r in ROWS])
def test_row(*, kind: str, spec: dict[str, Any], explain: str, status: str, score: str,
             actual: str | None, target: str | None, comparator: str, found: Expected) -> None:
    result = evaluate(make_case([spec, FILL]))
    got = result.indicators[0]
    assert (got.explain, got.status, str(got.score)) == (explain, status, score)
    assert (got.actual, got.target, got.comparator) == (actual, target, comparator)
    assert got.weight == spec["weight"]
    mine = [(f.code, {k: v for k, v in f.params if k != "name"}) for f in result.findings
            if f.indicator == "a"]
    assert sorted(mine, key=repr) == sorted(found, key=repr)
    assert all(dict(f.params)["name"] == "a" for f in result.findings if f.indicator == "a")


def _score(spec: dict[str, Any], scheme: str = "mof-2020") -> Any:
    case = make_case([spec, FILL], scheme=scheme)
    ind = case.indicator_set.indicators[0]
    with localcontext(ENGINE_CONTEXT):  # as the engine calls it
        return score_row(ind, case.actuals.get(ind.key), load_scheme(scheme), 2023)


def test_not_applicable_rows_do_not_count() -> None:
    out = _score(row("a", "≥", "100", "50", 10, not_applicable=True, reason="未开展",
                     reported_score=D(5)))
    assert (out.applicable, out.scored, out.result.score) == (False, False, 0)
    assert (out.result.reported_score, out.result.actual) == ("5", "50")
    case = make_case([row("a", "≥", "100", "50", 10, not_applicable=True), FILL])
    ind = case.indicator_set.indicators[0]
    given = score_row(ind, case.actuals[ind.key], load_scheme("mof-2020"), 2023,
                      cell_of("5分"))
    assert given.result.reported_score == "5分"  # as published in the case's scores
    assert [f.code for f in out.findings] == ["not-applicable"]
    assert dict(out.findings[0].params)["applicable"] == "（见合计）"


@pytest.mark.parametrize(("spec", "scored"), [
    (row("a", "≥", "100", None, 10), False),
    (row("a", "≥", "100", "进行中", 10), False),
    (row("a", "≥", "100", "50", 10), True),
    (row("a", "≥", "100", None, 10, manual_score=D(4), reason="r"), True),
])
def test_only_rows_with_a_readable_actual_are_scored(spec: dict[str, Any], scored: bool) -> None:
    out = _score(spec)
    assert (out.applicable, out.scored) == (True, scored)


def test_a_deduction_never_goes_below_zero() -> None:
    got = _score(row("a", "≥", "100", "50", 10, deduction=D(8), reason="违规")).result
    assert got.explain == "50 ÷ 100 × 10 = 5；扣减 8（违规） = 0 → 0.00"
    assert (got.score, got.raw_score, got.status) == (D("0.00"), D(0), "unmet")


def test_raw_score_and_reported_score_are_kept() -> None:
    got = _score(row("a", "≤", "100", "120", 10, reported_score=D("8.30"))).result
    assert got.raw_score == D("8.333333333333333333333333333333333")  # 34 digits
    assert got.reported_score == "8.3"
    text = _score(row("a", "≤", "100", "120", 10, reported_score="8.3分")).result
    assert text.reported_score == "8.3分"


def test_scheme_places_and_variants_change_the_derivation() -> None:
    one = _score(row("a", "≥", "240", "184.2", 10), "sichuan-2023").result
    assert (one.explain, one.score) == ("184.2 ÷ 240 × 10 = 7.675 → 7.7", D("7.7"))
    assert _score(row("a", "≥", "240", "240", 10), "sichuan-2023").result.explain == \
        "240 ≥ 240 → 10"


SOURCE = """\
project: {name: p, year: 2023}
scheme: mof-2020
indicators:
  - {name: 有值, comparator: "≥", target: "100", actual: "50", weight: 30}
  - {name: 空值, comparator: "≥", target: "100", actual: null, weight: 30}
  - name: 无完成值
    comparator: "≥"
    target: "100"
    weight: 20
  - {name: 无指标值, comparator: "≥", actual: "50", weight: 5}
  - {name: 坏指标值, comparator: "≥", target: 好, actual: "50", weight: 5}
"""


def test_findings_point_at_the_cell_that_explains_them(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    result = evaluate(load_case(path))
    where = {(f.indicator, f.code): f.location for f in result.findings}
    src = str(path)
    assert where["有值", "reason-missing"] == Location(src, 4, 56)  # the actual cell
    assert where["空值", "missing-actual"] == Location(src, 5, 56)
    assert where["无完成值", "missing-actual"] == Location(src, 6, 5)  # no cell: the row
    assert where["无指标值", "unparsed-cell"] == Location(src, 10, 5)  # no target cell: the row
    assert where["坏指标值", "unparsed-cell"] == Location(src, 11, 43)  # the target cell
    rows = {r.name: r.location for r in result.indicators}
    assert rows["有值"] == Location(src, 4, 5)


@given(st.decimals(min_value=0, max_value=10 ** 6, places=2, allow_nan=False),
       st.sampled_from(["≥", ">", "≤", "<", "="]), st.sampled_from(["", "%"]))
def test_a_number_scores_alike_as_a_decimal_and_as_cell_text(
        value: D, comparator: str, unit: str) -> None:
    """The straight path for numbers (a Decimal) and the cell reader (its text) agree."""
    spec = row("a", comparator, "95", value, 10, unit=unit or None)
    as_text = row("a", comparator, "95", format(value, "f"), 10, unit=unit or None)
    a, b = _score(spec), _score(as_text)
    assert a.result == b.result
    assert [(f.code, f.params) for f in a.findings] == [(f.code, f.params) for f in b.findings]


def test_a_plan_reads_the_cells_of_its_row_in_the_case_year() -> None:
    """A plan only looks at the row's Cells (read at load): equal cells give equal
    plans, and a date without its year is a date of the case's year."""
    case = make_case([row("a", "≥", "100", "50", 10), row("b", "≥", "100", "60", 10),
                      row("c", "≤", "12月底前", "2023-11-30", 10)])
    first, second, dated = case.indicator_set.indicators
    assert plan_for(first, 2023) == plan_for(second, 2023)
    assert plan_for(dated, 2023).target.date == dt.date(2023, 12, 31)
    assert plan_for(dated, 2024).target.date == dt.date(2024, 12, 31)
    assert plan_for(dated, None).target.date == dt.date(4, 12, 31)  # no year: UNKNOWN_YEAR


def test_scheme_switches_reach_the_row(tmp_path: Path) -> None:
    """No default comparator, `=` scored exactly, no too-low check: each changes a row."""
    path = tmp_path / "strict.yaml"
    path.write_text("id: strict\nextends: mof-2020\ndefault_comparator: null\nequal: exact\n"
                    "target_too_low: {positive: null, reverse: null}\n", encoding="utf-8")
    strict = load_scheme(str(path))
    case = make_case([row("blank", None, "100", "50", 30), row("eq", "=", "100", "102", 30),
                      row("high", "≥", "100", "200", 20), row("low", "≤", "100", "10", 10)])
    result = evaluate(case, strict)
    blank, eq, high, low = result.indicators
    assert (blank.explain, blank.status) == ("未填写指标性质 → 0", "unparsed")
    assert eq.explain == "30 × (1 − |102 − 100| ÷ 100) = 29.4 → 29.40"
    assert (high.score, low.score) == (D("20.00"), D("10.00"))
    found = {(f.indicator, f.code): dict(f.params) for f in result.findings}
    assert found["blank", "unparsed-cell"] == {"name": "blank", "field": "指标性质",
                                               "text": "（空）"}
    assert not any(code == "target-possibly-too-low" for _, code in found)
    mof = evaluate(case)
    assert mof.indicators[1].explain == "“=”按 ≥ 计：102 ≥ 100 → 30"  # as_positive
    assert {f.indicator for f in mof.findings if f.code == "target-possibly-too-low"} == {
        "high", "low"}


@pytest.mark.parametrize(("unit", "target", "actual", "detail"), [
    ("%", "95", "0.98以上", "单位为 %，指标值 95，完成值 0.98 像是小数比率"),
    (None, "95%", "0.98以上", "单位为 %，指标值 95，完成值 0.98 像是小数比率"),
    (None, "95%", "1以上", "单位为 %，指标值 95，完成值 1 像是小数比率"),  # 1 is a fraction too
    (None, "95%", "0.98%以上", None),  # written as a percentage
    (None, "95%", "0以上", None),  # 0 is no fraction
    (None, "95%", "1.5以上", None),
    (None, "1%", "0.5以上", None),  # a target of 1% is itself small
    (None, "2%", "0.5以上", "单位为 %，指标值 2，完成值 0.5 像是小数比率"),
    (None, "95", "0.98以上", None),  # no % anywhere
    (None, "120户", "110人以上", "指标值单位“户”与完成值单位“人”不同"),
    (None, "120户", "110户以上", None),
    (None, "120户", "１１０户以上", None),  # the same unit once normalised
    (None, "120户", "110以上", None),  # no unit in the actual: nothing to compare
])
@pytest.mark.parametrize("bound", [True, False])
def test_unit_checks(unit: str | None, target: str, actual: str, detail: str | None,
                     bound: bool) -> None:
    """`check_units`, through the straight path for numbers (0.98, 110人) and through the
    full reading (a bound such as 0.98以上)."""
    cell = actual if bound else actual.removesuffix("以上")
    out = _score(row("a", "≥", target, cell, 10, unit=unit, reason="r"))
    assert [dict(f.params).get("detail") for f in out.findings
            if f.code == "unit-suspect"] == ([detail] if detail else [])
    assert ("actual-is-bound" in [f.code for f in out.findings]) is bound


def test_an_actual_date_without_a_year_takes_the_case_year() -> None:
    got = _score(row("a", "≤", "2023年12月31日", "11月底", 10)).result
    assert (got.explain, got.status) == ("2023-11-30 不晚于 2023-12-31 → 10", "met")


STRAIGHT = [row("a", "≥", "240", D("184.2"), 10), row("a", "≤", "10%", "12.5%", 10),
            row("a", "≥", "120户", "110户", 10), row("a", "=", "100", "98", 10, unit="%")]
FULL = [row("a", "≥", "240", "≥184.2", 10), row("a", "≥", "240", "已完成", 10),
        row("a", "≥", "240", None, 10), row("a", "定性", "有效", "有效", 10),
        row("a", None, "240", "184.2", 10), row("a", "≥", "80-90", "85", 10),
        row("a", "≥", "240", "184.2", 10, manual_score=D(5)),
        row("a", "≥", "240", "184.2", 10, deduction=D(1), reason="r"),
        row("a", "≥", "240", "184.2", 10, not_applicable=True)]


@pytest.mark.parametrize(("spec", "straight"), [(r, True) for r in STRAIGHT]
                         + [(r, False) for r in FULL])
def test_numbers_go_straight_to_their_formula(spec: dict[str, Any], straight: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A number against a number target skips the full reading of the row (the hot
    path); everything else takes it. Both give the same results (see above)."""
    from scoring.engine import row as rows

    full = rows._score
    taken: list[bool] = []

    def spy(*args: Any) -> Any:
        taken.append(True)
        return full(*args)

    monkeypatch.setattr(rows, "_score", spy)
    _score(spec)
    assert bool(taken) is not straight


def test_a_plan_keeps_how_a_target_was_printed() -> None:
    """Equal numbers printed otherwise stay printed as they were; a rule of its own
    leaves the straight path; a blank target is blank, the text "None" is text."""
    case = make_case([row("a", "≥", "100", "50", 10), row("c", "≥", D("100.0"), "60", 10),
                      row("d", "≥", "100", "60", 10, rule={"expression": "weight"})])
    a, c, d = case.indicator_set.indicators
    assert plan_for(c, 2023).target_shown == "100.0"  # equal, but printed otherwise
    assert plan_for(a, 2023).target_shown == "100"
    assert plan_for(a, 2023).numeric and not plan_for(d, 2023).numeric  # a rule of its own
    blank, word = make_case([row("e", "定性", None, "好", 10),
                             row("f", "定性", "None", "好", 10)]).indicator_set.indicators
    assert plan_for(blank, 2023).target.kind == "blank"
    assert plan_for(word, 2023).target.kind == "text"  # the text "None" is no blank


def test_a_rule_is_applied_even_when_a_plain_row_has_the_same_cells() -> None:
    result = evaluate(make_case([row("a", "≥", "100", "50", 10),
                                 row("b", "≥", "100", "50", 10,
                                     rule={"expression": "weight * 0.9"})]))
    a, b = result.indicators
    assert (a.score, b.score) == (D("5.00"), D("9.00"))


@pytest.mark.parametrize(("comparator", "target", "actual", "too_low"), [
    ("≥", "1", "2", True), ("≥", "1", "1.29", False), ("≥", "0", "5", False),
    ("≤", "1", "0.5", True), ("≤", "1", "0.71", False), ("≤", "0", "0", False),
])
def test_target_possibly_too_low_edges(comparator: str, target: str, actual: str,
                                       too_low: bool) -> None:
    out = _score(row("a", comparator, target, actual, 10, reason="r"))
    assert ("target-possibly-too-low" in [f.code for f in out.findings]) is too_low
    assert out.result.status == "met"


def test_a_row_without_a_place_takes_the_place_of_its_actual(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    case = load_case(path)
    placeless = case.indicator_set.model_copy(update={"indicators": tuple(
        i.model_copy(update={"location": Location("<code>")})
        for i in case.indicator_set.indicators)})
    result = evaluate(case.model_copy(update={"indicator_set": placeless}))
    assert result.indicators[0].location == case.actuals["有值"].location
    assert evaluate(case).indicators[0].location == case.indicator_set.indicators[0].location


def test_a_row_is_placed_at_its_indicator_in_the_set_file() -> None:
    from conftest import SEED

    case = load_case(SEED)
    result = evaluate(case)
    ind = case.indicator_set.indicators[1]
    assert ind.location.file.endswith("anju-2023-investment.yaml")
    assert "indicator_sets" in ind.location.file
    assert result.indicators[1].location == ind.location != case.actuals[ind.key].location


@pytest.mark.parametrize(("manual", "explain", "status", "codes"), [
    (None, "指标性质“大约”无法识别 → 0", "unparsed", ["unparsed-cell"]),
    (D(4), "人工评分 4（r） → 4.00", "manual", ["manual-score"]),  # a manual score replaces it
])
def test_a_comparator_no_one_can_read_makes_its_row_unparsed(
        manual: D | None, explain: str, status: str, codes: list[str]) -> None:
    # only a published table lets such a cell through (checks.run_set_checks(table=True))
    from scoring.engine.row import score_row
    from scoring.errors import Location
    from scoring.model.case import Actual, Indicator

    where = Location("t.csv", 3, 5)
    ind = Indicator(name="b", comparator="大约", target="10", weight=D(10),
                    location=Location("t.csv", 3, 1), field_locations={"comparator": where})
    act = Actual(value="10", manual_score=manual, reason="r")
    with localcontext(ENGINE_CONTEXT):
        out = score_row(ind, act, load_scheme("mof-2020"), 2023)
    r = out.result
    assert (r.explain, r.status, r.comparator, r.actual) == (explain, status, "大约", "10")
    assert r.score == (manual if manual is not None else D("0.00"))
    assert [f.code for f in out.findings] == codes
    if manual is None:
        [f] = out.findings
        assert (f.location, dict(f.params)) == (where, {"name": "b", "field": "指标性质",
                                                          "text": "大约"})
    assert out.applicable and out.scored is (manual is not None)


@pytest.mark.parametrize(("manual", "outside"), [(D("4.94"), False), (D("4.95"), True)])
def test_a_manual_score_is_checked_against_its_band_as_it_is_printed(manual: D,
                                                                     outside: bool) -> None:
    # hubei-2020: 1 place, 未达成 band [0, 50%): 4.95 prints as 5.0, which is outside
    case = make_case([row("a", "定性", "显著提升", "未达成", 10, manual_score=manual,
                          reason="r")], scheme="hubei-2020")
    codes = [f.code for f in evaluate(case).findings]
    assert ("qualitative-score-outside-band" in codes) is outside
