"""Route geometry: geodesic lengths, densified lines, countries crossed."""

from __future__ import annotations

import math

import pytest

from dashboard.figures.map import segments_as_of


def haversine_km(lon1, lat1, lon2, lat2, r=6371.0088):
    """Independent great-circle check (mean Earth radius); WGS84 geodesics differ by < 0.6%."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


@pytest.mark.parametrize("segment_id", ["ferry_aktau_alat", "btk_akh_kars", "cn_xian_urumqi"])
def test_segment_length_matches_geodesic(bundle, segment_id):
    seg = next(s for s in bundle.network.segments if s["segment_id"] == segment_id)
    nodes = {n["node_id"]: n for n in bundle.network.nodes}
    a, b = nodes[seg["from_node"]], nodes[seg["to_node"]]
    expected = haversine_km(a["lon"], a["lat"], b["lon"], b["lat"])
    assert seg["length_km"] == pytest.approx(expected, rel=0.01)


def test_lines_are_densified_along_the_geodesic(bundle):
    seg = next(s for s in bundle.network.segments if s["segment_id"] == "cn_xian_urumqi")
    # about 2,100 km at one point per 50 km
    assert len(seg["lons"]) > 30
    assert seg["lons"][0] == pytest.approx(108.9, abs=0.01)


def test_route_length_is_sum_of_its_segments(bundle):
    middle = [s for s in bundle.network.segments if s["route"] == "middle"]
    assert bundle.network.routes["middle"]["length_km"] == pytest.approx(
        sum(s["length_km"] for s in middle), abs=1.0
    )


def test_caspian_ferry_crosses_no_country_but_its_ends(bundle):
    seg = next(s for s in bundle.network.segments if s["segment_id"] == "ferry_aktau_alat")
    # exactly its two ends' countries: the crossing test finds them, and no third one at sea
    assert sorted(seg["countries"]) == ["AZE", "KAZ"]


def test_btk_opened_2017(bundle):
    """Segments present in 2016 vs 2018 differ by what the data says opened in 2017/2018."""
    open16 = {s["segment_id"] for s in segments_as_of(bundle.network, 2016)[0]}
    open18 = {s["segment_id"] for s in segments_as_of(bundle.network, 2018)[0]}
    opened_between = {
        s["segment_id"]
        for s in bundle.network.segments
        if s["status"] == "operating" and s["opened"] in (2017, 2018)
    }
    assert open18 - open16 == opened_between
    assert "btk_akh_kars" in opened_between
