"""What each callback returns, as plain functions that unit tests call directly."""

from __future__ import annotations

import logging
from dataclasses import replace

import plotly.graph_objects as go
from dash import html

from ..data import DataBundle
from ..export.formats import LICENCE
from ..figures import make_investment_figure, make_map_figure, make_trade_figure
from ..figures.common import financier_text, no_data_figure, usd_label
from ..figures.investment import deal_rows, investment_rows, investment_summary
from ..figures.map import map_summary, toggle_country
from ..figures.trade import series_values, trade_summary
from ..figures.volumes import (
    DEFAULT_SERIES,
    make_volumes_figure,
    series_name,
    shown_series,
    unit_series,
    volumes_summary,
)
from ..filters import CHOICES, GROUPS, Filters
from ..i18n import N_, number, percent, translator
from ..i18n.labels import MEASURE_TITLES, PARAM_WORDS, WHOSE_FIGURES
from ..views import map_figure, panel_specs, table_rows, trade_view
from .downloads import download_href
from .layout import graph_config

log = logging.getLogger(__name__)


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
    if trigger in (None, "url"):
        f, rejected = Filters.from_query(search)
        notice = ""
        if rejected:
            _ = translator(f.lang)
            words = ", ".join(_(PARAM_WORDS[r]) if r in PARAM_WORDS else r for r in rejected)
            notice = _(
                "Some settings in the link could not be used ({settings}); showing defaults.",
                settings=words,
            )
        return control_values(f), f.to_query(), notice
    # the series picker writes its own part of the URL (pick_series): keep it
    f = replace(filters_from(values), series=Filters.from_query(search)[0].series)
    if trigger in GROUPS:
        f = replace(f, countries=GROUPS[trigger])
    elif trigger == "map":  # toggle_country only ever returns focus-country codes
        f = replace(f, countries=tuple(toggle_country(list(f.countries), click)))
    return control_values(f), f.to_query(), ""


def series_picker(bundle: DataBundle, search) -> tuple[list[dict], list[str]]:
    """The volume series picker for the view in the URL: (options: the unit's series, named
    in the page's language; value: the series drawn)."""
    f = Filters.from_query(search)[0]
    options = [
        {"label": series_name(k, f.lang), "value": k} for k in unit_series(bundle.volumes, f.unit)
    ]
    return options, shown_series(bundle.volumes, f)


def pick_series(bundle: DataBundle, search, value) -> str | None:
    """The URL query after the user picked series (None: no change, e.g. when the picker was
    only set to what the chart already draws). The unit's default set is written as no
    parameter at all; an empty pick falls back to it."""
    f = Filters.from_query(search)[0]
    if not isinstance(value, list) or value == shown_series(bundle.volumes, f):
        return None
    available = unit_series(bundle.volumes, f.unit)
    chosen = [k for k in available if k in value]
    series = () if chosen in ([], available[:DEFAULT_SERIES]) else tuple(chosen)
    new = replace(f, series=series).to_query()
    return None if new == f.to_query() else new


def _safe(title: str, build, lang: str = "en"):
    try:
        return build()
    except Exception:  # never a traceback in the browser: log it, show a message
        log.exception("figure %r failed", title)
        _ = translator(lang)
        message = _("This chart could not be drawn. The error was logged.")
        return no_data_figure(_(title), message, lang=lang), ""


def _fmt(fmt) -> str:
    return fmt if fmt in ("png", "svg") else "png"


def _memo(bundle: DataBundle, key: tuple, build):
    # Keyed by the builders too, so a replaced builder (a test's monkeypatch) never gets a
    # result another one built. A reloaded or uploaded bundle has its own, empty memo.
    return bundle.memo.get(key, build)


PANEL_OF = {"Map": "map", "Trade": "trade", "Investment": "investment", "Volumes": "volumes"}


def export_words(f: Filters, panel: str | None) -> dict:
    """What the camera button adds to an image (assets/export_image.js): the filter in words
    (as exported files say it), the words before the view's URL, and the data licence."""
    import html as html_text

    _ = translator(f.lang)
    spec = panel_specs().get(panel) if panel else None
    words = spec.words(f) if spec else f.describe()
    return {
        "words": html_text.escape(words, quote=False),
        "sources_word": _("This view and its full list of sources:"),
        "licence": _(LICENCE),
    }


