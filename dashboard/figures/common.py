"""Shared, read-only pieces for every figure: palette, layout builder, sources line, no-data.

Nothing here is a mutable module-level dict handed to figures: `base_layout()` returns a new
dict on every call, so one figure's changes can never leak into another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from ..filters import FOCUS_COUNTRIES
from ..i18n import N_, compact_usd, date_text, plotly_separators, translator
from ..i18n.labels import FINANCIER_KIND_WORDS, QUALIFIER_WORDS

FONT = "Noto Sans, Segoe UI, Helvetica Neue, Arial, sans-serif"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Series also differ by
# marker symbol and dash, so colour is never the only cue.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")

# Modebar buttons no chart on this site offers: the selection tools (no use here) and
# plotly.js 4's "Share chart...", which uploads the chart and its data to Plotly Cloud
# (a network request to a third party: never, see the README's "Offline by design").
MODEBAR_REMOVE = ["lasso2d", "select2d", "sendChartToCloud"]

# One height per panel kind, shared by the figures and the page layout.
MAP_HEIGHT = 470
CHART_HEIGHT = 380

COUNTRY_STYLE_ORDER = ("KAZ", "AZE", "GEO", "UZB", "ARM", "KGZ", "TJK", "TKM")


def country_style(iso3: str) -> dict:
    """A stable colour/symbol/dash per country, whatever else is selected."""
    i = COUNTRY_STYLE_ORDER.index(iso3) if iso3 in COUNTRY_STYLE_ORDER else 7
    return {"color": PALETTE[i], "symbol": SYMBOLS[i], "dash": DASHES[i]}


def financier_text(investor: object, kind: object, _) -> str:
    """The investor as the data names it, with who put up the money: "AIIB (multilateral bank,
    Chinese-led)"; the kind alone where the investor is blank."""
    name = "" if blank(investor) else str(investor)
    words = _(FINANCIER_KIND_WORDS[kind]) if kind in FINANCIER_KIND_WORDS else ""
    if name and words:
        return f"{name} ({words})"
    return name or words


def qualified(qualifier: str, value: str, _) -> str:
    """'about $1.3 bn' for a qualified figure (value already written out); exact: value."""
    return _(QUALIFIER_WORDS[qualifier], value=value) if qualifier in QUALIFIER_WORDS else value


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A new go.Figure from plain trace and layout dicts, without plotly's per-property
    validation.

    Validation is most of what building a figure costs (40 traces: 17 ms validated, 2 ms not;
    `python benchmarks/bench.py`), and a callback builds a figure on every filter change. An
    invalid property still fails: tests/test_figure_validity.py rebuilds every figure, over a
    grid of views in every language, with validation on.
    """
    return go.Figure(data=data, layout=layout, _validate=False)


def title_block_px(sub_lines: int) -> int:
    """Pixels from the top of the figure to the bottom of its title and subtitle lines."""
    return 28 + 20 + 17 * sub_lines


def base_layout(
    title: str, subtitle: str, sources: str, height: int = CHART_HEIGHT, lang: str = "en"
) -> dict:
    """A new layout dict: title and subtitle at the top left, the legend on the right (so it
    never collides with a wrapped subtitle), the sources line under the plot."""
    sub_lines = subtitle.count("<br>") + 1 if subtitle else 0
    return {
        "title": {
            "text": f"<b>{title}</b><br><span style='font-size:12px;color:#555'>{subtitle}</span>",
            "x": 0.01,
            "xanchor": "left",
            # plotly anchors a two-line title by its first line: leave that line's height free
            "yref": "container",
            "y": 1 - 28 / height,
            "yanchor": "top",
            "font": {"size": 16},
        },
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "separators": plotly_separators(lang),  # the locale's decimal and group marks
        "height": height,
        # the title block: 28 px above its first line, 20 px for it, 17 px per subtitle line
        # (TITLE_BLOCK_PX), so nothing drawn at the top of the plot (the events strip) meets it
        "margin": {"l": 56, "r": 16, "t": title_block_px(sub_lines) + 6, "b": 58},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        # constant marker size in the legend: a big capacity marker must not make every entry
        # taller (the legend would scroll and hide the events key)
        "legend": {
            "orientation": "v",
            "x": 1.01,
            "y": 1,
            "yanchor": "top",
            "font": {"size": 10},
            "itemsizing": "constant",
            "tracegroupgap": 4,
        },
        "hoverlabel": {"font": {"family": FONT}},
        "annotations": [source_annotation(sources)],
    }


def year_axis(filters) -> dict:
    """The x axis of every time chart: the selected years, half a year of room each side."""
    return {
        "range": [filters.years[0] - 0.5, filters.years[1] + 0.5],
        "dtick": 1 if filters.years[1] - filters.years[0] <= 12 else 2,
        "showgrid": False,
        "title": None,
    }


def source_annotation(text: str) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -56,
        "xanchor": "left",
        "yanchor": "bottom",
        "align": "left",
        "showarrow": False,
        "font": {"size": 10, "color": "#555"},
        "name": "sources",
    }


def sources_line(
    source_ids: Iterable[str], lookup: dict[str, dict], max_chars: int = 230, lang: str = "en"
) -> str:
    """'Sources: Publisher A (2019); Publisher B (2023).' in first-seen order, shortened with a
    count of the rest when it would not fit the figure (the full list is in the data download)."""
    seen: dict[str, list[str]] = {}
    for sid in source_ids:
        src = lookup.get(sid)
        if not src:
            continue
        year = str(src.get("published") or "")[:4]
        seen.setdefault(src["publisher"], [])
        if year and year not in seen[src["publisher"]]:
            seen[src["publisher"]].append(year)
    parts = [f"{pub} ({', '.join(sorted(ys))})" if ys else pub for pub, ys in seen.items()]
    _ = translator(lang)
    if not parts:
        return _("Sources: none in this view.")
    text, shown = "", 0
    for part in parts:
        if len(text) + len(part) > max_chars and shown:
            break
        text += ("; " if shown else "") + part
        shown += 1
    rest = len(parts) - shown
    if rest:
        return _("Sources: {list}; and {n} more (see the data download).", list=text, n=rest)
    return _("Sources: {list}.", list=text)


def wrap(text: str, width: int = 120) -> str:
    """Break a long line into <br>-separated lines at spaces (plotly does not wrap text)."""
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "<br>".join(lines)


def no_data_figure(
    title: str, message: str, subtitle: str = "", height: int = CHART_HEIGHT, lang: str = "en"
) -> go.Figure:
    """An explicit message in place of an empty axis (title and message already translated)."""
    layout = base_layout(title, subtitle, "", height, lang)
    layout["annotations"] = [
        {
            "text": message,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "font": {"size": 15, "color": "#444"},
            "name": "no-data",
        }
    ]
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    return figure([], layout)


def usd_label(value: float, lang: str = "en") -> str:
    """US$ for text: '$1.30 bn' in English, the locale's short form otherwise ('1,3 млрд $')."""
    if lang != "en":
        return compact_usd(value, lang)
    sign, value = ("−" if value < 0 else ""), abs(value)
    if value >= 1e9:
        return f"{sign}${value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"{sign}${value / 1e6:,.1f} m"
    return f"{sign}${value:,.0f}"


