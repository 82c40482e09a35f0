"""Corridor volumes over time, one unit at a time (tonnes are not TEU, containers are not TEU).

- Full-year actuals are lines, one per series and location, gaps where no source exists.
- Part-year figures (e.g. Jan–Jul) are open markers, never on the annual line.
- Forecasts, targets and capacities are separate markers: a promise is not a volume.
- With TEU or containers chosen, the 2015–18 forecasts of 300,000–400,000 containers via the
  Azerbaijani route by 2020 are drawn as a range against what was carried, and the chart says
  that the forecast counts containers while most carried figures count TEU.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from ..filters import Filters
from ..i18n import N_, month_abbr, number, translator
from ..i18n.labels import KIND_WORDS, UNIT_NAMES, UNIT_WORDS
from .common import (
    COUNT_TITLES,
    DASHES,
    PALETTE,
    SYMBOLS,
    add_event_strip,
    add_log_ticks,
    base_layout,
    blank,
    event_traces,
    figure,
    latest_published,
    magnitude,
    no_data_figure,
    scaled,
    source_lookup,
    sources_line,
    wrap,
    year_axis,
)

SERIES_TITLES = {
    "titr_cargo": N_("Trans-Caspian route cargo"),
    "titr_containers": N_("Trans-Caspian route containers"),
    "baku_port": N_("Port of Baku (Alat)"),
    "aktau_port": N_("Port of Aktau"),
    "kuryk_port": N_("Port of Kuryk"),
    "aktau_kuryk_ports": N_("Aktau and Kuryk"),
    "btk_railway": N_("Baku–Tbilisi–Kars railway"),
    "china_europe_trains": N_("China–Europe trains (all routes)"),
    "titr_china_block_trains": N_("China block trains via the route"),
    "poti_port": N_("Port of Poti"),
    "batumi_port": N_("Port of Batumi"),
    "forecast_azerbaijan_route": N_("2015–18 forecast, Azerbaijani route"),
    "ady_rail_containers": N_("Azerbaijan Railways containers"),
    "ady_rail_transit": N_("Azerbaijan Railways transit freight"),
    "adyport_transit": N_("Port of Baku transit cargo"),
    "china_europe_trains_via_kaz": N_("China–Europe trains via Kazakhstan"),
    "kaz_rail_container_transit": N_("Kazakhstan rail container transit"),
    "kmtf_caspian_containers": N_("Kazmortransflot Caspian containers"),
}
KIND_SYMBOLS = {"forecast": "star-open", "target": "hourglass-open", "capacity": "line-ew-open"}
FORECAST_SERIES = "forecast_azerbaijan_route"


def period_words(period: str, lang: str = "en") -> str:
    """'FY' -> 'full year'; 'M01-M07' -> 'Jan–Jul' (CLDR month abbreviations: 'янв.–июл.')."""
    if period == "FY":
        _ = translator(lang)
        return _("full year")
    a, b = period.split("-")
    return f"{month_abbr(int(a[1:]), lang)}–{month_abbr(int(b[1:]), lang)}"


VOLUMES_HEIGHT = 470
DEFAULT_SERIES = 6  # series drawn when the view names none: more and no line can be told apart


def unit_series(volumes: pd.DataFrame, unit: str) -> list[str]:
    """The series with figures in unit (all years), the picker's order: most full-year actuals
    first, then SERIES_TITLES order. The forecast range is not a series (drawn with TEU and
    containers whatever is picked)."""
    df = volumes[(volumes["unit"] == unit) & (volumes["series"] != FORECAST_SERIES)]
    full = df[(df["kind"] == "actual") & (df["period"] == "FY")]
    counts = Counter(full["series"])
    order = {k: i for i, k in enumerate(SERIES_TITLES)}
    return sorted(set(df["series"]), key=lambda k: (-counts[k], order.get(k, 99), k))


def shown_series(volumes: pd.DataFrame, filters: Filters) -> list[str]:
    """The series the chart draws: the view's choice among the unit's series, else (none
    chosen, or none of this unit) the first DEFAULT_SERIES of unit_series."""
    available = unit_series(volumes, filters.unit)
    chosen = [k for k in available if k in filters.series]
    return chosen or available[:DEFAULT_SERIES]


def series_name(series: str, lang: str = "en") -> str:
    _ = translator(lang)
    return _(SERIES_TITLES[series]) if series in SERIES_TITLES else series


def volume_rows(volumes: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows behind the chart: the chosen unit and series (shown_series), inside the years;
    with TEU or containers, also the container forecasts for the Azerbaijani route."""
    df = volumes[filters.year_mask(volumes["year"])]
    mask = (df["unit"] == filters.unit) & df["series"].isin(shown_series(volumes, filters))
    if filters.unit in ("teu", "containers"):
        mask |= (df["series"] == FORECAST_SERIES) & (df["unit"] == "containers")
    return df[mask].sort_values(["series", "location", "year", "period", "source_id"])


