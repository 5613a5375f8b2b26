"""The HTML form: one self-contained file, user text escaped, each score's derivation
on hover and as a numbered footnote, print CSS; printed to PDF by headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEED

from scoring import evaluate, load_case
from scoring.model.result import Result
from scoring.report import render, render_many
from scoring.report.html import render_html

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")


@pytest.fixture(scope="module")
def seed() -> Result:
    return evaluate(load_case(SEED))


class _Cells(HTMLParser):
    """Collects every element with its attributes, and the text of each <td>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[tuple[dict[str, str | None], str]] = []
        self._td: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self._td, self._text = dict(attrs), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._td is not None:
            self.cells.append((self._td, self._text))
            self._td = None

    def handle_data(self, data: str) -> None:
        if self._td is not None:
            self._text += data


def _parse(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def test_user_text_is_escaped() -> None:
    case = load_case(SEED)
    evil = "<script>alert('x')</script>&<b>"
    case = case.model_copy(update={"project": case.project.model_copy(
        update={"name": evil, "unit": '" onmouseover="alert(1)'})})
    html = render_html(evaluate(case))
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&lt;b&gt;" in html
    assert '" onmouseover="' not in html
    assert not any("onmouseover" in attrs for _, attrs in _parse(html).tags)


def test_self_contained_without_external_assets_or_script(seed: Result) -> None:
    html = render_html(seed)
    parsed = _parse(html)
    tags = {tag for tag, _ in parsed.tags}
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in parsed.tags:
        assert not (attrs.get("src") or "").strip()
        href = attrs.get("href") or ""
        assert href == "" or href.startswith("#"), href
    assert "url(" not in html and "@import" not in html


def test_print_css_sets_a4_and_keeps_rows_and_headers(seed: Result) -> None:
    html = render_html(seed)
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", html)
    assert "display: table-header-group" in html
    assert "break-inside: avoid" in html and "table-layout: fixed" in html


def test_each_score_has_its_derivation_on_hover_and_as_footnote(seed: Result) -> None:
    parsed = _parse(render_html(seed))
    titled = {text.split()[0]: attrs["title"] for attrs, text in parsed.cells
              if attrs.get("title")}
    assert "184.2 ÷ 240 × 10 = 7.675 → 7.7" in titled.values()
    assert len(titled) >= 1
    footnotes = [attrs.get("id") for tag, attrs in parsed.tags if tag == "li"]
    row = seed.indicator("协议金额")
    html = render_html(seed)
    number = footnotes.index("form1-3") + 1  # budget is note 1, 招引项目个数 2, 协议金额 3
    assert number == 3
    assert f'<li id="form1-3">{row.explain}</li>' in html
    assert 'href="#form1-3">3</a>' in html
    scored = [attrs for attrs, _ in parsed.cells if attrs.get("title")]
    assert len(scored) == len(seed.indicators) + 1  # every row and the budget row


def test_levels_are_merged_with_rowspan(seed: Result) -> None:
    parsed = _parse(render_html(seed))
    spans = {text: attrs.get("rowspan") for attrs, text in parsed.cells if attrs.get("rowspan")}
    assert spans["产出指标"] == "4" and spans["成本指标"] == "6" and spans["数量指标"] == "2"


def test_registry_and_many_results_make_one_document(seed: Result) -> None:
    assert render(seed, "html") == render_html(seed)
    many = render_many([seed, seed], "html")
    assert isinstance(many, str)
    assert many.count("<!DOCTYPE html>") == 1 and many.count('<section class="form"') == 2
    assert 'id="form2-3"' in many  # footnote anchors stay unique per form


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not installed (.ci/run installs Debian's chromium)")
def test_chromium_prints_the_total_to_pdf(seed: Result, tmp_path: Path) -> None:
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install -y poppler-utils"
    page = tmp_path / "seed.html"
    page.write_text(render_html(seed), "utf-8")
    pdf = tmp_path / "out.pdf"
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, timeout=180,
                   capture_output=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, timeout=60,
                          capture_output=True, text=True).stdout
    # ASCII checks only: they hold even on a machine without CJK fonts.
    assert re.search(r"\b100\s+97\.7\b", text), text  # 合计: full marks and the total
    assert "7.675" in text  # the footnotes are printed too
