"""Read: the package's own data files (`scoring/data/*.yaml`), parsed once and kept parsed.

Domain data (phrases, column names, message catalogues) lives in YAML inside the
package. These files are trusted, so they are read with the plain safe loader —
the C one when PyYAML was built with libyaml. Even so, building the Python objects
is PyYAML's Python code: the eight files `scoring score` reads cost ≈ 9 ms of CPU,
a tenth of its own start-up. So, as Python does with bytecode, a file's parsed
content is kept in `data/__pycache__/<name>.<cache tag>.marshal`, stamped with a
digest of the source's bytes (not its time and size: an upgrade that leaves those
equal, or a reproducible build, must not read an old cache), and read back (≈ 0.2 ms
in all) while the stamp matches. The cache is written on first use unless bytecode is not written
either (`PYTHONDONTWRITEBYTECODE`, `sys.dont_write_bytecode`): then
`write_data_caches()` writes it on purpose, as `python -m compileall` writes
bytecode. A cache that cannot be read, written (a read-only install) or held by
marshal is skipped: the YAML is parsed, as without one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from contextlib import suppress
from functools import lru_cache
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
_LAYOUT = 2  # of a cache file: (stamp, content); a new layout never reads an old file
Stamp = tuple[int, str, int, bytes]


@lru_cache(maxsize=32)
def data_file(name: str) -> Any:
    """The parsed content of `scoring/data/<name>` (cached; treat it as read-only)."""
    return _load(name, write=not sys.dont_write_bytecode)


def parse_data(text: str) -> Any:
    """Parse trusted YAML text with the fastest safe loader available."""
    return yaml.load(text, Loader=_LOADER)


def cache_path(name: str) -> str:
    """Where the parsed content of data file `name` is kept."""
    return os.path.join(DATA_DIR, "__pycache__",
                        f"{name}.{sys.implementation.cache_tag}.marshal")


def write_data_caches() -> list[str]:
    """Parse every data file and keep its content (even under PYTHONDONTWRITEBYTECODE);
    the names of those kept."""
    names = sorted(n for n in os.listdir(DATA_DIR) if n.endswith(".yaml"))
    for name in names:
        _load(name, write=True)
    return [name for name in names
            if (data := _source(name)) is not None
            and _read_cache(name, _stamp(data)) is not None]


def _source(name: str) -> bytes | None:
    try:
        with open(os.path.join(DATA_DIR, name), "rb") as source:
            return source.read()
    except OSError:
        return None


def _stamp(data: bytes) -> Stamp:
    """What a cache must have been made from: the source's own bytes (their digest, not
    the file's time and size, which an upgrade can leave equal), by this PyYAML."""
    return (_LAYOUT, yaml.__version__, len(data), hashlib.blake2b(data, digest_size=16).digest())


def _load(name: str, *, write: bool) -> Any:
    data = _source(name)
    if data is None:  # not a folder on disk (a zipped package): through importlib
        from importlib import resources
        return parse_data(resources.files("scoring").joinpath("data", name).read_text("utf-8"))
    stamp = _stamp(data)
    kept = _read_cache(name, stamp)
    if kept is not None:
        return kept[0]
    content = parse_data(data.decode("utf-8"))
    if write:
        _write_cache(name, stamp, content)
    return content


def _read_cache(name: str, stamp: Stamp) -> tuple[Any] | None:
    """`(content,)` when the cache of `name` holds the content of this very source."""
    try:
        with open(cache_path(name), "rb") as cache:
            kept_stamp, content = marshal.load(cache)
    except (OSError, EOFError, ValueError, TypeError):  # none, unreadable, or damaged
        return None
    return (content,) if kept_stamp == stamp else None


def _write_cache(name: str, stamp: Stamp, content: Any) -> None:
    """Written whole under a name of this process's own, then renamed: a reader (another
    process) sees the old cache, none, or the new one, never a part."""
    path = cache_path(name)
    part = f"{path}.{os.getpid()}.part"
    try:
        blob = marshal.dumps((stamp, content))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(part, "wb") as cache:
            cache.write(blob)
        os.replace(part, path)
    except (OSError, ValueError):  # a read-only install; content marshal cannot hold
        with suppress(OSError):
            os.unlink(part)