# One colour + symbol per series, the same in every unit, unique on the page: colours are
# Okabe-Ito without its yellow (too faint for a line on white); the symbol is offset from the
# colour's own index, so no pair is one a country's (common.country_style: colour i, symbol
# i) and no two series share one. The dash changes with each round of colours.
SERIES_COLORS = tuple(i for i, c in enumerate(PALETTE) if c != "#F0E442")


def series_style(series: str) -> dict:
    order = list(SERIES_TITLES)
    j = order.index(series) if series in order else len(order) + sum(map(ord, series)) % 20
    c, k = SERIES_COLORS[j % len(SERIES_COLORS)], j // len(SERIES_COLORS)
    return {
        "color": PALETTE[c],
        "symbol": SYMBOLS[(c + 1 + k) % len(SYMBOLS)],
        "dash": DASHES[k % len(DASHES)],
    }


def make_volumes_figure(
    volumes: pd.DataFrame,
    sources: pd.DataFrame,
    filters: Filters,
    events: pd.DataFrame | None = None,
) -> go.Figure:
    _, lang = translator(filters.lang), filters.lang
    unit = _(UNIT_NAMES[filters.unit])
    title = _(
        "Corridor volumes in {unit}, {start}–{end}",
        unit=unit,
        start=filters.years[0],
        end=filters.years[1],
    )
    rows = volume_rows(volumes, filters)
    notes = [
        _("Unit: {unit}. Lines: full-year actuals.", unit=_(UNIT_WORDS[filters.unit])),
        _("Open markers: part-year figures (period in the hover), never joined to the line."),
        _("Stars: forecasts and targets; dashes: stated capacity."),
    ]
    forecast = rows[(rows["series"] == FORECAST_SERIES) & (rows["kind"] == "forecast")]
    if not forecast.empty and filters.unit == "teu":
        notes.append(_("The 2020 forecast counts CONTAINERS, carried volumes count TEU."))
    subtitle = wrap(" ".join(notes), 105)
    if rows.empty:
        message = _("No figures in {unit} for these years.", unit=unit)
        return no_data_figure(title, message, subtitle, lang=lang)
    lookup = source_lookup(sources)
    scale = magnitude(rows["value"])  # the axis title names it (see COUNT_TITLES)
    years = list(range(filters.years[0], filters.years[1] + 1))
    # Small tables: one pass over plain records is several times faster than a pandas mask
    # per series and kind (a callback builds this on every filter change).
    actual_fy = (rows["kind"] == "actual") & (rows["period"] == "FY")
    key = ["series", "location", "year"]
    latest = latest_published(rows[actual_fy], sources, key).reindex(rows.index, fill_value=False)
    records = rows.assign(_latest=latest.astype(bool)).to_dict("records")
    by_series: dict[str, list[dict]] = {}
    for r in records:
        by_series.setdefault(r["series"], []).append(r)
    series_list = [k for k in shown_series(volumes, filters) if k in by_series]
    traces = []
    for series in series_list:
        traces.extend(_series_traces(by_series[series], lookup, years, scale, lang))
    if not forecast.empty:
        traces.append(_forecast_range(forecast, lookup, scale, lang))
    ev = event_traces(events, lookup, filters) if events is not None else []
    traces.extend(ev)
    sources_text = sources_line(rows["source_id"], lookup, lang=lang)
    # taller than the half-width charts: up to six series and the events key in the legend
    layout = base_layout(title, subtitle, wrap(sources_text, 130), VOLUMES_HEIGHT, lang=lang)
    layout["xaxis"] = year_axis(filters)
    layout["yaxis"] = {
        "title": {"text": _(COUNT_TITLES[scale], unit=unit)},
        "exponentformat": "none",
        "rangemode": "tozero",
        "gridcolor": "#e6e6e6",
        "type": "log" if filters.scale == "log" else "linear",
    }
    add_log_ticks(layout, traces, lang)
    if ev:
        add_event_strip(layout, lang=lang, events=events, filters=filters)
    labels = chart_labels(traces, layout)
    for t in traces:
        t.pop("promise_label", None)
    layout["annotations"] = layout["annotations"] + labels
    return figure(traces, layout)


