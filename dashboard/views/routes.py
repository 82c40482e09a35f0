"""Route comparison: Middle Corridor vs the Northern route, the route via Iran and the sea.

Lengths, border crossings and transshipments come from the route geometry computed once at load
(geo.Network.paths: one explicit chain of nodes per route); transit times are the published
claims in transit.csv, shown as a range (lowest minimum – highest maximum) with every source,
never averaged.
"""

from __future__ import annotations

import pandas as pd

from ..data.geo import Network
from ..i18n.labels import ROUTE_NAMES

COLUMNS = [
    "route",
    "name",
    "start",
    "end",
    "length_km",
    "border_crossings",
    "crossings",
    "transshipments",
    "transshipment_places",
    "days_min",
    "days_max",
    "transit_claims",
]


def _claims(rows: pd.DataFrame, sources_by_id: dict) -> list[str]:
    out = []
    for r in rows.sort_values(["days_max", "source_id"]).itertuples():
        src = sources_by_id.get(r.source_id, {})
        year = str(src.get("published") or "")[:4]
        who = src.get("publisher", r.source_id) + (f" ({year})" if year else "")
        lo = "" if pd.isna(r.days_min) else f"{int(r.days_min)}"
        days = f"{lo}–{int(r.days_max)}" if lo and lo != f"{int(r.days_max)}" else lo
        if not lo:
            days = f"less than {int(r.days_max)}"
        qual = "about " if r.qualifier == "about" else ""
        out.append(f"{qual}{days} days: {who}; {r.note}")
    return out


def route_comparison(network: Network, transit: pd.DataFrame, sources_by_id: dict) -> pd.DataFrame:
    """One row per route in network.paths, in ROUTE_NAMES order."""
    names = {n["node_id"]: n["name"] for n in network.nodes}
    rows = []
    for route, name in ROUTE_NAMES.items():
        path = network.paths.get(route)
        if path is None:
            continue
        claims = transit[transit["route"] == route]
        places = [f"{p} (gauge)" for p in path["gauge_breaks"]] + path["mode_changes"]
        rows.append(
            {
                "route": route,
                "name": name,
                "start": names[path["nodes"][0]],
                "end": names[path["nodes"][-1]],
                "length_km": path["length_km"],
                "border_crossings": len(path["border_crossings"]),
                "crossings": ", ".join(path["border_crossings"]),
                "transshipments": len(path["gauge_breaks"]) + len(path["mode_changes"]),
                "transshipment_places": "; ".join(places),
                # a claim without a minimum ("less than 13 days") bounds only the maximum
                "days_min": None
                if claims["days_min"].isna().all()
                else int(claims["days_min"].min()),
                "days_max": None if claims.empty else int(claims["days_max"].max()),
                "transit_claims": _claims(claims, sources_by_id),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def days_text(row, _=str) -> str:
    if row.days_max is None or pd.isna(row.days_max):
        return _("no published claim in the data")
    if row.days_min is None or pd.isna(row.days_min):
        return _("up to {max} days", max=int(row.days_max))
    return _("{min}–{max} days", min=int(row.days_min), max=int(row.days_max))
