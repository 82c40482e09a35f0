"""The corridor map: routes as typed segments, nodes, selected countries, as of a year.

The basemap is plotly's topojson served from assets/topojson (see scripts/build_basemap.py):
resolution 50 is the region-cut file used by the corridor presets, 110 the whole world.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..filters import Filters
from ..geo import Network
from .common import FONT, MAP_HEIGHT, base_layout, sources_line, wrap

WATER = "#d4e6f1"
LAND = "#f7f5f0"

MODE_STYLE = {
    "rail": {"color": "#0072B2", "dash": "solid", "label": "Rail"},
    "ferry": {"color": "#009E73", "dash": "dash", "label": "Caspian / Black Sea ferry"},
    "sea": {"color": "#56B4E9", "dash": "dot", "label": "Sea route"},
    "road": {"color": "#E69F00", "dash": "dashdot", "label": "Road"},
    "pipeline": {"color": "#CC79A7", "dash": "longdash", "label": "Pipeline (oil/gas)"},
}
ROUTE_WORDS = {
    "middle": "Middle Corridor",
    "northern": "Northern route (Russia)",
    "southern": "Southern route (Iran)",
    "suez": "Sea route via Suez",
    "pipeline": "Pipeline",
}

# lon range, lat range, basemap resolution
# (The map panel is about 2.6 times wider than high; these ranges fill it in Mercator.)
PRESET_VIEW = {
    "corridor": ((25.0, 112.0), (33.5, 50.5), 50),
    "caspian": ((41.0, 62.0), (38.0, 46.5), 50),
    "caucasus": ((39.0, 51.5), (39.6, 44.2), 50),
    "world": ((-15.0, 130.0), (-2.0, 60.0), 110),
}
PRESET_WORDS = {
    "corridor": "Whole corridor",
    "caspian": "Caspian crossing",
    "caucasus": "South Caucasus",
    "world": "China to Europe (all routes)",
}

# Which nodes get a text label at each preset (markers and hover are always there). Wide
# views name a few anchors so labels never pile up; close views name every node of a kind.
LABEL_NODES = {
    "corridor": {
        "xian",
        "urumqi",
        "khorgos_cn",
        "dostyk",
        "almaty",
        "aktau",
        "alat",
        "tbilisi",
        "poti",
        "kars",
        "istanbul",
        "constanta",
    },
    "world": {
        "xian",
        "aktau",
        "alat",
        "istanbul",
        "moscow",
        "duisburg",
        "shanghai",
        "rotterdam",
        "singapore",
        "port_said",
        "tehran",
    },
}
LABEL_KINDS = {
    "caspian": {"port", "border_crossing", "gauge_break", "dry_port", "city"},
    "caucasus": {"port", "border_crossing", "gauge_break", "dry_port", "city", "rail_junction"},
}
# Short labels where the data's name is long (the full name stays in the hover).
SHORT_LABEL = {
    "alat": "Alat (Port of Baku)",
    "gardabani": "Gardabani",
    "khorgos_cn": "Khorgos",
    "dostyk": "Dostyk",
    "alashankou": "Alashankou",
}


def node_label(node: dict, preset: str) -> str:
    if node["node_id"] in LABEL_NODES.get(preset, ()) or node["kind"] in LABEL_KINDS.get(
        preset, ()
    ):
        return SHORT_LABEL.get(node["node_id"], node["name"].split(" (")[0])
    return ""


# Label placement for nodes that sit close together (presentation only).
TEXT_POSITION = {
    "alat": "bottom center",
    "baku": "top right",
    "aktau": "top center",
    "kuryk": "bottom right",
    "khorgos_cn": "bottom center",
    "alashankou": "top right",
    "dostyk": "top left",
    "poti": "top left",
    "batumi": "bottom left",
    "akhalkalaki": "bottom center",
    "kars": "bottom center",
    "gardabani": "top right",
    "tbilisi": "top center",
}
NODE_SYMBOL = {
    "port": "circle",
    "border_crossing": "diamond",
    "gauge_break": "square",
    "dry_port": "hexagon",
    "rail_junction": "circle-open",
    "city": "circle",
    "waypoint": "circle",
}


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


def _line_trace(
    segs: list[dict],
    mode: str,
    name: str,
    width: float,
    opacity: float,
    dash: str | None = None,
    showlegend: bool = True,
) -> go.Scattergeo:
    lons: list = []
    lats: list = []
    text: list = []
    for s in segs:
        lons += [*s["lons"], None]
        lats += [*s["lats"], None]
        label = f"{s['line']}<br>{s['length_km']:,.0f} km, opened {s['opened'] or 'n/a'}"
        text += [label] * len(s["lons"]) + [None]
    style = MODE_STYLE[mode]
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        name=name,
        line={"color": style["color"], "width": width, "dash": dash or style["dash"]},
        opacity=opacity,
        text=text,
        hoverinfo="text",
        legendgroup=mode,
        showlegend=showlegend,
        meta=mode,
    )


def make_map_figure(
    network: Network, sources_lookup: dict, filters: Filters, selectable: tuple[str, ...] = ()
) -> go.Figure:
    year = filters.years[1]
    preset = filters.preset
    (lon0, lon1), (lat0, lat1), resolution = PRESET_VIEW[preset]
    fig = go.Figure()

    # Selected countries, drawn under everything else.
    if filters.countries:
        fig.add_trace(
            go.Choropleth(
                locations=list(filters.countries),
                z=[1] * len(filters.countries),
                locationmode="ISO-3",
                colorscale=[[0, "#fbe3b5"], [1, "#fbe3b5"]],
                showscale=False,
                marker={"line": {"color": "#b07b16", "width": 1.2}},
                hovertemplate="%{location} (selected)<extra></extra>",
                name="Selected countries",
                meta="selection",
            )
        )

    opened, pending = segments_as_of(network, year)
    visible_routes = {"middle", "pipeline"} if preset != "world" else set(ROUTE_WORDS)
    for mode in MODE_STYLE:
        main = [s for s in opened if s["mode"] == mode and s["route"] == "middle"]
        other = [
            s
            for s in opened
            if s["mode"] == mode and s["route"] != "middle" and s["route"] in visible_routes
        ]
        if main:
            fig.add_trace(_line_trace(main, mode, MODE_STYLE[mode]["label"], 3.2, 1.0))
        if other:
            fig.add_trace(
                _line_trace(
                    other,
                    mode,
                    f"{MODE_STYLE[mode]['label']} (other routes)",
                    1.8,
                    0.75,
                    showlegend=not main,
                )
            )
    planned = [s for s in pending if s["route"] in visible_routes]
    if planned:
        trace = _line_trace(planned, "rail", f"Not open in {year} / planned", 1.5, 0.6, "dot")
        trace.line.color = "#888"
        fig.add_trace(trace)

    used = {s["from_node"] for s in opened} | {s["to_node"] for s in opened}
    nodes = [
        n
        for n in network.nodes
        if n["node_id"] in used
        and n["kind"] != "waypoint"
        and (n["opened"] is None or n["opened"] <= year)
    ]
    fig.add_trace(
        go.Scattergeo(
            lon=[n["lon"] for n in nodes],
            lat=[n["lat"] for n in nodes],
            mode="markers+text",
            text=[node_label(n, preset) for n in nodes],
            textposition=[TEXT_POSITION.get(n["node_id"], "middle right") for n in nodes],
            textfont={"size": 11 if preset == "corridor" else 12, "color": "#222", "family": FONT},
            marker={
                "size": [
                    9 if n["kind"] in {"port", "border_crossing", "gauge_break"} else 6
                    for n in nodes
                ],
                "symbol": [NODE_SYMBOL[n["kind"]] for n in nodes],
                "color": "#333",
                "line": {"color": "white", "width": 1},
            },
            customdata=[
                [n["name"], n["kind"].replace("_", " "), n["country"], n["opened"] or "n/a"]
                for n in nodes
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}, %{customdata[2]}<br>"
            "opened: %{customdata[3]}<extra></extra>",
            name="Ports, crossings, gauge breaks",
            meta="nodes",
        )
    )
    src = sources_line(
        [s["source_id"] for s in opened] + [n["source_id"] for n in nodes],
        sources_lookup,
        max_chars=200,
    )
    layout = base_layout(
        f"The Middle Corridor as it stood in {year}",
        f"{PRESET_WORDS[preset]}. Lines: geodesic between the listed nodes, not surveyed track.",
        wrap(src + " Basemap: Natural Earth (public domain).", 150),
        height=MAP_HEIGHT,
    )
    layout["margin"] = {"l": 5, "r": 5, "t": 58, "b": 62}
    layout["legend"] = {
        "orientation": "h",
        "y": -0.02,
        "x": 0,
        "font": {"size": 11},
        "bgcolor": "rgba(255,255,255,0.8)",
    }
    layout["geo"] = {
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
    layout["uirevision"] = preset  # keep the user's own zoom until the preset changes
    fig.update_layout(layout)
    return fig


def map_summary(network: Network, filters: Filters) -> str:
    opened, pending = segments_as_of(network, filters.years[1])
    middle = [s for s in opened if s["route"] == "middle"]
    km = sum(s["length_km"] for s in middle)
    return (
        f"In {filters.years[1]} the map shows {len(middle)} open Middle Corridor segments "
        f"({km:,.0f} km along the drawn lines) and {len(pending)} segments not yet open."
    )
