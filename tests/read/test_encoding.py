"""Encoding detection of CSV tables (scoring/read/encoding.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import LoadError, format_diagnostic
from scoring.read.encoding import SAMPLE_BYTES, detect_encoding

TEXT = "三级指标,指标值,完成值\n群众满意度,≧95%,98%\n政策知晓率,═100,完成\n"


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "expected"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (b"\x84\x31\x95\x33" + TEXT.encode("gb18030"), "gb18030-sig"),
    (b"name,target\nx,1\n", "utf-8"),
])
def test_detects_encoding(tmp_path: Path, data: bytes, expected: str) -> None:
    path = _write(tmp_path, data)
    assert detect_encoding(path) == expected
    if not expected.endswith("-sig"):
        assert path.read_text(expected) == data.decode(expected)


def test_gb18030_after_a_long_ascii_head_is_still_gb18030(tmp_path: Path) -> None:
    head = b"a,b,c\n" * (SAMPLE_BYTES // 6 + 10)
    path = _write(tmp_path, head + "群众满意度,≧95%\n".encode("gb18030"))
    assert detect_encoding(path) == "gb18030"


def test_multibyte_character_cut_by_the_sample_is_not_an_error(tmp_path: Path) -> None:
    body = ("满" * (SAMPLE_BYTES // 3 + 5)).encode("utf-8")
    path = _write(tmp_path, b"x" + body)  # the sample ends inside a character
    assert detect_encoding(path) == "utf-8"


def _diagnostic(path: Path) -> str:
    with pytest.raises(LoadError) as info:
        detect_encoding(path)
    assert len(info.value.diagnostics) == 1
    return format_diagnostic(info.value.diagnostics[0])


def test_nul_byte_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, b"a,b\nxy\x00z\n")
    assert _diagnostic(path) == (
        f"{path}:2:3: 不是文本表格（含 NUL 字节，可能是二进制文件） (not-text)")


@pytest.mark.parametrize(("data", "word"), [
    (b"PK\x03\x04rest", "xlsx"), (b"\xd0\xcf\x11\xe0rest", ".xls"), (b"\xff\xfea\x00", "UTF-16"),
])
def test_containers_are_named(tmp_path: Path, data: bytes, word: str) -> None:
    path = _write(tmp_path, data)
    text = _diagnostic(path)
    assert text.startswith(f"{path}:1:1: 不是文本表格") and word in text
    assert text.endswith("(not-text)")


def test_empty_file(tmp_path: Path) -> None:
    assert _diagnostic(_write(tmp_path, b"\xef\xbb\xbf \r\n")).endswith("文件为空 (empty-file)")


def test_undecodable_bytes_are_located(tmp_path: Path) -> None:
    # \xff is neither UTF-8 nor GB18030
    path = _write(tmp_path, b"a,b\nc,d\nok,\xff\xff\xff\n")
    assert _diagnostic(path).startswith(f"{path}:3:4: 无法识别的文本编码")
