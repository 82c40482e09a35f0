"""The corridor map: routes as typed segments, nodes, selected countries, as of a year.

The basemap is plotly's topojson served from assets/topojson (see scripts/build_basemap.py):
resolution 50 is the region-cut file used by the corridor presets, 110 the whole world.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from ..data.geo import Network
from ..filters import FOCUS_COUNTRIES, Filters
from ..i18n import N_, country_name, number, percent, translator
from ..i18n.labels import (
    INDICATOR_TITLES,
    NODE_KIND_WORDS,
    PRESET_WORDS,
    REPORTER_NAMES,
    STATUS_WORDS,
    VOLUME_WORDS,
)
from .common import FONT, MAP_HEIGHT, base_layout, figure, qualified, sources_line, usd_label, wrap
from .trade import line_values

WATER = "#d4e6f1"
LAND = "#f7f5f0"

MODE_STYLE = {
    "rail": {"color": "#0072B2", "dash": "solid", "label": N_("Rail")},
    "ferry": {"color": "#009E73", "dash": "dash", "label": N_("Caspian / Black Sea ferry")},
    "sea": {"color": "#56B4E9", "dash": "dot", "label": N_("Sea route")},
    "road": {"color": "#D55E00", "dash": "dashdot", "label": N_("Road")},
    "pipeline": {"color": "#CC79A7", "dash": "longdash", "label": N_("Pipeline (oil/gas)")},
}
ROUTE_WORDS = {
    "middle": N_("Middle Corridor"),
    "northern": N_("Northern route (Russia)"),
    "southern": N_("Southern route (Iran)"),
    "suez": N_("Sea route via Suez"),
    "pipeline": N_("Pipeline"),
}
# The China–Europe view colours each route (the mode stays in the dash: rail solid, ferry
# dashed, sea dotted); Okabe-Ito, the Middle Corridor in the strongest colour and widest.
ROUTE_COLORS = {
    "middle": "#D55E00",
    "northern": "#0072B2",
    "southern": "#009E73",
    "suez": "#56B4E9",
    "pipeline": "#CC79A7",
}

# lon range, lat range, basemap resolution
# (The map panel is about 2.6 times wider than high; these ranges fill it in Mercator.)
LEGEND_WIDTH = 215
PRESET_VIEW = {
    "corridor": ((25.0, 112.0), (33.5, 50.5), 50),
    "caspian": ((38.5, 64.0), (38.0, 46.5), 50),
    "caucasus": ((38.5, 52.5), (39.6, 44.2), 50),
    "world": ((-15.0, 130.0), (-2.0, 60.0), 110),
}

# Which nodes get a text label at each preset, and where the label sits (markers and hover are
# always there). Wide views name a few anchors; close views name more. Positions are checked in
# tests/test_browser_map.py at the export width (1100 px) and the page's (1300 px): no label
# meets another, a marker (direction arrows too) or a route line. At the whole-corridor view
# Khorgos is not labelled (every position meets an arrow), nor Gardabani at the South Caucasus
# view (crossed by the pipelines) or Aktau at the China–Europe view (on Kuryk's marker): their
# hover names them.
LABELS: dict[str, dict[str, str]] = {
    "corridor": {
        "xian": "middle right",
        "urumqi": "top right",
        "dostyk": "top right",
        "almaty": "bottom right",
        "aktau": "top left",
        "alat": "bottom center",
        "tbilisi": "top right",
        "istanbul": "top right",
        "constanta": "top right",
    },
    "caspian": {
        "aktau": "top left",
        "kuryk": "middle right",
        "alat": "bottom left",
        "baku": "top right",
        "ganja": "bottom left",
        "tbilisi": "top center",
        "kars": "middle right",
        "poti": "top left",
        "batumi": "bottom left",
    },
    "caucasus": {
        "aktau": "top center",
        "kuryk": "middle right",
        "alat": "bottom left",
        "baku": "top right",
        "ganja": "top right",
        "tbilisi": "top center",
        "akhalkalaki": "middle left",
        "kars": "middle right",
        "erzurum": "bottom right",
        "poti": "top left",
        "batumi": "bottom left",
    },
    "world": {
        "xian": "middle right",
        "istanbul": "bottom left",
        "moscow": "bottom right",
        "duisburg": "bottom center",
        "shanghai": "middle left",
        "colombo": "bottom center",
        "port_said": "bottom left",
        "tehran": "bottom center",
    },
}
# Short labels where the data's name is long (the full name stays in the hover).
SHORT_LABEL = {
    "alat": N_("Alat (Port of Baku)"),  # the only label with words besides a name
    "gardabani": "Gardabani",
    "khorgos_cn": "Khorgos",
    "constanta": "Constanța",
    "poti": "Poti",
    "port_said": "Port Said",
    "rotterdam": "Rotterdam",
}


def node_label(node: dict, preset: str, _=str) -> str:
    if node["node_id"] not in LABELS.get(preset, {}):
        return ""
    if node["node_id"] in SHORT_LABEL:
        return _(SHORT_LABEL[node["node_id"]])
    return node["name"].split(" (")[0]


# Node classes, each with its own marker and legend entry. A node that is both a border crossing
# and a gauge break (Khorgos) is drawn as a gauge break; its hover names both.
NODE_CLASSES = {
    "gauge_break": (N_("Gauge break (1520 ↔ 1435 mm)"), "square", 10),
    "border_crossing": (N_("Border crossing"), "diamond", 10),
    "port": (N_("Port"), "circle", 9),
    "dry_port": (N_("Dry port"), "hexagon", 9),
    "other": (N_("City / junction"), "circle", 5),
}
PENDING_COLOR = "#8c8c8c"
# Light warm fills, so the blue/green/pink route lines stay readable on top of any country.
TURNOVER_SCALE = [[0, "#fdf3e1"], [1, "#e0872c"]]
CHANGE_SCALE = [[0, "#e08214"], [0.5, "#f7f7f7"], [1, "#8073ac"]]
NO_DATA_COLOR = "#d0d0d0"
SELECTED_LINE = "#1a1a1a"

# Throughput in the node hover: which volumes.csv series and location stand for which node.
# Only these exact locations: "Port of Baku (Alat) – containers from China" is a subset, and
# "Ports of Aktau and Kuryk (combined)" belongs to neither port alone.
NODE_VOLUMES = {
    "alat": ("baku_port", "Port of Baku (Alat)"),
    "aktau": ("aktau_port", "Port of Aktau"),
    "kuryk": ("kuryk_port", "Port of Kuryk"),
    "poti": ("poti_port", "Port of Poti"),
    "batumi": ("batumi_port", "Port of Batumi"),
}


def node_class(node: dict) -> str:
    if node.get("gauge_break"):
        return "gauge_break"
    return node["kind"] if node["kind"] in NODE_CLASSES else "other"


def segments_as_of(network: Network, year: int) -> tuple[list[dict], list[dict]]:
    """(open, not yet open) segments in `year`. A segment with no opening year counts as open
    when its status is operating (the data has no date for it), never otherwise."""
    opened, pending = [], []
    for s in network.segments:
        if s["status"] != "operating" or (s["opened"] is not None and s["opened"] > year):
            pending.append(s)
        else:
            opened.append(s)
    return opened, pending


def _segment_hover(s: dict, lang: str) -> str:
    _ = translator(lang)
    status = _(STATUS_WORDS[s["status"]]) if s["status"] in STATUS_WORDS else s["status"]
    details = _(
        "{mode}, {status}, opened {opened}",
        mode=_(MODE_STYLE[s["mode"]]["label"]),
        status=status,
        opened=s["opened"] or _("n/a"),
    )
    length = _("{km} km (geodesic between its end nodes)", km=number(s["length_km"], lang))
    return f"<b>{s['line']}</b><br>{details}<br>{length}"


def _line_trace(
    segs: list[dict], name: str, line: dict, opacity: float, group: str, lang="en", **kw
):
    lons: list = []
    lats: list = []
    text: list = []
    for s in segs:
        lons += [*s["lons"], None]
        lats += [*s["lats"], None]
        label = _segment_hover(s, lang)
        text += [label] * len(s["lons"]) + [None]
    return dict(
        type="scattergeo",
        lon=lons,
        lat=lats,
        mode="lines",
        name=name,
        line=line,
        opacity=opacity,
        text=text,
        hoverinfo="text",
        legendgroup=group,
        **kw,
    )


def _route_traces(
    opened: list[dict], visible: set[str], lang="en", by_route: bool = False
) -> list[dict]:
    """One trace per mode for the Middle Corridor (bold) and one for the other routes (thin);
    by_route (the China–Europe view): a colour and a legend entry per route, a trace per
    route and mode (the dash says the mode)."""
    _ = translator(lang)
    traces = []
    if by_route:
        for route, words in ROUTE_WORDS.items():
            segs = [s for s in opened if s["route"] == route and route in visible]
            for mode, style in MODE_STYLE.items():
                part = [s for s in segs if s["mode"] == mode]
                if not part:
                    continue
                line = {
                    "color": ROUTE_COLORS[route],
                    "width": 3.2 if route == "middle" else 2.2,
                    "dash": style["dash"],
                }
                first = not any(t["legendgroup"] == f"route:{route}" for t in traces)
                traces.append(
                    _line_trace(
                        part,
                        _(words),
                        line,
                        1.0,
                        f"route:{route}",
                        lang,
                        meta=mode,
                        showlegend=first,
                    )
                )
        return traces
    for mode, style in MODE_STYLE.items():
        main = [s for s in opened if s["mode"] == mode and s["route"] == "middle"]
        other = [
            s
            for s in opened
            if s["mode"] == mode and s["route"] != "middle" and s["route"] in visible
        ]
        if main:
            line = {"color": style["color"], "width": 3.2, "dash": style["dash"]}
            traces.append(_line_trace(main, _(style["label"]), line, 1.0, mode, lang, meta=mode))
        if other:
            line = {"color": style["color"], "width": 1.8, "dash": style["dash"]}
            # Pipelines are a route of their own, not "other routes" of the corridor.
            name = (
                _(style["label"])
                if mode == "pipeline"
                else _("{mode} (other routes)", mode=_(style["label"]))
            )
            traces.append(
                _line_trace(other, name, line, 0.75, mode, lang, meta=mode, showlegend=not main)
            )
    return traces


def _pending_traces(pending: list[dict], year: int, lang="en") -> list[dict]:
    """Segments not there in `year`: under construction, or planned / opened later."""
    _ = translator(lang)
    building = [s for s in pending if s["status"] == "under_construction"]
    later = [s for s in pending if s["status"] != "under_construction"]
    traces = []
    if building:
        line = {"color": "#555", "width": 2, "dash": "dash"}
        traces.append(
            _line_trace(
                building, _("Under construction"), line, 0.8, "pending", lang, meta="building"
            )
        )
    if later:
        line = {"color": PENDING_COLOR, "width": 1.5, "dash": "dot"}
        name = _("Not open in {year} / planned", year=year)
        traces.append(_line_trace(later, name, line, 0.8, "pending", lang, meta="pending"))
    return traces


def _direction_trace(segs: list[dict], _=str) -> dict:
    """An arrow halfway along each segment, its tip on the line, rotated to the segment's
    geodesic bearing. angleref 'up' (screen up, clockwise) equals the bearing because every
    preset uses Mercator, which is conformal with north up; plotly.js 4.1.1's angleref 'north'
    draws every non-zero angle pointing east in scattergeo (checked with kaleido)."""
    return dict(
        type="scattergeo",
        lon=[s["arrow"][0] for s in segs],
        lat=[s["arrow"][1] for s in segs],
        mode="markers",
        marker={
            "symbol": "arrow",
            "size": 11,
            "angle": [(s["arrow"][2] + 180) % 360 - 180 for s in segs],  # plotly's -180..180
            "angleref": "up",
            "color": [MODE_STYLE[s["mode"]]["color"] for s in segs],
            "line": {"color": "white", "width": 0.5},
        },
        customdata=[s["segment_id"] for s in segs],
        hoverinfo="skip",
        name=_("Direction of travel"),
        meta="direction",
    )


def _volume_text(value: float, unit: str, qualifier: str, lang: str = "en") -> str:
    _ = translator(lang)
    if value >= 1e6:
        num = _("{value} m", value=number(value / 1e6, lang, 2))
    else:
        num = number(value, lang)
    text = _(VOLUME_WORDS[unit], value=num) if unit in VOLUME_WORDS else f"{num} {unit}"
    return qualified(qualifier, text, _)


def node_throughput(
    volumes: pd.DataFrame | None, sources_by_id: dict, node_id: str, year: int, lang="en"
):
    """Hover lines with the node's full-year actual throughput in `year`, each value with its
    publisher. Several sources for one year are all listed (never summed or averaged)."""
    if volumes is None or node_id not in NODE_VOLUMES:
        return ""
    series, location = NODE_VOLUMES[node_id]
    rows = volumes[
        (volumes["series"] == series)
        & (volumes["location"] == location)
        & (volumes["year"] == year)
        & (volumes["period"] == "FY")
        & (volumes["kind"] == "actual")
    ]
    _ = translator(lang)
    if rows.empty:
        return _("Throughput {year}: no full-year figure in the data", year=year)
    seen, lines = set(), []
    for r in rows.sort_values(["unit", "source_id"]).itertuples():
        pub = sources_by_id.get(r.source_id, {}).get("publisher", r.source_id)
        text = f"{_volume_text(float(r.value), r.unit, r.qualifier, lang)} ({pub})"
        if text not in seen:
            seen.add(text)
            lines.append(text)
    return _("Throughput {year} (full year):", year=year) + "<br>" + "<br>".join(lines)


def _node_hover(node: dict, year: int, throughput: str, lang: str = "en") -> str:
    _ = translator(lang)
    kind = _(NODE_KIND_WORDS[node["kind"]]) if node["kind"] in NODE_KIND_WORDS else node["kind"]
    if node.get("gauge_break") and node["kind"] != "gauge_break":
        kind = _("{kind}; gauge break (1520 ↔ 1435 mm)", kind=kind)
    code = node["country"]
    where = f"{country_name(code, lang)} ({code})" if code else _("international waters")
    parts = [
        f"<b>{node['name']}</b>",
        f"{kind}, {where}",
        _("opened: {year}", year=node["opened"] or _("n/a")),
    ]
    if node["opened"] is not None and node["opened"] > year:
        parts.append(_("not open in {year}", year=year))
    if throughput:
        parts.append(throughput)
    return "<br>".join(parts)


def _node_traces(nodes, pending_nodes, preset, year, volumes, sources_by_id, lang="en") -> list:
    _ = translator(lang)
    traces = []
    size_text = 11 if preset in ("corridor", "world") else 12
    for cls, (label, symbol, size) in NODE_CLASSES.items():
        part = [n for n in nodes if node_class(n) == cls]
        if not part:
            continue
        traces.append(
            dict(
                type="scattergeo",
                lon=[n["lon"] for n in part],
                lat=[n["lat"] for n in part],
                mode="markers+text",
                text=[node_label(n, preset, _) for n in part],
                textposition=[
                    LABELS.get(preset, {}).get(n["node_id"], "middle right") for n in part
                ],
                textfont={"size": size_text, "color": "#222", "family": FONT},
                marker={
                    "size": size,
                    "symbol": symbol,
                    "color": "#333",
                    "line": {"color": "white", "width": 1},
                },
                customdata=[n["node_id"] for n in part],
                hovertext=[
                    _node_hover(
                        n,
                        year,
                        node_throughput(volumes, sources_by_id, n["node_id"], year, lang),
                        lang,
                    )
                    for n in part
                ],
                hoverinfo="text",
                name=_(label),
                meta=f"nodes:{cls}",
            )
        )
    if pending_nodes:
        traces.append(
            dict(
                type="scattergeo",
                lon=[n["lon"] for n in pending_nodes],
                lat=[n["lat"] for n in pending_nodes],
                mode="markers",
                marker={"size": 8, "symbol": "circle-open", "color": PENDING_COLOR},
                customdata=[n["node_id"] for n in pending_nodes],
                hovertext=[_node_hover(n, year, "", lang) for n in pending_nodes],
                hoverinfo="text",
                name=_("Not open in {year}", year=year),
                legendgroup="pending",
                meta="nodes:pending",
            )
        )
    return traces


def _sources_frame(sources_by_id: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [{"source_id": k, "published": v.get("published", "")} for k, v in sources_by_id.items()],
        columns=["source_id", "published"],
    )


def indicator_reporter(f: Filters) -> str:
    """The reporter whose figures colour the map: 'both' cannot colour one country twice, so it
    uses China's customs (said in the colour bar title)."""
    return "china" if f.reporter == "both" else f.reporter


