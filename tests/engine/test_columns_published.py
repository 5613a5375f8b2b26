"""engine/columns_published.py: what each project published and its budget figures, as
columns, the same whether the core or the row engine scored the project."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from scoring.engine.columns import score_path

ROWS = ("项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分,"
        "未完成原因分析,等级\n"
        "A,预算执行率,,,,200,,150,10,,原因,\n"
        "A,产出指标,数量指标,x,≥,10,个,10,90,,,\n"
        "A,合计,,,,,,,,95.5,,\n"
        "A,等级,,,,,,优,,,,\n"
        "B,产出指标,数量指标,x,≥,10,个,10,100,,,良\n")


def test_published_figures_and_budget_columns_of_the_core(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(ROWS, "utf-8")
    core = score_path(table).projects.sort("pid")
    rows = score_path(table, core=False).projects.sort("pid")
    columns = ["project", "reported_total", "reported_grade", "budget_adjusted",
               "budget_executed", "execution_rate", "budget_score", "engine"]
    assert core.select(columns).rows() == [
        ("A", "95.5", "优", "200", "150", "0.75", "7.5", "columns"),
        ("B", None, "良", None, None, None, None, "columns")]
    assert rows.select(columns[:-1]).rows() == core.select(columns[:-1]).rows()
    assert rows.get_column("engine").to_list() == ["rows", "rows"]


def test_a_refused_project_keeps_its_first_line_and_names(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("主管部门,项目名称,年度,一级指标,三级指标,指标值,权重,完成值\n"
                     "财政局,A,2023,产出指标,x,10,100,10\n"
                     "教育局,B,2023,合计,,,,\n", "utf-8")  # B: no indicator rows
    projects = score_path(table).projects.sort("pid")
    refused = projects.filter(pl.col("refused").fill_null(False))
    assert refused.select("first_line", "department", "project").rows() == [(3, "教育局", "B")]