def _chart(bundle, f: Filters, topojson_url, fmt, title, builders, figure_and_summary, name):
    """One chart panel: (figure, summary sentence, camera-button config), built once per view
    (the memo key names the builders, see _memo); a failure is logged and drawn as a message."""

    def build():
        fig, text = _safe(title, figure_and_summary, f.lang)
        fig.layout.meta = {"export": export_words(f, PANEL_OF.get(title))}
        return fig, text, graph_config(topojson_url, name, _fmt(fmt), f.lang)

    return _memo(bundle, (*builders, f, topojson_url, _fmt(fmt)), build)


def map_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    return _chart(
        bundle,
        f,
        topojson_url,
        fmt,
        N_("Map"),
        (make_map_figure, map_summary),
        lambda: (map_figure(bundle, f), map_summary(bundle.network, f)),
        f"middle-corridor-map_{f.preset}_{f.years[1]}",
    )


def trade_panel(
    bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"
) -> tuple[go.Figure, str, dict]:
    def figure_and_summary():
        rows, sources = trade_view(bundle, f)
        values = series_values(rows, sources, f)  # once, for both
        return (
            make_trade_figure(rows, sources, f, bundle.events, values=values),
            trade_summary(rows, sources, f, values=values),
        )

    name = f"china-trade_{f.flow}_{f.reporter}_{f.mode}_{f.slug()}"
    builders = (make_trade_figure, trade_summary)
    return _chart(bundle, f, topojson_url, fmt, N_("Trade"), builders, figure_and_summary, name)