def indicator_values(trade: pd.DataFrame, sources_by_id: dict, f: Filters) -> dict[str, dict]:
    """{iso3: {z, text, source_ids}} for the focus countries WITH a value in f.years[1]:
    full-year turnover with China from one reporter, one value per country-year as the trade
    chart's line picks it (most recently published source), never summed across sources."""
    year = f.years[1]
    rows = trade[
        (trade["period"] == "FY")
        & (trade["flow"] == "turnover")
        & (trade["reporter"] == indicator_reporter(f))
        & trade["country"].isin(FOCUS_COUNTRIES)
        & trade["year"].isin([year - 1, year])
    ]
    if rows.empty:
        return {}
    chosen = line_values(rows, _sources_frame(sources_by_id))
    by = {(r.country, int(r.year)): r for r in chosen[~chosen["other"]].itertuples()}

    _ = translator(f.lang)

    def words(r) -> str:
        pub = sources_by_id.get(r.source_id, {}).get("publisher", r.source_id)
        return f"{qualified(r.qualifier, usd_label(r.value_usd, f.lang), _)} ({pub})"

    out = {}
    for iso3 in FOCUS_COUNTRIES:
        cur, prev = by.get((iso3, year)), by.get((iso3, year - 1))
        if cur is None:
            continue
        if f.indicator == "turnover":
            out[iso3] = {
                "z": cur.value_usd / 1e9,
                "text": f"{year}: {words(cur)}",
                "source_ids": [cur.source_id],
            }
        elif prev is not None and prev.value_usd > 0:
            pct = (cur.value_usd / prev.value_usd - 1) * 100
            out[iso3] = {
                "z": pct,
                "text": f"{percent(pct, f.lang, signed=True)}: {year - 1} {words(prev)}"
                f"<br>→ {year} {words(cur)}",
                "source_ids": [prev.source_id, cur.source_id],
            }
    return out


