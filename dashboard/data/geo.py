"""Route geometry, computed once at load with geopandas/shapely/pyproj and handed on as plain lists.

Segment lengths are geodesic on the WGS84 ellipsoid (pyproj.Geod), never degrees. Each segment is
densified along its geodesic (GEODESIC_STEP_KM) so the drawn line is the line that was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry import LineString

# geopandas, shapely and pyproj are imported where the geometry is computed, not with this
# module: a start that finds its bundle in the cache (dashboard/cache.py) never needs them.


@cache
def geod():
    """The WGS84 ellipsoid for geodesic lengths, points and bearings."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


GEODESIC_STEP_KM = 50.0
BOUNDARIES = Path("boundaries") / "countries.geojson"

# One path through the network per route, as the chain of node ids a train or ship passes.
# The data holds branches (Dostyk or Khorgos, Aktau or Kuryk, BTK or Poti/Batumi); the route
# comparison needs one explicit chain each, chosen here and named in the table.
ROUTE_PATHS: dict[str, tuple[str, ...]] = {
    "middle": (
        "xian", "urumqi", "khorgos_cn", "almaty", "shu", "kyzylorda", "aktau", "alat", "ganja",
        "gardabani", "tbilisi", "akhalkalaki", "kars", "erzurum", "ankara", "istanbul",
    ),
    "northern": (
        "xian", "urumqi", "alashankou", "dostyk", "aktogay", "yekaterinburg", "moscow", "brest",
        "malaszewicze", "duisburg",
    ),
    "southern": (
        "xian", "alashankou", "dostyk", "aktogay", "aktau", "bereket", "gorgan", "tehran",
        "tabriz", "ankara", "istanbul",
    ),
    "suez": (
        "shanghai", "east_china_sea", "taiwan_strait", "south_china_sea", "singapore_strait",
        "malacca_strait", "andaman_sea", "colombo", "guardafui_channel", "bab_el_mandeb", "suez",
        "port_said", "strait_of_sicily", "alboran_sea", "gibraltar_strait", "cape_st_vincent",
        "cape_finisterre", "ushant", "rotterdam",
    ),
}  # fmt: skip
# Open-sea legs pass no border post: only rail, road and ferry legs count as border crossings.
NO_BORDER_MODES = {"sea"}


class GeometryError(Exception):
    def __init__(self, file: str, row: int, column: str, rule: str):
        self.file, self.row, self.column, self.rule = file, row, column, rule
        super().__init__(f"{file}:{row}:{column}: {rule}")


@dataclass(frozen=True)
class Network:
    """Plain, JSON-ready geometry for the figures."""

    segments: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    routes: dict[str, dict] = field(default_factory=dict)
    paths: dict[str, dict] = field(default_factory=dict)


