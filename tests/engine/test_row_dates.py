"""Month-only and day dates (`9月前`, `7月`, `12月底前`, `2023年12月`) compare as dates with or
without a case year, in one unknown year when none is given, in every input form (#15.2):
an inline YAML case, a flat CSV, the same rows as an XLSX sheet, the official form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from builders import make_case, row

from scoring import evaluate
from scoring.load.form import read_form_workbook
from scoring.load.tables import load_cases
from scoring.model.case import Case
from scoring.model.result import Result

openpyxl = pytest.importorskip("openpyxl")

from layouts import MOF_2020, write_form  # noqa: E402

# target, actual, score of 10, finding and its figures (None: none)
ROWS = [
    ("9月前", "7月", Decimal(10), None),
    ("12月底前", "12月", Decimal(10), None),
    ("9月前", "10月", Decimal(0), ("date-late", "10月31日", "9月30日")),
    ("≥7月1日", "6月", Decimal(0), ("date-early", "6月30日", "7月1日")),
    ("6月30日前", "6月30日", Decimal(10), None),
    ("12月底前", "2023年12月", Decimal(10), None),  # the unknown year takes the other's
    ("2023年11月", "2023年12月", Decimal(0), ("date-late", "2023-12-31", "2023-11-30")),
]


def _case(year: int | None) -> Case:
    return make_case([row(f"时间{i}", None, t, a, 10) for i, (t, a, _, _) in enumerate(ROWS)],
                     year=year)


def _check(result: Result) -> None:
    assert [r.score for r in result.indicators] == [
        Decimal(score).quantize(Decimal("0.01")) for _, _, score, _ in ROWS]
    assert all(r.status in ("met", "unmet") for r in result.indicators)
    got = sorted((f.code, f.indicator) for f in result.findings if f.code.startswith("date-"))
    assert got == sorted((why[0], f"时间{i}") for i, (_, _, _, why) in enumerate(ROWS) if why)


def _csv(tmp_path: Path, year: int | None) -> Path:
    lines = ["项目名称,年度,一级指标,二级指标,三级指标,指标值,完成值,权重"]
    lines += [f"测试项目,{year or ''},产出指标,时效指标,时间{i},{t},{a},10"
              for i, (t, a, _, _) in enumerate(ROWS)]
    path = tmp_path / "dates.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("year", [None, 2023])
def test_dates_compare_as_dates_in_every_input_form(tmp_path: Path, year: int | None) -> None:
    case = _case(year)
    _check(evaluate(case))
    table = _csv(tmp_path, year)
    [flat] = load_cases(table)
    _check(evaluate(flat))
    book = openpyxl.Workbook()
    for r, line in enumerate(table.read_text("utf-8").splitlines(), start=1):
        for c, text in enumerate(line.split(","), start=1):
            if text:
                book.active.cell(r, c, text).data_type = "s"
    sheet = tmp_path / "dates.xlsx"
    book.save(sheet)
    [rows] = load_cases(sheet)
    _check(evaluate(rows))
    form = openpyxl.Workbook()
    write_form(form.active, case, MOF_2020)  # the title says the year, when there is one
    path = tmp_path / "form.xlsx"
    form.save(path)
    [official] = read_form_workbook(path) or []
    assert official.project.year == year
    _check(evaluate(official, "mof-2020"))


def test_without_a_year_the_derivation_and_finding_name_month_and_day() -> None:
    result = evaluate(_case(None))
    late = result.indicator("时间2")
    assert late.explain == "10月31日 晚于 9月30日 → 0"
    finding = next(f for f in result.findings if f.code == "date-late" and
                   f.indicator == "时间2")
    assert "10月31日" in finding.message and "9月30日" in finding.message
    with_year = evaluate(_case(2023))
    assert with_year.indicator("时间2").explain == "2023-10-31 晚于 2023-09-30 → 0"
    dated = [row("x", None, "12月底前", "2024-01-15", 10)]
    assert evaluate(make_case(dated, year=None)).indicator("x").explain == \
        "2024-01-15 不晚于 2024-12-31 → 10"  # no case year: the target takes the actual's
    late = evaluate(make_case(dated, year=2023)).indicator("x")
    assert late.score == Decimal("0.00")  # the case's year: after 2023-12-31
