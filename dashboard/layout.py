"""The component tree, built from the data and the settings (no callbacks here)."""

from __future__ import annotations

from dash import dcc, html

from . import ids
from .data import DataBundle
from .figures.common import CHART_HEIGHT, MAP_HEIGHT
from .figures.investment import MEASURE_TITLES
from .figures.map import PRESET_WORDS
from .filters import FOCUS_COUNTRIES, YEAR_MAX, YEAR_MIN, Filters

REPORTER_OPTIONS = [
    {"label": "China's customs", "value": "china"},
    {"label": "Partner's statistics", "value": "partner"},
    {"label": "Both", "value": "both"},
]


def graph_config(topojson_url: str, filename: str, fmt: str = "png") -> dict:
    """One config for every dcc.Graph: local basemap, no plotly logo, named downloads."""
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
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
    )


def _panel(graph_id: str, summary_id: str, config: dict, height: int) -> html.Section:
    return html.Section(
        className="panel",
        children=[
            dcc.Loading(
                dcc.Graph(id=graph_id, config=config, style={"height": f"{height}px"}),
                type="dot",
                delay_show=400,
            ),
            html.P(id=summary_id, className="summary", **{"aria-live": "polite"}),
        ],
    )


def build_layout(bundle: DataBundle, topojson_url: str) -> html.Div:
    f = Filters()
    marks = {y: {"label": str(y)} for y in range(YEAR_MIN, YEAR_MAX + 1, 5)}
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
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
            html.Div(
                className="controls",
                role="group",
                **{"aria-label": "Filters"},
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
                            tooltip={"placement": "bottom", "always_visible": False},
                        ),
                        wide=True,
                    ),
                    _control(
                        "Countries",
                        dcc.Dropdown(
                            id=ids.COUNTRIES,
                            options=_country_options(bundle),
                            value=list(f.countries),
                            multi=True,
                            placeholder="Select countries…",
                        ),
                        wide=True,
                    ),
                    _control(
                        "Trade figures reported by",
                        dcc.RadioItems(
                            id=ids.REPORTER,
                            options=REPORTER_OPTIONS,
                            value=f.reporter,
                            inline=True,
                        ),
                    ),
                    _control(
                        "Investment measure",
                        _choice(ids.MEASURE, MEASURE_TITLES, f.measure),
                    ),
                    _control(
                        "Chart downloads",
                        dcc.RadioItems(
                            id=ids.IMAGE_FORMAT,
                            options=[
                                {"label": "PNG", "value": "png"},
                                {"label": "SVG", "value": "svg"},
                            ],
                            value="png",
                            inline=True,
                        ),
                    ),
                    _control(
                        "Map view",
                        _choice(ids.PRESET, PRESET_WORDS, f.preset),
                    ),
                ],
            ),
            html.Div(id=ids.NOTICE, className="notice", role="status"),
            html.Main(
                className="panels",
                children=[
                    _panel(
                        ids.MAP,
                        ids.MAP_SUMMARY,
                        graph_config(topojson_url, "middle-corridor-map"),
                        MAP_HEIGHT,
                    ),
                    html.Div(
                        className="charts",
                        children=[
                            _panel(
                                ids.TRADE,
                                ids.TRADE_SUMMARY,
                                graph_config(topojson_url, "china-trade"),
                                CHART_HEIGHT,
                            ),
                            _panel(
                                ids.INVESTMENT,
                                ids.INVESTMENT_SUMMARY,
                                graph_config(topojson_url, "china-investment"),
                                CHART_HEIGHT,
                            ),
                        ],
                    ),
                ],
            ),
            html.Footer(
                className="footer",
                children=[
                    html.P(
                        "Data: see data/sources.csv and data/README.md (each row names its "
                        "publisher, URL and access date). Basemap and borders: Natural Earth, "
                        "public domain; borders shown are not an endorsement of any claim."
                    ),
                ],
            ),
        ],
    )
