"""Render: a registry of renderers, one per output format, over one table.

Text formats (text, markdown, json, html) render to `str`; xlsx renders to
the `bytes` of a workbook (`BINARY_FORMATS`). `render_many` draws several
results as one output: one JSON list, one HTML document, one workbook with a
sheet per result, or the text renderings one after another.
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Sequence
from typing import Literal, overload

from ..errors import RenderError
from ..findings import Lang
from ..result import Result
from .html import render_html, render_html_many
from .json import render_json, result_to_dict
from .markdown import render_markdown
from .text import render_text
from .xlsx import render_xlsx, render_xlsx_many

Renderer = Callable[[Result, Lang], str | bytes]
ManyRenderer = Callable[[Sequence[Result], Lang], str | bytes]
TextFormat = Literal["text", "markdown", "json", "html"]
BINARY_FORMATS = frozenset({"xlsx"})
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
    "xlsx": render_xlsx,
}


def _json_many(results: Sequence[Result], lang: Lang) -> str:
    dicts = [result_to_dict(r, lang) for r in results]
    return _json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False,
                       indent=2) + "\n"


MANY_RENDERERS: dict[str, ManyRenderer] = {
    "json": _json_many,
    "html": render_html_many,
    "xlsx": render_xlsx_many,
}


def _renderer(format: str) -> Renderer:
    try:
        return RENDERERS[format]
    except KeyError:
        raise RenderError(f"未知的输出格式 '{format}'（可用：{', '.join(RENDERERS)}）") from None


@overload
def render(result: Result, format: TextFormat = "text", lang: Lang = "zh") -> str: ...
@overload
def render(result: Result, format: Literal["xlsx"], lang: Lang = "zh") -> bytes: ...
@overload
def render(result: Result, format: str, lang: Lang = "zh") -> str | bytes: ...
def render(result: Result, format: str = "text", lang: Lang = "zh") -> str | bytes:
    """`result` in `format`: text, markdown, json, html (str) or xlsx (bytes)."""
    return _renderer(format)(result, lang)


def render_many(results: Sequence[Result], format: str = "text",
                lang: Lang = "zh") -> str | bytes:
    """Several results as one output in `format` (see the module docstring)."""
    renderer = _renderer(format)
    if format in MANY_RENDERERS:
        return MANY_RENDERERS[format](results, lang)
    parts = [renderer(r, lang) for r in results]
    return "\n".join(p for p in parts if isinstance(p, str))
