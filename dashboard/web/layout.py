"""The component tree, built from the data and the settings (no callbacks here)."""

from __future__ import annotations

import logging
from pathlib import Path

from dash import dash_table, dcc, html

from ..data import DataBundle
from ..figures.common import CHART_HEIGHT, MAP_HEIGHT, MODEBAR_REMOVE
from ..figures.volumes import VOLUMES_HEIGHT, series_name, shown_series, unit_series
from ..filters import FOCUS_COUNTRIES, GROUP_NAMES, GROUPS, YEAR_MAX, YEAR_MIN, Filters
from ..i18n import country_name, plotly_separators, translator
from ..i18n.labels import (
    CATEGORY_WORDS,
    DATASET_WORDS,
    FLOW_TITLES,
    FORMAT_WORDS,
    INDICATOR_OPTIONS,
    MEASURE_TITLES,
    MODE_LABELS,
    PRESET_WORDS,
    REPORTER_OPTIONS,
    SCALE_LABELS,
    TAB_WORDS,
    UNIT_NAMES,
)
from ..schema import EVENT_CATEGORIES
from ..views.routes import route_comparison
from . import ids
from .language import language_picker
from .tables import route_table, transit_table
from .upload_ui import upload_section, upload_store

METHODOLOGY = Path(__file__).with_name("methodology.md")  # methodology.<lang>.md if present
log = logging.getLogger(__name__)


# page language -> plotly.js locale (assets/plotly-locales.js, scripts/build_plotly_locales.py)
PLOTLY_LOCALES = {"ru": "ru", "az": "az", "zh": "zh-cn", "tr": "tr"}