def _country_traces(f: Filters, values: dict[str, dict], names: dict[str, str]) -> list:
    """Focus countries coloured by the indicator, the ones without data in grey (never as
    zero), and the selection outlined on top. Every focus country is in exactly one coloured
    or grey trace, so a click on any of them carries its ISO3 code in `location`."""
    year, _ = f.years[1], translator(f.lang)
    rep = _(REPORTER_NAMES[indicator_reporter(f)])
    traces = []
    nameof = lambda c: f"{country_name(c, f.lang, names.get(c, c))} ({c})"  # noqa: E731
    with_data = [c for c in FOCUS_COUNTRIES if c in values]
    if f.indicator != "none" and with_data:
        if f.indicator == "turnover":
            scale = {"colorscale": TURNOVER_SCALE, "zmin": 0}
            title = _("Turnover with China, US$ bn,<br>{year}, {reporter}", year=year, reporter=rep)
        else:
            scale = {"colorscale": CHANGE_SCALE, "zmid": 0}
            title = _(
                "Turnover with China, change (%)<br>{start}→{end}, {reporter}",
                start=year - 1,
                end=year,
                reporter=rep,
            )
        traces.append(
            dict(
                type="choropleth",
                locations=with_data,
                z=[values[c]["z"] for c in with_data],
                locationmode="ISO-3",
                customdata=with_data,
                text=[f"<b>{nameof(c)}</b><br>{values[c]['text']}" for c in with_data],
                hoverinfo="text",
                marker={"line": {"color": "#777", "width": 0.6}},
                colorbar={
                    "title": {"text": title, "font": {"size": 11}, "side": "top"},
                    "orientation": "h",
                    "x": 1.01,
                    "xanchor": "left",
                    "y": 0,
                    "yanchor": "bottom",
                    "len": 190,
                    "lenmode": "pixels",
                    "thickness": 10,
                    "tickfont": {"size": 10},
                },
                name=_(INDICATOR_TITLES[f.indicator]),
                meta="indicator",
                **scale,
            )
        )
    rest = [c for c in FOCUS_COUNTRIES if c not in with_data or f.indicator == "none"]
    if rest:
        no_data = f.indicator != "none"
        hover = (
            _("no data for {year} ({reporter})", year=year, reporter=rep)
            if no_data
            else _("click to select or remove")
        )
        traces.append(
            dict(
                type="choropleth",
                locations=rest,
                z=[0] * len(rest),
                locationmode="ISO-3",
                customdata=rest,
                colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]]
                if no_data
                else [[0, "#f1ead8"], [1, "#f1ead8"]],
                showscale=False,
                marker={"line": {"color": "#777", "width": 0.6}},
                text=[f"<b>{nameof(c)}</b><br>{hover}" for c in rest],
                hoverinfo="text",
                name=_("No data for {year}", year=year) if no_data else _("Focus countries"),
                showlegend=no_data,
                meta="nodata" if no_data else "focus",
            )
        )
    if f.countries:
        sel = list(f.countries)
        traces.append(
            dict(
                type="choropleth",
                locations=sel,
                z=[0] * len(sel),
                locationmode="ISO-3",
                customdata=sel,
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": SELECTED_LINE, "width": 2.4}},
                text=[
                    f"<b>{nameof(c)}</b> "
                    + _("(selected)")
                    + "<br>"
                    + (values[c]["text"] if c in values else hover)
                    for c in sel
                ],
                hoverinfo="text",
                name=_("Selected (click to add/remove)"),
                legendgroup="selection",
                showlegend=False,
                meta="selection",
            )
        )
        # A choropleth's legend swatch is its fill, here transparent: show the outline instead.
        traces.append(
            dict(
                type="scattergeo",
                lon=[None],
                lat=[None],
                mode="markers",
                marker={
                    "symbol": "square-open",
                    "size": 12,
                    "color": SELECTED_LINE,
                    "line": {"width": 2},
                },
                name=_("Selected (click to add/remove)"),
                legendgroup="selection",
                hoverinfo="skip",
                meta="selection-legend",
            )
        )
    return traces


