"""Callbacks: thin wiring from controls to the pure functions in panels.py.

Data flow:
    URL query  <->  controls (years, countries, reporter, measure, preset)   [sync_url]
    controls   ->   map, trade chart, investment chart (+ summaries, export names)
    image format ->  every chart's camera-button config (PNG or SVG)
"""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update

from . import ids, panels
from .data import DataStore

CONTROLS = (ids.YEARS, ids.COUNTRIES, ids.REPORTER, ids.MEASURE, ids.PRESET)
CONTROL_INPUTS = [
    Input(ids.YEARS, "value"),
    Input(ids.COUNTRIES, "value"),
    Input(ids.REPORTER, "value"),
    Input(ids.MEASURE, "value"),
    Input(ids.PRESET, "value"),
]


def register_callbacks(app: Dash, store: DataStore, topojson_url: str) -> None:
    """Register on this app (never the global dash.callback list: see docs/architecture.md)."""

    @app.callback(
        [Output(c, "value") for c in CONTROLS]
        + [Output(ids.URL, "search"), Output(ids.NOTICE, "children")],
        [Input(ids.URL, "search"), *CONTROL_INPUTS],
    )
    def sync_url(search, *values):
        # URL -> controls on load and on back/forward; controls -> URL on every change.
        from_url = ctx.triggered_id in (None, ids.URL)
        controls, new_search, notice = panels.sync_state(search, values, from_url)
        if from_url:
            return [*controls, no_update, notice]
        return [no_update] * len(CONTROLS) + [new_search, notice]

    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_SUMMARY, "children"),
        Output(ids.MAP, "config"),
        *CONTROL_INPUTS,
        Input(ids.IMAGE_FORMAT, "value"),
    )
    def update_map(*values):
        f, fmt = panels.filters_from(values[:-1]), values[-1]
        return panels.map_panel(store.get(), f, topojson_url, fmt)

    @app.callback(
        Output(ids.TRADE, "figure"),
        Output(ids.TRADE_SUMMARY, "children"),
        Output(ids.TRADE, "config"),
        *CONTROL_INPUTS,
        Input(ids.IMAGE_FORMAT, "value"),
    )
    def update_trade(*values):
        f, fmt = panels.filters_from(values[:-1]), values[-1]
        return panels.trade_panel(store.get(), f, topojson_url, fmt)

    @app.callback(
        Output(ids.INVESTMENT, "figure"),
        Output(ids.INVESTMENT_SUMMARY, "children"),
        Output(ids.INVESTMENT, "config"),
        *CONTROL_INPUTS,
        Input(ids.IMAGE_FORMAT, "value"),
    )
    def update_investment(*values):
        f, fmt = panels.filters_from(values[:-1]), values[-1]
        return panels.investment_panel(store.get(), f, topojson_url, fmt)
