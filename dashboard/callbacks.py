"""Callbacks: thin wiring from controls to the pure functions in panels.py.

Data flow (the URL query string is the one source of truth for the view):
    controls, group buttons  ->  URL query (canonical)              [sync_url]
    URL query (load, back/forward)  ->  controls                    [sync_url]
    URL query  ->  headlines, map + route table, trade, investment + deals, volumes, data table
    image format  ->  every chart's camera-button config (PNG or SVG)
"""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update

from . import ids, panels
from .data import DataStore
from .filters import GROUPS, Filters

CONTROL_IDS = {
    "years": ids.YEARS,
    "countries": ids.COUNTRIES,
    "categories": ids.CATEGORIES,
    "events": ids.EVENTS,
    "reporter": ids.REPORTER,
    "flow": ids.FLOW,
    "mode": ids.MODE,
    "scale": ids.SCALE,
    "measure": ids.MEASURE,
    "unit": ids.UNIT,
    "indicator": ids.INDICATOR,
    "preset": ids.PRESET,
    "tab": ids.TAB,
    "dataset": ids.DATASET,
}
CONTROLS = [CONTROL_IDS[name] for name in panels.CONTROL_NAMES]
GROUP_BUTTONS = [ids.GROUP_PREFIX + key for key in GROUPS]
VIEW = [Input(ids.URL, "search"), Input(ids.IMAGE_FORMAT, "value")]


def _trigger() -> str | None:
    tid = ctx.triggered_id
    if tid in (None, ids.URL):
        return "url" if tid else None
    if isinstance(tid, str) and tid.startswith(ids.GROUP_PREFIX):
        return tid[len(ids.GROUP_PREFIX) :]
    return "controls"


def register_callbacks(app: Dash, store: DataStore, topojson_url: str) -> None:
    """Register on this app (never the global dash.callback list: see docs/architecture.md)."""

    @app.callback(
        [Output(c, "value") for c in CONTROLS]
        + [Output(ids.URL, "search"), Output(ids.NOTICE, "children")],
        [Input(ids.URL, "search")]
        + [Input(c, "value") for c in CONTROLS]
        + [Input(b, "n_clicks") for b in GROUP_BUTTONS],
    )
    def sync_url(search, *values):
        trigger = _trigger()
        controls, new_search, notice = panels.sync_state(search, values[: len(CONTROLS)], trigger)
        if trigger in (None, "url"):
            return [*controls, no_update, notice]
        if trigger == "controls":
            return [no_update] * len(CONTROLS) + [new_search, notice]
        return [*controls, new_search, notice]  # a group button also moves the dropdown

    def view(search) -> tuple:
        return store.get(), Filters.from_query(search)[0]

    @app.callback(Output(ids.HEADLINES, "children"), Input(ids.URL, "search"))
    def update_headlines(search):
        bundle, f = view(search)
        return panels.headline_cards(panels.headlines(bundle, f))

    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_SUMMARY, "children"),
        Output(ids.MAP, "config"),
        *VIEW,
    )
    def update_map(search, fmt):
        bundle, f = view(search)
        return panels.map_panel(bundle, f, topojson_url, fmt)

    @app.callback(
        Output(ids.TRADE, "figure"),
        Output(ids.TRADE_SUMMARY, "children"),
        Output(ids.TRADE, "config"),
        *VIEW,
    )
    def update_trade(search, fmt):
        bundle, f = view(search)
        return panels.trade_panel(bundle, f, topojson_url, fmt)

    @app.callback(
        Output(ids.INVESTMENT, "figure"),
        Output(ids.INVESTMENT_SUMMARY, "children"),
        Output(ids.INVESTMENT, "config"),
        Output(ids.DEALS, "children"),
        *VIEW,
    )
    def update_investment(search, fmt):
        bundle, f = view(search)
        return (
            *panels.investment_panel(bundle, f, topojson_url, fmt),
            panels.deals_table(bundle, f),
        )

    @app.callback(
        Output(ids.VOLUMES, "figure"),
        Output(ids.VOLUMES_SUMMARY, "children"),
        Output(ids.VOLUMES, "config"),
        *VIEW,
    )
    def update_volumes(search, fmt):
        bundle, f = view(search)
        return panels.volumes_panel(bundle, f, topojson_url, fmt)

    @app.callback(
        Output(ids.TABLE, "data"),
        Output(ids.TABLE, "columns"),
        Output(ids.TABLE_CAPTION, "children"),
        Input(ids.URL, "search"),
    )
    def update_table(search):
        bundle, f = view(search)
        return panels.table_data(bundle, f)
