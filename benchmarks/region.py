"""Generate a synthetic region as one flat 自评表 CSV (FORMATS.md §4).

N projects × (1 budget row + 15 indicator rows), with the cell variants of
FORMATS.md §5 that real tables are full of: percent signs, comparators inside
the 指标值 cell (`≥95%`, `≤30万元`), other comparator spellings (`≧`, `＝`,
`不高于`, `<=`), full-width digits (`１２０`), thousands separators and
trailing text (`2,850个`), text actuals (`完成`, `已完成`, `未完成`),
qualitative phrases and blank actuals. Deterministic for a given seed.

    python benchmarks/region.py 1000 -o /tmp/region.csv

Used by benchmarks/batch.py and by the tests (small N).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Callable, Iterator
from pathlib import Path

HEADER = ("主管部门", "项目名称", "项目编码", "一级指标", "二级指标", "三级指标", "指标性质",
          "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析")
DEPARTMENTS = tuple(f"{name}局" for name in (
    "财政", "教育", "卫生健康", "农业农村", "水利", "交通运输", "住房城乡建设", "民政", "司法",
    "文化旅游", "自然资源", "生态环境", "商务", "经济合作", "应急管理", "市场监管", "统计",
    "林业", "人力资源社会保障", "退役军人事务"))
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")

Gen = Callable[[random.Random], str]


def _num(lo: float, hi: float, places: int = 1) -> Gen:
    def gen(rng: random.Random) -> str:
        return f"{rng.uniform(lo, hi):.{places}f}"
    return gen


def _blank_or(p: float, gen: Gen) -> Gen:
    return lambda rng: "" if rng.random() < p else gen(rng)


def _choice(*options: str) -> Gen:
    return lambda rng: rng.choice(options)


# level1, level2, name, comparator, target, unit, weight, actual generator
TEMPLATES: tuple[tuple[str, str, str, str, str, str, int, Gen], ...] = (
    ("产出指标", "数量指标", "招引项目个数", "≥", "16", "个", 10,
     lambda rng: str(rng.randint(10, 25))),
    ("产出指标", "数量指标", "协议金额", "≥", "240", "亿元", 10, _num(150, 300)),
    ("产出指标", "质量指标", "验收合格率", "", "≥95%", "%", 5,
     lambda rng: f"{rng.uniform(88, 100):.1f}%"),
    ("产出指标", "质量指标", "覆盖人数", "≧", "１２０", "人", 5,
     lambda rng: str(rng.randint(100, 140)).translate(_FULL)),
    ("产出指标", "时效指标", "完成及时率", "＝", "100%", "%", 5,
     _choice("100%", "100%", "98%", "96.5%")),
    ("产出指标", "时效指标", "项目完成情况", "≥", "1", "项", 5,
     _choice("完成", "已完成", "全部完成", "未完成", "1")),
    ("效益指标", "经济效益指标", "创造GDP产值", "≥", "30", "亿元", 5,
     _blank_or(0.3, _num(20, 40))),
    ("效益指标", "社会效益指标", "创造就业岗位", "大于等于", "3,000", "个", 5,
     lambda rng: f"{rng.randint(2500, 3500):,}个"),
    ("效益指标", "社会效益指标", "群众生活改善", "定性", "有效", "", 5,
     _choice("显著提升", "有效", "基本达成", "效果较差", "明显改善")),
    ("效益指标", "可持续影响指标", "长效机制建立", "定性", "达成年度指标", "", 5,
     _choice("达成年度指标", "达成年度指标", "部分达成", "")),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "95", "%", 10, _num(85, 100)),
    ("成本指标", "经济成本指标", "差旅费", "≤", "144", "万元", 5, _num(100, 170)),
    ("成本指标", "经济成本指标", "接待费", "", "≤30万元", "万元", 5,
     lambda rng: f"{rng.uniform(20, 36):.1f}万元"),
    ("成本指标", "经济成本指标", "租赁费", "不高于", "10", "万元", 5, _num(8, 12.5, 2)),
    ("成本指标", "经济成本指标", "资料印制费", "<=", "20", "万元", 5,
     _blank_or(0.2, _num(15, 24))),
)
BUDGET_LABEL = "预算执行情况"
BUDGET_WEIGHT = 10


def project_rows(i: int, rng: random.Random) -> Iterator[tuple[str, ...]]:
    """The 16 rows of project `i`: the budget row, then 15 indicator rows."""
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    name = f"{dept}专项项目{i:06d}"
    code = f"51090423T{i:012d}"
    adjusted = rng.uniform(50, 1000)
    executed = adjusted * rng.choice((1.0, 1.0, 0.97, 0.85, 0.7, 1.05))
    yield (dept, name, code, BUDGET_LABEL, "", "", "", f"{adjusted:.2f}", "万元",
           f"{executed:.2f}", str(BUDGET_WEIGHT), str(BUDGET_WEIGHT), "")
    first = True
    for level1, level2, ind, comp, target, unit, weight, gen in TEMPLATES:
        actual = gen(rng)
        reported = str(weight) if rng.random() < 0.5 else ""
        reason = "受疫情影响" if actual and rng.random() < 0.2 else ""
        # blank 二级指标 = same as the row above, as in a merged cell
        shown_level2 = level2 if first or rng.random() < 0.7 else ""
        first = False
        yield (dept, name, code, level1, shown_level2, ind, comp, target, unit, actual,
               str(weight), reported, reason)


def write_region(path: Path, projects: int, seed: int = 2023, *, start: int = 0,
                 encoding: str = "utf-8") -> int:
    """Write `projects` projects to `path` as CSV; returns the number of data rows."""
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(start, start + projects):
            for row in project_rows(i, rng):
                writer.writerow(row)
                rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    rows = write_region(args.output, args.projects, args.seed)
    print(f"{args.output}: {args.projects} projects, {rows} rows")


if __name__ == "__main__":
    main()
