"""The corridor map, the route comparison and the country toggle, tested by their properties.

Reference values are recomputed here from the CSV files with the standard library (csv, math),
not with the code under test.
"""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from dashboard.config import ROOT
from dashboard.data.geo import ROUTE_PATHS
from dashboard.figures.map import (
    NO_DATA_COLOR,
    TURNOVER_SCALE,
    make_map_figure,
    segments_as_of,
    toggle_country,
)
from dashboard.filters import FOCUS_COUNTRIES, Filters
from dashboard.views.routes import route_comparison
from dashboard.web.tables import route_table


def _csv(name: str) -> list[dict]:
    with open(ROOT / "data" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


NODES = {r["node_id"]: r for r in _csv("nodes.csv")}
SEGMENTS = _csv("segments.csv")


def haversine_km(lon1, lat1, lon2, lat2, r=6371.0088):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def spherical_bearing(lon1, lat1, lon2, lat2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def chain_segments(route: str) -> list[dict]:
    """The CSV rows along a route's chain (a row of the route itself wins over a shared one)."""
    chain = ROUTE_PATHS[route]
    out = []
    for a, b in zip(chain, chain[1:], strict=False):
        rows = [s for s in SEGMENTS if s["from_node"] == a and s["to_node"] == b]
        out.append(next((s for s in rows if s["route"] == route), rows[0]))
    return out


def fig_for(bundle, **kw):
    f = Filters(**kw)
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    return make_map_figure(
        bundle.network, bundle.sources_by_id, f, bundle.trade, bundle.volumes, names
    )


def trace(fig, meta):
    return next(t for t in fig.data if t.meta == meta)


def drawn_segments(fig) -> set[str]:
    return set(trace(fig, "direction").customdata)


# ---------------------------------------------------------------- route geometry


@pytest.mark.parametrize("route", sorted(ROUTE_PATHS))
def test_route_length_within_1pct_of_independent_great_circle_sum(bundle, route):
    chain = ROUTE_PATHS[route]
    ref = sum(
        haversine_km(
            float(NODES[a]["lon"]), float(NODES[a]["lat"]), float(NODES[b]["lon"]),
            float(NODES[b]["lat"]),
        )
        for a, b in zip(chain, chain[1:], strict=False)
    )  # fmt: skip
    assert bundle.network.paths[route]["length_km"] == pytest.approx(ref, rel=0.01)


@pytest.mark.parametrize("route", sorted(ROUTE_PATHS))
def test_border_crossings_match_the_segments(bundle, route):
    expected = [
        f"{NODES[s['from_node']]['country']}→{NODES[s['to_node']]['country']}"
        for s in chain_segments(route)
        if s["mode"] != "sea" and NODES[s["from_node"]]["country"] != NODES[s["to_node"]]["country"]
    ]
    assert bundle.network.paths[route]["border_crossings"] == expected


def test_crossings_and_transshipments_per_route(bundle):
    df = route_comparison(bundle.network, bundle.transit, bundle.sources_by_id).set_index("route")
    # Read off segments.csv along each chain: Khorgos 1435->1520, Akhalkalaki 1520->1435,
    # Aktau rail->ferry, Alat ferry->rail; Dostyk and Malaszewicze gauge changes; the sea
    # route is sea all the way.
    assert df.loc["middle", "crossings"] == "CHN→KAZ, KAZ→AZE, AZE→GEO, GEO→TUR"
    assert df.loc["middle", "transshipments"] == 4
    assert df.loc["northern", "border_crossings"] == 5
    assert df.loc["northern", "transshipments"] == 2
    assert df.loc["suez", ["border_crossings", "transshipments"]].tolist() == [0, 0]
    for route in ROUTE_PATHS:
        segs = chain_segments(route)
        modes = sum(a["mode"] != b["mode"] for a, b in zip(segs, segs[1:], strict=False))
        gauges = [s["gauge_mm"] for s in segs if s["mode"] == "rail" and s["gauge_mm"]]
        changes = sum(a != b for a, b in zip(gauges, gauges[1:], strict=False))
        assert df.loc[route, "transshipments"] == modes + changes


def test_transit_times_are_compared_like_for_like(bundle):
    """Issue 17: no route gets a range made of unlike trips; each claim keeps its endpoints."""
    from dashboard.views.routes import transit_comparison

    df = route_comparison(bundle.network, bundle.transit, bundle.sources_by_id)
    assert "days_min" not in df.columns and "days_max" not in df.columns
    rows = _csv("transit.csv")
    t = transit_comparison(bundle.transit, bundle.sources_by_id)
    assert len(t) == len(rows)  # one row per published claim, nothing merged or averaged
    hub = t[t["scope"] == "hub_to_hub"]
    unnamed = {"China", "Europe", "EU"}
    assert not hub.empty and not (set(hub["origin"]) | set(hub["destination"])) & unnamed
    # the low ends the issue names are partial trips, in their own rows with their legs
    khorgos = t[(t["origin"] == "Khorgos") & (t["destination"] == "Moscow/St Petersburg")]
    assert khorgos["scope"].tolist() == ["other_trip"] and khorgos["days"].tolist() == ["4–5 days"]
    baku = t[(t["origin"] == "China") & (t["destination"] == "Azerbaijan")]
    assert baku["scope"].tolist() == ["other_trip"]
    # routes_on_pair counts the routes with a claim on exactly the same endpoints
    for r in t.itertuples():
        same = {
            x["route"] for x in rows if (x["origin"], x["destination"]) == (r.origin, r.destination)
        }
        assert r.routes_on_pair == len(same)


def test_transit_table_keeps_scopes_apart(bundle):
    from dashboard.web.tables import transit_table

    tables = [
        c
        for c in transit_table(bundle.transit, bundle.sources_by_id).children
        if c.className and "transit-table" in c.className
    ]
    assert len(tables) == 3
    captions = [t.children[0].children for t in tables]
    assert captions[0].startswith("China hub to European hub, both named")
    body = tables[2].children[2].children
    assert any(r.children[0].children == "Khorgos" for r in body)


def test_route_table_is_accessible(bundle):
    df = route_comparison(bundle.network, bundle.transit, bundle.sources_by_id)
    table = route_table(df).to_plotly_json()["props"]["children"]
    caption, thead, tbody = table
    assert "geodesic" in caption.children
    assert all(th.scope == "col" for th in thead.children.children)
    rows = tbody.children
    assert len(rows) == 4 and all(r.children[0].scope == "row" for r in rows)
    assert "Transit time" not in str(thead)  # transit times are compared like for like apart


# ---------------------------------------------------------------- as of a year


def test_segments_2016_vs_2017_differ_exactly_by_what_opened_in_2017(bundle):
    open16 = {s["segment_id"] for s in segments_as_of(bundle.network, 2016)[0]}
    open17 = {s["segment_id"] for s in segments_as_of(bundle.network, 2017)[0]}
    opened_2017 = {s["segment_id"] for s in SEGMENTS if s["opened"] == "2017"}
    assert open17 - open16 == opened_2017
    assert open16 <= open17
    assert "btk_akh_kars" in opened_2017


def test_drawn_segments_2016_vs_2018_are_what_opened_in_2017_and_2018(bundle):
    d16 = drawn_segments(fig_for(bundle, years=(2010, 2016)))
    d18 = drawn_segments(fig_for(bundle, years=(2010, 2018)))
    shown_routes = {"middle", "pipeline"}  # the corridor preset
    expected = {
        s["segment_id"]
        for s in SEGMENTS
        if s["opened"] in ("2017", "2018") and s["route"] in shown_routes
    }
    assert d18 - d16 == expected
    assert {"btk_akh_kars", "ferry_aktau_alat", "tanap_east"} <= expected
    pending16 = trace(fig_for(bundle, years=(2010, 2016)), "pending")
    assert pending16.name == "Not open in 2016 / planned"


def test_nodes_not_open_yet_are_drawn_as_pending(bundle):
    fig = fig_for(bundle, years=(2010, 2017))
    assert "alat" in trace(fig, "nodes:pending").customdata  # Alat opened 2018
    fig = fig_for(bundle, years=(2010, 2018))
    assert "alat" in trace(fig, "nodes:port").customdata


# ---------------------------------------------------------------- nodes


def test_gauge_breaks_and_border_crossings_have_their_own_markers(bundle):
    fig = fig_for(bundle, years=(2013, 2024), preset="world")
    gauge = trace(fig, "nodes:gauge_break")
    border = trace(fig, "nodes:border_crossing")
    # Khorgos: kind border_crossing in nodes.csv, but 1435 mm and 1520 mm rail meet there.
    assert {"dostyk", "akhalkalaki", "khorgos_cn", "malaszewicze"} <= set(gauge.customdata)
    assert "alashankou" in border.customdata
    assert gauge.marker.symbol != border.marker.symbol
    assert gauge.showlegend is not False and border.showlegend is not False


def _hover(fig, node_id):
    for t in fig.data:
        if str(t.meta).startswith("nodes:") and node_id in (t.customdata or ()):
            return t.hovertext[list(t.customdata).index(node_id)]
    raise AssertionError(node_id)


def test_node_hover_has_full_year_actual_throughput_with_publisher(bundle):
    hover = _hover(fig_for(bundle, years=(2013, 2021)), "alat")
    assert "Port of Baku (Alat)" in hover and "AZE" in hover and "opened: 2018" in hover
    assert "5.60 m t" in hover and "45,025 TEU" in hover  # FY 2021, actual
    assert "4.20 m" not in hover  # the January-September 2021 figure is not a full year
    hover23 = _hover(fig_for(bundle, years=(2013, 2023)), "alat")
    assert "15.00 m t" not in hover23  # capacity, not throughput
    assert "Sea News" in hover23 or "MENAFN" in hover23


def test_node_without_volume_data_says_so(bundle):
    hover = _hover(fig_for(bundle, years=(2013, 2024)), "kuryk")
    assert "Throughput 2024: no full-year figure in the data" in hover


# ---------------------------------------------------------------- directions


def test_direction_markers_point_along_each_segment(bundle):
    fig = fig_for(bundle, years=(2013, 2024), preset="world")
    arrows = trace(fig, "direction")
    assert arrows.marker.angleref == "up"  # Mercator: screen up is north
    assert fig.layout.geo.projection.type == "mercator"
    segs = {s["segment_id"]: s for s in SEGMENTS}
    assert len(arrows.customdata) >= 40
    for sid, lon, lat, angle in zip(
        arrows.customdata, arrows.lon, arrows.lat, arrows.marker.angle, strict=True
    ):
        a, b = NODES[segs[sid]["from_node"]], NODES[segs[sid]["to_node"]]
        ends = [(float(n["lon"]), float(n["lat"])) for n in (a, b)]
        # halfway along the segment ...
        assert haversine_km(*ends[0], lon, lat) == pytest.approx(
            haversine_km(lon, lat, *ends[1]), rel=0.01, abs=1.0
        )
        # ... pointing at its far end (towards the travel direction)
        expected = spherical_bearing(lon, lat, *ends[1])
        assert abs((angle - expected + 180) % 360 - 180) < 1.0, sid


# ---------------------------------------------------------------- countries


def _located(fig, meta):
    t = next((t for t in fig.data if t.meta == meta), None)
    return list(t.locations) if t is not None else []


def test_every_focus_country_is_clickable_once(bundle):
    for indicator in ("turnover", "turnover_change", "none"):
        fig = fig_for(bundle, indicator=indicator)
        located = _located(fig, "indicator") + _located(fig, "nodata") + _located(fig, "focus")
        assert sorted(located) == sorted(FOCUS_COUNTRIES)


TRADE = pd.DataFrame(
    [
        ("KAZ", 2023, "FY", "turnover", 0.0, "exact", "china", "s1", "q", ""),
        ("UZB", 2023, "FY", "turnover", 5e9, "exact", "china", "s1", "q", ""),
        ("UZB", 2023, "FY", "turnover", 6e9, "exact", "china", "s2", "q", ""),
        ("UZB", 2022, "FY", "turnover", 4e9, "exact", "china", "s1", "q", ""),
        ("GEO", 2023, "M01-M06", "turnover", 1e9, "exact", "china", "s1", "q", ""),
        ("AZE", 2023, "FY", "turnover", 2e9, "exact", "partner", "s1", "q", ""),
    ],
    columns=[
        "country", "year", "period", "flow", "value_usd", "qualifier", "reporter", "source_id",
        "quote", "note",
    ],
)  # fmt: skip
SOURCES = {
    "s1": {"publisher": "Pub One", "published": "2024-01-01"},
    "s2": {"publisher": "Pub Two", "published": "2024-06-01"},
}


def _fixture_fig(bundle, **kw):
    return make_map_figure(bundle.network, SOURCES, Filters(years=(2013, 2023), **kw), TRADE, None)


def test_no_data_is_drawn_unlike_zero(bundle):
    fig = _fixture_fig(bundle)
    ind, nodata = trace(fig, "indicator"), trace(fig, "nodata")
    z = dict(zip(ind.locations, ind.z, strict=True))
    assert z["KAZ"] == 0.0  # a real zero is coloured on the scale
    assert "GEO" in nodata.locations  # a half-year figure is not a full year: no data
    assert "AZE" in nodata.locations  # partner figure, but the map uses China's
    assert "KAZ" not in nodata.locations
    assert nodata.colorscale[0][1] == NO_DATA_COLOR != TURNOVER_SCALE[0][1]
    assert nodata.name == "No data for 2023" and nodata.showlegend
    assert all("no data for 2023" in t for t in nodata.text)


def test_indicator_follows_the_latest_source_never_a_sum(bundle):
    ind = trace(_fixture_fig(bundle), "indicator")
    z = dict(zip(ind.locations, ind.z, strict=True))
    assert z["UZB"] == pytest.approx(6.0)  # Pub Two, published later; not 11
    change = trace(_fixture_fig(bundle, indicator="turnover_change"), "indicator")
    assert dict(zip(change.locations, change.z, strict=True)) == {"UZB": pytest.approx(50.0)}
    assert "2022→2023" in change.colorbar.title.text


def test_reporter_both_uses_china_and_says_so(bundle):
    ind = trace(_fixture_fig(bundle, reporter="both"), "indicator")
    assert "China's customs" in ind.colorbar.title.text and "2023" in ind.colorbar.title.text
    partner = trace(_fixture_fig(bundle, reporter="partner"), "indicator")
    assert list(partner.locations) == ["AZE"]


def test_selection_is_outlined(bundle):
    fig = _fixture_fig(bundle, countries=("AZE", "GEO"))
    sel = trace(fig, "selection")
    assert list(sel.locations) == ["AZE", "GEO"]
    assert sel.marker.line.width >= 2
    assert trace(fig, "selection-legend").showlegend is not False


def test_map_keeps_sources_line_and_basemap(bundle):
    fig = fig_for(bundle)
    text = next(a.text for a in fig.layout.annotations if a.name == "sources")
    assert text.startswith("Sources: ") and "Natural Earth" in text
    assert fig.layout.geo.showcountries is True and fig.layout.geo.resolution == 50


# ---------------------------------------------------------------- toggle


def click(location):
    return {"points": [{"curveNumber": 0, "pointNumber": 1, "location": location}]}


@pytest.mark.parametrize(
    ("countries", "data", "expected"),
    [
        (["KAZ", "AZE"], click("GEO"), ["KAZ", "AZE", "GEO"]),
        (["KAZ", "AZE"], click("AZE"), ["KAZ"]),
        ([], click("ARM"), ["ARM"]),
        (None, click("ARM"), ["ARM"]),
        (["KAZ"], click("CHN"), ["KAZ"]),  # not a focus country
        (["KAZ"], click(None), ["KAZ"]),
        (["KAZ"], {"points": [{"lon": 50, "lat": 40}]}, ["KAZ"]),  # a node, no location
        (["KAZ"], {"points": []}, ["KAZ"]),
        (["KAZ"], None, ["KAZ"]),
        (["KAZ"], "garbage", ["KAZ"]),
        (["KAZ"], {"points": [["AZE"]]}, ["KAZ"]),
    ],
)
def test_toggle_country(countries, data, expected):
    assert toggle_country(countries, data) == expected
