"""Fuzzing (issue 7): arbitrary input to every reader escapes only as the documented error.

Hypothesis drives the YAML reader (`parse_yaml`: only `LoadError`), the cell
reader (`read_cell` never raises; `read_comparator` raises only `ValueError`),
the CSV and XLSX importers and the engine behind them (bytes written to a
file, imported and evaluated: only `ScoringError` subclasses), and the
expression compiler (only `ExpressionError`; a compiled expression evaluates
to a Decimal or raises `ZeroDivisionError`). Each input the fuzzing found is
kept as an explicit `@example`.

A short run is part of the normal suite (and so of `.ci/run`); a longer one:

    HYPOTHESIS_PROFILE=fuzz-long python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

from conftest import PROFILE, ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scoring import evaluate
from scoring.errors import ExpressionError, LoadError, ScoringError
from scoring.load.tables import iter_cases
from scoring.model.expr import compile_expression
from scoring.read.cells import Cell, read_cell, read_comparator
from scoring.read.source import parse_yaml

FUZZ = settings.get_profile(PROFILE if PROFILE.startswith("fuzz-") else "fuzz-short")
MANY = settings(FUZZ, max_examples=FUZZ.max_examples * 5)  # for the fast pure functions

CSV = (ROOT / "cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv").read_bytes()
CSV_ROWS = [line.split(",") for line in CSV.decode("gb18030").splitlines()]
FORM = (ROOT / "cases/forms/anju-2023-investment.xlsx").read_bytes()
SHEET = "xl/worksheets/sheet1.xml"

YAML_ALPHABET = st.sampled_from([*"[]{}:-,&*!|>'\"#%@`?~ \n\t.0123456789eE+_", "\r", "\ufeff",
                                 "a", "键", "\x00", "\u2028", "...", "---", ": ", "- ",
                                 "!!python/object:os.system", "<<", ".nan", ".inf", "1e999"])
yaml_texts = st.one_of(st.text(max_size=200),
                       st.lists(YAML_ALPHABET, max_size=60).map("".join))
CELL_WORDS = st.sampled_from(["≥", "≤", "＞", "<=", "=>", "大于", "不低于", "以上", "以内", "%",
                              "‰", "万元", "2023年", "12月底前", "-", "~", "至", ".", ",",
                              "1", "99.5", "1e5", "１２", " ", "\u3000", "定性", "完成", "NaN"])
cell_texts = st.one_of(st.text(max_size=60), st.lists(CELL_WORDS, max_size=8).map("".join))
EXPR_TOKENS = st.sampled_from(["actual", "target", "weight", "x", "__class__", "min", "max",
                               "abs", "round_half_up", "(", ")", ",", ".", "+", "-", "*", "/",
                               "**", "<", "==", "and", "or", "not", "if", "else", "lambda",
                               "for", "in", "'s'", "0", "1", "2.5", "1e30", "1e31", "10",
                               " ", "[", "]", ":", "import", "__import__"])
expr_texts = st.one_of(st.text(max_size=80), st.lists(EXPR_TOKENS, max_size=25).map(" ".join),
                       st.lists(EXPR_TOKENS, max_size=25).map("".join))


def _import_and_score(name: str, data: bytes) -> None:
    """Write `data` as a file, import every case of it and evaluate each: the
    importer and the engine may only raise `ScoringError`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            for case in iter_cases(path):
                evaluate(case)
        except ScoringError:
            pass


@MANY
@given(st.one_of(yaml_texts, st.binary(max_size=200)))
@example("a: " + "[" * 20_000)  # libyaml composes recursively: a C stack overflow (fixed)
@example("a: 1.0e+999999999")
@example(b"\xef\xbb\xbf\xef\xbb\xbfa: 1")
@example("? [a]\n: 1\n")
def test_parse_yaml_raises_only_load_error(text: str | bytes) -> None:
    try:
        parse_yaml(text, "f.yaml")
    except LoadError as exc:
        assert exc.diagnostics and all(d.location.file == "f.yaml" for d in exc.diagnostics)


@MANY
@given(cell_texts, st.one_of(st.none(), st.integers(1800, 2300)))
@example("9" * 3000, None)
@example("1,000-2,000万元", 2023)
@example("12月31日前", 2023)
def test_read_cell_never_raises(text: str, year: int | None) -> None:
    cell = read_cell(text, year)
    assert isinstance(cell, Cell)  # the text as given, blanks around it removed
    assert cell.text == (text if cell.kind == "blank" else text.strip())
    if cell.kind == "range":
        assert cell.value is not None and cell.upper is not None and cell.value <= cell.upper


@MANY
@given(cell_texts)
def test_read_comparator_raises_only_value_error(text: str) -> None:
    try:
        read_comparator(text)
    except ValueError:
        pass


@st.composite
def mutated_csv(draw: st.DrawFn) -> bytes:
    """The seed CSV with some cells replaced, rows dropped or cut, or bytes spliced in."""
    rows = [list(r) for r in CSV_ROWS]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(cell_texts).replace(",", "，")
    if draw(st.booleans()):
        del rows[draw(st.integers(0, len(rows) - 1))][draw(st.integers(0, 3)):]
    data = "\n".join(",".join(r) for r in rows).encode(draw(st.sampled_from(["utf-8",
                                                                               "gb18030"])))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


@FUZZ
@given(st.one_of(mutated_csv(), st.binary(max_size=300)))
@example(CSV.decode("gb18030").replace(",21,", ",1e999999999,").encode())
@example(CSV.decode("gb18030").replace(",21,", "," + "9" * 1500 + ",").encode())
@example(CSV + b"\n" + b",,,,,,,,,,,,,,,\n" * 70_000 + b"a,\x00\n")
def test_csv_import_raises_only_scoring_errors(data: bytes) -> None:
    _import_and_score("t.csv", data)


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    """The seed form with cell texts of its sheet replaced, or its zip bytes damaged."""
    if draw(st.booleans()):
        data = bytearray(FORM)
        for _ in range(draw(st.integers(1, 4))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    with zipfile.ZipFile(io.BytesIO(FORM)) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    text = parts[SHEET].decode()
    cells = text.split("<t>")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(1, len(cells) - 1))
        new = draw(cell_texts).replace("&", "&amp;").replace("<", "&lt;")
        new = "".join(ch for ch in new if ch in "\t\n\r" or " " <= ch < "\ud800" or
                      "\ue000" <= ch <= "\ufffd")
        cells[i] = new + cells[i][cells[i].index("</t>"):]
    parts[SHEET] = "<t>".join(cells).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, part in parts.items():
            dst.writestr(name, part)
    return out.getvalue()


@settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 2))
@given(st.one_of(mutated_xlsx(), st.binary(max_size=200)))
def test_xlsx_import_raises_only_scoring_errors(data: bytes) -> None:
    _import_and_score("t.xlsx", data)


NAMES = {"actual": Decimal("3"), "target": Decimal("0"), "weight": Decimal("10"),
         "x": Decimal("-2.5")}


@MANY
@given(expr_texts)
@example("actual.__class__.__mro__")
@example("min")  # a function named without a call
@example("1e31 ** 10")
@example("(" * 25 + "1" + ")" * 25)
@example("1if actual else 2")  # Python warns "invalid decimal literal" on stderr (silenced)
def test_expression_compiler_raises_only_expression_error(text: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning would be a stray stderr line
            compiled = compile_expression(text, ("x",))
    except ExpressionError as exc:
        assert 0 <= exc.offset <= max(len(text), 500)
        return
    try:
        value = compiled.evaluate(NAMES)
    except ZeroDivisionError:
        return
    assert isinstance(value, Decimal)
