"""Chinese investment in the selected countries, one measure at a time (never summed across)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..filters import Filters
from ..i18n import country_name, translator
from ..i18n.labels import MEASURE_NOTES, MEASURE_TITLES
from .common import (
    MONEY_TITLES,
    add_event_strip,
    add_log_ticks,
    base_layout,
    blank,
    country_style,
    event_traces,
    figure,
    financier_text,
    latest_published,
    magnitude,
    no_data_figure,
    scaled,
    source_lookup,
    sources_line,
    usd_label,
    wrap,
    year_axis,
)

LINE_MEASURES = ("fdi_flow", "fdi_stock")
DEAL_MEASURES = ("loan", "commitment", "contract")


def investment_rows(investment: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    df = filters.apply(investment)
    df = df[(df["measure"] == filters.measure) & (df["direction"] == "china_to_partner")]
    if filters.measure in LINE_MEASURES:
        df = df[df["period"].fillna("FY") == "FY"]
    return df.sort_values(["country", "year", "source_id"])


def deal_rows(investment: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The notable deals behind the numbers, for the selected countries and years: with a deal
    measure chosen (loans, announced deals, contracts) only that measure's, as the chart above
    shows; with an FDI or 'to date' measure (no deals of their own) every deal measure, each
    labelled."""
    df = filters.apply(investment)
    measures = (filters.measure,) if filters.measure in DEAL_MEASURES else DEAL_MEASURES
    df = df[df["measure"].isin(measures) & (df["direction"] == "china_to_partner")]
    return df.sort_values(["year", "country", "value_usd"], ascending=[False, True, False])


POINT_KEY = ("country", "year", "value_usd", "project", "investor", "financier_kind")


def _points(rows: pd.DataFrame, lookup: dict) -> list[dict]:
    """Rows reporting the same figure (country, year, value, project) become one point that
    lists every source; different figures stay separate points. Sorted by the key; quote and
    qualifier are the first non-blank of the point's rows."""
    points: dict[tuple, dict] = {}
    for r in rows.to_dict("records"):  # a plain loop: a view has tens of rows
        texts = ("project", "investor", "financier_kind")
        r.update({c: "" if blank(r[c]) else r[c] for c in texts})
        p = points.setdefault(tuple(r[c] for c in POINT_KEY), {c: r[c] for c in POINT_KEY})
        publisher = lookup.get(r["source_id"], {}).get("publisher", r["source_id"])
        p.setdefault("publishers", {})[publisher] = None
        for c in ("quote", "qualifier"):
            if blank(p.get(c)) and not blank(r[c]):
                p[c] = r[c]
    for p in points.values():
        p["sources"] = "; ".join(p.pop("publishers"))
        p.update({c: p.get(c, "") for c in ("quote", "qualifier")})
    return [points[k] for k in sorted(points)]


def _line_points(rows: pd.DataFrame, sources: pd.DataFrame, pts: list[dict]) -> set[int]:
    """ids of the points a line follows: per country and year, the point holding the most
    recently published row (every other published value stays as its own marker)."""
    chosen = rows[latest_published(rows, sources, ["country", "year"]).astype(bool)]
    keys = {
        tuple(
            r[c] if c in ("country", "year", "value_usd") or not blank(r[c]) else ""
            for c in POINT_KEY
        )
        for r in chosen.to_dict("records")
    }
    return {id(p) for p in pts if tuple(p[c] for c in POINT_KEY) in keys}


def _invest_trace(part, years, name, iso3, style, scale, lang, mode) -> dict:
    """part: points (None for a year without a source when years is the line's grid)."""
    _ = translator(lang)
    xs = years if years is not None else [p["year"] for p in part]
    return {
        "type": "scatter",
        "x": xs,
        "y": scaled([None if p is None else p["value_usd"] for p in part], scale),
        "name": name,
        "legendgroup": iso3,
        "mode": mode,
        "connectgaps": False,
        "line": {"color": style["color"], "dash": style["dash"]},
        "marker": {
            "symbol": style["symbol"],
            "size": 10,
            "color": style["color"],
            "line": {"width": 1, "color": "white"},
        },
        "customdata": [
            ["", "", "", ""]
            if p is None
            else [
                " · ".join(
                    bit
                    for bit in (
                        p["project"],
                        financier_text(p["investor"], p["financier_kind"], _),
                    )
                    if bit
                ),
                p["sources"],
                p["qualifier"],
                usd_label(p["value_usd"], lang),
            ]
            for p in part
        ],
        "meta": iso3,
        "hovertemplate": (
            f"<b>{name}</b> %{{x}}: %{{customdata[3]}} (%{{customdata[2]}})<br>"
            f"%{{customdata[0]}}<br>{_('Source:')} %{{customdata[1]}}<extra></extra>"
        ),
    }


