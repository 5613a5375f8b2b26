"""A workbook saved under the other extension is named in one diagnostic
(scoring/read/container.py), never a zip library's error or a YAML one; a damaged legacy
`.xls` is `unreadable-file` (real ones are read: tests/read/test_xls.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CASES, run_cli

from scoring.errors import LoadError, format_diagnostic
from scoring.load.tables import load_cases

# the OLE2 compound-file signature, then a header sector as a legacy .xls has
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + \
    b"\x00" * 482
FORM = sorted((CASES / "forms").glob("*.xlsx"))[0]
SAVE_AS = "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）或 CSV 后再读取"


def _refusal(path: Path) -> str:
    with pytest.raises(LoadError) as err:
        load_cases(path)
    [diagnostic] = err.value.diagnostics
    return format_diagnostic(diagnostic)


def test_a_damaged_legacy_xls_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xls"
    path.write_bytes(OLE2)  # the signature, then no workbook stream
    out = _refusal(path)
    assert out.startswith(f"{path}: 无法读取 .xls 文件（") and out.endswith("(unreadable-file)")


def test_xls_named_xlsx_is_named(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(OLE2)
    assert _refusal(path) == (f"{path}: 扩展名是 .xlsx，内容却是旧版 Excel .xls 文件（OLE2 格式）："
                              f"请把扩展名改为 .xls 后再读取，或{SAVE_AS} (legacy-xls)")


def test_xlsx_named_xls_is_named(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xls"
    shutil.copy(FORM, path)
    assert load_cases(FORM)  # the same bytes, named .xlsx, are read
    assert _refusal(path) == (f"{path}: 扩展名是 .xls，内容却是 .xlsx 工作簿（ZIP 格式）："
                              "请把扩展名改为 .xlsx 后再读取 (misnamed-workbook)")


def test_xls_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<html><table><tr><td>项目名称</td></tr></table></html>", "utf-8")
    assert _refusal(path).endswith(f"内容却不是 Excel 工作簿（可能是网页或文本另存的）：{SAVE_AS} "
                                   "(unreadable-file)")


def test_other_non_zip_xlsx_stays_not_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"plain text, no workbook\n")
    out = _refusal(path)
    assert out.startswith(f"{path}: 不是有效的 .xlsx 工作簿") and out.endswith("(not-xlsx)")


@pytest.mark.parametrize("command", ["score", "check"])
def test_cli_names_it_in_one_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(OLE2)
    run = run_cli(command, str(path))
    assert run.code == 1
    assert f"{path}: 扩展名是 .xlsx，内容却是旧版 Excel .xls 文件" in run.err
    assert "(legacy-xls)" in run.err and "Traceback" not in run.err


def test_batch_names_it(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_bytes(OLE2)
    run = run_cli("batch", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert f"{path}: 无法读取 .xls 文件" in run.err, run.err
    assert "(unreadable-file)" in run.err and "Traceback" not in run.err
