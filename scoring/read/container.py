"""Read (workbooks): what container a workbook file really is, whatever its name says.

An `.xlsx` is a ZIP (`PK\\x03\\x04`); a legacy `.xls` is an OLE2 compound file
(`D0 CF 11 E0 A1 B1 1A E1`), read by xlrd (`read/xls.py`) when it is named
`.xls`. A file saved with the other extension gets one diagnostic that names
what it is and what to do, instead of a zip library's error: `legacy-xls` for
OLE2 content named `.xlsx`, `misnamed-workbook` for an `.xlsx` named `.xls`.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..errors import Diagnostic, LoadError, Location
from .bounded import open_bounded

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS = "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）或 CSV 后再读取"


def head(source: Path | BinaryIO, name: str) -> bytes:
    """The first bytes of `source` (an open file is read from its start and left there)."""
    if isinstance(source, Path):
        from .columns import columns

        with open_bounded(source, columns().max_xlsx_bytes, name) as handle:
            return handle.read(len(OLE2_MAGIC))
    source.seek(0)
    data = source.read(len(OLE2_MAGIC))
    source.seek(0)
    return data


def ole2_named_xlsx(name: str) -> LoadError:
    """The refusal of an `.xlsx` (or `.xlsm`) whose bytes are a legacy `.xls`."""
    return _refuse(name, "扩展名是 .xlsx，内容却是旧版 Excel .xls 文件（OLE2 格式）：请把扩展名"
                   f"改为 .xls 后再读取，或{_SAVE_AS}", "legacy-xls")


def refuse_xls(path: Path) -> LoadError:
    """The refusal of a file named `.xls` whose bytes are no OLE2 workbook, saying what
    it really holds."""
    name = str(path)
    data = head(path, name)
    if data.startswith(ZIP_MAGIC):
        return _refuse(name, "扩展名是 .xls，内容却是 .xlsx 工作簿（ZIP 格式）："
                       "请把扩展名改为 .xlsx 后再读取", "misnamed-workbook")
    return _refuse(name, "扩展名是 .xls，内容却不是 Excel 工作簿（可能是网页或文本另存的）："
                   f"{_SAVE_AS}", "unreadable-file")


def _refuse(name: str, message: str, code: str) -> LoadError:
    return LoadError([Diagnostic(Location(name), message, code)])
