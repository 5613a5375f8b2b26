"""packaged.py: the package's own YAML data, read with the safe loader."""

from __future__ import annotations

import pytest
import yaml

from scoring.read.packaged import data_file, parse_data


def test_a_data_file_is_parsed_from_the_package() -> None:
    findings = data_file("findings.yaml")
    assert findings["not-applicable"]["severity"] == "info"
    assert data_file("findings.yaml") is findings  # read once


def test_trusted_text_is_still_read_safely() -> None:
    assert parse_data("a: [1, 2.5]") == {"a": [1, 2.5]}
    with pytest.raises(yaml.YAMLError):
        parse_data("!!python/object/apply:os.system ['true']")