def make_investment_figure(
    investment: pd.DataFrame,
    sources: pd.DataFrame,
    filters: Filters,
    events: pd.DataFrame | None = None,
) -> go.Figure:
    _, lang = translator(filters.lang), filters.lang
    title = _(
        "{what}, {start}–{end}",
        what=_(MEASURE_TITLES[filters.measure]),
        start=filters.years[0],
        end=filters.years[1],
    )
    subtitle = _(
        "{note} Measures are never added together.", note=_(MEASURE_NOTES[filters.measure])
    )
    if not filters.countries:
        message = _("No countries selected: pick one or more above.")
        return no_data_figure(title, message, subtitle, lang=lang)
    rows = investment_rows(investment, filters)
    if rows.empty:
        message = _("No data for this measure, countries and years.<br>Try another measure.")
        return no_data_figure(title, message, subtitle, lang=lang)
    lookup = source_lookup(sources)
    pts = _points(rows, lookup)
    scale = magnitude(p["value_usd"] for p in pts)  # the axis title names it (see MONEY_TITLES)
    years = list(range(filters.years[0], filters.years[1] + 1))
    on_line = _line_points(rows, sources, pts) if filters.measure in LINE_MEASURES else set()
    traces = []
    for iso3 in filters.countries:
        part = [p for p in pts if p["country"] == iso3]
        if not part:
            continue
        style = country_style(iso3)
        name = country_name(iso3, lang)
        if on_line:
            # the line: one value a year on the whole year grid, a gap (None) where a year has
            # no source, so it never joins across a missing year (README: a gap, never a guess)
            by_year = {p["year"]: p for p in part if id(p) in on_line}
            line = [by_year.get(y) for y in years]
            traces.append(
                _invest_trace(line, years, name, iso3, style, scale, lang, "lines+markers")
            )
            other = [p for p in part if id(p) not in on_line]
            if other:
                t = _invest_trace(other, None, name, iso3, style, scale, lang, "markers")
                t["marker"].update(symbol="circle-open", color=style["color"])
                t.update(showlegend=False, legendgroup=iso3, meta=f"other:{iso3}")
                traces.append(t)
        else:
            traces.append(_invest_trace(part, None, name, iso3, style, scale, lang, "markers"))
    ev = event_traces(events, lookup, filters) if events is not None else []
    traces.extend(ev)
    sources_text = sources_line(rows["source_id"], lookup, lang=lang)
    layout = base_layout(title, subtitle, wrap(sources_text, 115), lang=lang)
    layout["xaxis"] = year_axis(filters)
    layout["yaxis"] = {
        "title": {"text": _(MONEY_TITLES[scale])},
        "exponentformat": "none",
        "gridcolor": "#e6e6e6",
        **({"type": "log"} if filters.scale == "log" else {"rangemode": "tozero"}),
    }
    add_log_ticks(layout, traces, lang)
    if ev:
        add_event_strip(layout, lang=lang, events=events, filters=filters)
    return figure(traces, layout)


def investment_summary(investment: pd.DataFrame, filters: Filters) -> str:
    rows = investment_rows(investment, filters)
    _ = translator(filters.lang)
    what = _(MEASURE_TITLES[filters.measure])
    if rows.empty:
        return _("No figures for this selection: {what}.", what=what)
    top = rows.sort_values("value_usd").iloc[-1]
    return _(
        "{what}: {n} sourced figures; the largest is {value} ({country}, {year}).",
        what=what,
        n=len(rows),
        value=usd_label(top.value_usd, filters.lang),
        country=top.country,
        year=top.year,
    )
