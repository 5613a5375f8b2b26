"""Render: a registry of renderers, one per output format, over one table.

Text formats (text, markdown, json, html) render to `str`; xlsx renders to
the `bytes` of a workbook (`BINARY_FORMATS`). `render_many` draws several
results as one output: one JSON list, one HTML document, one workbook with a
sheet per result, or the text renderings one after another. `render_audits`
draws audits (复核) as one memo text, one JSON text or one workbook.
"""

from __future__ import annotations

import importlib
import json as _json
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, overload

from ..errors import RenderError
from ..model.findings import Lang
from ..model.result import Result
from .output import error_message

if TYPE_CHECKING:
    from ..review.audit import AuditResult

    AuditRenderer = Callable[[Sequence[AuditResult], Lang], str | bytes]

Renderer = Callable[[Result, Lang], str | bytes]
ManyRenderer = Callable[[Sequence[Result], Lang], str | bytes]
TextFormat = Literal["text", "markdown", "json", "html"]
BINARY_FORMATS = frozenset({"xlsx"})
BINARY_AUDIT_FORMATS = frozenset({"xlsx"})


class _Lazy(Mapping[str, Any]):
    """A registry of `format → module:function`, imported on first use, so `scoring score`
    pays for openpyxl or the HTML renderer only when it asks for them."""

    def __init__(self, targets: dict[str, str], loaded: dict[str, Any] | None = None) -> None:
        self._targets = targets
        self._loaded: dict[str, Any] = dict(loaded or {})

    def __getitem__(self, key: str) -> Any:
        if key not in self._loaded:
            module, name = self._targets[key].split(":")
            self._loaded[key] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return self._loaded[key]

    def __setitem__(self, key: str, value: Any) -> None:  # tests swap in a failing renderer
        self._targets.setdefault(key, "")
        self._loaded[key] = value

    def __iter__(self) -> Any:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)


RENDERERS: Mapping[str, Renderer] = _Lazy({
    "text": "text:render_text",
    "markdown": "markdown:render_markdown",
    "json": "json:render_json",
    "html": "html:render_html",
    "xlsx": "xlsx:render_xlsx",
})


def _json_many(results: Sequence[Result], lang: Lang) -> str:
    from .json import result_to_dict

    dicts = [result_to_dict(r, lang) for r in results]
    return _json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False,
                       indent=2) + "\n"


MANY_RENDERERS: Mapping[str, ManyRenderer] = _Lazy({
    "json": "",
    "html": "html:render_html_many",
    "xlsx": "xlsx:render_xlsx_many",
}, {"json": _json_many})


AUDIT_RENDERERS: Mapping[str, AuditRenderer] = _Lazy({
    "text": "memo:render_memos",
    "json": "audit_json:render_audit_json",
    "xlsx": "audit_xlsx:render_audit_xlsx",
})


def _renderer(format: str) -> Renderer:
    if format not in RENDERERS:
        raise RenderError(error_message("unknown_format", format=format,
                                        formats=", ".join(RENDERERS)))
    return RENDERERS[format]


def _publishing(renderer: Callable[..., str | bytes], format: str) -> Callable[..., str | bytes]:
    """`renderer` drawing the official form alone (JSON is the data, not the form: whole)."""
    return renderer if format == "json" else partial(renderer, publish=True)


@overload
def render(result: Result, format: TextFormat = "text", lang: Lang = "zh", *,
           publish: bool = False) -> str: ...
@overload
def render(result: Result, format: Literal["xlsx"], lang: Lang = "zh", *,
           publish: bool = False) -> bytes: ...
@overload
def render(result: Result, format: str, lang: Lang = "zh", *,
           publish: bool = False) -> str | bytes: ...
def render(result: Result, format: str = "text", lang: Lang = "zh", *,
           publish: bool = False) -> str | bytes:
    """`result` in `format`: text, markdown, json, html (str) or xlsx (bytes).

    `publish`: exactly the official form, without what is not part of it (the
    content hash, the source file, the findings); JSON is the same either way."""
    renderer = _renderer(format)
    return (_publishing(renderer, format) if publish else renderer)(result, lang)


def render_many(results: Sequence[Result], format: str = "text",
                lang: Lang = "zh", *, publish: bool = False,
                width: int | None = None) -> str | bytes:
    """Several results as one output in `format` (see the module docstring). `width`:
    the terminal columns the text format's tables fit in (None: as wide as they need)."""
    renderer = _renderer(format)
    if format == "text" and width is not None:
        from .text import render_text

        renderer = partial(render_text, width=width)
    if format in MANY_RENDERERS:
        many = MANY_RENDERERS[format]
        return (_publishing(many, format) if publish else many)(results, lang)
    one = _publishing(renderer, format) if publish else renderer
    parts = [one(r, lang) for r in results]
    return "\n".join(p for p in parts if isinstance(p, str))


def render_audits(items: Sequence[AuditResult], format: str = "text",
                  lang: Lang = "zh") -> str | bytes:
    """The audits of `items` as one output: memo text, JSON text or XLSX bytes."""
    if not items:
        raise RenderError(error_message("no_audits"))
    if format not in AUDIT_RENDERERS:
        raise RenderError(error_message("unknown_audit_format", format=format,
                                formats=", ".join(AUDIT_RENDERERS)))
    return AUDIT_RENDERERS[format](items, lang)
