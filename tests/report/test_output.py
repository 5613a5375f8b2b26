"""output.py: one atomic write for every output, with the mode a file should get.

A new output gets the mode `open()` would give it (0o666 less the umask), an
output being replaced keeps its own mode, and a write that fails leaves the
old file as it was and no temporary file beside it; for `write_atomic`,
`AtomicFile`, and the CLI's `score -o`, `audit -o` and `batch -o`.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED

from scoring.errors import OutputError
from scoring.report.output import AtomicFile, write_atomic

OLD = b"the previous output\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_file_gets_the_mode_open_gives(tmp_path: Path, umask_022: None) -> None:
    write_atomic(tmp_path / "new.txt", "内容\n")
    assert _mode(tmp_path / "new.txt") == 0o644
    assert (tmp_path / "new.txt").read_text("utf-8") == "内容\n"
    os.umask(0o027)
    write_atomic(tmp_path / "other.bin", b"\x00\x01")
    assert _mode(tmp_path / "other.bin") == 0o640


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None, mode: int) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    out.chmod(mode)
    write_atomic(out, "new\n")
    assert out.read_text("utf-8") == "new\n"
    assert _mode(out) == mode


def test_the_temporary_file_is_no_wider_than_the_file_it_replaces(tmp_path: Path,
                                                                  umask_022: None) -> None:
    out = tmp_path / "secret.txt"
    out.write_bytes(OLD)
    out.chmod(0o600)
    with AtomicFile(out, text=True) as f:
        f.handle.write("新\n")
        assert _mode(f.temp) & 0o077 == 0
        assert f.temp.parent == tmp_path and f.temp.name.startswith(".secret.txt.")
    assert out.read_text("utf-8") == "新\n" and _mode(out) == 0o600


def _fail(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("step", ["fsync", "replace", "chmod"])
def test_a_failed_write_leaves_the_old_file_and_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    monkeypatch.setattr(os, step, _fail)
    with pytest.raises(OutputError, match=r"out\.txt: 无法写入（No space left on device）"):
        write_atomic(out, "new text that must not appear\n")
    monkeypatch.undo()
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_file_system_that_refuses_modes_still_gets_the_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)

    def refuse(*_: object) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "chmod", refuse)
    write_atomic(out, "new\n")
    assert out.read_text("utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_of_a_new_file_creates_nothing(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", _fail)
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "new.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_an_error_inside_the_block_aborts(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(OLD)
    with pytest.raises(RuntimeError), AtomicFile(out, text=True) as f:
        f.handle.write("half a row")
        raise RuntimeError("the renderer failed")
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_an_unwritable_folder_is_one_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="无法写入"):
        write_atomic(tmp_path / "missing" / "out.txt", "x")


# The CLI: every command that writes a file goes through the same helper.

def _umask_022() -> None:
    os.umask(0o022)


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, preexec_fn=_umask_022)


COMMANDS = [
    ["score", str(SEED), "-o", "s.txt"],
    ["score", str(SEED), "--format", "json", "-o", "s.json"],
    ["audit", str(SEED), "-o", "a.txt"],
    ["audit", str(SEED), "--format", "json", "-o", "a.json"],
    ["batch", str(SEED), "--quiet", "--jobs", "1", "-o", "b.csv"],
    ["batch", str(SEED), "--quiet", "--jobs", "1", "-o", "b.jsonl"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[a[-1] for a in COMMANDS])
def test_cli_outputs_get_0644_new_and_keep_0640(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / args[-1]
    proc = _cli(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _mode(out) == 0o644
    out.write_bytes(OLD)
    out.chmod(0o640)
    proc = _cli(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() != OLD and _mode(out) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize("args", [["score", str(SEED), "--format", "xlsx", "-o", "s.xlsx"],
                                  ["audit", str(SEED), "--format", "xlsx", "-o", "a.xlsx"],
                                  ["batch", str(SEED), "--quiet", "--jobs", "1", "-o", "b.xlsx"]],
                         ids=["score", "audit", "batch"])
def test_cli_workbooks_get_the_same_modes(tmp_path: Path, args: list[str]) -> None:
    pytest.importorskip("openpyxl")
    out = tmp_path / args[-1]
    assert _cli(args, tmp_path).returncode == 0 and _mode(out) == 0o644
    out.chmod(0o640)
    assert _cli(args, tmp_path).returncode == 0 and _mode(out) == 0o640
