"""Shared, read-only pieces for every figure: palette, layout builder, sources line, no-data.

Nothing here is a mutable module-level dict handed to figures: `base_layout()` returns a new
dict on every call, so one figure's changes can never leak into another.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

FONT = "Noto Sans, Segoe UI, Helvetica Neue, Arial, sans-serif"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Series also differ by
# marker symbol and dash, so colour is never the only cue.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")

# One height per panel kind, shared by the figures and the page layout.
MAP_HEIGHT = 430
CHART_HEIGHT = 340

COUNTRY_STYLE_ORDER = ("KAZ", "AZE", "GEO", "UZB", "ARM", "KGZ", "TJK", "TKM")


def country_style(iso3: str) -> dict:
    """A stable colour/symbol/dash per country, whatever else is selected."""
    i = COUNTRY_STYLE_ORDER.index(iso3) if iso3 in COUNTRY_STYLE_ORDER else 7
    return {"color": PALETTE[i], "symbol": SYMBOLS[i], "dash": DASHES[i]}


def base_layout(title: str, subtitle: str, sources: str, height: int = CHART_HEIGHT) -> dict:
    return {
        "title": {
            "text": f"<b>{title}</b><br><span style='font-size:12px;color:#555'>{subtitle}</span>",
            "x": 0.01,
            "xanchor": "left",
            # plotly anchors a two-line title by its first line: leave that line's height free
            "yref": "container",
            "y": 1 - 28 / height,
            "yanchor": "top",
            "font": {"size": 16},
        },
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 96, "b": 58},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 11}},
        "hoverlabel": {"font": {"family": FONT}},
        "annotations": [source_annotation(sources)],
    }


def source_annotation(text: str) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -56,
        "xanchor": "left",
        "yanchor": "bottom",
        "align": "left",
        "showarrow": False,
        "font": {"size": 10, "color": "#555"},
        "name": "sources",
    }


def sources_line(source_ids: Iterable[str], lookup: dict[str, dict], max_chars: int = 230) -> str:
    """'Sources: Publisher A (2019); Publisher B (2023).' in first-seen order, shortened with a
    count of the rest when it would not fit the figure (the full list is in the data download)."""
    seen: dict[str, list[str]] = {}
    for sid in source_ids:
        src = lookup.get(sid)
        if not src:
            continue
        year = str(src.get("published") or "")[:4]
        seen.setdefault(src["publisher"], [])
        if year and year not in seen[src["publisher"]]:
            seen[src["publisher"]].append(year)
    parts = [f"{pub} ({', '.join(sorted(ys))})" if ys else pub for pub, ys in seen.items()]
    if not parts:
        return "Sources: none in this view."
    text, shown = "Sources: ", 0
    for part in parts:
        if len(text) + len(part) > max_chars and shown:
            break
        text += ("; " if shown else "") + part
        shown += 1
    rest = len(parts) - shown
    if rest:
        text += f"; and {rest} more (see the data download)"
    return text + "."


def wrap(text: str, width: int = 120) -> str:
    """Break a long line into <br>-separated lines at spaces (plotly does not wrap text)."""
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "<br>".join(lines)


def no_data_figure(
    title: str, message: str, subtitle: str = "", height: int = CHART_HEIGHT
) -> go.Figure:
    """An explicit message in place of an empty axis."""
    layout = base_layout(title, subtitle, "", height)
    layout["annotations"] = [
        {
            "text": message,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "font": {"size": 15, "color": "#444"},
            "name": "no-data",
        }
    ]
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    return go.Figure(layout=layout)


def usd_label(value: float) -> str:
    if value >= 1e9:
        return f"${value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"${value / 1e6:,.1f} m"
    return f"${value:,.0f}"
