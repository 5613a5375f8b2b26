"""The baseline: what an analyst would write in pandas to score a flat 自评表.

Floats, regular expressions and numpy.where; the same rules as the engine's
default scheme (mof-2020) for the cells of benchmarks/region.py: F1 budget
execution, F2 positive, F3 reverse (ratio), = scored as ≥, text actuals
(完成 → full, 未完成 → 0), qualitative tiers 100/70/30 %, blank actual → 0,
each score rounded to 2 places, total = sum, grade by bands. No findings,
no explanations, no provenance, and float rounding (np.round is half-to-even
on binary floats): see `compare` in benchmarks/batch.py for what that costs.

    python benchmarks/pandas_baseline.py region.csv -o totals.csv
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

GE = ("≥", "≧", ">=", "大于等于", "不低于", "不少于", ">", "大于", "=", "＝", "等于")
LE = ("≤", "≦", "<=", "小于等于", "不高于", "不超过", "<", "小于")
MET = r"^(?:完成|已完成|全部完成|按时完成|达标|已达标|达到|是|合格)$"
UNMET = r"^(?:未完成|没有完成|未达标|未达到|否|不合格)$"
Q_UNMET = "未达成|无效|较差|不满意|未完成|未达到|不明显|未提升|未改善"
Q_PARTIAL = "部分达成|基本达成|基本完成|一般|较好|部分完成|较满意|基本满意"
Q_MET = "达成|有效|显著|明显|提升|提高|改善|好|优|高|满意|是|完成|达到"
NUMBER = r"(-?\d+(?:\.\d+)?)"


def score(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    target = df["指标值"].str.normalize("NFKC").str.replace(",", "", regex=False)
    actual = df["完成值"].str.normalize("NFKC").str.replace(",", "", regex=False)
    comp = df["指标性质"].str.normalize("NFKC")
    inline = target.str.extract(r"^(≥|≤|>=|<=|>|<|=)")[0].fillna("")
    comp = comp.where(comp != "", inline)
    t = pd.to_numeric(target.str.extract(NUMBER)[0], errors="coerce")
    a = pd.to_numeric(actual.str.extract(NUMBER)[0], errors="coerce")
    w = pd.to_numeric(df["权重"], errors="coerce")
    budget = df["一级指标"].isin(["预算执行情况", "预算执行率"])
    qualitative = comp == "定性"
    ge = comp.isin([c for c in GE]) | (comp == "")
    le = comp.isin([c for c in LE])
    met_text = actual.str.match(MET)
    unmet_text = actual.str.match(UNMET)
    positive = np.where(a >= t, w, np.where(a <= 0, 0.0, w * a / t))
    reverse = np.where(a <= t, w, np.where(t <= 0, 0.0, w * t / a))
    qual = np.select([actual == "", actual == target, actual.str.contains(Q_UNMET),
                      actual.str.contains(Q_PARTIAL), actual.str.contains(Q_MET)],
                     [0.0, w, w * 0.3, w * 0.7, w], 0.0)
    rate = a / t
    s = np.select(
        [budget, qualitative, actual == "", met_text, unmet_text, a.isna(), ge, le],
        [w * np.minimum(rate, 1.0), qual, 0.0, w, 0.0, 0.0, positive, reverse], 0.0)
    df["得分_计算"] = np.round(s, 2)
    totals = df.groupby(["主管部门", "项目名称"], sort=False)["得分_计算"].sum().round(2)
    out = totals.reset_index(name="总分")
    out["等级"] = pd.cut(out["总分"], [-np.inf, 60, 80, 90, np.inf], right=False,
                       labels=["差", "中", "良", "优"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    out = score(args.table)
    out.to_csv(args.output, index=False)
    print(f"{len(out)} projects", file=sys.stderr)


if __name__ == "__main__":
    main()
