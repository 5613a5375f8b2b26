"""The region report (`batch -o 报告.html`) and the formatted summary workbook: the
HTML's structure (escaping, no URL, inline SVG, sort script), the workbook's
formatting (widths, frozen filtered header, print setup, formats, grade fills), one
severity vocabulary, grades on one scale, counts with the audit's findings; the page
printed by headless Chromium and the workbook by LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CASES, SEED
from openpyxl import load_workbook
from shipped import region

from scoring.batch.run import run_batch
from scoring.model.outcome import unified_grade
from scoring.report.grid import text_width

EVIL = "<script>alert('x')</script>&<b>"
C004 = CASES / "004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml"
C026 = CASES / "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml"
CHROMIUM = shutil.which("chromium")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """40 generated projects (mof-2020: 优/良/中/差), the seed (sichuan-2023: 优秀…),
    004, 026 (its grade changes under audit) and the seed with hostile names."""
    folder = tmp_path_factory.mktemp("region")
    table = folder / "region.csv"
    region.write_region(table, 40, seed=11)
    evil = folder / "evil.yaml"
    text = SEED.read_text("utf-8").replace(
        "indicator_set: ../", f"indicator_set: {CASES.parent.as_posix()}/")
    evil.write_text(text.replace("name: 2023招商引资", f'name: "{EVIL}"')
                    .replace("department: 遂宁市安居区经济合作局", f'department: "{EVIL}"'),
                    "utf-8")
    return [str(table), str(SEED), str(C004), str(C026), str(evil)]


def _batch(inputs: list[str], out: Path, *extra: str) -> None:
    code = run_batch(inputs, str(out), jobs=1, quiet=True, audit="--audit" in extra,
                     lang="en" if "en" in extra else "zh")
    assert code == 0


@pytest.fixture(scope="module")
def page(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "报告.html"
    _batch(inputs, out, "--audit")
    return out


@pytest.fixture(scope="module")
def book(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "汇总.xlsx"
    _batch(inputs, out, "--audit")
    return out


def test_page_is_self_contained_escaped_with_svg_and_sort_script(page: Path) -> None:
    html = page.read_text("utf-8")
    assert EVIL not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert not re.search(r"https?:|//[a-z]|<link|@import|url\(|src=", html, re.I)
    assert html.count("<script>") == 1 and "addEventListener('click'" in html
    assert html.count('<svg class="chart"') == 2  # grades by department, histogram
    assert "@page{size:A4" in html and "thead{display:table-header-group}" in html
    for heading in ("概况", "各部门等级分布", "总分分布", "最常见的复核发现",
                    "复核后等级变化的项目", "项目一览"):
        assert f"<h2>{heading}" in html, heading


def test_page_headline_and_sections_follow_the_records(page: Path) -> None:
    html = page.read_text("utf-8")
    assert "<b>44</b><span>项目</span>" in html
    # the seed (sichuan 优秀) and 004 (mof 优) are both 优 on the one scale
    seed_row = re.search(r'<tr id="p41">.*?</tr>', html)
    assert seed_row and "<td class=\"g g0\">优秀</td><td class=\"g g0\">优</td>" in seed_row[0]
    row_004 = re.search(r'<tr id="p42">.*?</tr>', html)
    assert row_004 and "<td class=\"g g0\">优</td><td class=\"g g0\">优</td>" in row_004[0]
    # 026 (97.6 published, 43.05 差 recomputed) is listed as changing grade, linked
    changes = html.split("复核后等级变化的项目")[1].split("<h2>")[0]
    assert '<a href="#p43">' in changes and "43.05 差" in changes
    # the project rows link their source file relative to the report's folder
    assert re.search(r'<a href="[^"]*anju-2023-investment.yaml">', html)
    assert "警告" in html and "warning" not in html.split("<h2>项目一览")[0]


def test_each_project_links_its_scored_table(page: Path) -> None:
    html = page.read_text("utf-8")
    seed = re.search(r'<section class="form" id="f41">.*?</section>', html)
    assert seed and "2023招商引资" in seed[0] and '<a href="#p41">' in seed[0]
    assert "<td>协议金额</td><td>≥240亿元</td><td>184.2</td>" in seed[0]
    assert "97.7 优秀" in seed[0]
    assert '<td><a href="#f41">2023招商引资</a></td>' in html
    assert html.count('<section class="form"') == 44  # every project scored
    evil = re.search(r'<section class="form" id="f44">.*?</section>', html)
    assert evil and EVIL not in evil[0] and "&lt;script&gt;" in evil[0]


def test_page_in_english(inputs: list[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    _batch(inputs[1:3], out, "en")
    html = out.read_text("utf-8")
    assert '<html lang="en">' in html and "<h2>Most frequent findings" in html
    severities = set(re.findall(r"</code></td><td>([^<]*)</td>", html))
    assert severities and severities <= {"error", "warning", "note"}
    assert "<h2>Projects whose grade changes" not in html  # no --audit


def test_page_in_english_has_no_chinese_punctuation_nor_blank_department_label(
        tmp_path: Path) -> None:
    """A project without 主管部门 was charted as `（未填）` and the figures read
    `Findings（error）` on the English page."""
    table = tmp_path / "t.csv"
    table.write_text("项目名称,一级指标,二级指标,三级指标,指标性质,指标值,完成值,权重\n"
                     "甲,产出指标,数量指标,里程,≥,120,118,100\n", "utf-8")
    out = tmp_path / "report.html"
    _batch([str(table), str(SEED)], out, "en")
    html = out.read_text("utf-8")
    assert "未填" not in html and ">(none)<" in html
    assert "Findings (warning)" in html and "Findings（" not in html
    assert "mof-2020 2020.1, sichuan-2023 2023.1" in html


def test_unified_grade_by_band_position() -> None:
    assert unified_grade("优秀", ("优秀", "良好", "中等", "差")) == "优"
    assert unified_grade("良好", ("优秀", "良好", "中等", "差")) == "良"
    assert unified_grade("一般", ("好", "一般", "差")) == "中"
    assert unified_grade("较差", ("优秀", "良好", "中等", "较差", "差")) == "差"
    assert unified_grade("优秀", ("优", "良", "中", "差")) is None


def test_workbook_is_formatted_like_a_finance_workbook(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    names = [r[header.index("项目名称")] for r in ws.iter_rows(min_row=2, values_only=True)]
    width = ws.column_dimensions["B"].width
    assert min(40, max(text_width(str(n)) for n in names) + 2) <= width <= 40
    assert ws.column_dimensions["T"].width < width  # 行: narrow
    row = 2
    assert ws.cell(row, header.index("总分") + 1).number_format == "0.00"
    assert ws.cell(row, header.index("执行率") + 1).number_format == "0.00%"
    assert ws.cell(row, header.index("调整后预算数") + 1).number_format == "#,##0.00"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert {r.formula[0].split("=")[1] for r in rules} == {'"优"', '"良"', '"中"', '"差"'}
    grade_cols = {ws.cell(1, header.index(h) + 1).column_letter for h in ("等级", "等级（统一）")}
    ranges = {str(r).split(":")[0][:-1] for cf in ws.conditional_formatting
              for r in cf.sqref.ranges}
    assert ranges == grade_cols
    chart = wb["等级图"]
    assert len(chart._charts) == 1 and chart.page_setup.fitToHeight == 1
    about = wb["说明"]
    longest = max(len(str(r[1])) for r in about.iter_rows(min_row=2, values_only=True))
    assert about.column_dimensions["B"].width >= min(longest, 80)
    assert about.page_setup.fitToWidth == 1
    assert [c.value for c in wb["等级分布"][1]] == ["主管部门", "优", "良", "中", "差", "合计"]


def test_grades_are_unified_and_counts_include_the_audit(book: Path) -> None:
    ws = load_workbook(book)["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    h = rows[0]
    by_source = {r[h.index("来源文件")]: r for r in rows[1:]}
    seed, c026 = by_source[str(SEED)], by_source[str(C026)]
    assert (seed[h.index("等级")], seed[h.index("等级（统一）")]) == ("优秀", "优")
    assert by_source[str(C004)][h.index("等级（统一）")] == "优"
    # 026's audit finds reported-total-mismatch (error): counted with the engine's
    assert c026[h.index("错误")] >= 1 and c026[h.index("复核发现数")] >= \
        c026[h.index("复核（审核）发现数")] + c026[h.index("错误")] - 1


@pytest.mark.parametrize(("lang", "words"), [("zh", {"错误", "警告", "提示"}),
                                             ("en", {"error", "warning", "note"})])
def test_one_severity_vocabulary(inputs: list[str], tmp_path: Path, lang: str,
                                 words: set[str]) -> None:
    out = tmp_path / "s.xlsx"
    _batch(inputs, out, lang)
    wb = load_workbook(out)
    found = {r[5] for r in wb["复核发现"].iter_rows(min_row=2, values_only=True)}
    assert found <= words and len(found) >= 2
    about = [r[0] for r in wb["说明"].iter_rows(values_only=True)]
    assert sum(any(w in str(a) for w in words) for a in about) == 3


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_chromium_prints_the_page_on_a4_with_its_headers(page: Path, tmp_path: Path) -> None:
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install -y poppler-utils"
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    subprocess.run([str(CHROMIUM), *FLAGS, profile, f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, timeout=180, capture_output=True)
    subprocess.run([str(CHROMIUM), *FLAGS, profile, "--window-size=1100,1600",
                    f"--screenshot={png}", page.as_uri()], check=True, timeout=180,
                   capture_output=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    pages = _pdf_pages(pdf)
    assert 4 <= len(pages) <= 60  # 44 projects, and each one's scored table
    assert "区域绩效自评汇总报告" in pages[0] and "平均总分" in pages[0]
    table = next(i for i, p in enumerate(pages) if "项目一览" in p)
    forms = next(i for i, p in enumerate(pages) if "各项目自评表" in p)
    assert forms > table
    for text in pages[table:forms + 1]:  # the table's header repeats on each of its pages
        assert "项目名称" in text and "来源文件" in text
    for text in pages[forms + 1:]:
        assert "三级指标" in text and "得分" in text


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed "
                    "(.ci/run installs libreoffice-calc)")
def test_libreoffice_prints_the_summary_fit_to_width_with_titles(book: Path,
                                                                 tmp_path: Path) -> None:
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install -y poppler-utils"
    subprocess.run([str(SOFFICE), "--headless", f"-env:UserInstallation={tmp_path.as_uri()}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   check=True, timeout=180, capture_output=True)
    pages = _pdf_pages(tmp_path / f"{book.stem}.pdf")
    summary = [p for p in pages if "剔除无依据分值后总分" in p]
    # 44 projects, landscape, one page wide: a few pages, each with the whole header
    # (first and last columns: nothing cut at the right) by the print titles
    assert 1 <= len(summary) <= 4
    for text in summary:
        assert "主管部门" in text and "等级变化" in text
    assert pages.index(summary[-1]) == len(summary) - 1  # 汇总 prints first, whole
