"""What each callback returns, as plain functions that unit tests call directly."""

from __future__ import annotations

import logging

import plotly.graph_objects as go

from .data import DataBundle
from .figures import make_investment_figure, make_map_figure, make_trade_figure
from .figures.common import no_data_figure
from .figures.investment import investment_summary
from .figures.map import map_summary
from .figures.trade import trade_summary
from .filters import Filters
from .layout import graph_config
from .schema import REPORTERS

log = logging.getLogger(__name__)

PARAM_WORDS = {
    "years": "year range",
    "countries": "countries",
    "reporter": "reporter",
    "flow": "trade flow",
    "measure": "investment measure",
    "preset": "map view",
    "query": "link",
}


def filters_from(values) -> Filters:
    years, countries, reporter, measure, preset = (list(values) + [None] * 5)[:5]
    return Filters.from_controls(
        years=years, countries=countries, reporter=reporter, measure=measure, preset=preset
    )


def control_values(f: Filters) -> list:
    return [list(f.years), list(f.countries), f.reporter, f.measure, f.preset]


def sync_state(search, values, from_url: bool) -> tuple[list, str, str]:
    """(control values, canonical URL query, notice text) for the URL/controls sync."""
    if from_url:
        f, rejected = Filters.from_query(search)
        notice = ""
        if rejected:
            words = ", ".join(PARAM_WORDS.get(r, r) for r in rejected)
            notice = f"Some settings in the link could not be used ({words}); showing defaults."
        return control_values(f), f.to_query(), notice
    f = filters_from(values)
    return control_values(f), f.to_query(), ""


def _safe(title: str, build):
    try:
        return build()
    except Exception:  # never a traceback in the browser: log it, show a message
        log.exception("figure %r failed", title)
        return no_data_figure(title, "This chart could not be drawn. The error was logged."), ""


def _fmt(fmt) -> str:
    return fmt if fmt in ("png", "svg") else "png"


def _memo(bundle: DataBundle, key: tuple, build):
    # Keyed by the builders too, so a replaced builder (a test's monkeypatch) never gets a
    # result another one built.
    return bundle.memo.get(key, build)


def map_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    def build():
        fig, text = _safe(
            "Map",
            lambda: (
                make_map_figure(bundle.network, bundle.sources_by_id, f),
                map_summary(bundle.network, f),
            ),
        )
        name = f"middle-corridor-map_{f.preset}_{f.years[1]}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    return _memo(bundle, (make_map_figure, map_summary, f, topojson_url, _fmt(fmt)), build)


def trade_view(bundle: DataBundle, f: Filters):
    """The trade rows and sources the chart shows, from the bundle's index (never a full scan):
    the figure functions filter what they are given, so handing them exactly the rows they
    would pick draws the same chart (tests/test_data_index.py)."""
    reporters = REPORTERS if f.reporter == "both" else (f.reporter,)
    rows = bundle.trade_select(f.countries, f.years, reporters, (f.flow,), ("FY",))
    return rows, bundle.sources_for(rows["source_id"])


def trade_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    def build():
        rows, sources = trade_view(bundle, f)
        fig, text = _safe(
            "Trade", lambda: (make_trade_figure(rows, sources, f), trade_summary(rows, f))
        )
        name = f"china-trade_{f.flow}_{f.reporter}_{f.slug()}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    return _memo(bundle, (make_trade_figure, trade_summary, f, topojson_url, _fmt(fmt)), build)


def investment_panel(bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"):
    def build():
        rows = f.apply(bundle.investment)
        sources = bundle.sources_for(rows["source_id"])
        fig, text = _safe(
            "Investment",
            lambda: (
                make_investment_figure(rows, sources, f),
                investment_summary(rows, f),
            ),
        )
        name = f"china-investment_{f.measure}_{f.slug()}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    key = (make_investment_figure, investment_summary, f, topojson_url, _fmt(fmt))
    return _memo(bundle, key, build)
