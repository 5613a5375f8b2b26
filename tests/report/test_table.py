"""The findings block of every rendered table follows `lang`; the table stays the Chinese form."""

import pytest
from conftest import SEED

from scoring import evaluate, load_case, render
from scoring.model.findings import findings_title, severity_label

RESULT = evaluate(load_case(SEED))
MESSAGE_ZH = RESULT.findings[0].message_in("zh")
MESSAGE_EN = RESULT.findings[0].message_in("en")
COUNT = len(RESULT.findings)


@pytest.mark.parametrize(("fmt", "zh", "en"), [
    ("text", f"复核发现（{COUNT}）：", f"Findings ({COUNT}):"),
    ("markdown", f"## 复核发现（{COUNT}）", f"## Findings ({COUNT})"),
    ("html", f"<h2>复核发现（{COUNT}）</h2>", f"<h2>Findings ({COUNT})</h2>"),
])
def test_findings_block_in_the_language_asked(fmt: str, zh: str, en: str) -> None:
    chinese, english = render(RESULT, fmt, "zh"), render(RESULT, fmt, "en")  # type: ignore[call-overload]
    assert zh in chinese and "[警告]" in chinese and MESSAGE_ZH.split("，")[0] in chinese
    assert en in english and "[warning]" in english and "[警告]" not in english
    assert zh not in english
    for text in (chinese, english):  # the official form itself is Chinese either way
        assert "协议金额" in text and "优秀" in text


def test_labels_exist_for_every_severity_in_both_languages() -> None:
    assert [severity_label(s, "zh") for s in ("error", "warning", "info")] == \
        ["错误", "警告", "提示"]
    assert [severity_label(s, "en") for s in ("error", "warning", "info")] == \
        ["error", "warning", "note"]
    assert findings_title(2, "en", line=True) == "Findings (2):"
    assert MESSAGE_EN != MESSAGE_ZH


def test_the_workbook_findings_follow_lang_too() -> None:
    import io

    openpyxl = pytest.importorskip("openpyxl")
    for lang, title, label in (("zh", f"复核发现（{COUNT}）", "[警告]"),
                               ("en", f"Findings ({COUNT})", "[warning]")):
        book = openpyxl.load_workbook(io.BytesIO(render(RESULT, "xlsx", lang)))
        sheet = book.worksheets[-1]  # the review sheet, after the form
        texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        assert title in texts and any(t.startswith(label) for t in texts)