def graph_config(topojson_url: str, filename: str, fmt: str = "png", lang: str = "en") -> dict:
    """One config for every dcc.Graph: local basemap, no plotly logo, named downloads, and
    plotly's own UI strings (modebar tooltips) in the page's language."""
    return {
        "locale": PLOTLY_LOCALES.get(lang, "en-US"),
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


def _country_options(bundle: DataBundle, lang: str) -> list[dict]:
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    return [
        {"label": f"{country_name(c, lang, names.get(c, c))} ({c})", "value": c}
        for c in FOCUS_COUNTRIES
    ]


def _control(label: str, component, wide: bool = False) -> html.Div:
    """A labelled filter control; the label points at the component's id."""
    return html.Div(
        className="control control-wide" if wide else "control",
        children=[html.Label(label, htmlFor=component.id), component],
    )


def dropdown_labels(_) -> dict:
    """dcc.Dropdown's own words ("3 selected", "Search", …) in the page's language."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num_selected} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }


def _choice(component_id: str, words: dict[str, str], value: str, _) -> dcc.Dropdown:
    """A single-choice dropdown from a {value: English label} mapping, labels translated."""
    return dcc.Dropdown(
        id=component_id,
        labels=dropdown_labels(_),
        options=[{"label": _(label), "value": key} for key, label in words.items()],
        value=value,
        clearable=False,
        searchable=False,
    )


def _radio(component_id: str, words: dict[str, str], value: str, _) -> dcc.RadioItems:
    return dcc.RadioItems(
        id=component_id,
        options=[{"label": _(label), "value": key} for key, label in words.items()],
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
                # at least the figure's usual height; a taller figure (trade with both
                # reporters) makes the panel grow instead of being clipped
                dcc.Graph(id=graph_id, config=config, style={"minHeight": f"{height}px"}),
                type="dot",
                delay_show=400,
            ),
            html.P(id=summary_id, className="summary", **{"aria-live": "polite"}),
            *([extra] if extra is not None else []),
        ],
    )


def _groups(bundle: DataBundle, lang: str) -> html.Div:
    _ = translator(lang)
    names = bundle.countries.set_index("iso3")["name"].to_dict()

    def members_named(members) -> str:
        return ", ".join(country_name(c, lang, names.get(c, c)) for c in members)

    return html.Div(
        className="groups",
        children=[
            html.Span(_("Groups:"), className="groups-label"),
            *[
                html.Button(
                    _(GROUP_NAMES[key]),
                    id=ids.GROUP_PREFIX + key,
                    n_clicks=0,
                    className="group-button",
                    title=_("Select {countries}", countries=members_named(members)),
                )
                for key, members in GROUPS.items()
            ],
            html.Span(
                id=ids.GROUP_MEMBERS,
                className="groups-members",
                children="; ".join(
                    _("{group}: {codes}", group=_(GROUP_NAMES[k]), codes=", ".join(m))
                    for k, m in GROUPS.items()
                ),
            ),
        ],
    )


def _controls(bundle: DataBundle, f: Filters) -> html.Div:
    _ = translator(f.lang)
    marks = {y: {"label": str(y)} for y in range(YEAR_MIN, YEAR_MAX + 1, 5)}
    primary = html.Div(
        className="controls controls-primary",
        role="group",
        **{"aria-label": _("Years and countries")},
        children=[
            _control(
                _("Years"),
                dcc.RangeSlider(
                    id=ids.YEARS,
                    min=YEAR_MIN,
                    max=YEAR_MAX,
                    step=1,
                    value=list(f.years),
                    marks=marks,
                    allowCross=False,
                    allow_direct_input=False,  # its number boxes have no labels (axe)
                    # the chosen years stay printed on the handles
                    tooltip={"placement": "bottom", "always_visible": True},
                ),
                wide=True,
            ),
            html.Div(
                className="control control-wide",
                children=[
                    html.Label(_("Countries"), htmlFor=ids.COUNTRIES),
                    dcc.Dropdown(
                        id=ids.COUNTRIES,
                        options=_country_options(bundle, f.lang),
                        value=list(f.countries),
                        multi=True,
                        placeholder=_("Select countries…"),
                        labels=dropdown_labels(_),
                    ),
                    _groups(bundle, f.lang),
                ],
            ),
        ],
    )
    options = html.Div(
        className="controls controls-options",
        role="group",
        **{"aria-label": _("Chart options")},
        children=[
            _control(
                _("Trade figures reported by"),
                _radio(ids.REPORTER, REPORTER_OPTIONS, f.reporter, _),
            ),
            _control(_("Trade flow"), _choice(ids.FLOW, FLOW_TITLES, f.flow, _)),
            _control(_("Values"), _radio(ids.MODE, MODE_LABELS, f.mode, _)),
            _control(_("Scale"), _radio(ids.SCALE, SCALE_LABELS, f.scale, _)),
            _control(_("Investment measure"), _choice(ids.MEASURE, MEASURE_TITLES, f.measure, _)),
            _control(_("Volumes unit"), _choice(ids.UNIT, UNIT_NAMES, f.unit, _)),
            _control(
                _("Volume series"),
                dcc.Dropdown(
                    id=ids.SERIES,
                    options=[
                        {"label": series_name(k, f.lang), "value": k}
                        for k in unit_series(bundle.volumes, f.unit)
                    ],
                    value=shown_series(bundle.volumes, f),
                    multi=True,
                    clearable=False,
                    placeholder=_("Select series…"),
                    labels=dropdown_labels(_),
                ),
            ),
            html.Div(
                className="control",
                children=[
                    dcc.Checklist(
                        id=ids.EVENTS,
                        options=[{"label": _("Events on charts"), "value": "on"}],
                        value=["on"] if f.events == "on" else [],
                        className="events-toggle",
                    ),
                    dcc.Checklist(
                        id=ids.CATEGORIES,
                        options=[
                            {"label": _(CATEGORY_WORDS[c]), "value": c} for c in EVENT_CATEGORIES
                        ],
                        value=list(f.categories),
                        inline=True,
                        className="categories",
                    ),
                ],
            ),
            _control(_("Map colour"), _choice(ids.INDICATOR, INDICATOR_OPTIONS, f.indicator, _)),
            _control(_("Map view"), _choice(ids.PRESET, PRESET_WORDS, f.preset, _)),
            html.Div(
                className="control",
                children=[
                    html.Label(_("Chart downloads"), htmlFor=ids.IMAGE_FORMAT),
                    _radio(ids.IMAGE_FORMAT, FORMAT_WORDS, "png", _),
                    dcc.Checklist(
                        id=ids.IMAGE_EVENTS,
                        options=[{"label": _("Events in images"), "value": "on"}],
                        value=[],
                        className="events-toggle",
                    ),
                ],
            ),
        ],
    )
    return html.Div([primary, options])


def _charts_tab(topojson_url: str, routes, _, lang: str = "en", transit=None) -> html.Div:
    return html.Div(
        className="panels",
        children=[
            html.Div(
                className="map-row",
                children=[
                    _panel(
                        ids.MAP,
                        ids.MAP_SUMMARY,
                        graph_config(topojson_url, "middle-corridor-map", lang=lang),
                        MAP_HEIGHT,
                        label=_("Corridor map"),
                    ),
                    html.Section(
                        className="panel routes",
                        **{"aria-label": _("Route comparison")},
                        children=html.Div(id=ids.ROUTES, children=routes),
                    ),
                ],
            ),
            html.Section(
                className="panel transit",
                **{"aria-label": _("Published transit times")},
                children=html.Div(id=ids.TRANSIT, children=transit),
            ),
            html.Div(
                className="charts",
                children=[
                    _panel(
                        ids.TRADE,
                        ids.TRADE_SUMMARY,
                        graph_config(topojson_url, "china-trade", lang=lang),
                        CHART_HEIGHT,
                        label=_("Trade chart"),
                    ),
                    _panel(
                        ids.INVESTMENT,
                        ids.INVESTMENT_SUMMARY,
                        graph_config(topojson_url, "china-investment", lang=lang),
                        CHART_HEIGHT,
                        extra=html.Div(id=ids.DEALS, className="deals-wrap"),
                        label=_("Investment chart"),
                    ),
                    _panel(
                        ids.VOLUMES,
                        ids.VOLUMES_SUMMARY,
                        graph_config(topojson_url, "corridor-volumes", lang=lang),
                        VOLUMES_HEIGHT,
                        label=_("Corridor volumes chart"),
                    ),
                ],
            ),
        ],
    )


def _routes(bundle: DataBundle, lang: str):
    """The route comparison (static for a given data folder: computed from the geometry)."""
    try:
        df = route_comparison(bundle.network, bundle.transit, bundle.sources_by_id)
        return route_table(df, lang)
    except Exception:  # the map still works without its table; never a traceback
        log.exception("route comparison failed")
        _ = translator(lang)
        return html.P(_("The route comparison could not be computed. The error was logged."))


def _transit(bundle: DataBundle, lang: str):
    """The published transit times, like for like (static for a given data folder)."""
    try:
        return transit_table(bundle.transit, bundle.sources_by_id, lang)
    except Exception:  # the map still works without its table; never a traceback
        log.exception("route comparison failed")
        _ = translator(lang)
        return html.P(_("The route comparison could not be computed. The error was logged."))


def _table_tab(f: Filters) -> html.Div:
    _ = translator(f.lang)
    return html.Div(
        className="panel tab-body",
        children=[
            upload_section(with_store=False, lang=f.lang),
            _control(_("Dataset"), _radio(ids.DATASET, DATASET_WORDS, f.dataset, _)),
            html.P(id=ids.TABLE_CAPTION, className="summary", **{"aria-live": "polite"}),
            html.P(id=ids.TABLE_DOWNLOAD, className="summary"),
            _data_table(ids.TABLE, page_size=25, max_width=320, lang=f.lang),
        ],
    )


def _data_table(component_id: str, page_size: int, max_width: int, lang: str, **props):
    """A sortable, filterable table in the page's font and language; links open in a new tab.
    dash_table's other words cannot be set: the filter's case toggle (title "Toggle filter
    case sensitivity") and the filter query operators; the pager shows only icons and digits."""
    separators, _ = plotly_separators(lang), translator(lang)
    return dash_table.DataTable(
        id=component_id,
        sort_action="native",
        filter_action="native",
        filter_options={"placeholder_text": _("filter data...")},
        # numbers in columns that carry a d3 format follow the locale's separators
        locale_format={"decimal": separators[0], "group": separators[1:]},
        page_size=page_size,
        style_table={"overflowX": "auto"},
        style_cell={
            "fontFamily": "inherit",
            "fontSize": "0.8rem",
            "textAlign": "left",
            "maxWidth": f"{max_width}px",
            "whiteSpace": "normal",
        },
        markdown_options={"link_target": "_blank"},
        **props,
    )


def methodology_text(lang: str) -> str:
    """The method notes in lang (dashboard/methodology.<lang>.md), else in English."""
    localised = METHODOLOGY.with_name(f"methodology.{lang}.md")
    return (localised if localised.exists() else METHODOLOGY).read_text(encoding="utf-8")


def sources_rows(bundle: DataBundle) -> list[dict]:
    """Every source as a table row, its URL a link. Sent when the Sources tab is first opened
    (callbacks.py), not with the page: 525 rows are most of the page's layout otherwise."""
    src = bundle.sources.drop(columns="_row")
    shown = src.astype(object).where(src.notna(), "")
    shown["url"] = [f"[{u}]({u})" for u in src["url"]]
    return shown.to_dict("records")


def _sources_tab(bundle: DataBundle, lang: str) -> html.Div:
    _ = translator(lang)
    src = bundle.sources.drop(columns="_row")
    return html.Div(
        className="panel tab-body",
        children=[
            dcc.Markdown(methodology_text(lang), className="methodology"),
            html.P(
                _(
                    "Titles, quotes and publishers of the sources are shown in the language "
                    "they were published in."
                ),
                className="summary data-language-note",
            ),
            *_coverage_section(_, lang),
            html.H3(_("All {n} sources", n=len(src))),
            _data_table(
                ids.SOURCES_TABLE,
                page_size=20,
                max_width=360,
                lang=lang,
                data=[],
                columns=[
                    {"name": c, "id": c, "presentation": "markdown"}
                    if c == "url"
                    else {"name": c, "id": c}
                    for c in src.columns
                ],
            ),
        ],
    )


def _coverage_section(_, lang: str) -> list:
    """The coverage matrix (filled when the tab is opened, callbacks.py) and, under it, the
    rows behind a clicked cell."""
    from ..views.coverage import FIRST, LAST

    columns = [{"name": _("Country"), "id": "country"}, {"name": _("reporter"), "id": "reporter"}]
    columns += [{"name": str(y)[2:], "id": str(y)} for y in range(FIRST, LAST + 1)]
    mark = {"filled": "●", "conflict": "×"}
    return [
        html.H3(_("Coverage of annual turnover: country × year × reporter")),
        html.P(
            _(
                "● filled, × conflict (published values differ by more than 2%), · empty. "
                "Click a cell for the rows behind it."
            ),
            className="summary",
        ),
        dash_table.DataTable(
            id=ids.COVERAGE_TABLE,
            columns=columns,
            data=[],
            cell_selectable=True,
            style_table={"overflowX": "auto"},
            style_cell={"fontFamily": "inherit", "fontSize": "0.8rem", "textAlign": "center"},
            style_cell_conditional=[
                {"if": {"column_id": c}, "textAlign": "left"} for c in ("country", "reporter")
            ],
            style_data_conditional=[
                {
                    "if": {"filter_query": f'{{{y}}} = "{m}"', "column_id": str(y)},
                    "backgroundColor": "#cfe8d6" if status == "filled" else "#f6d3c4",
                }
                for y in range(FIRST, LAST + 1)
                for status, m in mark.items()
            ],
        ),
        html.P(id=ids.COVERAGE_CAPTION, className="summary"),
        html.P(id=ids.COVERAGE_CELL, className="summary"),
        _data_table(ids.COVERAGE_ROWS, page_size=10, max_width=360, lang=lang, data=[]),
    ]


def _claims_tab(lang: str) -> html.Div:
    """Filled when the tab is opened (callbacks.py): checking the claims against the data takes
    longer than building the rest of the page, and most visitors never open this tab."""
    _ = translator(lang)
    return html.Div(
        className="panel tab-body",
        id=ids.CLAIMS,
        children=html.P(_("Checking the memo's claims against the data…"), className="summary"),
    )


def build_layout(bundle: DataBundle, topojson_url: str, lang: str = "en") -> html.Div:
    """The page in lang. Called on every page load (app.layout is a function), so a reloaded
    data folder shows up in the static parts (sources list, claims) too."""
    f = Filters(lang=lang)
    _ = translator(lang)
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Location(id=ids.VIEW_URL, refresh=False),
            upload_store(),
            html.Header(
                className="masthead",
                children=[
                    language_picker(lang, _("Language")),
                    html.H1(
                        _(
                            "The Middle Corridor: China's Belt and Road in the South Caucasus "
                            "and Central Asia"
                        )
                    ),
                    html.P(
                        _(
                            "China – Kazakhstan – Caspian ferry – Baku/Alat – Georgia – "
                            "Turkey/Black Sea. Trade as each side reports it, investment by "
                            "measure. Every number links to its source; a year without a source "
                            "is a gap, never a guess."
                        )
                    ),
                    html.P(
                        _(
                            "Event titles, source titles and quotes are shown in the language "
                            "they were published in."
                        ),
                        className="data-language-note",
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
                        **{"aria-label": _("Headline figures"), "aria-live": "polite"},
                    ),
                    html.Details(
                        className="downloads",
                        children=[
                            html.Summary(
                                _(
                                    "Download this view: data (CSV), charts (PDF), report, "
                                    "offline HTML"
                                )
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
                                label=_(TAB_WORDS["charts"]),
                                value="charts",
                                children=_charts_tab(
                                    topojson_url,
                                    _routes(bundle, lang),
                                    _,
                                    lang,
                                    _transit(bundle, lang),
                                ),
                            ),
                            dcc.Tab(
                                label=_(TAB_WORDS["table"]), value="table", children=_table_tab(f)
                            ),
                            dcc.Tab(
                                label=_(TAB_WORDS["sources"]),
                                value="sources",
                                children=_sources_tab(bundle, lang),
                            ),
                            dcc.Tab(
                                label=_(TAB_WORDS["claims"]),
                                value="claims",
                                children=_claims_tab(lang),
                            ),
                        ],
                    ),
                    html.P(
                        className="footer",
                        children=_(
                            "Data: see data/sources.csv and data/README.md (each row names its "
                            "publisher, URL and access date). Basemap and borders: Natural Earth, "
                            "public domain; borders shown are not an endorsement of any claim."
                        ),
                    ),
                ]
            ),
        ],
    )
