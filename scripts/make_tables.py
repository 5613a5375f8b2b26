"""Write every published table (cases/published/*.json) as a flat CSV in GB18030.

Run when a table is added: `python scripts/make_tables.py`. Output goes to
cases/tables/<stem>.csv, one row per indicator in the layout of FORMATS.md §4
(see docs/import.md), encoded GB18030 with CRLF line ends as Excel in China
writes it. Reproducible: the same JSON gives the same bytes.

Every cell is written as printed (`≧`, `═`, `≥95%`, `98%`, `完成`, blank
actuals). 一级/二级 are written only where they change, as the merged cells
of the printed form leave them. The budget execution is a row of the table
(一级指标 预算执行情况); the total (合计) and grade (评价等级) are rows too.
The comparator fixes of transcribe_cases.py apply here as well, and the
seed's three 效益 rows carry their published score in 人工评分 (as the seed
case YAML does with manual_score), so each CSV scores as its case YAML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from transcribe_cases import COMPARATOR_FIXES

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "cases" / "published"  # ../shared/cases, copied into the repository
OUT = ROOT / "cases" / "tables"
SEED = "000-"
HEADER = ["项目名称", "项目编码", "主管部门", "年度", "一级指标", "二级指标", "三级指标",
          "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析",
          "年初预算", "人工评分"]
EXTRA = {"coefficient_text": "得分系数"}  # printed columns the importer ignores
_CODE_NAME = re.compile(r"^(\d{6,}[0-9A-Z]*)-(.+)$")


def rows_of(src: Path) -> list[list[str]]:
    t = json.loads(src.read_text("utf-8"))
    extras = [k for k in EXTRA if any(r.get(k) for r in t["indicators"])]
    header = HEADER + [EXTRA[k] for k in extras]
    name, code = t.get("project_name") or "", ""
    split = _CODE_NAME.match(name)
    if split:
        code, name = split.groups()
    project = [name, code, t.get("department") or "", str(t.get("year") or "")]
    out = [header]

    def row(level1: str = "", level2: str = "", level3: str = "", **cells: str | None) -> None:
        fields = dict.fromkeys(header[7:], "")
        fields.update({k: v or "" for k, v in cells.items()})
        out.append([*project, level1, level2, level3, *fields.values()])

    b = t.get("budget")
    if b:
        printed_rate = not (b.get("adjusted_text") and b.get("executed_text"))
        row("预算执行情况", "", "预算执行率", 指标值=b.get("adjusted_text"),
            完成值=b.get("executed_text") or (b.get("rate_text") if printed_rate else None),
            权重=b.get("weight_text"), 得分=b.get("score_text"), 年初预算=b.get("initial_text"))
    above: tuple[str, str] = ("", "")
    for r in t["indicators"]:
        level1, level2 = r.get("level1") or "", r.get("level2") or ""
        shown = (level1 if level1 != above[0] else "",
                 level2 if (level1, level2) != above else "")
        above = (level1, level2)
        fix = COMPARATOR_FIXES.get((src.name[:4], r["level3"]))
        manual = r.get("score_text") if src.name.startswith(SEED) and r.get(
            "actual_text") is None else None
        row(*shown, r["level3"], 指标性质=fix[0] if fix else r.get("comparator_text"),
            指标值=r.get("target_text"), 度量单位=r.get("unit_text"), 完成值=r.get("actual_text"),
            权重=r.get("weight_text"), 得分=r.get("score_text"),
            未完成原因分析=r.get("reason_text"), 人工评分=manual,
            **{EXTRA[k]: r.get(k) for k in extras})
    if t.get("total_score_text") or t.get("total_weight_text"):
        row("合计", 权重=t.get("total_weight_text"), 得分=t.get("total_score_text"))
    if t.get("grade_text"):
        row("评价等级", 完成值=t["grade_text"])
    return out


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("gb18030")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for src in sorted(SHARED.glob("*.json")):
        target = OUT / (src.stem + ".csv")
        target.write_bytes(to_csv(rows_of(src)))
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
