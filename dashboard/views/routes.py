"""Route comparison: Middle Corridor vs the Northern route, the route via Iran and the sea.

Lengths, border crossings and transshipments come from the route geometry computed once at load
(geo.Network.paths: one explicit chain of nodes per route). Transit times are the published
claims in transit.csv, each with the endpoints its source names (origin, destination) and its
scope, and they are compared like for like only:
- hub_to_hub claims (a named China hub to a named European hub) are listed per origin and
  destination; routes are set side by side only on the same origin and destination;
- claims without named endpoints, and partial or other trips, are rows of their own, each
  labelled with its endpoints (its legs);
- no range is ever made across claims of different endpoints, and nothing is averaged.
"""

from __future__ import annotations

import pandas as pd

from ..data.geo import Network
from ..i18n import N_, translator
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
    "transit_claims",
]
SCOPE_WORDS = {
    "hub_to_hub": N_("China hub to European hub, both named: compared on the same endpoints only."),
    "unnamed_endpoints": N_("China to Europe, an endpoint not named: not compared."),
    "other_trip": N_(
        "Part of the way or another trip (each with its own endpoints): not compared."
    ),
}
TRANSIT_COLUMNS = ["scope", "origin", "destination", "route", "days", "claims", "routes_on_pair"]


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
                "transit_claims": _claims(claims, sources_by_id),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _days_text(days_min, days_max, qualifier, _=str) -> str:
    if days_min is None or pd.isna(days_min):
        return _("less than {max} days", max=int(days_max))
    lo, hi = int(days_min), int(days_max)
    text = _("{min}–{max} days", min=lo, max=hi) if lo != hi else _("{n} days", n=lo)
    return _("about {value}", value=text) if qualifier == "about" else text


def transit_comparison(transit: pd.DataFrame, sources_by_id: dict, lang: str = "en"):
    """One row per published claim: scope, origin, destination, route, days (as published),
    its source, and how many routes have a claim on the same origin and destination (a
    like-for-like comparison exists only where that is 2 or more). Sorted by scope, then
    endpoints, then route."""
    _ = translator(lang)
    order = {k: i for i, k in enumerate(SCOPE_WORDS)}
    route_order = {k: i for i, k in enumerate(ROUTE_NAMES)}
    pairs = transit.groupby(["origin", "destination"])["route"].nunique().to_dict()
    rows = []
    for r in transit.itertuples():
        src = sources_by_id.get(r.source_id, {})
        year = str(src.get("published") or "")[:4]
        rows.append(
            {
                "scope": r.scope,
                "origin": r.origin,
                "destination": r.destination,
                "route": r.route,
                "days": _days_text(r.days_min, r.days_max, r.qualifier, _),
                "claims": src.get("publisher", r.source_id) + (f" ({year})" if year else ""),
                "quote": r.quote,
                "routes_on_pair": pairs[(r.origin, r.destination)],
                "_sort": (
                    order.get(r.scope, 9),
                    r.origin,
                    r.destination,
                    route_order.get(r.route, 9),
                    r.days_max,
                ),
            }
        )
    rows.sort(key=lambda r: r.pop("_sort"))
    return pd.DataFrame(rows, columns=[*TRANSIT_COLUMNS, "quote"])


def route_short(route: str, _) -> str:
    return _(ROUTE_SHORT[route]) if route in ROUTE_SHORT else route


ROUTE_SHORT = {
    "middle": N_("Middle Corridor"),
    "northern": N_("Northern route"),
    "southern": N_("Southern route"),
    "suez": N_("Sea via Suez"),
}
