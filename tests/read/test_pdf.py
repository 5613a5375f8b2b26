"""Digital PDF: the HTML form of every case, printed by headless Chromium, is read back by
pdfplumber (scoring/read/pdf.py) and scores exactly as the same case in YAML: its tables
found on their pages, a form continued across pages joined (its header row printed again),
footnote marks read as the row's 计分说明, places `file.pdf:p12!R5C7`; a scanned page is named
(`pdf-no-text`), never guessed; without pdfplumber one line names the extra."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import pytest
from conftest import ROOT, SEED, run_cli
from documents import CASE_FILES, CHROMIUM, Scored, print_pdf, run_without, scored, yaml_result

from scoring import evaluate, load_case, load_cases
from scoring.errors import LoadError
from scoring.report.html import render_html, render_html_many

pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(.ci/run installs Debian's chromium)")


# Chromium's subset of the CJK font gives one glyph to 户 and 戶 and names it 戶 in the
# PDF's ToUnicode map: the text a reader copies says 戶 (no reader can tell), the scores agree.
SHARED_GLYPHS = str.maketrans({"戶": "户"})


def _as_printed(result: Scored) -> Scored:
    total, grade, rows = result
    return total, grade, [(name.translate(SHARED_GLYPHS), score) for name, score in rows]


@pytest.fixture(scope="module")
def forms_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case's published form, each from a new page, in one PDF."""
    tmp = tmp_path_factory.mktemp("pdf")
    return print_pdf(render_html_many([yaml_result(p) for p in CASE_FILES], publish=True), tmp)


def test_every_form_in_a_pdf_scores_as_its_yaml(forms_pdf: Path) -> None:
    cases = load_cases(forms_pdf)
    assert [(c.project.name or "").translate(SHARED_GLYPHS) for c in cases] == [
        load_case(p).project.name or "" for p in CASE_FILES]
    for case, path in zip(cases, CASE_FILES, strict=True):
        assert _as_printed(scored(evaluate(case))) == scored(yaml_result(path)), path.name


def test_a_form_across_two_pages_is_one_case_placed_by_page(forms_pdf: Path) -> None:
    [case] = [c for c in load_cases(forms_pdf) if c.project.name == load_case(SEED).project.name]
    places = [i.location.cell for i in case.indicator_set.indicators if i.location]
    pages = {cell.split("!")[0] for cell in places}
    assert len(pages) == 2, places  # the seed's 15 rows run onto a second page
    assert all(cell.split("!")[1].startswith("R") and "C" in cell for cell in places)
    names = [i.name for i in case.indicator_set.indicators]
    assert "三级指标" not in names  # the header row printed again on page 2 is no row


def test_a_form_continued_without_its_header_is_joined(tmp_path: Path) -> None:
    """The header row not printed again on page 2: the rows there still join the form."""
    html = render_html(yaml_result(SEED), publish=True)
    plain = html.replace("<thead>", "<tbody>").replace("</thead>", "</tbody>")
    assert plain != html
    [case] = load_cases(print_pdf(plain, tmp_path))
    pages = {i.location.cell.split("!")[0] for i in case.indicator_set.indicators if i.location}
    assert pages == {"p1", "p2"}
    assert scored(evaluate(case)) == scored(yaml_result(SEED))


def test_a_final_accounts_pdf_prose_a_form_and_a_flat_table(tmp_path: Path) -> None:
    """决算公开 as published: pages of prose, a form, a flat table with a note under it.
    The prose is part of no form, the note is no row of the flat table."""
    import csv

    table = ROOT / "cases" / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv"
    rows = list(csv.reader(table.read_bytes().decode("gb18030").splitlines()))
    prose = "".join(f"<p>第{n}段：2023年度部门决算公开说明，收入支出决算总体情况。</p>"
                    for n in range(80))
    flat = "<table class='flat'>" + "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows) + \
        "</table><p>注：本表金额单位为万元。</p>"
    form = render_html(yaml_result(SEED), publish=True)
    style = ("<style>table.flat{border-collapse:collapse;font-size:6pt;width:100%}"
             "table.flat td{border:1px solid #000;padding:1px}"
             ".brk{break-before:page}</style>")
    html = form.replace("<body>", f"<body>{style}{prose}<div class='brk'></div>", 1).replace(
        "</body>", f"<div class='brk'></div>{flat}</body>", 1)
    cases = load_cases(print_pdf(html, tmp_path), "sichuan-2023")
    expected = [scored(yaml_result(SEED)),
                *(scored(evaluate(c)) for c in load_cases(table, "sichuan-2023"))]
    assert [scored(evaluate(c)) for c in cases] == expected


