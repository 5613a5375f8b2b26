"""YAML syntax errors from the usual slips are named in Chinese at the wrong character
(scoring/read/yaml_slips.py, through scoring/read/source.py); the code stays `yaml-syntax`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, run_cli

from scoring.errors import LoadError, format_diagnostic
from scoring.read.source import parse_yaml

SLIPS = [
    # a full-width colon after a key: yaml stops a line later, the slip is at the `：`
    ("name: x\ntarget：90\nweight: 10\n", "t.yaml:2:7",
     "“target”后用了全角冒号“：”，YAML 只认半角冒号加空格：请写成“target: …”"),
    ("indicators:\n  - name：满意度\n    target: 90\n", "t.yaml:2:9",
     "“name”后用了全角冒号“：”，YAML 只认半角冒号加空格：请写成“name: …”"),
    ("indicators:\n  - name: 满意度\n    target：90\n    weight: 10\n", "t.yaml:3:11",
     "“target”后用了全角冒号“：”"),
    # a tab in the indentation
    ("indicators:\n\t- name: a\n", "t.yaml:2:1",
     "缩进里有制表符（Tab）：YAML 只认空格缩进，请把 Tab 换成空格"),
    ("a:\n  b: 1\n  \tc: 2\n", "t.yaml:3:3", "缩进里有制表符（Tab）"),
    # an unquoted comparator: `>` starts a folded block scalar
    ("target: >=90\nweight: 10\n", "t.yaml:1:9",
     "值“>=90”以 > 开头，YAML 把 > 当作折叠文本块的标记：请给值加引号（\">=90\"），或写成“≥”“＞”"),
    ("weight: 10\ntarget: >90  # 人\n", "t.yaml:2:9", "值“>90”以 > 开头"),
    # characters no unquoted value may start with
    ("target: %90\n", "t.yaml:1:9",
     "值“%90”以 % 开头，YAML 不允许未加引号的值以 %、@ 或反引号开头：请给值加引号（\"%90\"）"),
    ("owner: @张三\n", "t.yaml:1:8", "值“@张三”以 @ 开头"),
    ("note: `x`\n", "t.yaml:1:7", "值“`x`”以 反引号 ` 开头"),
    # inside a flow mapping (README's own rows are written so): `>` is no block there, and
    # the value quoted ends at its `,` or `}`, not with the rest of the row
    ("indicators:\n  - {name: b, target: >=90, weight: 5}\n", "t.yaml:2:23",
     "值“>=90”以 > 开头，YAML 不允许未加引号的值以 > 开头："
     "请给值加引号（\">=90\"），或写成“≥”“＞”"),
    ("indicators:\n  - {name: b, target: %90, weight: 5}\n", "t.yaml:2:23",
     "值“%90”以 % 开头，YAML 不允许未加引号的值以 %、@ 或反引号开头："
     "请给值加引号（\"%90\"）"),
    ("owners: [@张三]\n", "t.yaml:1:10",
     "值“@张三”以 @ 开头，YAML 不允许未加引号的值以 %、@ 或反引号开头：请给值加引号（\"@张三\"）"),
    # a full-width comma between the items of a flow mapping: yaml stops at the next `:`
    ("indicators:\n  - {name: 满意度, target: 90， weight: 100}\n", "t.yaml:2:27",
     "“{…}”“[…]”中的各项之间用了全角逗号“，”，YAML 只认半角逗号：请把“，”改成“,”"),
    ("project: {name: x， year: 2024}\n", "t.yaml:1:18", "“{…}”“[…]”中的各项之间用了全角逗号“，”"),
]


def _diagnostic(text: str) -> str:
    with pytest.raises(LoadError) as err:
        parse_yaml(text.encode("utf-8"), "t.yaml")
    [diagnostic] = err.value.diagnostics
    return format_diagnostic(diagnostic)


@pytest.mark.parametrize(("text", "place", "message"), SLIPS, ids=[
    "colon", "colon-in-list", "colon-after-key", "tab", "tab-after-spaces", "ge", "gt",
    "percent", "at", "backtick", "ge-in-flow", "percent-in-flow", "at-in-flow",
    "comma-in-flow", "comma-first-item"])
def test_slip_is_named_at_its_place(text: str, place: str, message: str) -> None:
    out = _diagnostic(text)
    assert out.startswith(f"{place}: YAML 语法错误：{message}"), out
    assert out.endswith("(yaml-syntax)")


def test_other_syntax_errors_keep_yamls_words() -> None:
    out = _diagnostic("a: 目标：完成\nb: [1, 2\nc: 3\n")  # a `：` inside a value is no slip
    assert out.startswith("t.yaml:3:2: YAML 语法错误：") and "全角" not in out
    assert out.endswith("(yaml-syntax)")


def test_the_slips_are_fine_where_yaml_takes_them() -> None:
    data = parse_yaml("a: 目标：完成\nb: '>=90'\nc: 95%\nd: a@b\ne: '%90'\nf: {g: 甲，乙}\n",
                      "t.yaml")
    assert dict(data) == {"a": "目标：完成", "b": ">=90", "c": "95%", "d": "a@b", "e": "%90",
                          "f": {"g": "甲，乙"}}


def test_slip_through_the_cli(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(text) if line.startswith("project:"))
    text[number + 1] = text[number + 1].replace(": ", "：", 1)
    key = text[number + 1].split("：")[0]
    case = tmp_path / "case.yaml"
    case.write_text("".join(text), "utf-8")
    run = run_cli("score", str(case))
    assert run.code == 1
    col = len(key) + 1
    assert f"{case}:{number + 2}:{col}: YAML 语法错误：“{key.strip()}”后用了全角冒号" in run.err
    assert "Traceback" not in run.err
