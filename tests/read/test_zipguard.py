"""Hostile CSV and XLSX tables (issue 7): through the CLI and the API, bounded.

As test_hostile.py, for the table importers: CSV with ragged rows, NUL bytes,
binary content, mixed encodings, a huge number of columns, a huge field,
missing required columns; XLSX that is no zip, truncated, a zip bomb (built
here: a megabyte that inflates to 256 MiB, or whose directory claims more),
with XML entities (XXE pointing at /etc/passwd, billion laughs), with an
external link, or with a cell openpyxl cannot read. The zip guard
(`scoring/read/zipguard.py`) is also tested directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import Hostile, api_score, check_api, check_cli, run_all

from scoring.errors import LoadError
from scoring.read import zipguard

CSV = (ROOT / "cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv").read_bytes()
UTF8 = CSV.decode("gb18030").encode("utf-8")
LINES = UTF8.split(b"\n")
FORM = (ROOT / "cases/forms/anju-2023-investment.xlsx").read_bytes()
SHEET = "xl/worksheets/sheet1.xml"
PASSWD = Path("/etc/passwd")


def _api(name: str) -> object:
    return lambda d: api_score(d / name)


def csv(id: str, content: bytes, code: str, where: str) -> Hostile:
    return Hostile(id, {"t.csv": content}, code, where, ("score", "t.csv"), _api("t.csv"))


def xlsx(id: str, content: bytes, code: str, where: str = "t.xlsx") -> Hostile:
    return Hostile(id, {"t.xlsx": content}, code, where, ("score", "t.xlsx"), _api("t.xlsx"))


def rezip(patch: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The seed form workbook with parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(FORM)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (patch or {}).get(info.filename, src.read(info)))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def sheet(edit: object) -> bytes:
    with zipfile.ZipFile(io.BytesIO(FORM)) as src:
        text = src.read(SHEET).decode()
    return rezip({SHEET: edit(text).encode()})  # type: ignore[operator]


def zip_bomb(inflated: int = 256 << 20) -> bytes:
    """A workbook whose sheet is `inflated` bytes of spaces: about a thousandth of that."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        dst.writestr("[Content_Types].xml", "<Types/>")
        with dst.open(SHEET, "w", force_zip64=True) as handle:
            handle.write(b"<worksheet><sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(inflated >> 20):
                handle.write(chunk)
            handle.write(b"</sheetData></worksheet>")
    return out.getvalue()


def lying_directory() -> bytes:
    """A small workbook whose directory claims a 4 GiB sheet (a bomb that is not built)."""
    data = bytearray(rezip())
    name = SHEET.encode()
    at = data.find(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(name)] != name:  # the sheet's central directory entry
        at = data.find(b"PK\x01\x02", at + 4)
        assert at >= 0
    data[at + 24:at + 28] = (0xFFFF0000).to_bytes(4, "little")  # its uncompressed size
    return bytes(data)


NEWLINE = b"\n"
BLANK_ROWS = b",,,,,,,,,,,,,,,\n" * 70_000  # more than the encoding sample; no cell in them
LATE_NUL = UTF8 + b"\n" + BLANK_ROWS + b"a,\x00\n"
BINARY = bytes((i * 131 + 7) % 256 for i in range(6000))


def first_nul(data: bytes) -> str:
    at = data.find(b"\x00")
    line_start = data.rfind(b"\n", 0, at) + 1
    line = data.count(NEWLINE, 0, at) + 1
    return f"t.csv:{line}:{at - line_start + 1}"


XXE = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")
EXTERNAL_RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
                 b'org/officeDocument/2006/relationships/externalLinkPath" '
                 b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>')
EXTERNAL_LINK = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                 b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                 b'relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="S"/>'
                 b'</sheetNames></externalBook></externalLink>')
# the project's name cell, however the writer spelled it (`四` or `&#22235;`, `/>` or ` />`)
NAME_CELL = re.compile(r'<c r="C2" s="3" t="inlineStr"><is><t>[^<]*</t></is></c>')


