"""Validate: pydantic errors → located diagnostics, with a did-you-mean.

Pydantic reports an error path (`indicators.2.weight`); the located data of
`source.py` turns it into `file:line:col`. Messages are short and in Chinese;
an unknown key suggests the nearest known one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, Location
from .source import locate

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


def diagnostics_from_validation(exc: ValidationError, data: Any, origin: Location,
                                model: type[BaseModel] | None = None) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in `data`, deduplicated."""
    out: dict[tuple[Location, str], Diagnostic] = {}
    for err in exc.errors(include_url=False):
        path = tuple(err["loc"])
        kind = err["type"]
        if kind == "reserved_key":
            path, kind = (*path, str(err.get("ctx", {}).get("key", ""))), "extra_forbidden"
        if kind == "extra_forbidden":
            loc = locate(data, path, key=True) or origin
            key = str(path[-1]) if path else ""
            message = f"未知的键 '{key}'" + _suggest(key, _known_keys(model, data, path))
            code = "unknown-key"
        else:
            loc = locate(data, path) or origin
            field = ".".join(str(p) for p in path if isinstance(p, (str, int))
                             and not _is_type_tag(p))
            text = _MESSAGES.get(kind, err["msg"])
            if kind == "literal_error":
                text += f"（可选：{err.get('ctx', {}).get('expected', '')}）"
            elif kind == "value_error" or kind not in _MESSAGES:
                text = str(err["msg"]).removeprefix("Value error, ")
            message = f"{field}: {text}" if field else text
            code = "invalid-value" if kind != "missing" else "missing-key"
        out.setdefault((loc, message), Diagnostic(loc, message, code))
    return list(out.values())


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


def _suggest(word: str, choices: list[str]) -> str:
    import difflib  # only when something is misspelt: not on every command's start-up

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"（是否应为 '{close[0]}'？）" if close else ""


def suggest(word: str, choices: list[str]) -> str:
    """`（是否应为 'x'？）` for the nearest of `choices`, or ''."""
    return _suggest(word, choices)