# Values are drawn divided by the power of 1,000 their axis title names ("US$ billion"), so
# tick labels are plain numbers in the locale's separators: plotly's '$' prefix and SI
# suffixes (G, M, k) are English only. Hover text gives each value in the locale's words.
MONEY_TITLES = {
    1e9: N_("US$ billion"),
    1e6: N_("US$ million"),
    1e3: N_("US$ thousand"),
    1.0: N_("US$"),
}
COUNT_TITLES = {
    1e9: N_("{unit}, billions"),
    1e6: N_("{unit}, millions"),
    1e3: N_("{unit}, thousands"),
    1.0: "{unit}",
}


def magnitude(values: Iterable) -> float:
    """The largest power of 1,000 (up to 1e9) that the largest absolute value reaches."""
    top = max((abs(float(v)) for v in values if not blank(v)), default=0.0)
    return next((scale for scale in (1e9, 1e6, 1e3) if top >= scale), 1.0)


def scaled(values: Iterable, scale: float) -> list:
    """Values divided by scale, gaps (None/NaN) kept as None so lines break there."""
    return [None if blank(v) else float(v) / scale for v in values]


def log_ticks(values: Iterable, lang: str = "en") -> dict:
    """Tick values and labels for a log axis: 1, 2, 5 times each power of ten over the
    values' span, every label the whole number (plotly's own log ticks print 20 and 50 as
    '2' and '5'), in the locale's separators."""
    from ..i18n import number

    vals = [float(v) for v in values if not blank(v) and float(v) > 0]
    if not vals:
        return {}
    lo, hi = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)))
    ticks = [m * 10**e for e in range(lo, hi + 1) for m in (1, 2, 5)]
    ticks = [t for t in ticks if min(vals) / 2 <= t <= max(vals) * 2]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [number(t, lang, max(0, -math.floor(math.log10(t)))) for t in ticks],
    }


def add_log_ticks(layout: dict, traces: list[dict], lang: str = "en") -> None:
    """On a log value axis, log_ticks over the values drawn on it (axis 'y')."""
    if layout.get("yaxis", {}).get("type") != "log":
        return
    drawn = [y for t in traces if t.get("yaxis", "y") == "y" for y in (t.get("y") or [])]
    layout["yaxis"].update(log_ticks(drawn, lang))