def test_a_note_wrapped_onto_a_second_line_is_read_whole(tmp_path: Path) -> None:
    """A long 计分说明 footnote runs onto a second line: its end (here a 扣减) is read too."""
    html = render_html(yaml_result(SEED), publish=True)
    start = '<li id="form1-3">184.2 ÷ 240 × 10 = 7.675'
    long = ("（协议金额按签约时的投资协议书所载金额计算，不含意向金额，亦不含续签或补签的金额，"
            "共计184.2亿元，其中第二季度签约的三个项目已全部开工建设，第三季度签约的两个项目"
            "正在办理用地手续）；扣减 2（迟报）")
    assert html.count(start) == 1
    [case] = load_cases(print_pdf(html.replace(start, start + long), tmp_path))
    row = next(i for i in case.indicator_set.indicators if i.name == "协议金额")
    assert case.actuals[row.key].deducted == 2  # on the note's second line
    others = [a.deducted for k, a in case.actuals.items() if k != row.key]
    assert others == [None] * len(others)


def test_a_scanned_page_is_named_and_the_rest_still_read(tmp_path: Path) -> None:
    """A page that is only an image (a scan) between two digital forms."""
    pytest.importorskip("pypdfium2")
    import pypdfium2 as pdfium

    pdf = print_pdf(render_html(yaml_result(SEED), publish=True), tmp_path)
    document = pdfium.PdfDocument(str(pdf))
    image = document[0].render(scale=0.5).to_pil()
    scan = pdfium.PdfDocument.new()
    page = scan.new_page(842, 595)
    bitmap = pdfium.PdfBitmap.from_pil(image)
    picture = pdfium.PdfImage.new(scan)
    picture.set_bitmap(bitmap)
    picture.set_matrix(pdfium.PdfMatrix().scale(842, 595))
    page.insert_obj(picture)
    page.gen_content()
    document.import_pages(scan, index=0)
    out = tmp_path / "扫描件.pdf"
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(buffer.getvalue())
    with pytest.raises(LoadError) as err:
        load_cases(out)
    assert [(d.code, str(d.location)) for d in err.value.diagnostics] == [
        ("pdf-no-text", f"{out}:p1")]
    read = []
    from scoring.load.tables import iter_cases

    with pytest.raises(LoadError):
        for case in iter_cases(out):
            read.append(case)
    assert [scored(evaluate(c)) for c in read] == [scored(yaml_result(SEED))]


def test_audit_reads_every_form_of_the_pdf(forms_pdf: Path) -> None:
    run = run_cli("audit", str(forms_pdf), "--format", "json")
    assert "Traceback" not in run.err, run.err
    for path in CASE_FILES[:3]:
        assert load_case(path).project.name in run.out


def test_a_file_that_is_no_pdf_is_named(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    out.write_text("<html>not a pdf</html>", "utf-8")
    run = run_cli("score", str(out))
    assert run.code == 1 and run.err.strip().endswith("(not-pdf)"), run.err


def test_without_pdfplumber_one_line_names_the_extra(forms_pdf: Path, tmp_path: Path) -> None:
    proc = run_without("pdfplumber", ["score", str(forms_pdf)], tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{forms_pdf}: 读取 .pdf 需要 pdfplumber：pip install 'scoring[pdf]' "
        "(missing-dependency)"]
