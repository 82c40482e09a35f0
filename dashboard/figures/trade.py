"""China's trade with the selected countries: one line per country (and reporter), gaps where
no source exists, never joined across a missing year.

Value modes (Filters.mode):
- usd:   the published figure, current US dollars;
- yoy:   change on the previous year in %, only where both years exist on the same line;
- share: each country's share of the selected countries' total in %, only for years where
         every selected country has a figure from that reporter (otherwise the share would
         silently change meaning).
With reporter "both", a lower panel shows the mirror gap: China's figure minus the partner's,
for the years where both exist.

Which value the line follows (line_values): where the view holds rows of an official series
(OFFICIAL_SERIES: a dataset, e.g. the IMF's IMTS for China's side) for a country, reporter and
flow, the line follows that series alone, so it never hops between a dataset and news quotes;
elsewhere it follows the latest published figure of each year. Every other published value is
drawn as a marker, and the hover of each line point names the series and lists every published
value of that year (both reporters; "no figure" where a reporter has none).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ..data import UPLOAD_SOURCE_ID
from ..filters import Filters
from ..i18n import N_, country_name, percent, translator
from ..i18n.labels import FLOW_NOTES, FLOW_TITLES, MODE_WORDS, REPORTER_NAMES, REPORTER_SHORT
from ..i18n.labels import REPORTER_PHRASES as REPORTER_WORDS
from .common import (
    CHART_HEIGHT,
    MONEY_TITLES,
    add_event_strip,
    add_log_ticks,
    base_layout,
    blank,
    country_style,
    event_traces,
    figure,
    latest_published,
    magnitude,
    no_data_figure,
    qualified,
    scaled,
    source_lookup,
    sources_line,
    usd_label,
    wrap,
    year_axis,
)


@dataclass(frozen=True)
class Series:
    """An official series: the rows of one reporter whose source_id is `key` or starts with
    `key-` (one source row per vintage: imf-imts-chn-2001-2024, imf-imts-api-2026-12-02, ...)."""

    key: str
    reporter: str
    label: str


# In order of preference where a view holds more than one for the same reporter.
OFFICIAL_SERIES = (
    Series("imf-imts", "china", N_("IMF IMTS (China's customs data)")),
    Series("imf-imts", "partner", N_("IMF IMTS (the partner's report)")),
    Series("un-comtrade", "partner", N_("UN Comtrade (the partner's report)")),
    Series("geostat-trade", "partner", N_("Geostat, Georgia's statistics office")),
)
SERIES_LABELS = {(s.key, s.reporter): s.label for s in OFFICIAL_SERIES}
PUBLISHED_LINE = N_("latest published figure of each year")


def series_key(source_id, reporter) -> str:
    """The official series a row belongs to ('' = a published value outside any)."""
    sid = str(source_id)
    for s in OFFICIAL_SERIES:
        if s.reporter == reporter and (sid == s.key or sid.startswith(s.key + "-")):
            return s.key
    return ""


def trade_rows(trade: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Exactly the published rows behind the chart: full years only, the chosen flow (both
    flows for the balance) and reporter, selected countries and years."""
    flows = ("partner_exports", "partner_imports") if filters.flow == "balance" else (filters.flow,)
    df = filters.apply(trade)
    df = df[(df["period"] == "FY") & df["flow"].isin(flows)]
    if filters.reporter != "both":
        df = df[df["reporter"] == filters.reporter]
    return df.sort_values(["country", "year", "reporter", "flow", "source_id"])


def line_values(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Mark each row the line follows (other=False) or shows as another published value, and
    name the line's series (column `series`: an OFFICIAL_SERIES key, '' = the latest published
    figure of each year). Per country, reporter and flow, the line follows the most preferred
    official series the rows hold, and only it; without one, the latest published row of each
    year. A user's uploaded rows never carry the line: they are drawn as their own markers."""
    key = ["country", "reporter", "flow", "year"]
    user = rows["source_id"] == UPLOAD_SOURCE_ID
    own = [series_key(s, r) for s, r in zip(rows["source_id"], rows["reporter"], strict=True)]
    rank = {(s.key, s.reporter): i for i, s in enumerate(OFFICIAL_SERIES)}
    groups = list(zip(rows["country"], rows["reporter"], rows["flow"], strict=True))
    chosen: dict[tuple, str] = {}
    for g, k in zip(groups, own, strict=True):
        if k and (g not in chosen or rank[k, g[1]] < rank[chosen[g], g[1]]):
            chosen[g] = k
    line_series = [chosen.get(g, "") for g in groups]
    candidate = ~user & pd.Series(
        [o == c for o, c in zip(own, line_series, strict=True)], index=rows.index, dtype=bool
    )
    on_line = latest_published(rows[candidate], sources, key)
    on_line = on_line.reindex(rows.index, fill_value=False)
    return rows.assign(other=~on_line.astype(bool), series=line_series)


