"""Read (documents): the optional libraries that read Word, PDF and legacy `.xls` files.

Each container beyond YAML, CSV and XLSX is read by a library installed with
an extra (`pip install 'scoring[docx]'`, `[pdf]`, `[xls]`). Without it, the
file gets one diagnostic naming the extra (`missing-dependency`), never an
`ImportError`.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import Diagnostic, LoadError, Location

# suffix → (module, distribution, extra)
LIBRARIES = {
    ".docx": ("docx", "python-docx", "docx"),
    ".pdf": ("pdfplumber", "pdfplumber", "pdf"),
    ".xls": ("xlrd", "xlrd", "xls"),
}


def require(suffix: str, name: str) -> Any:
    """The module that reads `suffix` files; a `LoadError` at file `name` without it."""
    module, package, extra = LIBRARIES[suffix]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LoadError([Diagnostic(Location(name), f"读取 {suffix} 需要 {package}："
                                    f"pip install 'scoring[{extra}]'",
                                    "missing-dependency")]) from None