# The size the label placement assumes for the plot area (px): the chart's export width less
# its margins and legend, and its height less title and sources. On a wider screen labels
# only get more room; on a phone the legend and the hover still name every line.
LABEL_PLOT_PX = (880.0, 250.0)
CHAR_PX, LINE_PX = 6.4, 15.0


def chart_labels(traces: list[dict], layout: dict) -> list[dict]:
    """Direct labels, placed only where they fit (no two label boxes overlap at the assumed
    plot size): first each line's name at its end (its last year with a value; the series
    with most full years first), then what each promise marker is ('capacity', 'target',
    'forecast') at its latest year. A label that does not fit is left out: the legend and
    the hover still say it."""
    log = layout["yaxis"].get("type") == "log"

    def pos(y: float) -> float:  # the y an annotation takes: log axes place in log10 units
        return math.log10(y) if log else y

    ys = [pos(y) for t in traces for y in t["y"] if y is not None and (y > 0 or not log)]
    if not ys:
        return []
    lo, hi = (min(ys), max(ys)) if log else (min(0.0, min(ys)), max(ys))
    x0, x1 = layout["xaxis"]["range"]
    w, h = LABEL_PLOT_PX

    def box(x, p, text, anchor):
        px, py = (x - x0) / (x1 - x0) * w, (p - lo) / ((hi - lo) or 1.0) * h
        width = CHAR_PX * len(text) + 4
        if anchor == "end":  # above the point, ending at it
            return (px - width, py + 4, px, py + 4 + LINE_PX)
        return (px + 6, py - LINE_PX / 2, px + 6 + width, py + LINE_PX / 2)  # right of it

    candidates = []
    for t in traces:  # in shown_series order: the series with most full years first
        drawn = [(x, y) for x, y in zip(t["x"], t["y"], strict=True) if y is not None]
        drawn = [(x, y) for x, y in drawn if y > 0 or not log]
        if not drawn:
            continue
        if t.get("meta") == "actual" and t["mode"] == "lines+markers":
            candidates.append((0, *drawn[-1], t["name"], "end", t))
        elif t.get("meta") in KIND_SYMBOLS:
            x, y = max(drawn, key=lambda d: d[0])
            candidates.append((1, x, y, t["promise_label"], "right", t))
    placed, out = [], []
    for _rank, x, y, text, anchor, t in sorted(candidates, key=lambda c: c[0]):
        b = box(x, pos(y), text, anchor)
        if any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in placed):
            continue
        placed.append(b)
        out.append(
            {
                "x": x,
                "y": pos(y),
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "xanchor": "right" if anchor == "end" else "left",
                "yanchor": "bottom" if anchor == "end" else "middle",
                "xshift": 0 if anchor == "end" else 6,
                "yshift": 4 if anchor == "end" else 0,
                "font": {"size": 11 if anchor == "end" else 10, "color": t["line"]["color"]},
                "bgcolor": "rgba(255,255,255,0.8)",
                "name": "end-label" if anchor == "end" else "promise-label",
            }
        )
    return out


def main_location(records: list[dict]) -> str:
    """The location a series' line follows: the one with the most full-year actuals (of all
    its rows when it has none); ties go to the first in the rows' order."""
    actual = [r for r in records if r["kind"] == "actual" and r["period"] == "FY"]
    return Counter(r["location"] for r in (actual or records)).most_common(1)[0][0]


def _series_traces(records, lookup, years, scale, lang="en") -> list[dict]:
    """One series: its line (full-year actuals at its main location, the most recently
    published figure per year), then markers for every other published value, part-year
    figures and promises. One legend entry per series; clicking it toggles them all.

    records: the series' rows (sorted by location, year, period, source), `_latest` marking
    the most recently published row per location and year."""
    series = records[0]["series"]
    style, name = series_style(series), series_name(series, lang)
    home = main_location(records)
    actual = [r for r in records if r["kind"] == "actual" and r["period"] == "FY"]
    on_line = {id(r) for r in actual if r["location"] == home and r["_latest"]}
    by_year = {r["year"]: r for r in actual if id(r) in on_line}
    gap = {"value": None, "source_id": None, "period": None, "location": home}
    line = [by_year.get(y, {**gap, "year": y}) for y in years]
    groups = [
        (line, "actual", "lines+markers", None),
        ([r for r in actual if id(r) not in on_line], "other", "markers", "circle-open"),
        (
            [r for r in records if r["kind"] == "actual" and r["period"] != "FY"],
            "part",
            "markers",
            style["symbol"] + "-open",
        ),
    ]
    for kind, symbol in KIND_SYMBOLS.items():
        groups.append(([r for r in records if r["kind"] == kind], kind, "markers", symbol))
    traces = []
    for part, label, mode, symbol in groups:
        if any(not blank(r["value"]) for r in part):
            t = _scatter(part, name, style, mode, lookup, label, scale, symbol, lang)
            t.update(legendgroup=series, showlegend=not traces)
            traces.append(t)
    return traces


