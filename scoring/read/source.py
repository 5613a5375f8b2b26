"""Read: YAML text → plain data that remembers where every value came from.

The first stage of the pipeline. YAML is composed (never constructed) with the
safe loader, then walked here: mappings become `YamlMap` (a dict that knows
the location of itself, of each key and of each value), sequences become
`YamlSeq`, numbers become `Decimal` from their text, never through a float, read
by the grammar of a table cell (`cells.py`).
Aliases, duplicate keys, non-string keys, tags outside the YAML core schema,
NaN, infinities, huge exponents, files too large and nesting too deep are all
diagnostics at their `file:line:col`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, LoadError, Location
from .bounded import read_bounded
from .cells import bare_number, read_cell

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000  # scalars, mappings and sequences; each costs ~600 bytes once composed
SCAN_ABOVE = 1000  # indicator characters below which nesting cannot get dangerous
MAX_ALIAS_REPORTS = 20


_CORE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp",
}
_PLAIN_INT = re.compile(r"[-+]?[0-9][0-9_]*\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?\Z")
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlMap(dict[str, Any]):
    """A YAML mapping with the location of itself, its keys and its values."""

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]


class YamlSeq(list[Any]):
    """A YAML sequence with the location of itself and of each item."""

    location: Location
    item_locations: list[Location]


def read_yaml(path: Path | str, display: str | None = None) -> Any:
    """Read one YAML document from a file; raise `LoadError` on any problem (a file that
    is not a regular file or is larger than MAX_FILE_BYTES: `bounded.read_bounded`)."""
    name = display or str(path)
    data = read_bounded(path, MAX_FILE_BYTES, name)
    return parse_yaml(data, name)


def _byte_place(name: str, data: bytes, offset: int) -> Location:
    """`file:line:col` of byte `offset`, the column counted in characters as YAML counts."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return Location(name, data.count(b"\n", 0, offset) + 1, column)


def parse_yaml(data: bytes | str, name: str) -> Any:
    """Parse YAML text into located plain data; raise `LoadError` on any problem."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise LoadError([Diagnostic(Location(name), "文件过大", "file-too-large")])
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data:
            raise LoadError([Diagnostic(_byte_place(name, data, data.index(b"\x00")),
                                        "不是文本文件（含 NUL 字节）", "not-text")])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LoadError([Diagnostic(_byte_place(name, data, exc.start),
                                        "不是有效的 UTF-8 文本（YAML 文件须为 UTF-8；GB18030 等编码"
                                        "请先转换）", "bad-encoding")]) from None
    else:
        text = data
    try:
        _check_depth(text, name)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        if "nesting depth" in str(exc.problem or ""):  # libyaml ≥ 0.2.6 has its own limit
            raise LoadError([Diagnostic(loc, f"嵌套过深（超过 {MAX_DEPTH} 层）",
                                        "too-deep")]) from None
        from .yaml_slips import find_slip  # only for a file that does not parse

        slip = find_slip(text, exc)
        if slip is not None:
            loc, message = Location(name, slip.line + 1, slip.column + 1), slip.message
        else:
            message = str(exc.problem or exc)
        raise LoadError([Diagnostic(loc, f"YAML 语法错误：{message}", "yaml-syntax")]) from None
    except yaml.YAMLError as exc:
        raise LoadError([Diagnostic(Location(name), f"YAML 错误：{exc}", "yaml-syntax")]) from None
    if not nodes or nodes[0] is None:
        raise LoadError([Diagnostic(Location(name, 1, 1), "文件为空", "empty-document")])
    if len(nodes) > 1:
        raise LoadError([Diagnostic(_loc(name, nodes[1]), "一个文件只能有一个 YAML 文档",
                                    "multiple-documents")])
    walker = _Walker(name)
    value = walker.walk(nodes[0], 0)
    if walker.aliased:
        walker.diagnostics.extend(_alias_diagnostics(text, name))
    if walker.diagnostics:
        raise LoadError(walker.diagnostics)
    return value


def _check_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, and more than MAX_NODES nodes, before
    composing: libyaml composes recursively, so ten thousand `[` would overflow
    the C stack and kill the process, and an 8 MiB file of `1,` is four million
    nodes (more than 1 GiB once composed). Each level and each node beyond the
    first needs one of `[{-:?,`; a text with few of them is small and is not
    scanned (the walker still reports depth beyond MAX_DEPTH), else the event
    stream is read (in constant memory) and stops at the first level too deep
    or node too many."""
    if sum(text.count(ch) for ch in "[{-:?,") <= SCAN_ABOVE:
        return
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                mark = event.start_mark
                where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
                raise LoadError([Diagnostic(where, f"YAML 节点超过 {MAX_NODES} 个（值、列表、"
                                            "映射），文件过于复杂", "too-many-nodes")])
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the walker's depth counts from 0 at the root
                mark = event.start_mark
                where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
                raise LoadError([Diagnostic(where, f"嵌套过深（超过 {MAX_DEPTH} 层）",
                                            "too-deep")])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _alias_diagnostics(text: str, name: str) -> list[Diagnostic]:
    """One diagnostic per alias (at most MAX_ALIAS_REPORTS), found by re-reading events."""
    out = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
            out.append(Diagnostic(where,
                                  "不支持 YAML 别名（alias/anchor）", "yaml-alias"))
            if len(out) >= MAX_ALIAS_REPORTS:
                break
    return out


