"""Batch (inputs): the files of a run, in a fixed order, and what the run leaves out.

Before any work (`batch/run.py`). A folder is searched recursively (sorted;
hidden files and Excel lock files `~$…` left out) for case YAML, CSV, XLSX,
legacy `.xls`, Word `.docx` and PDF; a file given by name is taken as it is.
Nothing is loaded before its size is known: every file found is `stat`ed
first, and only a regular file within the caps is looked into, at most its
first bytes (`HEAD_BYTES`) or, for a workbook, at most `EXPORT_PEEK_BYTES`
of its XML. Left out of a folder, and said so:

- YAML files that are not cases (indicator sets, schemes), told as
  `scoring check` tells them (`loader.file_kind`);
- the run's own output (`-o`, the same file however it is named) when it is an
  earlier output of `scoring batch` (a CSV with its columns, a workbook with its
  sheets; any other file there is an input, and `-o` naming it a usage error), and
  its temporary files (`.OUT.*.tmp`, hidden anyway): a run never reads what it is
  about to replace, nor replaces a table it would have read;
- official-form workbooks that `scoring` itself exported (their footer names the
  scheme's content hash, `report/table.py`), unless `include_exports`: the
  bundled `cases/forms/` are the forms of `cases/*.yaml`, so a folder holding
  both would count each project twice;
- documents no reader reads (`UNREAD_SUFFIXES`: a Word `.doc`, a WPS file, an
  OpenDocument file): named, with what to save them as.

An input named on the command line that is the output itself is a usage error
(`batch/run.py`).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, LoadError, Location
from ..load.loader import CASE_KEYS, file_kind
from ..model.outcome import PROJECT_COLUMNS
from ..read.bounded import open_bounded
from ..read.packaged import data_file
from ..read.source import MAX_FILE_BYTES, read_yaml
from ..report.output import same_file

CASE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".docx", ".pdf")  # .txt: by name
UNREAD_SUFFIXES = (".doc", ".wps", ".et", ".ods", ".odt")  # left out of folders, said so
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEAD_BYTES = 65536  # of a YAML file, read to tell a case by its top-level keys
EXPORT_PEEK_BYTES = 4 << 20  # a workbook larger (on disk or its XML) is no exported form
# a top-level key only a case has: most case files are told by their text alone
_CASE_KEYS = re.compile(rf"^(?:{'|'.join(sorted(CASE_KEYS))})\s*:", re.MULTILINE)
# The footer `report/table.py` writes under every exported form (test_hostile_batch
# renders a form and checks it is found): 评分规则：… 内容哈希 0123456789ab）
_EXPORT_FOOTER = re.compile("评分规则：[^<]{0,400}?内容哈希 [0-9a-f]{12}".encode())
# openpyxl writing with lxml spells every non-ASCII character as a reference (&#35780;)
_CHARACTER_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")


@dataclass(slots=True)
class Scan:
    """The inputs of a run and what was left out of its folders."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # YAML that is not a case
    exports: list[str] = field(default_factory=list)  # forms exported by scoring
    own: list[str] = field(default_factory=list)  # the run's output and its temp files
    unread: list[str] = field(default_factory=list)  # documents of a kind no reader reads


def scan(inputs: Sequence[str | Path], output: Path | None = None, *,
         include_exports: bool = False) -> Scan:
    """The input files in a fixed order (see the module's docstring); a missing
    input is a `LoadError`."""
    out = Scan()
    target = _stat(output) if output is not None else None
    temp = re.compile(rf"^\.{re.escape(output.name)}\.[0-9a-f]+\.tmp$") if output else None
    missing = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*")):
                rel = found.relative_to(path).parts
                if temp is not None and temp.match(found.name):
                    out.own.append(str(found))
                    continue
                if any(part.startswith((".", "~$")) for part in rel):
                    continue
                _take(found, out, target, include_exports)
        elif path.is_file():
            out.files.append(path)
        else:
            missing.append(Diagnostic(Location(str(path)), "文件或目录不存在", "file-not-found"))
    if missing:
        raise LoadError(missing)
    return out


