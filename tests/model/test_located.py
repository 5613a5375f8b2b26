"""located.py: models read from a file know where each value was read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from scoring.errors import UNKNOWN
from scoring.model.case import Project
from scoring.read.source import parse_yaml


def test_a_model_read_from_yaml_places_itself_and_each_value(tmp_path: Path) -> None:
    data = parse_yaml("name: 甲项目\nyear: 2023\n", "p.yaml")
    project = Project.model_validate(data)
    assert str(project.place("year")) == "p.yaml:2:7"
    assert str(project.place("code")) == str(project.location)  # not given: the mapping's place


def test_a_model_built_in_code_has_no_place_and_is_frozen_and_strict() -> None:
    project = Project(name="甲")
    assert project.place("name") == UNKNOWN
    with pytest.raises(ValidationError):
        project.name = "乙"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        Project.model_validate({"name": "甲", "nmae": "typo"})


def test_a_file_cannot_set_the_places() -> None:
    with pytest.raises(ValidationError, match="reserved key location"):
        Project.model_validate(parse_yaml("name: 甲\nlocation: x\n", "p.yaml"))
