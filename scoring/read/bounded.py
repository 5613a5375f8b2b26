"""Read: the one way the engine opens a file it is named — regular files only, capped.

Every reader opens its file here: YAML (`source.read_yaml`: cases, indicator
sets, schemes and what their `extends:` names), CSV (`read/encoding.py`,
`read/csvtable.py`, `read/records.py`) and XLSX (`read/zipguard.py`,
`read/xlsxtable.py`, `load/form.py`, which hand the open file to zipfile and
openpyxl). The file is opened without blocking (a FIFO with no writer would
otherwise hang the open), then judged by `fstat` on the same descriptor, so
what is judged is what is read:

- anything but a regular file (a directory, a FIFO, a device such as
  `/dev/zero`, a socket) is refused as `not-a-file`;
- a file whose size is above the cap is refused as `file-too-large`;
- the size is not trusted: `/proc` files say 0 and a file may grow while it
  is read, so reading past byte `cap` (at most `cap + 1` bytes are read; one
  buffer more from a file that refuses a read of a part of its records)
  raises the same `file-too-large`;
- a path with a NUL character (no file can have one) is `bad-path`; an
  unreadable file (permissions, `EIO`) is `file-unreadable`.

Each refusal is a `LoadError` with one diagnostic at the file's name.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import Diagnostic, LoadError, Location

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(
    os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 16
_KINDS = ((stat.S_ISDIR, "是目录"), (stat.S_ISFIFO, "是管道（FIFO）"),
          (stat.S_ISCHR, "是字符设备"), (stat.S_ISBLK, "是块设备"), (stat.S_ISSOCK, "是套接字"))


def refusal(name: str, message: str, code: str) -> LoadError:
    """A `LoadError` with one diagnostic at the whole file `name`."""
    return LoadError([Diagnostic(Location(name), message, code)])


def relocated(exc: LoadError, name: str, via: Location | None) -> LoadError:
    """`exc` with a refusal of the whole file `name` moved to `via`, the place (an
    `indicator_set:`, `extends:` value) that named the file; else `exc` as it is."""
    if via is None or any(d.location.file != name.replace("\x00", "\\0") or d.location.line
                          for d in exc.diagnostics):
        return exc
    shown = name.replace("\x00", "\\0")
    return LoadError([Diagnostic(via, f"{shown}：{d.message}", d.code, severity=d.severity)
                      for d in exc.diagnostics])


def too_large(name: str, size: int | None, cap: int) -> LoadError:
    """The `file-too-large` refusal (`size` None: it grew past the cap while read)."""
    said = f"{size} 字节" if size is not None else f"读到第 {cap + 1} 字节仍未结束"
    return refusal(name, f"文件过大（{said}，上限 {cap} 字节）", "file-too-large")


class _CappedFile(io.FileIO):
    """A file that refuses to be read past byte `cap` (and turns read errors into
    `LoadError`)."""

    cap: int
    label: str

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        room = self.cap + 1 - self.tell()
        if room <= 0:
            raise too_large(self.label, None, self.cap)
        try:
            count = super().readinto(view[:min(len(view), room)])
        except OSError as exc:
            if exc.errno != errno.EINVAL or room >= len(view):
                raise refusal(self.label, f"无法读取：{exc.strerror or exc}",
                              "file-unreadable") from None
            count = super().readinto(view)  # whole records only (/proc/self/pagemap)
        if count and self.tell() > self.cap:
            raise too_large(self.label, None, self.cap)
        return count or 0

    def readall(self) -> bytes:
        parts = []
        buffer = bytearray(_CHUNK)
        while count := self.readinto(buffer):
            parts.append(bytes(buffer[:count]))
        return b"".join(parts)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        buffer = bytearray(size)
        return bytes(buffer[:self.readinto(buffer)])


def open_bounded(path: Path | str, cap: int, name: str | None = None) -> BinaryIO:
    """`path` opened for binary reading, if it is a regular file of at most `cap` bytes;
    reading past byte `cap` raises `file-too-large`. Else `LoadError`."""
    name = name or str(path)
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise refusal(name, "文件不存在", "file-not-found") from None
    except ValueError:  # an embedded NUL: no file has such a name
        raise refusal(name.replace("\x00", "\\0"), "路径中含 NUL 字符", "bad-path") from None
    except IsADirectoryError:  # pragma: no cover - Linux opens a directory read-only
        raise refusal(name, "是目录，不是文件", "not-a-file") from None
    except OSError as exc:
        raise refusal(name, f"无法读取：{exc.strerror or exc}", "file-unreadable") from None
    try:
        info = os.fstat(fd)
        kind = next((what for test, what in _KINDS if test(info.st_mode)), None)
        if kind is not None or not stat.S_ISREG(info.st_mode):
            raise refusal(name, f"{kind or '是特殊文件'}，不是普通文件，拒绝读取", "not-a-file")
        if info.st_size > cap:
            raise too_large(name, info.st_size, cap)
        os.set_blocking(fd, True)
        raw = _CappedFile(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise
    raw.cap, raw.label = cap, name
    return io.BufferedReader(raw)


def read_bounded(path: Path | str, cap: int, name: str | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `cap` of them (`open_bounded`)."""
    with open_bounded(path, cap, name) as handle:
        return handle.read()
