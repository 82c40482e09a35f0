"""The component tree, built from the data and the settings (no callbacks here)."""

from __future__ import annotations

import logging
from pathlib import Path

from dash import dash_table, dcc, html

from . import ids
from .data import DataBundle
from .figures.common import CHART_HEIGHT, MAP_HEIGHT, MODEBAR_REMOVE
from .figures.investment import MEASURE_TITLES
from .figures.map import PRESET_WORDS
from .figures.trade import FLOW_TITLES
from .figures.volumes import UNIT_WORDS
from .filters import FOCUS_COUNTRIES, GROUP_NAMES, GROUPS, YEAR_MAX, YEAR_MIN, Filters
from .routes import route_comparison, route_table
from .schema import EVENT_CATEGORIES
from .upload_ui import upload_section, upload_store

METHODOLOGY = Path(__file__).with_name("methodology.md")
log = logging.getLogger(__name__)

REPORTER_WORDS = {"china": "China's customs", "partner": "Partner's statistics", "both": "Both"}
MODE_LABELS = {"usd": "US$", "yoy": "Change %", "share": "Share %"}
SCALE_LABELS = {"linear": "Linear", "log": "Log"}
INDICATOR_WORDS = {
    "turnover": "Trade turnover with China",
    "turnover_change": "Change in turnover on the year before",
    "none": "No colouring",
}
TAB_WORDS = {
    "charts": "Charts",
    "table": "Data table",
    "sources": "Sources & method",
    "claims": "Memo claims",
}


def graph_config(topojson_url: str, filename: str, fmt: str = "png") -> dict:
    """One config for every dcc.Graph: local basemap, no plotly logo, named downloads."""
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": MODEBAR_REMOVE,
        "toImageButtonOptions": {
            "format": fmt,
            "filename": filename,
            "width": 1200,
            "height": 700,
            "scale": 2 if fmt == "png" else 1,
        },
    }


def _country_options(bundle: DataBundle) -> list[dict]:
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    return [{"label": f"{names.get(c, c)} ({c})", "value": c} for c in FOCUS_COUNTRIES]


def _control(label: str, component, wide: bool = False) -> html.Div:
    """A labelled filter control; the label points at the component's id."""
    return html.Div(
        className="control control-wide" if wide else "control",
        children=[html.Label(label, htmlFor=component.id), component],
    )


def _choice(component_id: str, words: dict[str, str], value: str) -> dcc.Dropdown:
    """A single-choice dropdown from a {value: label} mapping."""
    return dcc.Dropdown(
        id=component_id,
        options=[{"label": label, "value": key} for key, label in words.items()],
        value=value,
        clearable=False,
        searchable=False,
    )


def _radio(component_id: str, words: dict[str, str], value: str) -> dcc.RadioItems:
    return dcc.RadioItems(
        id=component_id,
        options=[{"label": label, "value": key} for key, label in words.items()],
        value=value,
        inline=True,
    )


def _panel(
    graph_id: str, summary_id: str, config: dict, height: int, extra=None, label: str = ""
) -> html.Section:
    return html.Section(
        className="panel",
        **{"aria-label": label or graph_id},
        children=[
            dcc.Loading(
                dcc.Graph(id=graph_id, config=config, style={"height": f"{height}px"}),
                type="dot",
                delay_show=400,
            ),
            html.P(id=summary_id, className="summary", **{"aria-live": "polite"}),
            *([extra] if extra is not None else []),
        ],
    )


def _groups(bundle: DataBundle) -> html.Div:
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    return html.Div(
        className="groups",
        children=[
            html.Span("Groups:", className="groups-label"),
            *[
                html.Button(
                    GROUP_NAMES[key],
                    id=ids.GROUP_PREFIX + key,
                    n_clicks=0,
                    className="group-button",
                    title="Select " + ", ".join(names.get(c, c) for c in members),
                )
                for key, members in GROUPS.items()
            ],
            html.Span(
                id=ids.GROUP_MEMBERS,
                className="groups-members",
                children="; ".join(f"{GROUP_NAMES[k]}: {', '.join(m)}" for k, m in GROUPS.items()),
            ),
        ],
    )


