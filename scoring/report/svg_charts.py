"""Render (region report): the two charts, as inline SVG text.

No library and no network: each chart is a string of SVG elements the page
embeds as it is (so it prints, and shows in any browser). Every text is
escaped; sizes are in SVG user units (the page scales the SVG to its width).
Bars are drawn to integer counts; the axis shows the largest count.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .grid import text_width

FONT = 'font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"'
BAR = 22  # height of one department's bar
CHART_WIDTH = 760
LABEL_COLUMNS = 46  # a department's name is cut to this many display columns
INK = "#333333"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fit(label: str, columns: int) -> str:
    """`label` cut to `columns` display columns (CJK = 2), with … when cut."""
    if text_width(label) <= columns:
        return label
    out = ""
    for ch in label:
        if text_width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"


def _label_width(labels: Sequence[str]) -> int:
    """Room for the longest label (6 units a display column at font size 12)."""
    widest = max((text_width(label) for label in labels), default=4)
    return 6 * widest + 14


def stacked_bars(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str],
                 colours: Sequence[str], title: str) -> str:
    """One horizontal bar per row (department), stacked by series (grade), a
    legend above and each segment's count in it."""
    labels = [_fit(name, LABEL_COLUMNS) for name, _ in rows]
    left = _label_width(labels)
    plot = CHART_WIDTH - left - 60
    top = 48
    most = max((sum(counts) for _, counts in rows), default=0) or 1
    height = top + BAR * len(rows) + 30
    out = [f'<svg class="chart" role="img" '
           f'viewBox="0 0 {CHART_WIDTH} {height}" {FONT} font-size="12">',
           f'<title>{_e(title)}</title>']
    x = left
    for name, colour in zip(series, colours, strict=True):
        out.append(f'<rect x="{x}" y="14" width="12" height="12" fill="{_e(colour)}"/>'
                   f'<text x="{x + 16}" y="24" fill="{INK}">{_e(name)}</text>')
        x += 24 + 7 * max(text_width(name), 2)
    for i, ((_, counts), label) in enumerate(zip(rows, labels, strict=True)):
        y = top + i * BAR
        out.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" fill="{INK}">'
                   f'{_e(label)}</text>')
        x0 = float(left)
        for count, colour, name in zip(counts, colours, series, strict=True):
            if not count:
                continue
            w = plot * count / most
            out.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{BAR - 6}" '
                       f'fill="{_e(colour)}"><title>{_e(name)}: {count}</title></rect>')
            if w >= 14:
                out.append(f'<text x="{x0 + w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                           f'fill="{INK}">{count}</text>')
            x0 += w
        out.append(f'<text x="{x0 + 4:.1f}" y="{y + 15}" fill="#666666">{sum(counts)}</text>')
    base = top + BAR * len(rows) + 4
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="{INK}"/>')
    out.append("</svg>")
    return "".join(out)


def histogram(bins: Sequence[tuple[str, int]], title: str, x_title: str,
              y_title: str) -> str:
    """Vertical bars, one per bin (its label below, its count above)."""
    width, height, left, bottom, top = CHART_WIDTH, 260, 50, 40, 20
    plot_h = height - top - bottom
    step = (width - left - 10) / max(len(bins), 1)
    most = max((n for _, n in bins), default=0) or 1
    out = [f'<svg class="chart" role="img" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="12">',
           f'<title>{_e(title)}</title>',
           f'<text x="12" y="{top + plot_h / 2:.0f}" fill="{INK}" '
           f'transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">'
           f'{_e(y_title)}</text>',
           f'<text x="{left + (width - left) / 2:.0f}" y="{height - 4}" text-anchor="middle" '
           f'fill="{INK}">{_e(x_title)}</text>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="{INK}">{most}</text>',
           f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end" fill="{INK}">0</text>']
    for i, (label, n) in enumerate(bins):
        x = left + i * step
        h = plot_h * n / most
        y = top + plot_h - h
        out.append(f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{step - 6:.1f}" height="{h:.1f}" '
                   f'fill="#4472C4"><title>{_e(label)}: {n}</title></rect>')
        if n:
            out.append(f'<text x="{x + step / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                       f'fill="{INK}">{n}</text>')
        out.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 16}" '
                   f'text-anchor="middle" fill="{INK}">{_e(label)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
               f'stroke="{INK}"/>')
    out.append("</svg>")
    return "".join(out)
