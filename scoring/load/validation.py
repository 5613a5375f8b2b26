"""Validate: pydantic errors → located diagnostics, with a did-you-mean.

Pydantic reports an error path (`indicators.2.weight`); the located data of
`source.py` turns it into `file:line:col`. Messages are short and in Chinese;
an unknown key suggests the nearest known one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, Location
from ..read.source import locate
from ..read.spelling import suggest

_MESSAGES = {
    "missing": "缺少必填项",
    "decimal_parsing": "不是数字",
    "decimal_type": "不是数字",
    "int_parsing": "不是整数",
    "int_type": "不是整数",
    "string_type": "应为文本",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "too_short": "不能为空",
    "greater_than_equal": "不能为负数或过小",
    "greater_than": "必须大于下限",
    "less_than_equal": "超过上限",
    "less_than": "超过上限",
    "literal_error": "取值无效",
    "finite_number": "不能是 NaN 或无穷大",
}


_NOUNS = {"decimal": "数字", "str": "文本", "int": "整数", "bool": "true 或 false", "none": "空"}


def diagnostics_from_validation(exc: ValidationError, data: Any, origin: Location,
                                model: type[BaseModel] | None = None) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in `data`, deduplicated.

    The errors of the members of a union about one value (`[1]` is neither a number
    nor text) become one: `weight: 应为数字或文本`. A field is named by its key; the
    location says which row it is in.
    """
    out: dict[tuple[Location, str], Diagnostic] = {}
    errors = exc.errors(include_url=False)
    members: dict[tuple[Any, ...], list[str]] = {}
    for err in errors:
        path = tuple(err["loc"])
        if path and _is_type_tag(path[-1]) and err["type"].endswith("_type"):
            members.setdefault(path[:-1], []).append(str(path[-1]))
    for err in errors:
        path = tuple(err["loc"])
        kind = err["type"]
        if kind == "too_short" and any(tuple(other["loc"])[:len(path)] == path and
                                       len(other["loc"]) > len(path) for other in errors):
            continue  # a list whose items are wrong is not empty: the items say what is wrong
        union = members.get(path[:-1]) if path else None
        if union and len(union) > 1 and path[-1] in union:
            loc = locate(data, path) or origin
            nouns = dict.fromkeys(_NOUNS.get(tag, tag) for tag in union)
            message = f"{_field(path)}: 应为{'或'.join(nouns)}"
            out.setdefault((loc, message), Diagnostic(loc, message, "invalid-value"))
            continue
        if kind == "reserved_key":
            path, kind = (*path, str(err.get("ctx", {}).get("key", ""))), "extra_forbidden"
        if kind == "extra_forbidden":
            loc = locate(data, path, key=True) or origin
            key = str(path[-1]) if path else ""
            message = f"未知的键 '{key}'" + suggest(key, _known_keys(model, data, path))
            code = "unknown-key"
        else:
            loc = locate(data, path) or origin
            field = _field(path)
            text = _MESSAGES.get(kind, err["msg"])
            if kind == "literal_error":
                expected = str(err.get("ctx", {}).get("expected", ""))
                text += f"（可选：{expected.replace(' or ', '、').replace(', ', '、')}）"
            elif kind == "value_error" or kind not in _MESSAGES:
                text = str(err["msg"]).removeprefix("Value error, ")
            message = f"{field}: {text}" if field else text
            code = "invalid-value" if kind != "missing" else "missing-key"
        out.setdefault((loc, message), Diagnostic(loc, message, code))
    return list(out.values())


def _field(path: tuple[Any, ...]) -> str:
    """The key of the value an error is about (`weight`), without list indexes."""
    names = [p for p in path if isinstance(p, str) and not _is_type_tag(p)]
    return names[-1] if names else ""


def _is_type_tag(part: Any) -> bool:
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in (
        "decimal", "str", "none", "int", "bool"))


def _known_keys(model: type[BaseModel] | None, data: Any, path: tuple[Any, ...]) -> list[str]:
    if model is None:
        return []
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            continue
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", {})
    return [k for k in fields if k != "location"]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None
