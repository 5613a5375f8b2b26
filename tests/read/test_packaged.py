"""packaged.py: the package's own YAML data, read with the safe loader."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scoring.read import packaged
from scoring.read.packaged import data_file, parse_data


def test_a_data_file_is_parsed_from_the_package() -> None:
    findings = data_file("findings.yaml")
    assert findings["not-applicable"]["severity"] == "info"
    assert data_file("findings.yaml") is findings  # read once


def test_trusted_text_is_still_read_safely() -> None:
    assert parse_data("a: [1, 2.5]") == {"a": [1, 2.5]}
    with pytest.raises(yaml.YAMLError):
        parse_data("!!python/object/apply:os.system ['true']")


def _parsed(path: Path) -> object:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the data folder, read through an empty cache of `data_file`."""
    folder = tmp_path / "data"
    shutil.copytree(packaged.DATA_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(packaged, "DATA_DIR", str(folder))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    packaged.data_file.cache_clear()
    yield folder
    packaged.data_file.cache_clear()


def test_the_parsed_content_is_kept_and_read_back_without_parsing(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = packaged.data_file("labels.yaml")
    assert Path(packaged.cache_path("labels.yaml")).is_file()
    packaged.data_file.cache_clear()

    def no_parsing(text: str) -> object:
        raise AssertionError("parsed again")
    monkeypatch.setattr(packaged, "parse_data", no_parsing)
    assert packaged.data_file("labels.yaml") == parsed


def test_a_changed_source_is_parsed_again(data_copy: Path) -> None:
    packaged.data_file("report.yaml")
    source = data_copy / "report.yaml"
    source.write_text(source.read_text("utf-8") + "\nadded_for_the_test: 1\n", "utf-8")
    packaged.data_file.cache_clear()
    assert packaged.data_file("report.yaml")["added_for_the_test"] == 1


def test_a_damaged_cache_is_parsed_over(data_copy: Path) -> None:
    parsed = packaged.data_file("cells.yaml")
    Path(packaged.cache_path("cells.yaml")).write_bytes(b"\x00not marshal")
    packaged.data_file.cache_clear()
    assert packaged.data_file("cells.yaml") == parsed


def test_no_cache_is_written_where_bytecode_is_not(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert packaged.data_file("labels.yaml") == _parsed(data_copy / "labels.yaml")
    assert not Path(packaged.cache_path("labels.yaml")).exists()
    kept = packaged.write_data_caches()  # on purpose, as compileall writes bytecode
    assert "labels.yaml" in kept and "findings.yaml" in kept
    assert Path(packaged.cache_path("labels.yaml")).is_file()


def test_a_read_only_folder_reads_as_without_a_cache(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")
    monkeypatch.setattr(os, "makedirs", refused)
    assert packaged.data_file("labels.yaml") == _parsed(data_copy / "labels.yaml")
    assert not Path(packaged.cache_path("labels.yaml")).exists()


def test_a_source_changed_with_its_time_and_size_kept_is_parsed_again(data_copy: Path) -> None:
    """An upgrade (or a reproducible build) can leave a data file's time and size as they
    were: the cache is stamped with its bytes, so the new content is read."""
    packaged.data_file("report.yaml")
    source = data_copy / "report.yaml"
    text = source.read_text("utf-8")
    before = source.stat()
    changed = text.replace("no_audits:", "no_auditz:", 1)  # a key renamed: other content
    assert len(changed.encode()) == len(text.encode()) and _loads(changed) != _loads(text)
    source.write_text(changed, "utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_mtime_ns == before.st_mtime_ns
    assert source.stat().st_size == before.st_size
    packaged.data_file.cache_clear()
    assert packaged.data_file("report.yaml") == _parsed(source)
    assert packaged.data_file("report.yaml") != _loads(text)


def _loads(text: str) -> object:
    return yaml.safe_load(text)
