"""Write: atomic output files. A failed run leaves no partial file behind and
never replaces an existing one: data goes to a temporary file in the same
folder, is flushed to disk, then renamed over the target in one step.

Every output of the package goes through `AtomicFile` (`write_atomic` for the
one-shot outputs of `score` and `audit`, the batch writers for theirs), so they
all get the same permissions: a new file the mode `open()` would give it
(0o666 less the umask), a file being replaced its own mode.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..errors import OutputError
from ..read.packaged import data_file

TEMP_TRIES = 100  # names tried for the temporary file before giving up
CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _failed(path: Path, exc: OSError) -> OutputError:
    return OutputError(error_message("cannot_write", path=path, reason=exc.strerror or exc))


def error_message(key: str, /, **params: object) -> str:
    """The message `key` of data/report.yaml's errors (the report stage's), its {names}
    filled."""
    template: str = data_file("report.yaml")["errors"][key]
    return template.format(**params)


def _mode_of(path: Path) -> int | None:
    """The permission bits of the existing file at `path`; None when there is none."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new empty file beside `path`, opened for writing. Created as `open()` creates
    a file (0o666 less the umask, applied by the system: no umask read, no race with
    other threads), or no wider than the file it will replace."""
    if "\x00" in str(path):  # no file can have it (os.stat would raise ValueError)
        raise OutputError(error_message("nul_in_path", path=str(path).replace("\x00", "\\0")))
    folder = path.parent if str(path.parent) else Path(".")
    existing = _mode_of(path)
    mode = 0o666 if existing is None else existing & 0o666
    for _ in range(TEMP_TRIES):
        temp = folder / f".{path.name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temp, CREATE_FLAGS, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(error_message("no_temp_file", folder=folder))


class AtomicFile:
    """A temporary file beside `path` that becomes `path` on `commit()` only.

    `handle` is binary, or text with `text=True` (no newline translation). Used
    as a context manager it commits when the block ends normally and aborts
    when it raises; an `OSError` becomes an `OutputError` naming `path`.
    """

    def __init__(self, path: str | Path, *, text: bool = False,
                 encoding: str = "utf-8") -> None:
        self.path = Path(path)
        try:
            fd, self.temp = _create_temp(self.path)
        except OSError as exc:
            raise _failed(self.path, exc) from None
        try:
            self.handle: IO[Any] = os.fdopen(fd, "w", encoding=encoding, newline="") \
                if text else os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self.temp.unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        """Flush to disk, give the file its mode, and rename it over `path`."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            existing = _mode_of(self.path)
            if existing is not None:  # replacing a file keeps its mode, where it can:
                with contextlib.suppress(PermissionError):  # FAT refuses modes it lacks
                    os.chmod(self.temp, existing)
            os.replace(self.temp, self.path)
        except BaseException as exc:
            self.abort()
            if isinstance(exc, OSError):
                raise _failed(self.path, exc) from None
            raise

    def abort(self) -> None:
        """Drop the temporary file; `path` stays as it was."""
        if not self.handle.closed:
            try:
                self.handle.close()
            except OSError:
                pass  # closing flushes again; on a full disk that fails again
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.commit()
            return
        self.abort()
        if isinstance(exc, OSError):
            raise _failed(self.path, exc) from None


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Whether two `stat` results are one file (by any name: a symbolic or hard link)."""
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def input_replaced(output: str | Path, inputs: Iterable[str | Path]) -> str | None:
    """The first of `inputs` that `output` would replace (the same file), else None.
    The CLI refuses such a command line (exit 2): an output never replaces an input."""
    try:
        target = os.stat(output)
    except (OSError, ValueError):
        return None  # no such file yet: nothing to replace
    for path in inputs:
        try:
            if same_file(os.stat(path), target):
                return str(path)
        except (OSError, ValueError):
            continue
    return None


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write `data` to `path` atomically (temporary file, fsync, rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with AtomicFile(path) as out:
        out.handle.write(payload)
