"""Write the official-form XLSX of every case: cases/<stem>.yaml → cases/forms/<stem>.xlsx.

Reproducible: the same cases and the same code give the same bytes (fixed
times inside the workbook). Run from the project root:

    python scripts/make_forms.py            # write every form
    python scripts/make_forms.py --check    # exit 1 if a form is missing or stale
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scoring import evaluate, load_case
from scoring.report.output import write_atomic
from scoring.report.xlsx import render_xlsx

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
FORMS = CASES / "forms"


def form_bytes(case_path: Path) -> bytes:
    """The XLSX of one case, exactly as `scoring score CASE --format xlsx` writes it."""
    return render_xlsx(evaluate(load_case(case_path)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the forms are current")
    args = parser.parse_args(argv)
    stale = []
    FORMS.mkdir(exist_ok=True)
    os.chdir(ROOT)  # places in the findings read cases/<stem>.yaml:line:col wherever we run
    for case_path in sorted(Path("cases").glob("*.yaml")):
        target = FORMS / f"{case_path.stem}.xlsx"
        data = form_bytes(case_path)
        if target.exists() and target.read_bytes() == data:
            continue
        if args.check:
            stale.append(target)
            continue
        write_atomic(target, data)
        print(f"wrote {target.relative_to(ROOT)}")
    for target in stale:
        print(f"stale: {target.relative_to(ROOT)} (run python scripts/make_forms.py)",
              file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
