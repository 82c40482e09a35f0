"""What each callback returns, as plain functions that unit tests call directly."""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
from dash import html

from .data import DataBundle
from .figures import make_investment_figure, make_map_figure, make_trade_figure
from .figures.common import event_rows, no_data_figure, usd_label
from .figures.investment import MEASURE_TITLES, deal_rows, investment_rows, investment_summary
from .figures.map import indicator_reporter, map_summary, toggle_country
from .figures.trade import REPORTER_SHORT, series_values, trade_rows, trade_summary
from .figures.volumes import make_volumes_figure, volume_rows, volumes_summary
from .filters import CHOICES, FOCUS_COUNTRIES, Filters
from .layout import graph_config
from .schema import REPORTERS

log = logging.getLogger(__name__)

PARAM_WORDS = {
    "years": "year range",
    "countries": "countries",
    "reporter": "reporter",
    "flow": "trade flow",
    "mode": "values",
    "scale": "scale",
    "measure": "investment measure",
    "unit": "volume unit",
    "events": "events",
    "categories": "event categories",
    "indicator": "map colour",
    "preset": "map view",
    "tab": "tab",
    "dataset": "table",
    "query": "link",
}

# The controls in callback order: years, countries, categories, events, then the choices.
CHOICE_CONTROLS = tuple(name for name in CHOICES if name != "events")
CONTROL_NAMES = ("years", "countries", "categories", "events", *CHOICE_CONTROLS)


def filters_from(values) -> Filters:
    """Control values (in CONTROL_NAMES order) -> Filters; anything invalid -> default."""
    v = dict(zip(CONTROL_NAMES, list(values) + [None] * len(CONTROL_NAMES), strict=False))
    events = v.pop("events")
    if isinstance(events, list):  # the checklist: ["on"] or []
        v["events"] = "on" if "on" in events else "off"
    return Filters.from_controls(**v)


def control_values(f: Filters) -> list:
    values = {
        "years": list(f.years),
        "countries": list(f.countries),
        "categories": list(f.categories),
        "events": ["on"] if f.events == "on" else [],
    }
    return [values[n] if n in values else getattr(f, n) for n in CONTROL_NAMES]


def sync_state(search, values, trigger: str | None, click=None) -> tuple[list, str, str]:
    """(control values, canonical URL query, notice text) for the URL/controls sync.

    trigger: None or "url" (page load, back/forward), a group key (one-click group),
    "map" (a click on the map, with its clickData) or "controls" (a control changed).
    """
    from .filters import GROUPS

    if trigger in (None, "url"):
        f, rejected = Filters.from_query(search)
        notice = ""
        if rejected:
            words = ", ".join(PARAM_WORDS.get(r, r) for r in rejected)
            notice = f"Some settings in the link could not be used ({words}); showing defaults."
        return control_values(f), f.to_query(), notice
    f = filters_from(values)
    if trigger in GROUPS:
        f = replace(f, countries=GROUPS[trigger])
    elif trigger == "map":  # toggle_country only ever returns focus-country codes
        f = replace(f, countries=tuple(toggle_country(list(f.countries), click)))
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
    # result another one built. A reloaded or uploaded bundle has its own, empty memo.
    return bundle.memo.get(key, build)


def map_figure(bundle: DataBundle, f: Filters) -> go.Figure:
    """The map with everything it can show: countries coloured by the indicator, node
    throughput from volumes, country names from countries.csv."""
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    # only the rows the colouring can use (from the index: never a scan of a large table)
    year = f.years[1]
    trade = bundle.trade_select(
        FOCUS_COUNTRIES, (year - 1, year), (indicator_reporter(f),), ("turnover",)
    )
    return make_map_figure(bundle.network, bundle.sources_by_id, f, trade, bundle.volumes, names)


def map_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    def build():
        fig, text = _safe("Map", lambda: (map_figure(bundle, f), map_summary(bundle.network, f)))
        name = f"middle-corridor-map_{f.preset}_{f.years[1]}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    return _memo(bundle, (make_map_figure, map_summary, f, topojson_url, _fmt(fmt)), build)


