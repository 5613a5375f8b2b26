"""batch/case.py: a flat table's project block → its project-level case and its rows' cells."""

from __future__ import annotations

from conftest import CASES

from scoring.batch.case import build_case
from scoring.batch.models import stand_in
from scoring.batch.table import iter_blocks, table_of
from scoring.load.tables import iter_cases, load_cases

TABLE = CASES / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv"


def test_a_block_reads_as_the_importer_reads_its_project() -> None:
    [block] = list(iter_blocks(TABLE))
    case, rows, year = build_case(block, table_of(block.source), "mof-2020")
    [imported] = list(iter_cases(TABLE))
    assert (case.project, case.budget, year) == (imported.project, imported.budget, 2023)
    # the rows are the caller's to check: the set holds only the stand-in row
    assert case.indicator_set.indicators == (stand_in(),)
    names = [cells[2] for cells, _key, _line in rows]  # 一级, 二级, 三级指标 …
    assert names == [ind.name for ind in imported.indicator_set.indicators]
    lines = [line for _cells, _key, line in rows]
    assert lines == sorted(set(lines)) and lines[0] > 1  # each row at its own line


def test_a_department_wide_table_is_kind_department_in_score_and_batch() -> None:
    """A flat 部门整体 table (部门（单位）名称) loads as the form and YAML cases do."""
    from scoring import load_case

    table = CASES / "layouts" / "layout-department-wenlv-2022.csv"
    [case] = load_cases(table, "mof-2020")
    assert case.indicator_set.kind == "department"
    assert load_case(CASES / "layout-department-wenlv-2022.yaml").indicator_set.kind == \
        "department"
    [plain] = load_cases(CASES / "layouts" / "layout-mof-2020-weituo-2022.csv", "mof-2020")
    assert plain.indicator_set.kind == "project"
    [block] = list(iter_blocks(table))
    built, _rows, _year = build_case(block, table_of(block.source), "mof-2020")
    assert built.indicator_set.kind == "department"
