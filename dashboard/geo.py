"""Route geometry, computed once at load with geopandas/shapely/pyproj and handed on as plain lists.

Segment lengths are geodesic on the WGS84 ellipsoid (pyproj.Geod), never degrees. Each segment is
densified along its geodesic (GEODESIC_STEP_KM) so the drawn line is the line that was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString

GEOD = Geod(ellps="WGS84")
GEODESIC_STEP_KM = 50.0
BOUNDARIES = Path("boundaries") / "countries.geojson"


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
    countries_geojson: dict = field(default_factory=dict)


def geodesic_points(lon1: float, lat1: float, lon2: float, lat2: float) -> list[tuple]:
    """Points along the geodesic from (lon1, lat1) to (lon2, lat2), ends included."""
    dist_km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
    n_mid = max(int(dist_km // GEODESIC_STEP_KM), 0)
    mids = GEOD.npts(lon1, lat1, lon2, lat2, n_mid) if n_mid else []
    return [(lon1, lat1), *mids, (lon2, lat2)]


def line_length_km(line: LineString) -> float:
    return GEOD.geometry_length(line) / 1000.0


def read_boundaries(data_dir: Path) -> gpd.GeoDataFrame:
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

    node_list = [
        {k: (None if pd.isna(v) else v) for k, v in row.items() if k != "_row"}
        for row in nodes.to_dict("records")
    ]
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": r.iso3,
                "properties": {"iso3": r.iso3},
                "geometry": r.geometry.__geo_interface__,
            }
            for r in boundaries.itertuples()
        ],
    }
    return Network(segs, node_list, routes, geojson)