def _controls(bundle: DataBundle, f: Filters) -> html.Div:
    marks = {y: {"label": str(y)} for y in range(YEAR_MIN, YEAR_MAX + 1, 5)}
    primary = html.Div(
        className="controls controls-primary",
        role="group",
        **{"aria-label": "Years and countries"},
        children=[
            _control(
                "Years",
                dcc.RangeSlider(
                    id=ids.YEARS,
                    min=YEAR_MIN,
                    max=YEAR_MAX,
                    step=1,
                    value=list(f.years),
                    marks=marks,
                    allowCross=False,
                    allow_direct_input=False,  # its number boxes have no labels (axe)
                    tooltip={"placement": "bottom", "always_visible": False},
                ),
                wide=True,
            ),
            html.Div(
                className="control control-wide",
                children=[
                    html.Label("Countries", htmlFor=ids.COUNTRIES),
                    dcc.Dropdown(
                        id=ids.COUNTRIES,
                        options=_country_options(bundle),
                        value=list(f.countries),
                        multi=True,
                        placeholder="Select countries…",
                    ),
                    _groups(bundle),
                ],
            ),
        ],
    )
    options = html.Div(
        className="controls controls-options",
        role="group",
        **{"aria-label": "Chart options"},
        children=[
            _control("Trade figures reported by", _radio(ids.REPORTER, REPORTER_WORDS, f.reporter)),
            _control("Trade flow", _choice(ids.FLOW, FLOW_TITLES, f.flow)),
            _control("Values", _radio(ids.MODE, MODE_LABELS, f.mode)),
            _control("Scale", _radio(ids.SCALE, SCALE_LABELS, f.scale)),
            _control("Investment measure", _choice(ids.MEASURE, MEASURE_TITLES, f.measure)),
            _control(
                "Volumes unit",
                _choice(ids.UNIT, {u: UNIT_WORDS[u].split(" (")[0] for u in UNIT_WORDS}, f.unit),
            ),
            html.Div(
                className="control",
                children=[
                    dcc.Checklist(
                        id=ids.EVENTS,
                        options=[{"label": "Events on charts", "value": "on"}],
                        value=["on"] if f.events == "on" else [],
                        className="events-toggle",
                    ),
                    dcc.Checklist(
                        id=ids.CATEGORIES,
                        options=[{"label": c, "value": c} for c in EVENT_CATEGORIES],
                        value=list(f.categories),
                        inline=True,
                        className="categories",
                    ),
                ],
            ),
            _control("Map colour", _choice(ids.INDICATOR, INDICATOR_WORDS, f.indicator)),
            _control("Map view", _choice(ids.PRESET, PRESET_WORDS, f.preset)),
            _control(
                "Chart downloads",
                _radio(ids.IMAGE_FORMAT, {"png": "PNG", "svg": "SVG"}, "png"),
            ),
        ],
    )
    return html.Div([primary, options])


def _charts_tab(topojson_url: str, routes) -> html.Div:
    return html.Div(
        className="panels",
        children=[
            html.Div(
                className="map-row",
                children=[
                    _panel(
                        ids.MAP,
                        ids.MAP_SUMMARY,
                        graph_config(topojson_url, "middle-corridor-map"),
                        MAP_HEIGHT,
                        label="Corridor map",
                    ),
                    html.Section(
                        className="panel routes",
                        **{"aria-label": "Route comparison"},
                        children=html.Div(id=ids.ROUTES, children=routes),
                    ),
                ],
            ),
            html.Div(
                className="charts",
                children=[
                    _panel(
                        ids.TRADE,
                        ids.TRADE_SUMMARY,
                        graph_config(topojson_url, "china-trade"),
                        CHART_HEIGHT,
                        label="Trade chart",
                    ),
                    _panel(
                        ids.INVESTMENT,
                        ids.INVESTMENT_SUMMARY,
                        graph_config(topojson_url, "china-investment"),
                        CHART_HEIGHT,
                        extra=html.Div(id=ids.DEALS, className="deals-wrap"),
                        label="Investment chart",
                    ),
                    _panel(
                        ids.VOLUMES,
                        ids.VOLUMES_SUMMARY,
                        graph_config(topojson_url, "corridor-volumes"),
                        CHART_HEIGHT + 40,
                        label="Corridor volumes chart",
                    ),
                ],
            ),
        ],
    )


def _routes(bundle: DataBundle):
    """The route comparison (static for a given data folder: computed from the geometry)."""
    try:
        df = route_comparison(bundle.network, bundle.transit, bundle.sources_by_id)
        return route_table(df)
    except Exception:  # the map still works without its table; never a traceback
        log.exception("route comparison failed")
        return html.P("The route comparison could not be computed. The error was logged.")


