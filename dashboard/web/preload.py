"""`<link rel="preload">` for the files the first view fetches late.

dcc.Graph asks for plotly.js (the largest file of the page, see plotly_js.py) only once
dash-renderer has read the layout and rendered a graph, and plotly.js fetches the basemap
only when it draws the map: on this 2-core machine that was 0.5 s and 1.8 s after the page
started loading (`python benchmarks/bench.py`, render). Preloaded from the page's <head>, the
browser downloads them beside the other scripts, and the later requests are answered from the
preload. Only for the charts tab (no graph is drawn on the others), and only the basemap file
that the URL's map view uses.
"""

from __future__ import annotations

from html import escape

import flask
from dash import Dash

from ..figures.map import PRESET_VIEW
from ..filters import Filters
from .plotly_js import PLOTLY_JS

GRAPH_JS = "_dash-component-suites/dash/dcc/async-graph.js"


def preload_links(prefix: str, topojson_url: str, query: str | None) -> str:
    """The <link> tags for a page whose URL query is `query` (anything invalid: defaults)."""
    f = Filters.from_query(query)[0]
    if f.tab != "charts":
        return ""
    resolution = PRESET_VIEW[f.preset][2]
    links = [
        (prefix + PLOTLY_JS, "script", ""),
        (prefix + GRAPH_JS, "script", ""),
        # plotly.js fetches the basemap in CORS mode: the preload must say so to be reused
        (f"{topojson_url}world_{resolution}m.json", "fetch", " crossorigin"),
    ]
    return "".join(
        f'<link rel="preload" href="{escape(href)}" as="{kind}"{cors}>'
        for href, kind, cors in links
    )


def install_preloads(app: Dash, topojson_url: str) -> None:
    interpolate = app.interpolate_index
    prefix = app.config.requests_pathname_prefix

    def interpolate_index(**kwargs) -> str:
        page = interpolate(**kwargs)
        query = flask.request.query_string.decode("utf-8", "replace")
        return page.replace("<head>", "<head>" + preload_links(prefix, topojson_url, query), 1)

    app.interpolate_index = interpolate_index