def visible_routes(preset: str) -> set[str]:
    """The Middle Corridor and pipelines at the regional presets; every route on the world view."""
    return {"middle", "pipeline"} if preset != "world" else set(ROUTE_WORDS)


def map_selection(network: Network, f: Filters) -> tuple[list, list, list, list]:
    """What the map draws for the view: (open segments, segments not open in the year, open
    nodes on open segments, nodes waiting for a segment or their own opening). The figure and
    the map's CSV export both use this, so they always agree."""
    year = f.years[1]
    opened, pending = segments_as_of(network, year)
    visible = visible_routes(f.preset)
    shown = [s for s in opened if s["route"] in visible]
    later = [s for s in pending if s["route"] in visible]
    used = {s["from_node"] for s in shown} | {s["to_node"] for s in shown}
    planned = {s["from_node"] for s in later} | {s["to_node"] for s in later}
    candidates = [n for n in network.nodes if n["kind"] != "waypoint"]
    is_open = lambda n: n["opened"] is None or n["opened"] <= year  # noqa: E731
    nodes = [n for n in candidates if n["node_id"] in used and is_open(n)]
    drawn = {n["node_id"] for n in nodes}
    waiting = [n for n in candidates if n["node_id"] in (used | planned) - drawn]
    return shown, later, nodes, waiting