def source_lookup(sources: pd.DataFrame) -> dict[str, dict]:
    """source_id -> source row (without the id) with blanks as empty strings."""
    return {
        r.pop("source_id"): {k: "" if blank(v) else v for k, v in r.items()}
        for r in sources.to_dict("records")
    }


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def latest_published(rows: pd.DataFrame, sources: pd.DataFrame, key: list[str]) -> pd.Series:
    """True for the row a line follows within each key: the most recently published source
    (ties: the smallest source_id, then the first row).

    Statistics offices revise and a later publication supersedes an earlier one; every other
    row stays on the chart as its own marker, so no conflict is hidden.
    """
    if rows.empty:
        return pd.Series(dtype=bool, index=rows.index)
    published = dict(zip(sources["source_id"], sources["published"], strict=True))
    best: dict[tuple, tuple[str, str, int]] = {}  # key -> (published, source_id, position)
    keys = zip(*(rows[c] for c in key), strict=True)  # a plain loop: a view has few rows
    for pos, (k, sid) in enumerate(zip(keys, rows["source_id"], strict=True)):
        pub, sid = published.get(sid), str(sid)
        pub = "" if blank(pub) else str(pub)
        old = best.get(k)
        if old is None or pub > old[0] or (pub == old[0] and sid < old[1]):
            best[k] = (pub, sid, pos)
    chosen = {pos for _pub, _sid, pos in best.values()}
    return pd.Series([pos in chosen for pos in range(len(rows))], index=rows.index, dtype=bool)


# ------------------------------------------------------------------ events on time charts
EVENT_SYMBOLS = {
    "diplomacy": "circle",
    "infrastructure": "square",
    "finance": "diamond",
    "trade": "triangle-up",
    "shock": "x",
}
EVENT_AXIS = "y9"  # an invisible 0..1 axis in a thin strip above the values
EVENT_STRIP = (0.88, 1.0)  # its share of the plot height; the value axis gets what is below
EVENT_COLOR = "#8a8a8a"  # quiet: one light grey for the whole layer, the data stays in colour
EVENT_ROW = 0.15  # every event's marker sits on one row at the bottom of the strip
# The events a reader of these charts needs, labelled by default (date, category) -> a short
# label of ours (the event's own title is the data's words, in the hover); every other event
# is a marker that speaks on hover. An event missing from the data is simply not labelled.
KEY_EVENTS = {
    ("2013-09-07", "diplomacy"): N_("Belt and Road proposed"),
    ("2017-10-30", "infrastructure"): N_("BTK railway opens"),
    ("2020-01-26", "shock"): N_("COVID-19"),
    ("2022-02", "shock"): N_("Ukraine war"),
    ("2023-11-20", "shock"): N_("Red Sea attacks"),
}
# Label rows (strip units) a label moves up through when the one before is too close (years).
EVENT_LABEL_ROWS = (0.55, 0.95)
EVENT_LABEL_PLOT_PX = 400  # the plot width of a half-width chart at 1400 px