def investment_panel(bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"):
    def figure_and_summary():
        rows = f.apply(bundle.investment)
        sources = bundle.sources_for([*rows["source_id"], *bundle.events["source_id"]])
        return (
            make_investment_figure(rows, sources, f, bundle.events),
            investment_summary(rows, f),
        )

    name = f"china-investment_{f.measure}_{f.slug()}"
    builders = (make_investment_figure, investment_summary)
    return _chart(
        bundle, f, topojson_url, fmt, N_("Investment"), builders, figure_and_summary, name
    )


def volumes_panel(bundle: DataBundle, f: Filters, topojson_url: str, fmt: str = "png"):
    def figure_and_summary():
        sources = bundle.sources_for([*bundle.volumes["source_id"], *bundle.events["source_id"]])
        return (
            make_volumes_figure(bundle.volumes, sources, f, bundle.events),
            volumes_summary(bundle.volumes, f),
        )

    name = f"corridor-volumes_{f.unit}_{f.years[0]}-{f.years[1]}"
    builders = (make_volumes_figure, volumes_summary)
    return _chart(bundle, f, topojson_url, fmt, N_("Volumes"), builders, figure_and_summary, name)


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
    _ = translator(f.lang)
    link = _("link")
    shown["source_url"] = [f"[{link}]({u})" if u else "" for u in rows["source_url"]]
    caption = _(
        "{n} rows from {file} behind the current view ({view}), each with its source. "
        "Sort by clicking a column header. Column names are the CSV's own.",
        n=number(len(rows), f.lang),
        file=f"{f.dataset}.csv",
        view=f.describe(),
    )
    return shown.to_dict("records"), columns, caption


def table_download(f: Filters, prefix: str = "/"):
    """A link to the CSV of exactly the rows in the data tab (same filters, same function)."""
    _ = translator(f.lang)
    if f.dataset not in panel_specs():
        return _("These rows are in {path}; filter them above.", path=f"data/{f.dataset}.csv")
    spec = panel_specs()[f.dataset]
    return html.A(
        _("Download these rows as CSV ({file})", file=spec.filename(f, "csv")),
        href=download_href(f"{f.dataset}.csv", f, prefix),
        download=spec.filename(f, "csv"),
    )


# ---------------------------------------------------------------- headlines
def headlines(bundle: DataBundle, f: Filters) -> list[dict]:
    """Headline figures for the selection: each a dict(label, value, detail), detail naming
    the year and source. Nothing is shown that the data does not give."""
    out = []
    _, lang = translator(f.lang), f.lang
    lookup = bundle.sources_by_id
    reporter = "china" if f.reporter == "both" else f.reporter
    whose = _(WHOSE_FIGURES[reporter])
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
            detail = _("{year}, {whose}", year=year, whose=whose)
            if year - 1 in complete:
                prev = main[main["year"] == year - 1]["usd"].sum()
                change = percent((total / prev - 1) * 100, lang, signed=True)
                detail = _(
                    "{year}, {whose}; {change} on {previous}",
                    year=year,
                    whose=whose,
                    change=change,
                    previous=year - 1,
                )
            ids = main[main["year"] == year]["source_id"]
            pubs = "; ".join(dict.fromkeys(lookup.get(s, {}).get("publisher", s) for s in ids))
            who = (
                ", ".join(f.countries)
                if len(f.countries) <= 3
                else _("{n} countries", n=len(f.countries))
            )
            out.append(
                {
                    "label": _("Trade turnover with China: {countries}", countries=who),
                    "value": usd_label(total, lang),
                    "detail": _("{detail}. Source: {publishers}", detail=detail, publishers=pubs),
                }
            )
        else:  # no year with every country: each country's latest figure, no total
            last = main.sort_values("year").groupby("country").tail(1).sort_values("usd")
            top = last.iloc[-1]
            rest = "; ".join(
                f"{r.country} {usd_label(r.usd, lang)} ({r.year})"
                for r in last.iloc[:-1].itertuples()
            )
            out.append(
                {
                    "label": _("Trade turnover with China: {countries}", countries=top.country),
                    "value": usd_label(top.usd, lang),
                    "detail": _(
                        "{year}, {whose}. No year has a figure for every selected country, "
                        "so no total. {others}",
                        year=top.year,
                        whose=whose,
                        others=rest,
                    ),
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
                "label": _("Trans-Caspian route cargo"),
                "value": _("{value} m tonnes", value=number(row.value / 1e6, lang, 2)),
                "detail": _(
                    "{year}, full year. Source: {publisher}", year=year, publisher=publisher
                ),
            }
        )
    inv = investment_rows(bundle.investment, f)
    if not inv.empty:
        year = inv["year"].max()
        top = inv[inv["year"] == year].sort_values("value_usd").iloc[-1]
        out.append(
            {
                "label": _("Latest: {measure}", measure=_(MEASURE_TITLES[f.measure])),
                "value": usd_label(top.value_usd, lang),
                "detail": _(
                    "{country}, {year}. Source: {publisher}",
                    country=top.country,
                    year=year,
                    publisher=lookup.get(top.source_id, {}).get("publisher", ""),
                ),
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
    _, lang = translator(f.lang), f.lang
    if rows.empty:
        return html.P(_("No loans, deals or contracts for this selection."), className="summary")
    body = []
    for r in rows.head(limit).itertuples():
        src = lookup.get(r.source_id, {})
        body.append(
            html.Tr(
                [
                    html.Td(str(r.year)),
                    html.Td(r.country),
                    html.Td(usd_label(r.value_usd, lang), className="num"),
                    html.Td(
                        _(MEASURE_TITLES[r.measure]) if r.measure in MEASURE_TITLES else r.measure
                    ),
                    html.Td(financier_text(r.investor, r.financier_kind, _)),
                    html.Td(r.project if isinstance(r.project, str) else ""),
                    html.Td(html.A(src.get("publisher", r.source_id), href=src.get("url") or None)),
                ]
            )
        )
    caption = _("Loans, announced deals and contracts behind the numbers.")
    if len(rows) > limit:
        more = _("Showing {shown} of {n}; all are in the data tab.", shown=limit, n=len(rows))
        caption = f"{caption} {more}"
    return html.Table(
        className="deals",
        children=[
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [
                        html.Th(_(h), scope="col")
                        for h in (
                            N_("Year"),
                            N_("Country"),
                            N_("Value"),
                            N_("Measure"),
                            N_("Financier"),
                            N_("Project"),
                            N_("Source"),
                        )
                    ]
                )
            ),
            html.Tbody(body),
        ],
    )
