"""The round trip of #15's Done-when (tests/test_roundtrip.py): every table in cases/ — each
case YAML, each flat table of cases/tables/ and cases/layouts/ — and the containers it is
published in, each read back by the readers `scoring score` and `scoring audit` use.

A source is a case YAML or a flat CSV. What it is written as:

- `csv`: the flat table itself (a YAML case: its flat table in cases/, when it has one);
- `xlsx-flat`: the CSV's rows typed into a sheet (numbers as numbers, the rest as text);
- `docx-flat`: the CSV's rows typed into a Word table;
- `form`: the official form as `scoring score --format xlsx --publish` writes it;
- `docx`: that form drawn into a Word table (its cells and merges), all in one document;
- `pdf`: the HTML form (`--format html --publish`) printed by headless Chromium, every
  source's form in one PDF (one Chromium run for the whole matrix).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from conftest import CASES, SEED

from scoring import audit, evaluate, load_case
from scoring.load.tables import load_cases
from scoring.model.case import Case
from scoring.model.result import Result

YAMLS = sorted(CASES.glob("*.yaml"))
FLATS = sorted((CASES / "tables").glob("*.csv")) + sorted((CASES / "layouts").glob("*.csv"))
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Chromium's subset of the CJK font gives one glyph to 户 and 戶 and names it 戶 in the PDF's
# ToUnicode map (tests/read/test_pdf.py): the text a reader copies says 戶.
SHARED_GLYPHS = str.maketrans({"戶": "户"})


@dataclass(frozen=True)
class Source:
    """One table of cases/: its id, the file, and the YAML case it transcribes."""

    id: str
    path: Path
    yaml: Path

    @property
    def flat(self) -> bool:
        return self.path.suffix == ".csv"

    @property
    def scheme(self) -> str:
        case = load_case(self.yaml)
        scheme = case.scheme or case.indicator_set.scheme
        assert scheme is not None
        return scheme

    def cases(self) -> list[Case]:
        """The source read as `scoring score` reads it (a flat table under its YAML's scheme)."""
        return load_cases(self.path, self.scheme) if self.flat else [load_case(self.path)]

    def table(self) -> Path | None:
        """Its flat table: the CSV itself, or the one in cases/ transcribing the YAML."""
        if self.flat:
            return self.path
        found = [p for p in FLATS if _yaml_of(p) == self.path]
        return found[0] if found else None


def _yaml_of(table: Path) -> Path:
    return SEED if table.name.startswith("000-") else CASES / f"{table.stem}.yaml"


SOURCES = [Source(p.stem, p, p) for p in YAMLS] + [
    Source(f"{p.parent.name}/{p.stem}", p, _yaml_of(p)) for p in FLATS]


def csv_rows(table: Path) -> list[list[str]]:
    data = table.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(text.splitlines()))


def typed(text: str) -> object:
    """A CSV cell as a department types it into a sheet: a plain number as a number."""
    if NUMBER.fullmatch(text):
        return Decimal(text) if "." in text else int(text)
    return text or None


@dataclass(frozen=True)
class Reading:
    """What a table read back says: every row's score and status, total and grade, the
    codes of the findings of its audit."""

    rows: tuple[tuple[str, Decimal | None, str], ...]
    total: Decimal | None
    grade: str | None
    audit: tuple[str, ...]


def reading(case: Case, scheme: str | None = None, *, printed: bool = False) -> Reading:
    """`case` scored and audited (`printed`: names as a PDF copies them, see SHARED_GLYPHS)."""
    checked = audit(case, scheme)
    result: Result = checked.result
    names = [(r.name.translate(SHARED_GLYPHS) if printed else r.name) for r in
             result.indicators]
    return Reading(tuple((n, r.score, r.status) for n, r in zip(names, result.indicators,
                                                               strict=True)),
                   result.total, result.grade,
                   tuple(sorted(f.code for f in checked.audit.findings)))


def results(sources: list[Source]) -> list[Result]:
    """Every source's results, in order (a flat table may hold several projects)."""
    return [evaluate(case) for s in sources for case in s.cases()]