def make_map_figure(
    network: Network,
    sources_by_id: dict,
    f: Filters,
    trade: pd.DataFrame | None = None,
    volumes: pd.DataFrame | None = None,
    names: dict[str, str] | None = None,
) -> go.Figure:
    """The corridor as it stood in f.years[1], countries coloured by f.indicator from `trade`
    (without `trade`, no colouring), node throughput from `volumes` in the hover."""
    year, preset, names = f.years[1], f.preset, names or {}
    (lon0, lon1), (lat0, lat1), resolution = PRESET_VIEW[preset]
    values = indicator_values(trade, sources_by_id, f) if trade is not None else {}
    if trade is None and f.indicator != "none":
        f = replace(f, indicator="none")
    _ = translator(f.lang)
    shown, later, nodes, waiting = map_selection(network, f)
    visible = visible_routes(preset)
    traces = [
        *_country_traces(f, values, names),
        *_route_traces(shown, visible, f.lang, by_route=preset == "world"),
        *_pending_traces(later, year, f.lang),
        _direction_trace(shown, _),
        *_node_traces(nodes, waiting, preset, year, volumes, sources_by_id, f.lang),
    ]

    src_ids = [s["source_id"] for s in shown] + [n["source_id"] for n in nodes]
    src_ids += [sid for v in values.values() for sid in v["source_ids"]]
    src = sources_line(src_ids, sources_by_id, max_chars=200, lang=f.lang)
    subtitle = _(
        "{view}. Lines: geodesic between the listed nodes, not surveyed track.",
        view=_(PRESET_WORDS[preset]),
    )
    if f.indicator != "none":
        subtitle += " " + _(
            "Countries: {indicator}, {year}.", indicator=_(INDICATOR_TITLES[f.indicator]), year=year
        )
    layout = base_layout(
        _("The Middle Corridor as it stood in {year}", year=year),
        subtitle,
        wrap(_("{sources} Basemap: Natural Earth (public domain).", sources=src), 150),
        height=MAP_HEIGHT,
        lang=f.lang,
    )
    # Legend and colour bar share a column right of the map; the sources line stays below.
    layout["margin"] = {"l": 5, "r": LEGEND_WIDTH, "t": 58, "b": 62}
    layout["legend"] = {
        "orientation": "v",
        "x": 1.01,
        "xanchor": "left",
        "y": 1,
        "yanchor": "top",
        "font": {"size": 10},
        "tracegroupgap": 0,
        "itemwidth": 30,
    }
    layout["geo"] = _geo_layout(lon0, lon1, lat0, lat1, resolution)
    layout["uirevision"] = preset  # keep the user's own zoom until the preset changes
    return figure(traces, layout)


