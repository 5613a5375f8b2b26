"""svg_charts.py: the region page's two charts as inline SVG, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from scoring.report.svg_charts import histogram, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    return [t.text or "" for t in root.iter() if t.tag in (f"{SVG}text", f"{SVG}title")]


def test_stacked_bars_show_each_count_and_escape_names() -> None:
    svg = stacked_bars([("部门<甲>", [3, 1]), ("乙", [0, 2])], ["优", "良"], ["#111", "#222"],
                       "等级 & 部门")
    texts = _texts(svg)  # parses: the names are escaped
    assert "等级 & 部门" in texts and "部门<甲>" in texts
    assert {"3", "1", "2"} <= set(texts)


def test_a_histogram_has_a_bar_per_bin_with_its_count() -> None:
    svg = histogram([("90-100", 4), ("80-90", 0)], "总分", "分", "项目数")
    assert svg.count("<rect") == 2
    assert {"90-100", "80-90", "4"} <= set(_texts(svg))