def series_values(trade: pd.DataFrame, sources: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """One value per (country, reporter, year) in US$, plus the other published values.

    Columns: country, reporter, year, usd, source_id, quote, other, series (the line's series,
    see line_values), qualifier. For the balance the value is exports minus imports for years
    where both are on their lines (both source ids kept).
    """
    cols = ["country", "reporter", "year", "usd", "source_id", "quote", "other", "series"]
    cols.append("qualifier")
    rows = trade_rows(trade, filters)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    ranked = line_values(rows, sources).rename(columns={"value_usd": "usd"})
    if filters.flow != "balance":
        return ranked[cols].reset_index(drop=True)
    main = ranked[~ranked["other"]]
    key = ["country", "reporter", "year"]
    exp = main[main["flow"] == "partner_exports"].set_index(key)
    imp = main[main["flow"] == "partner_imports"].set_index(key)
    both = exp.merge(imp, left_index=True, right_index=True, suffixes=("_x", "_m"))
    out = pd.DataFrame(
        {
            "usd": both["usd_x"] - both["usd_m"],
            "source_id": both["source_id_x"] + ";" + both["source_id_m"],
            "quote": "computed: exports to China minus imports from China",
            "other": False,
            "series": both["series_x"].where(both["series_x"] == both["series_m"], ""),
            "qualifier": "exact",
        }
    ).reset_index()
    return out[cols]


def transform(values: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Add the plotted value `y` to the line rows (other published values keep y = usd in the
    US$ mode only)."""
    main = values[~values["other"].astype(bool)].copy()
    if filters.mode == "usd" or main.empty:
        return values.assign(y=values["usd"]) if filters.mode == "usd" else main.assign(y=[])
    if filters.mode == "yoy":
        prev = main.assign(year=main["year"] + 1)[["country", "reporter", "year", "usd"]]
        merged = main.merge(
            prev, on=["country", "reporter", "year"], how="left", suffixes=("", "_p")
        )
        merged["y"] = (merged["usd"] / merged["usd_p"] - 1) * 100
        return merged.drop(columns="usd_p").dropna(subset=["y"])
    # share: only years where every selected country has a value from this reporter
    n = len(filters.countries)
    grp = main.groupby(["reporter", "year"])["usd"]
    main["_n"], main["_sum"] = grp.transform("size"), grp.transform("sum")
    main = main[(main["_n"] == n) & (main["_sum"] != 0)]
    return main.assign(y=main["usd"] / main["_sum"] * 100).drop(columns=["_n", "_sum"])


def mirror_gap(values: pd.DataFrame) -> pd.DataFrame:
    """China's figure minus the partner's, per country and year where both lines have one."""
    main = values[~values["other"].astype(bool)]
    china = main[main["reporter"] == "china"].set_index(["country", "year"])["usd"]
    partner = main[main["reporter"] == "partner"].set_index(["country", "year"])["usd"]
    gap = (china - partner).dropna()
    return gap.rename("gap").reset_index()


def _title(filters: Filters) -> tuple[str, str]:
    _ = translator(filters.lang)
    title = _(
        "{what}, {start}–{end}",
        what=_(FLOW_TITLES[filters.flow]),
        start=filters.years[0],
        end=filters.years[1],
    )
    notes = [
        _(
            "Goods, {values}, {reporter}.",
            values=_(MODE_WORDS[filters.mode]),
            reporter=_(REPORTER_WORDS[filters.reporter]),
        )
    ]
    if filters.flow in FLOW_NOTES:
        notes.append(_(FLOW_NOTES[filters.flow]))
    if filters.scale == "log" and not _log_ok(filters):
        notes.append(_("Log scale not used: values can be negative."))
    notes.append(_("Full years only; gaps = no source."))
    return title, wrap(" ".join(notes), 95)  # fits a half-width chart in Russian too


def _log_ok(filters: Filters) -> bool:
    return filters.mode != "yoy" and filters.flow != "balance"


def make_trade_figure(
    trade: pd.DataFrame,
    sources: pd.DataFrame,
    filters: Filters,
    events: pd.DataFrame | None = None,
    *,
    values: pd.DataFrame | None = None,
) -> go.Figure:
    """values: series_values(trade, sources, filters) when the caller already has it (the
    panel computes it once for the figure and its summary)."""
    _ = translator(filters.lang)
    title, subtitle = _title(filters)
    if not filters.countries:
        message = _("No countries selected: pick one or more above.")
        return no_data_figure(title, message, subtitle, lang=filters.lang)
    if values is None:
        values = series_values(trade, sources, filters)
    plotted = transform(values, filters)
    if plotted.empty:
        message = _("No data for the selected countries and years.")
        return no_data_figure(title, message, subtitle, lang=filters.lang)
    lookup = source_lookup(sources)
    with_gap = filters.reporter == "both" and filters.mode == "usd"
    gap = mirror_gap(values) if with_gap else pd.DataFrame(columns=["country", "year", "gap"])
    with_gap = with_gap and not gap.empty
    # US$ are drawn in the unit the axis title names (billions, millions): plotly's own '$'
    # and SI suffixes are English-only; the hover gives each value in the locale's words.
    scale = magnitude([*plotted["y"], *gap["gap"]]) if filters.mode == "usd" else 1.0
    years = list(range(filters.years[0], filters.years[1] + 1))
    reporters = ["china", "partner"] if filters.reporter == "both" else [filters.reporter]
    published = _published(trade, filters)
    by_line: dict[tuple, list[dict]] = {}  # (country, reporter) -> rows; one pass, no masks
    for r in plotted.to_dict("records"):
        by_line.setdefault((r["country"], r["reporter"]), []).append(r)
    traces = []
    for iso3 in filters.countries:
        style = country_style(iso3)
        for rep in reporters:
            if (iso3, rep) in by_line:
                line = _Line(iso3, rep, style, scale, lookup, filters, published)
                traces.extend(line.traces(by_line[(iso3, rep)], years))
        if with_gap:
            g = gap[gap["country"] == iso3]
            if not g.empty:
                traces.append(_gap_trace(g, iso3, style, scale, filters))
    ev = event_traces(events, lookup, filters) if events is not None else []
    traces.extend(ev)
    sources_text = sources_line(_split_ids(plotted["source_id"]), lookup, lang=filters.lang)
    if _spread(plotted, filters) >= 10:
        # small countries sit flat on 0 next to a large one: say how to read them
        subtitle += "<br>" + _(
            "Values differ by 10× or more: Log scale or Share (%) shows the small ones."
        )
    height = BOTH_HEIGHT if with_gap else CHART_HEIGHT  # two panels get the room they need
    layout = base_layout(title, subtitle, wrap(sources_text, 115), height, lang=filters.lang)
    layout["xaxis"] = year_axis(filters)
    layout["yaxis"] = _value_axis(filters, scale, _)
    add_log_ticks(layout, traces, filters.lang)
    if with_gap:
        # two rows sharing the year axis (what make_subplots(rows=2, shared_xaxes=True) lays
        # out); the event strip, if any, moves the domains below
        layout["xaxis"].update(anchor="y", matches="x2", showticklabels=False)
        layout["xaxis2"] = {**year_axis(filters), "anchor": "y2"}
        layout["yaxis"].update(anchor="x", domain=[0.422, 1.0])
        layout["yaxis2"] = {
            "anchor": "x2",
            "domain": [0.0, 0.272],
            # the gap in the upper axis's unit (one scale for both), on two short lines
            "title": {
                "text": _("Gap, {unit}", unit=_(MONEY_TITLES[scale])).replace(", ", ",<br>", 1),
                "font": {"size": 11},
            },
            "exponentformat": "none",
            "gridcolor": "#e6e6e6",
            "zeroline": True,
            "zerolinecolor": "#888",
        }
        layout["barmode"] = "group"
    if ev:
        add_event_strip(layout, "yaxis2" if with_gap else None, filters.lang, events, filters)
    return figure(traces, layout)


BOTH_HEIGHT = CHART_HEIGHT + 160  # reporter "both": the values and the mirror gap below


def _spread(plotted: pd.DataFrame, filters: Filters) -> float:
    """How many times the largest country's latest US$ line value is the smallest's (0 when
    not comparable: not US$ on a linear axis, fewer than two countries, or a value <= 0)."""
    if filters.mode != "usd" or filters.scale == "log" or filters.flow == "balance":
        return 0.0
    main = plotted[~plotted["other"].astype(bool)]
    if main.empty:
        return 0.0
    last = main.sort_values("year").groupby("country")["y"].last()
    if len(last) < 2 or (last <= 0).any():
        return 0.0
    return float(last.max() / last.min())


def _published(trade: pd.DataFrame, filters: Filters) -> dict[tuple, list[dict]] | None:
    """(country, reporter, year) -> every published full-year row of the chart's flow, both
    reporters (the hover lists them); None for the balance, which no one publishes."""
    if filters.flow == "balance":
        return None
    df = filters.apply(trade)
    df = df[(df["period"] == "FY") & (df["flow"] == filters.flow)]
    out: dict[tuple, list[dict]] = {}
    cols = ["country", "reporter", "year", "value_usd", "qualifier", "source_id"]
    for r in df.sort_values(["year", "source_id"])[cols].to_dict("records"):
        out.setdefault((r["country"], r["reporter"], r["year"]), []).append(r)
    return out


class _Line:
    """The traces of one country and reporter: its line (a gap where a year has no source),
    other published values as open circles, the user's own uploaded values as stars."""

    def __init__(self, iso3, reporter, style, scale, lookup, filters: Filters, published=None):
        self.iso3, self.style, self.scale, self.lookup = iso3, style, scale, lookup
        self.published, self.reporter = published, reporter
        self.filters, self._ = filters, translator(filters.lang)
        self.dotted = reporter == "partner" and filters.reporter == "both"
        country = country_name(iso3, filters.lang)  # legends name countries, never ISO codes
        self.name = (
            country
            if filters.reporter != "both"
            else self._(
                "{country} ({reporter})", country=country, reporter=self._(REPORTER_SHORT[reporter])
            )
        )

    def traces(self, rows: list[dict], years: list[int]) -> list[dict]:
        by_year = {r["year"]: r for r in rows if not r["other"]}
        main = [by_year.get(y, {}) for y in years]
        other = [r for r in rows if r["other"] and r["source_id"] != UPLOAD_SOURCE_ID]
        mine = [r for r in rows if r["other"] and r["source_id"] == UPLOAD_SOURCE_ID]
        out = [self._line(main, years)]
        if other:
            out.append(
                self._markers(other, self._("other published value"), "circle-open", self.iso3)
            )
        if mine:
            out.append(self._markers(mine, self._("your data"), "star", f"upload:{self.iso3}"))
        return out

    def _series_text(self, row: dict) -> str:
        if not row:
            return ""
        label = SERIES_LABELS.get((row.get("series") or "", self.reporter), PUBLISHED_LINE)
        return self._("Line: {series}", series=self._(label))

    def _published_text(self, year: int, row: dict) -> str:
        """Every published value of this country and year, per reporter, with its source;
        '<reporter>: no figure' where a reporter has none."""
        if not row or self.published is None:
            return ""
        lines = []
        for rep in ("china", "partner"):
            rows = self.published.get((self.iso3, rep, year), [])
            who = self._(REPORTER_NAMES[rep])
            if not rows:
                lines.append(self._("{reporter}: no figure", reporter=who))
                continue
            values = "; ".join(
                f"{qualified(r['qualifier'], usd_label(r['value_usd'], self.filters.lang), self._)}"
                f" ({_publishers(r['source_id'], self.lookup)})"
                for r in rows
            )
            lines.append(f"{who}: {values}")
        return "".join(f"<br>{line}" for line in lines)

    def _line(self, main: list[dict], years: list[int]) -> dict:
        style, source_word = self.style, self._("Source:")
        quote = [r.get("quote") for r in main]
        return {
            "type": "scatter",
            "xaxis": "x",
            "yaxis": "y",
            "x": years,
            "y": scaled([r.get("y") for r in main], self.scale),
            "name": self.name,
            "mode": "lines+markers",
            "connectgaps": False,
            "line": {
                "color": style["color"],
                "dash": "dot" if self.dotted else style["dash"],
                "width": 2,
            },
            "marker": {"symbol": style["symbol"], "size": 7},
            "customdata": [
                [
                    _publishers(r.get("source_id"), self.lookup),
                    q if isinstance(q, str) else "",
                    _value_text(r.get("y"), self.filters),
                    self._series_text(r),
                    self._published_text(y, r),
                ]
                for r, q, y in zip(main, quote, years, strict=True)
            ],
            "meta": self.iso3,
            "hovertemplate": (
                f"<b>{self.name}</b> %{{x}}: %{{customdata[2]}}<br>%{{customdata[3]}}<br>"
                f"{source_word} %{{customdata[0]}}<br><i>%{{customdata[1]}}</i>"
                "%{customdata[4]}<extra></extra>"
            ),
        }

    def _markers(self, rows: list[dict], label: str, symbol: str, meta: str) -> dict:
        return {
            "type": "scatter",
            "xaxis": "x",
            "yaxis": "y",
            "x": [r["year"] for r in rows],
            "y": scaled([r["y"] for r in rows], self.scale),
            "name": self._("{series}: {label}", series=self.name, label=label),
            "mode": "markers",
            "marker": {"symbol": symbol, "size": 10, "color": self.style["color"]},
            "customdata": [
                [_publishers(r["source_id"], self.lookup), _value_text(r["y"], self.filters)]
                for r in rows
            ],
            "meta": meta,
            "hovertemplate": (
                f"<b>{self.name}</b> %{{x}}: %{{customdata[1]}} ({label})<br>"
                f"{self._('Source:')} %{{customdata[0]}}<extra></extra>"
            ),
        }


def _gap_trace(g: pd.DataFrame, iso3: str, style: dict, scale: float, filters: Filters) -> dict:
    _ = translator(filters.lang)
    return {
        "type": "bar",
        "xaxis": "x2",
        "yaxis": "y2",
        "x": g["year"].tolist(),
        "y": scaled(g["gap"], scale),
        "name": _(
            "{country}: China's figure − partner's", country=country_name(iso3, filters.lang)
        ),
        "marker": {"color": style["color"], "pattern": {"shape": "/"}},
        "customdata": [[usd_label(v, filters.lang)] for v in g["gap"]],
        "meta": f"gap:{iso3}",
        "hovertemplate": (
            f"<b>{iso3}</b> %{{x}}: "
            + _("China's figure minus the partner's = {value}", value="%{customdata[0]}")
            + "<extra>"
            + _("mirror gap")
            + "</extra>"
        ),
    }


def _value_text(value, filters: Filters) -> str:
    """A plotted value as the hover says it: '$1.30 bn', '1,3 млрд $', '+12,3 %'."""
    if blank(value):
        return ""
    if filters.mode == "usd":
        return usd_label(value, filters.lang)
    return percent(value, filters.lang, signed=filters.mode == "yoy")


def _value_axis(filters: Filters, scale: float, _) -> dict:
    if filters.mode == "usd":
        axis = {
            "title": {"text": _(MONEY_TITLES[scale])},
            "exponentformat": "none",
            "gridcolor": "#e6e6e6",
        }
    else:
        axis = {
            "title": {"text": "%"},
            "ticksuffix": "%",
            "gridcolor": "#e6e6e6",
            "zeroline": True,  # growth against decline: the line at 0 % always shows
            "zerolinecolor": "#666",
            "zerolinewidth": 1.5,
        }
    if filters.scale == "log" and _log_ok(filters):
        axis["type"] = "log"
    elif filters.mode in ("usd", "share") and filters.flow != "balance":
        axis["rangemode"] = "tozero"
    return axis


def _split_ids(ids) -> list[str]:
    return [part for s in ids if isinstance(s, str) for part in s.split(";")]


def _publishers(source_ids, lookup: dict) -> str:
    if not isinstance(source_ids, str):
        return ""
    return "; ".join(
        dict.fromkeys(lookup.get(s, {}).get("publisher", s) for s in source_ids.split(";"))
    )


def trade_summary(
    trade: pd.DataFrame,
    sources: pd.DataFrame,
    filters: Filters,
    *,
    values: pd.DataFrame | None = None,
) -> str:
    """One sentence from the data, for screen readers and the page (values: as for
    make_trade_figure)."""
    if values is None:
        values = series_values(trade, sources, filters)
    plotted = transform(values, filters)
    plotted = plotted[~plotted["other"].astype(bool)] if not plotted.empty else plotted
    _, lang = translator(filters.lang), filters.lang
    if plotted.empty:
        return _("No trade figures for this selection.")
    last = plotted.sort_values("year").groupby(["country", "reporter"]).tail(1)
    parts = []
    for r in last.itertuples():
        who = r.country
        if filters.reporter == "both":
            who = _(
                "{country} ({reporter})", country=r.country, reporter=_(REPORTER_SHORT[r.reporter])
            )
        if filters.mode == "usd":
            value = usd_label(r.y, lang)
        else:
            value = percent(r.y, lang, signed=filters.mode == "yoy")
        parts.append(_("{who} {value} in {year}", who=who, value=value, year=r.year))
    return _(
        "{what} ({values}), latest year with a source: {figures}.",
        what=_(FLOW_TITLES[filters.flow]),
        values=_(MODE_WORDS[filters.mode]),
        figures="; ".join(parts),
    )