def _geo_layout(lon0: float, lon1: float, lat0: float, lat1: float, resolution: int) -> dict:
    return {
        "projection": {"type": "mercator"},
        "resolution": resolution,
        "lonaxis": {"range": [lon0, lon1]},
        "lataxis": {"range": [lat0, lat1]},
        "showland": True,
        "landcolor": LAND,
        "showocean": False,
        "bgcolor": WATER,
        "showlakes": True,
        "lakecolor": WATER,
        "showcountries": True,
        "countrycolor": "#9a9a9a",
        "countrywidth": 0.8,
        "showcoastlines": True,
        "coastlinecolor": "#7a9bb5",
        "coastlinewidth": 0.6,
        "showrivers": False,
        "showframe": False,
    }


def toggle_country(countries: list[str] | None, click_data: dict | None) -> list[str]:
    """The country selection after a click on the map: a focus country's ISO3 code is added
    or removed; a click on anything else (a node, a line, another country) or malformed
    click data leaves the selection unchanged."""
    current = list(countries or [])
    try:
        iso3 = click_data["points"][0]["location"]
    except (KeyError, IndexError, TypeError):
        return current
    if iso3 not in FOCUS_COUNTRIES:
        return current
    return [c for c in current if c != iso3] if iso3 in current else [*current, iso3]


def map_summary(network: Network, filters: Filters) -> str:
    opened, pending = segments_as_of(network, filters.years[1])
    middle = [s for s in opened if s["route"] == "middle"]
    km = sum(s["length_km"] for s in middle)
    _ = translator(filters.lang)
    return _(
        "In {year} the map shows {n} open Middle Corridor segments ({km} km along the drawn "
        "lines) and {pending} segments not yet open.",
        year=filters.years[1],
        n=len(middle),
        km=number(km, filters.lang),
        pending=len(pending),
    )
