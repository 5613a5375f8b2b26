"""Write: atomic output files. A failed run leaves no partial file behind and
never replaces an existing one: data goes to a temporary file in the same
folder, is flushed to disk, then renamed over the target in one step."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ScoringError


class OutputError(ScoringError):
    """An output file could not be written."""


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write `data` to `path` atomically (temporary file, fsync, rename)."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: 无法写入（{exc.strerror}）") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: 无法写入（{exc.strerror}）") from None
        raise