def geodesic_points(lon1: float, lat1: float, lon2: float, lat2: float) -> list[tuple]:
    """Points along the geodesic from (lon1, lat1) to (lon2, lat2), ends included."""
    dist_km = geod().inv(lon1, lat1, lon2, lat2)[2] / 1000.0
    n_mid = max(int(dist_km // GEODESIC_STEP_KM), 0)
    mids = geod().npts(lon1, lat1, lon2, lat2, n_mid) if n_mid else []
    return [(lon1, lat1), *mids, (lon2, lat2)]


def line_length_km(line: LineString) -> float:
    return geod().geometry_length(line) / 1000.0


def midpoint_bearing(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple:
    """(lon, lat, bearing) halfway along the geodesic; bearing in degrees clockwise from north,
    pointing towards (lon2, lat2). Drawn as a rotated triangle: plotly geo lines have no arrows."""
    az12, _, dist = geod().inv(lon1, lat1, lon2, lat2)
    lon, lat, back = geod().fwd(lon1, lat1, az12, dist / 2)
    return round(lon, 4), round(lat, 4), round((back + 180.0) % 360.0, 1)


def gauge_break_nodes(nodes: pd.DataFrame, segments: pd.DataFrame) -> set[str]:
    """Nodes where track gauge changes: kind gauge_break in the data, or rail segments of two
    different recorded gauges (1520/1435 mm) meeting there."""
    gauges: dict[str, set[int]] = {}
    for seg in segments.itertuples(index=False):
        if seg.mode == "rail" and not pd.isna(seg.gauge_mm):
            for node in (seg.from_node, seg.to_node):
                gauges.setdefault(node, set()).add(int(seg.gauge_mm))
    by_kind = set(nodes.loc[nodes["kind"] == "gauge_break", "node_id"])
    return by_kind | {n for n, g in gauges.items() if len(g) > 1}


def _path_segments(route: str, chain: tuple[str, ...], segs: list[dict]) -> list[dict]:
    """The segments along a chain of nodes; a segment of the route itself wins over a shared
    one of another route (e.g. Ankara–Istanbul is stored once, under the Middle Corridor)."""
    out = []
    for a, b in zip(chain, chain[1:], strict=False):
        found = [s for s in segs if s["from_node"] == a and s["to_node"] == b]
        if not found:
            rule = f"route {route!r} needs a segment from {a!r} to {b!r} (geo.ROUTE_PATHS)"
            raise GeometryError("segments.csv", 0, "from_node", rule)
        out.append(next((s for s in found if s["route"] == route), found[0]))
    return out


def _gauge_breaks(path: list[dict], kinds: dict[str, str], names: dict[str, str]) -> list[str]:
    """Where the recorded rail gauge changes along the path, one entry per change. Segments of
    unrecorded gauge are skipped; the change is placed at the node between the two gauges, or at
    the one node of kind gauge_break on the way, else reported as 'between A and B'."""
    out: list[str] = []
    last_gauge, last_at = None, None
    for i, s in enumerate(path):
        if s["mode"] != "rail" or s["gauge_mm"] is None:
            continue
        if last_gauge is not None and s["gauge_mm"] != last_gauge:
            candidates = [p["to_node"] for p in path[last_at:i]]
            marked = [n for n in candidates if kinds.get(n) == "gauge_break"]
            if len(candidates) == 1:
                out.append(names[candidates[0]])
            elif len(marked) == 1:
                out.append(names[marked[0]])
            else:
                out.append(f"between {names[candidates[0]]} and {names[candidates[-1]]}")
        last_gauge, last_at = s["gauge_mm"], i
    return out


def short_name(node: dict) -> str:
    """'Aktau (port)' -> 'Aktau'; names that start with 'Port of' keep their place name."""
    name = node["name"]
    return name if name.startswith("Port of") else name.split(" (")[0]


def route_path(route: str, chain: tuple[str, ...], segs: list[dict], nodes: list[dict]) -> dict:
    """Length, border crossings, mode changes and gauge breaks along one chain of nodes."""
    path = _path_segments(route, chain, segs)
    names = {n["node_id"]: short_name(n) for n in nodes}
    kinds = {n["node_id"]: n["kind"] for n in nodes}
    crossings = [
        f"{s['from_country']}→{s['to_country']}"
        for s in path
        if s["mode"] not in NO_BORDER_MODES
        and s["from_country"]
        and s["to_country"]
        and s["from_country"] != s["to_country"]
    ]
    mode_changes = [
        f"{names[a['to_node']]}: {a['mode']}→{b['mode']}"
        for a, b in zip(path, path[1:], strict=False)
        if a["mode"] != b["mode"]
    ]
    return {
        "nodes": list(chain),
        "segments": [s["segment_id"] for s in path],
        "length_km": round(sum(s["length_km"] for s in path), 1),
        "border_crossings": crossings,
        "mode_changes": mode_changes,
        "gauge_breaks": _gauge_breaks(path, kinds, names),
        "source_ids": list(dict.fromkeys(s["source_id"] for s in path)),
    }


def read_boundaries(data_dir: Path) -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = data_dir / BOUNDARIES
    if not path.is_file():
        raise GeometryError(str(BOUNDARIES), 0, "-", "file is missing")
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeometryError(str(BOUNDARIES), 0, "-", f"not readable GeoJSON ({exc})") from exc
    if "iso3" not in gdf.columns:
        raise GeometryError(str(BOUNDARIES), 0, "iso3", "missing property")
    return gdf.set_crs(4326, allow_override=True)


def build_network(nodes: pd.DataFrame, segments: pd.DataFrame, data_dir: Path) -> Network:
    import geopandas as gpd
    from shapely.geometry import LineString

    boundaries = read_boundaries(data_dir)
    by_id = nodes.set_index("node_id")
    records, lines = [], []
    for seg in segments.itertuples(index=False):
        a, b = by_id.loc[seg.from_node], by_id.loc[seg.to_node]
        pts = geodesic_points(a.lon, a.lat, b.lon, b.lat)
        lines.append(LineString(pts))
        records.append(
            {
                "segment_id": seg.segment_id,
                "route": seg.route,
                "line": seg.line,
                "mode": seg.mode,
                "status": seg.status,
                "opened": None if pd.isna(seg.opened) else int(seg.opened),
                "gauge_mm": None if pd.isna(seg.gauge_mm) else int(seg.gauge_mm),
                "from_node": seg.from_node,
                "to_node": seg.to_node,
                "from_country": a.country,
                "to_country": b.country,
                "source_id": seg.source_id,
                "lons": [round(p[0], 4) for p in pts],
                "lats": [round(p[1], 4) for p in pts],
                "arrow": midpoint_bearing(a.lon, a.lat, b.lon, b.lat),
            }
        )
    gdf = gpd.GeoDataFrame(records, geometry=lines, crs=4326)
    gdf["length_km"] = [line_length_km(g) for g in gdf.geometry]
    crossed = gpd.sjoin(
        gdf[["segment_id", "geometry"]],
        boundaries[["iso3", "geometry"]],
        predicate="intersects",
        how="left",
    )
    countries = crossed.groupby("segment_id")["iso3"].apply(
        lambda s: sorted(x for x in s.dropna().unique())
    )
    gdf["countries"] = gdf["segment_id"].map(countries)

    segs = []
    for rec, length, ctry in zip(records, gdf["length_km"], gdf["countries"], strict=True):
        segs.append({**rec, "length_km": round(float(length), 1), "countries": list(ctry or [])})

    routes = {}
    for route, part in gdf.groupby("route", sort=False):
        routes[route] = {
            "length_km": round(float(part["length_km"].sum()), 1),
            "segments": len(part),
            "countries": sorted({c for cs in part["countries"] for c in (cs or [])}),
        }

    breaks = gauge_break_nodes(nodes, segments)
    node_list = [
        {
            **{k: (None if pd.isna(v) else v) for k, v in row.items() if k != "_row"},
            "gauge_break": row["node_id"] in breaks,
        }
        for row in nodes.to_dict("records")
    ]
    paths = {r: route_path(r, chain, segs, node_list) for r, chain in ROUTE_PATHS.items()}
    return Network(segs, node_list, routes, paths)
