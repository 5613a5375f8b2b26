"""source.py: YAML read with places; hostile YAML refused with a located message."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from scoring.errors import LoadError, format_diagnostic
from scoring.read.source import YamlMap, locate, parse_yaml, read_yaml


def diags(text: str) -> list[str]:
    with pytest.raises(LoadError) as err:
        parse_yaml(text, "t.yaml")
    return [format_diagnostic(d) for d in err.value.diagnostics]


def test_numbers_are_decimals_from_their_text() -> None:
    data = parse_yaml("a: 184.2\nb: 10\nc: '98%'\nd: 0.1\ne: 1_000\n", "t.yaml")
    # `1_000` is no number in a table cell, so none in YAML either: its text, as if quoted
    assert data == {"a": D("184.2"), "b": D(10), "c": "98%", "d": D("0.1"), "e": "1_000"}
    assert str(data["a"]) == "184.2"


def test_places_of_keys_and_values() -> None:
    data = parse_yaml("x:\n  - {name: 协议金额, weight: 10}\n", "t.yaml")
    assert isinstance(data, YamlMap)
    assert str(locate(data, ("x", 0, "weight"))) == "t.yaml:2:26"
    assert str(locate(data, ("x", 0, "weight"), key=True)) == "t.yaml:2:18"
    assert str(locate(data, ("x", 0, "nosuch"))) == "t.yaml:2:5"


def test_aliases_are_refused() -> None:
    assert diags("a: &x [1, 2]\nb: *x\n") == [
        "t.yaml:2:4: 不支持 YAML 别名（alias/anchor） (yaml-alias)"]


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9))
    out = diags(bomb)
    assert out and all("yaml-alias" in line for line in out)


def test_duplicate_keys_are_refused_with_both_places() -> None:
    assert diags("a: 1\nb: 2\na: 3\n") == [
        "t.yaml:3:1: 重复的键 'a'（第一次出现在第 1 行） (duplicate-key)"]


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    assert diags(text) == [
        "t.yaml:1:4: 不支持的 YAML 标签 tag:yaml.org,2002:python/object/apply:os.system "
        "(yaml-tag)"]
    assert not marker.exists()


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "0x1F", "1.0e+999", "190:20:30"])
def test_unusable_numbers_are_refused(value: str) -> None:
    out = diags(f"w: {value}\n")
    assert len(out) == 1 and out[0].startswith("t.yaml:1:4:") and "(bad-number)" in out[0]


def test_every_problem_is_reported_sorted() -> None:
    out = diags("a: .nan\nb: 1\nb: 2\nc: !foo x\n")
    assert [line.split(": ")[0] for line in out] == ["t.yaml:1:4", "t.yaml:3:1", "t.yaml:4:4"]


def test_syntax_error_is_located() -> None:
    out = diags("a: [1, 2\nb: 3\n")
    assert len(out) == 1 and "(yaml-syntax)" in out[0] and out[0].startswith("t.yaml:")


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty-document"), (b"# only a comment\n", "empty-document"),
    (b"\x00\x01binary", "not-text"), (b"a: \xff\xfe\n", "bad-encoding"),
    (b"a: 1\n---\nb: 2\n", "multiple-documents"),
])
def test_unreadable_files(data: bytes, code: str) -> None:
    with pytest.raises(LoadError) as err:
        parse_yaml(data, "t.yaml")
    assert err.value.diagnostics[0].code == code


def test_bom_is_accepted() -> None:
    assert parse_yaml(b"\xef\xbb\xbfa: 1\n", "t.yaml") == {"a": D(1)}


def test_deep_nesting_is_refused() -> None:
    out = diags("a: " + "[" * 100 + "]" * 100 + "\n")
    assert any("(too-deep)" in line for line in out)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        read_yaml(tmp_path / "nope.yaml")
    assert err.value.diagnostics[0].code == "file-not-found"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (9 * 1024 * 1024))
    with pytest.raises(LoadError) as err:
        read_yaml(big)
    assert err.value.diagnostics[0].code == "file-too-large"