def _loc(name: str, node: yaml.Node) -> Location:
    return Location(name, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.aliased = False

    def error(self, node: yaml.Node, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(_loc(self.name, node), message, code))

    def walk(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.seen:
            self.aliased = True
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, f"嵌套过深（超过 {MAX_DEPTH} 层）", "too-deep")
            return None
        if node.tag not in _CORE_TAGS:
            self.error(node, f"不支持的 YAML 标签 {node.tag}", "yaml-tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            seq = YamlSeq(self.walk(item, depth + 1) for item in node.value)
            seq.location = _loc(self.name, node)
            seq.item_locations = [_loc(self.name, item) for item in node.value]
            return seq
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, depth: int) -> YamlMap:
        result = YamlMap()
        result.location = _loc(self.name, node)
        result.key_locations = {}
        result.value_locations = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "不支持 YAML 合并键 <<", "yaml-alias")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
                self.error(key_node, "键必须是文本", "bad-key")
                continue
            key = str(key_node.value)
            if key in result:
                first = result.key_locations[key]
                self.error(key_node, f"重复的键 '{key}'（第一次出现在第 {first.line} 行）",
                           "duplicate-key")
                continue
            result.key_locations[key] = _loc(self.name, key_node)
            result.value_locations[key] = _loc(self.name, value_node)
            result[key] = self.walk(value_node, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() in ("true", "yes", "on", "y")
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return self.number(node, text)
        return str(text)

    def number(self, node: yaml.ScalarNode, text: str) -> Decimal | str | None:
        """A YAML number, read by the grammar of a table cell (`cells.bare_number`), so a
        number reads the same in YAML, CSV and XLSX: `1.5e+3` is 1500 here as in a
        cell; `1_000`, a number to YAML and text to a table, stays its text, as if
        quoted, and is refused or reported wherever that text is. NaN, infinities,
        hexadecimal and sexagesimal numbers (YAML-only spellings) are refused."""
        if not (_PLAIN_INT.match(text) or _PLAIN_FLOAT.match(text)):
            self.error(node, f"不支持的数字写法 '{text}'（NaN、无穷大、十六进制、六十进制等）",
                       "bad-number")
            return None
        value = bare_number(text)
        if value is None and read_cell(text).kind == "unreadable":  # beyond 10^±MAX_EXPONENT
            self.error(node, f"数字 '{text}' 超出范围", "bad-number")
            return None
        return text if value is None else value


def locate(data: Any, path: tuple[Any, ...], *, key: bool = False) -> Location | None:
    """The location of the value (or key) at `path` in located data.

    Path elements that are not found (pydantic adds type names to error
    paths) are skipped; the deepest place reached is returned.
    """
    here: Location | None = getattr(data, "location", None)
    current = data
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(current, YamlMap) and isinstance(part, str) and part in current:
            here = (current.key_locations if key and last else current.value_locations)[part]
            current = current[part]
        elif isinstance(current, YamlSeq) and isinstance(part, int) and 0 <= part < len(current):
            here = current.item_locations[part]
            current = current[part]
    return here