def event_x(date: str) -> float:
    """'2017-10-30' -> 2017.82; '2015-08' -> 2015.58; '1992' -> 1992.0 (annual x axis)."""
    parts = [int(p) for p in str(date).split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return year + (month - 1) / 12 + (day - 1) / 365


def event_rows(events: pd.DataFrame, filters) -> pd.DataFrame:
    """Events inside the year range, in the chosen categories, about a selected country or
    about none of the focus countries in particular (e.g. the Red Sea attacks)."""
    if filters.events != "on" or events.empty:
        return events.iloc[0:0]
    (y0, y1), chosen, focus = filters.years, set(filters.countries), set(FOCUS_COUNTRIES)
    categories = set(filters.categories)

    def keep(date, category, countries) -> bool:
        codes = set(countries) if isinstance(countries, list | tuple) else set()
        about = bool(chosen & codes) or not (focus & codes)
        return y0 <= int(str(date)[:4]) <= y1 and category in categories and about

    # a plain loop: ~50 rows, and a callback runs this on every filter change
    mask = [
        keep(*row)
        for row in zip(events["date"], events["category"], events["countries"], strict=True)
    ]
    return events[mask].sort_values("date")


def event_traces(events: pd.DataFrame, lookup: dict[str, dict], filters) -> list[dict]:
    """The events as one quiet layer in a thin strip along the top of the plot: one marker
    trace (grey, a symbol per category; hover shows the date, title, source and category),
    and a key: one legend entry per category shown, all in one legend group, so one click
    switches the layer. The key events (KEY_EVENTS) are also labelled: event_annotations.
    One trace for the markers, not one per category: each trace costs plotly.js a draw on
    every chart; the key's entries have no points."""
    rows = event_rows(events, filters).to_dict("records")
    rows = [r for r in rows if r["category"] in EVENT_SYMBOLS]
    if not rows:
        return []
    _ = translator(filters.lang)
    key = [(r["date"], r["category"]) in KEY_EVENTS for r in rows]
    markers = {
        "type": "scatter",
        "x": [event_x(r["date"]) for r in rows],
        "y": [EVENT_ROW] * len(rows),
        "yaxis": EVENT_AXIS,
        "mode": "markers",
        "name": _("Events (hover a marker)"),
        "legendgroup": "events",
        "showlegend": False,
        "marker": {
            "symbol": [EVENT_SYMBOLS[r["category"]] for r in rows],
            "size": [8 if k else 6 for k in key],
            "color": [("#555" if k else EVENT_COLOR) for k in key],
            "opacity": 0.85,
            "line": {"width": 0},
        },
        "customdata": [
            [
                date_text(r["date"], filters.lang),
                r["title"],
                lookup.get(r["source_id"], {}).get("publisher", r["source_id"]),
                _(r["category"]),
            ]
            for r in rows
        ],
        "hovertemplate": (
            f"<b>%{{customdata[0]}}</b>: %{{customdata[1]}}<br>{_('Source:')} "
            "%{customdata[2]}<extra>%{customdata[3]}</extra>"
        ),
        "meta": "events",
    }
    shown = [c for c in EVENT_SYMBOLS if any(r["category"] == c for r in rows)]
    legend_key = [
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "yaxis": EVENT_AXIS,
            "mode": "markers",
            "name": _(c),
            "legendgroup": "events",
            "legendgrouptitle": {"text": _("Events (hover a marker)"), "font": {"size": 10}},
            "marker": {"symbol": EVENT_SYMBOLS[c], "size": 7, "color": EVENT_COLOR},
            "hoverinfo": "skip",
            "meta": "event-key",
        }
        for c in shown
    ]
    return [markers, *legend_key]


def event_annotations(events: pd.DataFrame, filters) -> list[dict]:
    """Short labels of ours beside the key events in the view (KEY_EVENTS), in the strip. A
    label takes the first row where it overlaps no other label at the smallest plot it is
    drawn in (a half-width chart, EVENT_LABEL_PLOT_PX); it is left out when no row is free
    (its marker still speaks on hover)."""
    rows = event_rows(events, filters).to_dict("records")
    _ = translator(filters.lang)
    x0, x1 = filters.years[0] - 0.5, filters.years[1] + 0.5
    px_per_year = EVENT_LABEL_PLOT_PX / (x1 - x0)
    taken: dict[float, list[tuple[float, float]]] = {row: [] for row in EVENT_LABEL_ROWS}
    out = []
    for r in rows:
        label = KEY_EVENTS.get((r["date"], r["category"]))
        if label is None:
            continue
        text, x = _(label), event_x(r["date"])
        width = (len(text) * 5.2 + 8) / px_per_year  # 9 px text, in years
        # near the right end the label runs leftwards from its marker, never into the legend
        right = x + width > x1
        span = (x - width, x) if right else (x, x + width)
        if span[0] < x0 or span[1] > x1:
            continue
        row = next(
            (y for y in EVENT_LABEL_ROWS if all(span[1] < a or b < span[0] for a, b in taken[y])),
            None,
        )
        if row is None:
            continue
        taken[row].append(span)
        out.append(
            {
                "x": x,
                "y": row,
                "xref": "x",
                "yref": EVENT_AXIS,
                "text": text,
                "showarrow": False,
                "xanchor": "right" if right else "left",
                "yanchor": "middle",
                "xshift": 3 if right else -3,
                "font": {"size": 9, "color": "#555"},
                "name": "event-label",
            }
        )
    return out


def event_axis(_=str) -> dict:
    """The events strip; charts with events put their value axis below EVENT_STRIP[0]."""
    return {
        "domain": list(EVENT_STRIP),
        "range": [0, 1.1],
        "anchor": "x",
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "title": {"text": ""},
    }


def add_event_strip(
    layout: dict,
    lower_panel: str | None = None,
    lang: str = "en",
    events: pd.DataFrame | None = None,
    filters=None,
) -> None:
    """Give the events their strip at the top (with the key events' labels when events and
    filters are given); the value axis (and an optional lower panel's axis, e.g. the mirror
    gap) share the rest."""
    top = EVENT_STRIP[0] - 0.02
    layout["yaxis9"] = event_axis(translator(lang))
    if events is not None and filters is not None:
        layout["annotations"] = layout["annotations"] + event_annotations(events, filters)
    if lower_panel:
        layout["yaxis"]["domain"] = [top * 0.42, top]
        layout[lower_panel]["domain"] = [0.0, top * 0.34]
    else:
        layout["yaxis"]["domain"] = [0.0, top]
