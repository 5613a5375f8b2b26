"""Turn the transcribed published tables (cases/published/*.json) into inline cases.

Run once when a table is added: `python scripts/transcribe_cases.py`. Every cell
is kept as printed (cell text, quoted), so the case is the table; the scheme
follows the region (Sichuan → sichuan-2023, Hubei → hubei-2020, else mof-2020).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "cases" / "published"  # ../shared/cases, copied into the repository
SEED = "000-"
# Cells the transcription lost but the source note states: (case prefix, row) → comparator.
COMPARATOR_FIXES = {
    ("026-", name): ("≤", "OCR lost the glyph; the source note calls this row reverse-type")
    for name in ("财政供养人员控制率", "预算调整率", "结转结余率", "公用经费控制率")
}


def q(value: object) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def scheme_for(region: str) -> str:
    if region.startswith("四川"):
        return "sichuan-2023"
    if region.startswith("湖北"):
        return "hubei-2020"
    return "mof-2020"


def transcribe(src: Path) -> str:
    t = json.loads(src.read_text("utf-8"))
    lines = [f"# Transcribed from ../shared/cases/{src.name} (cell for cell, as printed).",
             f"# Source: {t.get('source_url') or '(document, see note)'}"]
    note = t.get("source_note") or ""
    lines += [f"# {chunk}" for chunk in _wrap(note)]
    lines += ["project:", f"  name: {q(t.get('project_name'))}",
              f"  department: {q(t.get('department'))}", f"  year: {q(t.get('year'))}",
              f"scheme: {scheme_for(t.get('region') or '')}"]
    b = t.get("budget")
    if b:
        lines += ["budget:", f"  initial: {q(b.get('initial_text'))}",
                  f"  adjusted: {q(b.get('adjusted_text'))}",
                  f"  executed: {q(b.get('executed_text'))}"]
        if b.get("rate_text") and not (b.get("adjusted_text") and b.get("executed_text")):
            lines.append(f"  rate: {q(b.get('rate_text'))}")
        if b.get("weight_text"):
            lines += ["budget_execution:", f"  weight: {q(b['weight_text'])}"]
    lines.append("indicators:")
    for row in t["indicators"]:
        lines.append(f"  - name: {q(row['level3'])}")
        for key, field in (("level1", "level1"), ("level2", "level2"),
                           ("comparator", "comparator_text"), ("target", "target_text"),
                           ("unit", "unit_text"), ("actual", "actual_text"),
                           ("weight", "weight_text"), ("reported_score", "score_text"),
                           ("reason", "reason_text")):
            value = row.get(field)
            fix = COMPARATOR_FIXES.get((src.name[:4], row["level3"]))
            if key == "comparator" and fix:
                lines.append(f"    comparator: {q(fix[0])}  # {fix[1]}")
            elif value is not None or key in ("actual",):
                lines.append(f"    {key}: {q(value)}")
    lines += ["reported:",
              f"  budget_execution: {q((b or {}).get('score_text'))}",
              f"  total: {q(t.get('total_score_text'))}", f"  grade: {q(t.get('grade_text'))}"]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int = 90) -> list[str]:
    out, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) > width and line:
            out.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [*out, line] if line else out


def main() -> int:
    for src in sorted(SHARED.glob("*.json")):
        if src.name.startswith(SEED):
            continue
        target = ROOT / "cases" / (src.stem + ".yaml")
        target.write_text(transcribe(src), "utf-8")
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