# meta keeps the English words earlier versions wrote (tests and exports read it).
KIND_META = {"other": "other published value", "part": "part-year"}
KIND_LABELS = {
    **KIND_WORDS,
    "other": N_("other published value"),
    "part": N_("part-year"),
}


def _scatter(part, name, style, mode, lookup, kind, scale, symbol=None, lang="en") -> dict:
    """kind: a KIND_LABELS key, kept (untranslated) in `meta` for tests and exports."""
    _ = translator(lang)
    label = _(KIND_LABELS[kind])
    custom = [
        [
            lookup.get(r["source_id"], {}).get("publisher", r["source_id"])
            if isinstance(r["source_id"], str)
            else "",
            period_words(r["period"], lang) if isinstance(r["period"], str) else "",
            r["location"],
            "" if blank(r["value"]) else number(r["value"], lang),
        ]
        for r in part
    ]
    promise = kind in KIND_SYMBOLS  # forecast, target, capacity: labelled on the chart
    return {
        "type": "scatter",
        "x": [r["year"] for r in part],
        "y": scaled([r["value"] for r in part], scale),
        "name": name,
        "mode": mode,
        **({"promise_label": label} if promise else {}),
        "connectgaps": False,
        "line": {"color": style["color"], "dash": style["dash"], "width": 2},
        "marker": {
            "symbol": symbol or style["symbol"],
            "size": 14 if kind == "capacity" else 8,
            "color": style["color"],
            "line": {"width": 2 if kind == "capacity" else 0, "color": style["color"]},
        },
        "customdata": custom,
        "meta": KIND_META.get(kind, kind),
        "hovertemplate": (
            f"<b>{name}</b> ({label})<br>%{{x}} (%{{customdata[1]}}): %{{customdata[3]}}<br>"
            f"%{{customdata[2]}}<br>{_('Source:')} %{{customdata[0]}}<extra></extra>"
        ),
    }


def _forecast_range(forecast: pd.DataFrame, lookup: dict, scale: float, lang="en") -> dict:
    """The container forecasts as one point per year with the stated range as error bars."""
    _ = translator(lang)
    by_year = forecast.groupby("year")["value"].agg(["min", "max"]).reset_index()
    pubs = "; ".join(
        dict.fromkeys(lookup.get(s, {}).get("publisher", s) for s in forecast["source_id"])
    )
    return {
        "type": "scatter",
        "x": by_year["year"].tolist(),
        "y": scaled(by_year["min"], scale),
        "name": _("Forecast made 2015–18: containers by 2020 (not TEU)"),
        "mode": "markers",
        "marker": {"symbol": "star", "size": 12, "color": "#000000"},
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": scaled(by_year["max"] - by_year["min"], scale),
            "arrayminus": [0] * len(by_year),
            "color": "#000000",
            "thickness": 2,
            "width": 8,
        },
        "customdata": [
            [
                f"{number(lo, lang)}–{number(hi, lang)}" if hi > lo else number(lo, lang),
                pubs,
            ]
            for lo, hi in zip(by_year["min"], by_year["max"], strict=True)
        ],
        "meta": "forecast-range",
        "hovertemplate": (
            "<b>"
            + _("Forecast for {year}: {range} containers", year="%{x}", range="%{customdata[0]}")
            + "</b><br>"
            + _("Sources: {list}", list="%{customdata[1]}")
            + "<extra>"
            + _("containers, not TEU")
            + "</extra>"
        ),
    }


def volumes_summary(volumes: pd.DataFrame, filters: Filters) -> str:
    rows = volume_rows(volumes, filters)
    actual = rows[(rows["kind"] == "actual") & (rows["period"] == "FY")]
    _ = translator(filters.lang)
    unit = _(UNIT_NAMES[filters.unit])
    if actual.empty:
        return _("No full-year figures in {unit} for these years.", unit=unit)
    last = actual.sort_values("year").groupby("series").tail(1).sort_values("value").iloc[-1]
    return _(
        "{n} full-year figures in {unit}; the largest latest figure is {series}: "
        "{value} {unit} in {year}.",
        n=len(actual),
        unit=unit,
        series=_(SERIES_TITLES[last.series]) if last.series in SERIES_TITLES else last.series,
        value=number(last.value, filters.lang),
        year=last.year,
    )
