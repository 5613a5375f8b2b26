"""Render: a registry of renderers, one per output format, over one table."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import RenderError
from ..findings import Lang
from ..result import Result
from .json import render_json
from .markdown import render_markdown
from .text import render_text

Renderer = Callable[[Result, Lang], str]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def render(result: Result, format: str = "text", lang: Lang = "zh") -> str:
    """`result` in `format` (text, markdown, json)."""
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise RenderError(f"未知的输出格式 '{format}'（可用：{', '.join(RENDERERS)}）") from None
    return renderer(result, lang)
