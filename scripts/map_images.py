"""Render the corridor map alone at each zoom preset with kaleido (offline basemap).

    python scripts/map_images.py [out_dir=docs] [--year 2024] [--width 1300]

Writes map-<preset>.png: the figures the dashboard draws (make_map_figure with the trade and
volumes tables), at the map panel's height. Not run by the app or the tests.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import plotly.io as pio

from dashboard.config import ROOT
from dashboard.data import load_bundle
from dashboard.figures.map import make_map_figure
from dashboard.filters import Filters


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default=str(ROOT / "docs"))
    p.add_argument("--year", type=int, default=2024)
    p.add_argument("--width", type=int, default=1300)
    p.add_argument("--presets", default="corridor,caspian,caucasus")
    p.add_argument("--indicator", default="turnover")
    a = p.parse_args()
    # plotly.js fetches the basemap by URL; point kaleido at the committed files.
    pio.defaults.topojson = (
        ROOT / "dashboard" / "web" / "assets" / "topojson"
    ).resolve().as_uri() + "/"
    bundle = load_bundle(ROOT / "data")
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    figs, paths = [], []
    for preset in a.presets.split(","):
        f = Filters(years=(2013, a.year), preset=preset, indicator=a.indicator)
        figs.append(
            make_map_figure(
                bundle.network, bundle.sources_by_id, f, bundle.trade, bundle.volumes, names
            )
        )
        paths.append(Path(a.out) / f"map-{preset}.png")
    pio.write_images(figs, paths, width=a.width, scale=1)
    for path in paths:
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