def _table_tab(f: Filters) -> html.Div:
    return html.Div(
        className="panel tab-body",
        children=[
            upload_section(with_store=False),
            _control(
                "Dataset",
                _radio(
                    ids.DATASET,
                    {
                        "trade": "Trade",
                        "investment": "Investment",
                        "volumes": "Volumes",
                        "events": "Events",
                    },
                    f.dataset,
                ),
            ),
            html.P(id=ids.TABLE_CAPTION, className="summary", **{"aria-live": "polite"}),
            html.P(id=ids.TABLE_DOWNLOAD, className="summary"),
            dash_table.DataTable(
                id=ids.TABLE,
                sort_action="native",
                filter_action="native",
                page_size=25,
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": "inherit",
                    "fontSize": "0.8rem",
                    "textAlign": "left",
                    "maxWidth": "320px",
                    "whiteSpace": "normal",
                },
                markdown_options={"link_target": "_blank"},
            ),
        ],
    )


def _sources_tab(bundle: DataBundle) -> html.Div:
    src = bundle.sources.drop(columns="_row")
    shown = src.astype(object).where(src.notna(), "")
    shown["url"] = [f"[{u}]({u})" for u in src["url"]]
    return html.Div(
        className="panel tab-body",
        children=[
            dcc.Markdown(METHODOLOGY.read_text(encoding="utf-8"), className="methodology"),
            html.H3(f"All {len(src)} sources"),
            dash_table.DataTable(
                id=ids.SOURCES_TABLE,
                data=shown.to_dict("records"),
                columns=[
                    {"name": c, "id": c, "presentation": "markdown"}
                    if c == "url"
                    else {"name": c, "id": c}
                    for c in shown.columns
                ],
                sort_action="native",
                filter_action="native",
                page_size=20,
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": "inherit",
                    "fontSize": "0.8rem",
                    "textAlign": "left",
                    "maxWidth": "360px",
                    "whiteSpace": "normal",
                },
            ),
        ],
    )


def _claims_tab(bundle: DataBundle) -> html.Div:
    try:
        from .claims import claims_view
    except ImportError:  # the claims checker is optional until its data file exists
        return html.Div(className="panel tab-body", children=html.P("No claims file."))
    return html.Div(className="panel tab-body", id=ids.CLAIMS, children=claims_view(bundle))


def build_layout(bundle: DataBundle, topojson_url: str) -> html.Div:
    """The page. Called on every page load (app.layout is a function), so a reloaded data
    folder shows up in the static parts (sources list, claims) too."""
    f = Filters()
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            upload_store(),
            html.Header(
                className="masthead",
                children=[
                    html.H1(
                        "The Middle Corridor: China's Belt and Road in the South Caucasus "
                        "and Central Asia"
                    ),
                    html.P(
                        "China – Kazakhstan – Caspian ferry – Baku/Alat – Georgia – Turkey/Black "
                        "Sea. Trade as each side reports it, investment by measure. Every number "
                        "links to its source; a year without a source is a gap, never a guess."
                    ),
                ],
            ),
            html.Main(
                children=[
                    _controls(bundle, f),
                    html.Div(id=ids.NOTICE, className="notice", role="status"),
                    html.Div(
                        id=ids.HEADLINES,
                        className="headlines",
                        role="region",
                        **{"aria-label": "Headline figures", "aria-live": "polite"},
                    ),
                    html.Details(
                        className="downloads",
                        children=[
                            html.Summary(
                                "Download this view: data (CSV), charts (PDF), report, offline HTML"
                            ),
                            html.Div(id=ids.DOWNLOADS),
                        ],
                    ),
                    dcc.Tabs(
                        id=ids.TAB,
                        value=f.tab,
                        className="tabs",
                        children=[
                            dcc.Tab(
                                label=TAB_WORDS["charts"],
                                value="charts",
                                children=_charts_tab(topojson_url, _routes(bundle)),
                            ),
                            dcc.Tab(
                                label=TAB_WORDS["table"], value="table", children=_table_tab(f)
                            ),
                            dcc.Tab(
                                label=TAB_WORDS["sources"],
                                value="sources",
                                children=_sources_tab(bundle),
                            ),
                            dcc.Tab(
                                label=TAB_WORDS["claims"],
                                value="claims",
                                children=_claims_tab(bundle),
                            ),
                        ],
                    ),
                    html.P(
                        className="footer",
                        children="Data: see data/sources.csv and data/README.md (each row names "
                        "its publisher, URL and access date). Basemap and borders: Natural Earth, "
                        "public domain; borders shown are not an endorsement of any claim.",
                    ),
                ]
            ),
        ],
    )