def _replaced(pattern: re.Pattern[str], by: str, text: str) -> str:
    """`text` with the one match of `pattern` replaced (the sheet must hold it)."""
    out, n = pattern.subn(by, text, count=1)
    assert n == 1, pattern.pattern
    return out


def _with_external_link() -> bytes:
    with zipfile.ZipFile(io.BytesIO(FORM)) as src:
        rels = src.read("xl/_rels/workbook.xml.rels")
        text = src.read(SHEET).decode()
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.'
                        b'openxmlformats.org/officeDocument/2006/relationships/externalLink" '
                        b'Target="externalLinks/externalLink1.xml"/></Relationships>')
    text = text.replace('<c r="K1" s="1" t="n" />',
                        '<c r="K1" s="1" t="n" /><c r="L1"><f>[1]S!A1</f><v>1</v></c>', 1)
    return rezip({"xl/_rels/workbook.xml.rels": rels, SHEET: text.encode()},
                 {"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK,
                  "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_RELS})


# A row's problem in a hostile table is the row's finding (#15.1): scored, exit 0, the
# finding at its place, as quickly and within the same bounds.
FOUND = [
    csv("csv-ragged-long", b"\n".join([*LINES[:3], LINES[3].rstrip(b"\r") + b",x,y", *LINES[4:]]),
        "ragged-row", "t.csv:4:17"),
    csv("csv-ragged-short", b"\n".join([*LINES[:3], b",".join(LINES[3].split(b",")[:12]),
                                          *LINES[4:]]), "ragged-row", "t.csv:4:13"),
    csv("csv-huge-number", UTF8.replace(b",21,", b',"' + b"9" * 1500 + b'",', 1), "bad-number",
        "t.csv:3:11"),
]
SPECS = [
    csv("csv-nul", UTF8[:200] + b"\x00" + UTF8[200:], "not-text", "t.csv:2:7"),
    csv("csv-nul-past-the-sample", LATE_NUL, "not-text", f"t.csv:{LATE_NUL.count(NEWLINE)}:2"),
    csv("csv-binary", BINARY, "not-text", first_nul(BINARY)),
    csv("csv-zip-content", FORM, "not-text", "t.csv:1:1"),
    csv("csv-utf-16", UTF8.decode().encode("utf-16"), "not-text", "t.csv:1:1"),
    csv("csv-latin-1", UTF8 + "café\n".encode("latin-1"), "bad-encoding", "t.csv:19:4"),
    csv("csv-mixed-encodings", UTF8 + b"\n" + b"x" * (2 << 20) + "项目".encode("gb18030") + b"\n",
        "bad-encoding", "t.csv:20:1"),
    csv("csv-huge-number-of-columns",
        LINES[0].rstrip(b"\r") + b"," + b",".join(b"c%d" % i for i in range(100_000)) + b"\n"
        + b"\n".join(LINES[1:]), "too-many-columns", "t.csv:1:201"),
    csv("csv-huge-field", UTF8 + b'"' + b"x" * (64 << 20) + b'"\n', "bad-csv", "t.csv:19:1"),
    csv("csv-missing-required-column", UTF8.replace("三级指标".encode(), b"zzz", 1),
        "missing-column", "t.csv:1:1"),
    csv("csv-empty", b"", "empty-file", "t.csv:1:1"),
    xlsx("xlsx-not-a-zip", b"this is not a workbook", "not-xlsx"),
    xlsx("xlsx-empty", b"", "not-xlsx"),
    xlsx("xlsx-truncated", FORM[: len(FORM) // 2], "not-xlsx"),
    xlsx("xlsx-zip-bomb", zip_bomb(), "zip-bomb"),
    xlsx("xlsx-lying-directory", lying_directory(), "zip-bomb"),
    xlsx("xlsx-xxe", sheet(lambda t: XXE + t.replace("2023招商引资", "&xxe;", 1)), "xml-entity"),
    xlsx("xlsx-billion-laughs", sheet(lambda t: LAUGHS + t.replace("2023招商引资", "&j;", 1)),
         "xml-entity"),
    xlsx("xlsx-doctype-in-rels", rezip({"_rels/.rels": XXE.encode() + b"<Relationships/>"}),
         "xml-entity"),
    xlsx("xlsx-bad-cell-value", sheet(lambda t: _replaced(
        NAME_CELL, '<c r="C2" s="3"><v>not a number</v></c>', t)), "unreadable-file"),
    xlsx("xlsx-bad-xml", sheet(lambda t: t.replace("</sheetData>", "<row></sheetData>", 1)),
         "unreadable-file"),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    return run_all(SPECS, tmp_path_factory.mktemp("hostile-tables"))  # type: ignore[return-value]


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_hostile_table_through_cli_and_api(spec: Hostile, runs: dict) -> None:  # type: ignore[type-arg]
    folder, run = runs[spec.id]
    check_cli(spec, run)
    check_api(spec, folder)


@pytest.mark.parametrize("spec", FOUND, ids=[s.id for s in FOUND])
def test_a_hostile_row_is_the_rows_finding(spec: Hostile, tmp_path: Path) -> None:
    from hostile import FAST, run_bounded

    run = run_bounded(spec.args, spec.write(tmp_path))
    assert (run.code, run.err) == (0, "") and run.seconds < FAST
    assert any(line.strip().startswith(spec.where) and line.endswith(f"({spec.code})")
               for line in run.out.splitlines()), run.out[-2000:]


def test_xxe_never_shows_the_file(runs: dict) -> None:  # type: ignore[type-arg]
    """Whatever the entity points at is neither read into a cell nor printed."""
    secret = PASSWD.read_text("utf-8", errors="replace").splitlines()[0]
    for key in ("xlsx-xxe", "xlsx-doctype-in-rels"):
        _, run = runs[key]
        assert secret not in run.out + run.err


def test_external_link_is_not_followed(tmp_path: Path) -> None:
    """A workbook linking to /etc/passwd scores from its own cached values; the link's
    target is never opened (nothing of it appears) and the result is the seed's."""
    path = tmp_path / "linked.xlsx"
    path.write_bytes(_with_external_link())
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(FORM)
    from hostile import run_bounded

    from scoring import evaluate
    from scoring.load.tables import load_cases

    run = run_bounded(("score", "--format", "json", "linked.xlsx"), tmp_path)
    assert run.code == 0, run.err
    assert PASSWD.read_text("utf-8", errors="replace").splitlines()[0] not in run.out
    [linked], [seed] = load_cases(path), load_cases(plain)
    assert evaluate(linked).total == evaluate(seed).total


def test_guard_accepts_real_workbooks() -> None:
    for path in sorted((ROOT / "cases/forms").glob("*.xlsx")):
        assert 0 < zipguard.guard_workbook(path) < zipguard.MAX_INFLATED_BYTES


def test_guard_caps_members_and_ratio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(20):
            z.writestr(f"x{i}.xml", "<a/>")
    monkeypatch.setattr(zipguard, "MAX_MEMBERS", 10)
    with pytest.raises(LoadError) as err:
        zipguard.guard_workbook(path)
    assert err.value.diagnostics[0].code == "zip-bomb"
    assert "20" in err.value.diagnostics[0].message
    monkeypatch.setattr(zipguard, "MAX_MEMBERS", 10_000)
    assert zipguard.guard_workbook(path) == 20 * len("<a/>")


def test_guard_refuses_a_prolog_without_end(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", "<?xml version='1.0'?>" + "<!-- x -->" * 10_000 + "<a/>")
    with pytest.raises(LoadError) as err:
        zipguard.guard_workbook(path)
    assert err.value.diagnostics[0].code == "xml-entity"


def test_guard_ignores_parts_that_are_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "image.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        z.writestr("a.xml", "<?xml version='1.0'?><a/>")
    assert zipguard.guard_workbook(path) > 0