def expand(inputs: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The input files in a fixed order, and the YAML files skipped (not cases)."""
    found = scan(inputs, include_exports=True)
    return found.files, found.skipped


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (OSError, ValueError):
        return None


def _take(found: Path, out: Scan, target: os.stat_result | None,
          include_exports: bool) -> None:
    """Sort one file found in a folder into `out`, by its `stat` before any read."""
    suffix = found.suffix.lower()
    if suffix in UNREAD_SUFFIXES:
        out.unread.append(str(found))
        return
    if suffix not in CASE_SUFFIXES + TABLE_SUFFIXES:
        return
    info = _stat(found)
    if info is None:
        return
    if target is not None and same_file(info, target):
        # an earlier output of the run is left out; a department's table that -o names by
        # mistake stays an input, so the run refuses to replace it (`run._refuse_clash`)
        if _earlier_output(found, info.st_size):
            out.own.append(str(found))
        else:
            out.files.append(found)
        return
    if not stat.S_ISREG(info.st_mode):  # a FIFO, a device: never opened from a folder
        return
    if suffix in CASE_SUFFIXES and not _is_case(found, info.st_size):
        out.skipped.append(str(found))
    elif suffix in WORKBOOK_SUFFIXES and not include_exports and \
            _is_export(found, info.st_size):
        out.exports.append(str(found))
    else:
        out.files.append(found)


def _earlier_output(path: Path, size: int) -> bool:
    """Whether the file `-o` names, found in a folder, is what `scoring batch` writes there:
    a CSV whose header is the batch's columns, a workbook with the summary's sheets; any
    other output kind is no input of a folder anyway."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with open_bounded(path, max(size, 1)) as handle:
                head = handle.read(HEAD_BYTES).decode("utf-8-sig", errors="replace")
            return head.startswith(",".join(PROJECT_COLUMNS))
        if suffix in WORKBOOK_SUFFIXES:
            sheets = data_file("batch.yaml")["sheets"]
            with open_bounded(path, max(size, 1)) as raw, zipfile.ZipFile(raw) as book:
                names = _characters(book.open("xl/workbook.xml").read(EXPORT_PEEK_BYTES))
            return all(f'name="{sheets[key]}"'.encode() in names for key in ("summary", "about"))
    except (OSError, LoadError, KeyError, zipfile.BadZipFile, EOFError, RuntimeError,
            ValueError):
        return False  # no output of ours: an input the run refuses to replace
    return True


def _is_case(path: Path, size: int) -> bool:
    """A case YAML, as `scoring check` tells it (`loader.file_kind`): by a case's own
    top-level key in its first bytes, else (an inline case without `project:`, a set,
    a scheme) by its parsed keys. A file over the cap is left to the loader, which
    refuses it with its place (`file-too-large`) without reading it."""
    if size > MAX_FILE_BYTES:
        return True
    try:
        with open_bounded(path, MAX_FILE_BYTES) as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except (OSError, LoadError):
        return True  # let the loader say what is wrong
    if _CASE_KEYS.search(head):
        return True
    try:
        return file_kind(read_yaml(path)) == "case"
    except LoadError:
        return True  # let the loader say what is wrong


def _is_export(path: Path, size: int) -> bool:
    """Whether a workbook is a form `scoring` exported: the footer of `report/table.py`
    in one of its sheets or its shared strings, read within `EXPORT_PEEK_BYTES`
    (the sizes the zip declares are checked before any member is inflated)."""
    if size > EXPORT_PEEK_BYTES:
        return False
    try:
        with open_bounded(path, EXPORT_PEEK_BYTES) as raw, zipfile.ZipFile(raw) as book:
            members = [m for m in book.infolist() if m.filename == "xl/sharedStrings.xml"
                       or m.filename.startswith("xl/worksheets/sheet")]
            if sum(m.file_size for m in members) > EXPORT_PEEK_BYTES:
                return False
            for member in members:
                with book.open(member) as handle:
                    if _EXPORT_FOOTER.search(_characters(handle.read(EXPORT_PEEK_BYTES))):
                        return True
    except (OSError, LoadError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError):
        return False  # not a workbook we wrote: the reader says what it is
    return False


def _characters(xml: bytes) -> bytes:
    """`xml` with its numeric character references (`&#35780;`, `&#x8BC4;`) written as the
    UTF-8 characters they stand for, so the footer is found however the XML spelled it."""
    def character(found: re.Match[bytes]) -> bytes:
        ref = found.group(1)
        code = int(ref[1:], 16) if ref.startswith(b"x") else int(ref)
        return chr(code).encode("utf-8", "replace") if code < 0x110000 else found.group(0)
    return _CHARACTER_REFERENCE.sub(character, xml)
