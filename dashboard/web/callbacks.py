"""Callbacks: thin wiring from controls to the pure functions in panels.py.

Data flow (the URL query string is the one source of truth for the view):
    controls, group buttons, map clicks  ->  URL query (canonical)  [sync_url]
    URL query (load, back/forward)  ->  controls                    [sync_url]
    URL query  ->  headlines, map + route table, trade, investment + deals, volumes, data table
        (read from VIEW_URL, a second dcc.Location no callback writes: see ids.VIEW_URL)
    upload store (this page's own rows, dashboard/upload_ui.py)  ->  the same panels
    image format  ->  every chart's camera-button config (PNG or SVG)
    tab opened  ->  the sources table's rows, the coverage matrix, the claims check (not sent
        with every page); a coverage cell clicked  ->  the rows behind it
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from ..data import DataStore
from ..filters import GROUPS, PARAMETERS, Filters
from ..i18n import known_language
from ..views.coverage import coverage_cell_view, coverage_view
from . import ids, panels
from .claims import claims_view
from .downloads import download_links
from .layout import sources_rows
from .upload_ui import bundle_with_user_data

# each URL parameter's control has the parameter's name as its id constant (ids.YEARS, ...)
CONTROL_IDS = {name: getattr(ids, name.upper()) for name in PARAMETERS}
CONTROLS = [CONTROL_IDS[name] for name in panels.CONTROL_NAMES]
GROUP_BUTTONS = [ids.GROUP_PREFIX + key for key in GROUPS]
# every panel: the view (URL query, from the read-only mirror of the address bar: see
# ids.VIEW_URL), this page's uploaded rows, then the image format
VIEW = [
    Input(ids.VIEW_URL, "search"),
    Input(ids.UPLOAD_STORE, "data"),
    Input(ids.IMAGE_FORMAT, "value"),
]


def _trigger() -> str | None:
    tid = ctx.triggered_id
    if tid in (None, ids.URL):
        return "url" if tid else None
    if isinstance(tid, str) and tid.startswith(ids.GROUP_PREFIX):
        return tid[len(ids.GROUP_PREFIX) :]
    return "map" if tid == ids.MAP else "controls"


def register_callbacks(app: Dash, store: DataStore, topojson_url: str) -> None:
    """Register on this app, never on the global dash.callback list: the first app built in a
    process would take them all (README, "Architecture")."""

    @app.callback(
        [Output(c, "value") for c in CONTROLS]
        + [Output(ids.URL, "search"), Output(ids.NOTICE, "children")],
        [Input(ids.URL, "search")]
        + [Input(c, "value") for c in CONTROLS]
        + [Input(b, "n_clicks") for b in GROUP_BUTTONS]
        + [Input(ids.MAP, "clickData")],
    )
    def sync_url(search, *values):
        trigger = _trigger()
        click = values[-1]
        controls, new_search, notice = panels.sync_state(
            search, values[: len(CONTROLS)], trigger, click
        )
        if trigger in (None, "url"):
            return [*controls, no_update, notice]
        if trigger == "controls":
            return [no_update] * len(CONTROLS) + [new_search, notice]
        return [*controls, new_search, notice]  # a group or map click also moves the dropdown

    @app.callback(
        Output(ids.SERIES, "options"),
        Output(ids.SERIES, "value"),
        Input(ids.VIEW_URL, "search"),
    )
    def update_series_picker(search):
        return panels.series_picker(store.get(), search)

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.SERIES, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def pick_series(value, search):
        new = panels.pick_series(store.get(), search, value)
        return no_update if new is None else new

    def view(search, stored=None) -> tuple:
        """The data for this page (shipped + its own upload, if any) and the filters."""
        return bundle_with_user_data(store.get(), stored), Filters.from_query(search)[0]

    @app.callback(
        Output(ids.HEADLINES, "children"),
        Input(ids.VIEW_URL, "search"),
        Input(ids.UPLOAD_STORE, "data"),
    )
    def update_headlines(search, stored):
        bundle, f = view(search, stored)
        return panels.headline_cards(panels.headlines(bundle, f))

    def chart_callback(graph_id: str, summary_id: str, build) -> None:
        """figure, summary sentence and camera-button config of one chart, from the view."""

        @app.callback(
            Output(graph_id, "figure"),
            Output(summary_id, "children"),
            Output(graph_id, "config"),
            *VIEW,
        )
        def update_chart(search, stored, fmt):
            bundle, f = view(search, stored)
            return build(bundle, f, topojson_url, fmt)

    chart_callback(ids.MAP, ids.MAP_SUMMARY, panels.map_panel)
    chart_callback(ids.TRADE, ids.TRADE_SUMMARY, panels.trade_panel)
    chart_callback(ids.VOLUMES, ids.VOLUMES_SUMMARY, panels.volumes_panel)

    @app.callback(
        Output(ids.INVESTMENT, "figure"),
        Output(ids.INVESTMENT_SUMMARY, "children"),
        Output(ids.INVESTMENT, "config"),
        Output(ids.DEALS, "children"),
        *VIEW,
    )
    def update_investment(search, stored, fmt):
        bundle, f = view(search, stored)
        return (
            *panels.investment_panel(bundle, f, topojson_url, fmt),
            panels.deals_table(bundle, f),
        )

    @app.callback(Output(ids.DOWNLOADS, "children"), Input(ids.VIEW_URL, "search"))
    def update_downloads(search):
        return download_links(Filters.from_query(search)[0], app.config.requests_pathname_prefix)

    @app.callback(
        Output(ids.TABLE_DOWNLOAD, "children"),
        Input(ids.VIEW_URL, "search"),
    )
    def update_table_download(search):
        f = Filters.from_query(search)[0]
        return panels.table_download(f, app.config.requests_pathname_prefix)

    @app.callback(
        Output(ids.TABLE, "data"),
        Output(ids.TABLE, "columns"),
        Output(ids.TABLE_CAPTION, "children"),
        Input(ids.VIEW_URL, "search"),
        Input(ids.UPLOAD_STORE, "data"),
    )
    def update_table(search, stored):
        bundle, f = view(search, stored)
        return panels.table_data(bundle, f)

    @app.callback(
        Output(ids.SOURCES_TABLE, "data"),
        Input(ids.TAB, "value"),
        State(ids.SOURCES_TABLE, "data"),
    )
    def fill_sources_table(tab, rows):
        if tab != "sources" or rows:
            return no_update  # filled once, when the tab is first opened
        bundle = store.get()
        return bundle.memo.get((sources_rows,), lambda: sources_rows(bundle))

    @app.callback(
        Output(ids.COVERAGE_TABLE, "data"),
        Output(ids.COVERAGE_CAPTION, "children"),
        Input(ids.TAB, "value"),
        State(ids.COVERAGE_TABLE, "data"),
        State(ids.PAGE_LANG, "data"),
    )
    def fill_coverage(tab, rows, lang):
        if tab != "sources" or rows:
            return no_update, no_update  # filled once, when the tab is first opened
        bundle, lang = store.get(), known_language(lang)
        return bundle.memo.get((coverage_view, lang), lambda: coverage_view(bundle, lang))

    @app.callback(
        Output(ids.COVERAGE_CELL, "children"),
        Output(ids.COVERAGE_ROWS, "data"),
        Output(ids.COVERAGE_ROWS, "columns"),
        Input(ids.COVERAGE_TABLE, "active_cell"),
        State(ids.PAGE_LANG, "data"),
    )
    def show_coverage_cell(active_cell, lang):
        return coverage_cell_view(store.get(), active_cell, known_language(lang))

    @app.callback(
        Output(ids.CLAIMS, "children"),
        Input(ids.TAB, "value"),
        State(ids.PAGE_LANG, "data"),
    )
    def fill_claims(tab, lang):
        if tab != "claims":
            return no_update
        lang = known_language(lang)
        bundle = store.get()
        return bundle.memo.get((claims_view, lang), lambda: claims_view(bundle, lang))