def trade_view(bundle: DataBundle, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trade rows and sources the chart needs, from the bundle's index (never a full scan):
    the figure functions filter what they are given, so handing them exactly the rows they
    would pick draws the same chart (tests/test_data_index.py). The sources include the
    events' so the event markers can name theirs."""
    reporters = REPORTERS if f.reporter == "both" else (f.reporter,)
    flows = ("partner_exports", "partner_imports") if f.flow == "balance" else (f.flow,)
    rows = bundle.trade_select(f.countries, f.years, reporters, flows, ("FY",))
    ids = [*rows["source_id"], *bundle.events["source_id"]]
    return rows, bundle.sources_for(ids)


def trade_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    def build():
        rows, sources = trade_view(bundle, f)
        fig, text = _safe(
            "Trade",
            lambda: (
                make_trade_figure(rows, sources, f, bundle.events),
                trade_summary(rows, sources, f),
            ),
        )
        name = f"china-trade_{f.flow}_{f.reporter}_{f.mode}_{f.slug()}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    return _memo(bundle, (make_trade_figure, trade_summary, f, topojson_url, _fmt(fmt)), build)


def investment_panel(bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"):
    def build():
        rows = f.apply(bundle.investment)
        sources = bundle.sources_for([*rows["source_id"], *bundle.events["source_id"]])
        fig, text = _safe(
            "Investment",
            lambda: (
                make_investment_figure(rows, sources, f, bundle.events),
                investment_summary(rows, f),
            ),
        )
        name = f"china-investment_{f.measure}_{f.slug()}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    key = (make_investment_figure, investment_summary, f, topojson_url, _fmt(fmt))
    return _memo(bundle, key, build)


def volumes_panel(bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"):
    def build():
        fig, text = _safe(
            "Volumes",
            lambda: (
                make_volumes_figure(bundle.volumes, bundle.sources, f, bundle.events),
                volumes_summary(bundle.volumes, f),
            ),
        )
        name = f"corridor-volumes_{f.unit}_{f.years[0]}-{f.years[1]}"
        return fig, text, graph_config(topojson_url, name, _fmt(fmt))

    key = (make_volumes_figure, volumes_summary, f, topojson_url, _fmt(fmt))
    return _memo(bundle, key, build)


# ---------------------------------------------------------------- rows behind the views
SOURCE_COLUMNS = ("publisher", "title", "url", "accessed")


def table_rows(bundle: DataBundle, f: Filters, dataset: str | None = None) -> pd.DataFrame:
    """Exactly the published rows behind the current view of one dataset, each with its
    source's publisher, title, URL and access date. The data tab and the CSV download both
    use this, so they always agree."""
    dataset = dataset or f.dataset
    if dataset == "trade":
        rows = trade_rows(trade_view(bundle, f)[0], f)
    elif dataset == "investment":
        rows = investment_rows(bundle.investment, f)
    elif dataset == "volumes":
        rows = volume_rows(bundle.volumes, f)
    elif dataset == "events":
        rows = event_rows(bundle.events, replace(f, events="on"))
    else:
        raise ValueError(f"unknown dataset {dataset!r}")
    rows = rows.drop(columns=["_row"], errors="ignore").reset_index(drop=True)
    if "countries" in rows.columns:  # list fields are written as in the CSV: AZE;GEO
        rows["countries"] = [";".join(c) for c in rows["countries"]]
    lookup = bundle.sources_by_id
    for col in SOURCE_COLUMNS:
        rows[f"source_{col}"] = [lookup.get(s, {}).get(col, "") for s in rows["source_id"]]
    return rows


def table_data(bundle: DataBundle, f: Filters) -> tuple[list[dict], list[dict], str]:
    """(records, DataTable columns, caption) for the data tab."""
    rows = table_rows(bundle, f)
    columns = [
        {"name": c, "id": c, "presentation": "markdown"}
        if c == "source_url"
        else {"name": c, "id": c, "type": "numeric" if rows[c].dtype.kind in "if" else "text"}
        for c in rows.columns
    ]
    shown = rows.astype(object).where(rows.notna(), None)
    shown["source_url"] = [f"[link]({u})" if u else "" for u in rows["source_url"]]
    caption = (
        f"{len(rows)} rows from {f.dataset}.csv behind the current view ({f.describe()}), "
        "each with its source. Sort by clicking a column header."
    )
    return shown.to_dict("records"), columns, caption


def table_download(f: Filters, prefix: str = "/"):
    """A link to the CSV of exactly the rows in the data tab (same filters, same function)."""
    from .downloads import download_href
    from .export import panel_specs

    if f.dataset not in panel_specs():
        return f"The {f.dataset} rows are in data/{f.dataset}.csv; filter them above."
    spec = panel_specs()[f.dataset]
    return html.A(
        f"Download these rows as CSV ({spec.filename(f, 'csv')})",
        href=download_href(f"{f.dataset}.csv", f, prefix),
        download=spec.filename(f, "csv"),
    )


# ---------------------------------------------------------------- headlines
def headlines(bundle: DataBundle, f: Filters) -> list[dict]:
    """Headline figures for the selection: each a dict(label, value, detail), detail naming
    the year and source. Nothing is shown that the data does not give."""
    out = []
    lookup = bundle.sources_by_id
    reporter = "china" if f.reporter == "both" else f.reporter
    tf = replace(f, flow="turnover", reporter=reporter)
    rows = bundle.trade_select(f.countries, f.years, (reporter,), ("turnover",))
    values = series_values(rows, bundle.sources_for(rows["source_id"]), tf)
    main = values[~values["other"].astype(bool)] if not values.empty else values
    if f.countries and not main.empty:
        per_year = main.groupby("year")
        complete = [y for y, g in per_year if set(g["country"]) >= set(f.countries)]
        if complete:
            year = max(complete)
            total = main[main["year"] == year]["usd"].sum()
            detail = f"{year}, {REPORTER_SHORT[reporter]}'s figures"
            if year - 1 in complete:
                prev = main[main["year"] == year - 1]["usd"].sum()
                detail += f"; {(total / prev - 1) * 100:+.1f}% on {year - 1}"
            ids = main[main["year"] == year]["source_id"]
            pubs = "; ".join(dict.fromkeys(lookup.get(s, {}).get("publisher", s) for s in ids))
            label = "Trade turnover with China: " + (
                ", ".join(f.countries) if len(f.countries) <= 3 else f"{len(f.countries)} countries"
            )
            out.append(
                {"label": label, "value": usd_label(total), "detail": f"{detail}. Source: {pubs}"}
            )
        else:  # no year with every country: each country's latest figure, no total
            last = main.sort_values("year").groupby("country").tail(1).sort_values("usd")
            top = last.iloc[-1]
            rest = "; ".join(
                f"{r.country} {usd_label(r.usd)} ({r.year})" for r in last.iloc[:-1].itertuples()
            )
            out.append(
                {
                    "label": f"Trade turnover with China: {top.country}",
                    "value": usd_label(top.usd),
                    "detail": f"{top.year}, {REPORTER_SHORT[reporter]}'s figures. No year has a "
                    f"figure for every selected country, so no total. {rest}",
                }
            )
    vol = bundle.volumes
    cargo = vol[
        (vol["series"] == "titr_cargo")
        & (vol["location"] == "Trans-Caspian route")
        & (vol["kind"] == "actual")
        & (vol["period"] == "FY")
        & f.year_mask(vol["year"])
    ]
    if not cargo.empty:
        year = cargo["year"].max()
        latest = cargo[cargo["year"] == year]
        latest = latest.assign(
            _pub=latest["source_id"].map(lambda s: lookup.get(s, {}).get("published", ""))
        ).sort_values("_pub", ascending=False)
        row = latest.iloc[0]
        publisher = lookup.get(row.source_id, {}).get("publisher", "")
        out.append(
            {
                "label": "Trans-Caspian route cargo",
                "value": f"{row.value / 1e6:,.2f} m tonnes",
                "detail": f"{year}, full year. Source: {publisher}",
            }
        )
    inv = investment_rows(bundle.investment, f)
    if not inv.empty:
        year = inv["year"].max()
        top = inv[inv["year"] == year].sort_values("value_usd").iloc[-1]
        out.append(
            {
                "label": f"Latest: {MEASURE_TITLES[f.measure]}",
                "value": usd_label(top.value_usd),
                "detail": f"{top.country}, {year}. Source: "
                f"{lookup.get(top.source_id, {}).get('publisher', '')}",
            }
        )
    return out


def headline_cards(items: list[dict]) -> list[html.Div]:
    return [
        html.Div(
            className="headline",
            children=[
                html.Div(item["label"], className="headline-label"),
                html.Div(item["value"], className="headline-value"),
                html.Div(item["detail"], className="headline-detail"),
            ],
        )
        for item in items
    ]


def deals_table(bundle: DataBundle, f: Filters, limit: int = 12) -> html.Div:
    """The notable deals behind the investment numbers, newest first."""
    rows = deal_rows(bundle.investment, f)
    lookup = bundle.sources_by_id
    if rows.empty:
        return html.P("No loans, deals or contracts for this selection.", className="summary")
    body = []
    for r in rows.head(limit).itertuples():
        src = lookup.get(r.source_id, {})
        body.append(
            html.Tr(
                [
                    html.Td(str(r.year)),
                    html.Td(r.country),
                    html.Td(usd_label(r.value_usd), className="num"),
                    html.Td(r.measure),
                    html.Td(r.investor if isinstance(r.investor, str) else ""),
                    html.Td(r.project if isinstance(r.project, str) else ""),
                    html.Td(html.A(src.get("publisher", r.source_id), href=src.get("url") or None)),
                ]
            )
        )
    more = f" Showing {limit} of {len(rows)}; all are in the data tab." if len(rows) > limit else ""
    return html.Table(
        className="deals",
        children=[
            html.Caption(f"Loans, announced deals and contracts behind the numbers.{more}"),
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col")
                        for h in (
                            "Year",
                            "Country",
                            "Value",
                            "Measure",
                            "Financier",
                            "Project",
                            "Source",
                        )
                    ]
                )
            ),
            html.Tbody(body),
        ],
    )
