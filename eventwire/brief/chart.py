"""The summary as a small inline SVG: per period, cooperative events up, conflictual events down.

Self-contained (no script, no font or style from elsewhere); every text in it is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from eventwire.brief.headings import plural

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 16, 30
COOPERATION, CONFLICT = "#2e7d32", "#c62828"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_svg(summary: dict[str, Any]) -> str:
    """The chart of :func:`eventwire.brief.summary.summarise`'s result ('' when there is nothing to draw)."""
    periods = summary.get("periods") or []
    if not periods:
        return ""
    top = max(max(p["cooperation"] for p in periods), 1)
    bottom = max(max(p["conflict"] for p in periods), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    axis = TOP + plot_h * top / (top + bottom)
    unit = plot_h / (top + bottom)
    step = plot_w / len(periods)
    bar = max(step * 0.8, 1.0)
    title = f"Cooperative (up) and conflictual (down) events per {summary['interval']}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-chart" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{_num(axis)}" x2="{WIDTH - RIGHT}" y2="{_num(axis)}" stroke="#555" stroke-width="1"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end" fill="{COOPERATION}">{top}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="10" text-anchor="end" fill="{CONFLICT}">{bottom}</text>',
    ]
    for i, p in enumerate(periods):
        x = LEFT + i * step + (step - bar) / 2
        tip = (
            f"{p['label']}: {plural(p['events'], 'event')}, {p['cooperation']} cooperative, {p['conflict']} conflictual"
            + (f", mean Goldstein {p['goldstein_mean']}" if p["goldstein_mean"] is not None else "")
        )
        if p["cooperation"]:
            h = p["cooperation"] * unit
            parts.append(
                f'<rect class="coop" x="{_num(x)}" y="{_num(axis - h)}" width="{_num(bar)}" height="{_num(h)}" '
                f'fill="{COOPERATION}"><title>{escape(tip)}</title></rect>'
            )
        if p["conflict"]:
            h = p["conflict"] * unit
            parts.append(
                f'<rect class="conf" x="{_num(x)}" y="{_num(axis)}" width="{_num(bar)}" height="{_num(h)}" '
                f'fill="{CONFLICT}"><title>{escape(tip)}</title></rect>'
            )
    first, last = periods[0]["label"], periods[-1]["label"]
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="10" fill="#333">{escape(first)}</text>')
    if len(periods) > 1:
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" font-size="10" text-anchor="end" fill="#333">'
            f"{escape(last)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
