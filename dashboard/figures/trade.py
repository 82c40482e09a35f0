"""China's trade with the selected countries: one line per country, gaps where no source exists."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..filters import Filters
from .common import base_layout, country_style, no_data_figure, sources_line, usd_label, wrap

FLOW_TITLES = {
    "turnover": "Trade turnover with China",
    "partner_exports": "Exports to China",
    "partner_imports": "Imports from China",
}
REPORTER_WORDS = {
    "china": "as reported by China's customs",
    "partner": "as reported by each partner country",
}


def trade_rows(trade: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Exactly the rows behind the chart: full years only, the chosen flow and reporter."""
    df = filters.apply(trade)
    df = df[(df["period"] == "FY") & (df["flow"] == filters.flow)]
    if filters.reporter != "both":
        df = df[df["reporter"] == filters.reporter]
    return df.sort_values(["country", "year", "reporter", "source_id"])


def line_values(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One value per (country, reporter, year) for the line.

    When several sources give the same year, the line follows the most recently published
    one (statistics offices revise; a later publication supersedes an earlier one) and every
    other value stays on the chart as its own marker, so no conflict is hidden.
    """
    if rows.empty:
        return rows.assign(other=pd.Series(dtype=bool))
    pub = sources.set_index("source_id")["published"].astype(object).fillna("")
    ranked = rows.assign(_pub=rows["source_id"].map(pub)).sort_values(
        ["country", "reporter", "year", "_pub", "source_id"],
        ascending=[True, True, True, False, True],
    )
    first = ~ranked.duplicated(["country", "reporter", "year"], keep="first")
    return ranked.assign(other=~first).drop(columns="_pub")


def make_trade_figure(trade: pd.DataFrame, sources: pd.DataFrame, filters: Filters) -> go.Figure:
    title = f"{FLOW_TITLES[filters.flow]}, {filters.years[0]}–{filters.years[1]}"
    reporter = (
        "China's and each partner's figures"
        if filters.reporter == "both"
        else REPORTER_WORDS[filters.reporter]
    )
    subtitle = f"Goods, current US dollars, {reporter}. Full calendar years; gaps = no source."
    rows = trade_rows(trade, filters)
    if not filters.countries:
        return no_data_figure(title, "No countries selected: pick one or more above.", subtitle)
    if rows.empty:
        return no_data_figure(title, "No data for the selected countries and years.", subtitle)
    ranked = line_values(rows, sources)
    lookup = (
        sources.astype(object).where(sources.notna(), "").set_index("source_id").to_dict("index")
    )
    years = list(range(filters.years[0], filters.years[1] + 1))
    fig = go.Figure()
    reporters = ["china", "partner"] if filters.reporter == "both" else [filters.reporter]
    for iso3 in filters.countries:
        style = country_style(iso3)
        for rep in reporters:
            part = ranked[(ranked["country"] == iso3) & (ranked["reporter"] == rep)]
            if part.empty:
                continue
            main = part[~part["other"]].set_index("year").reindex(years)
            name = iso3 if filters.reporter != "both" else f"{iso3} ({rep})"
            custom = [
                [
                    (lookup.get(s, {}).get("publisher", "") if isinstance(s, str) else ""),
                    q if isinstance(q, str) else "",
                ]
                for s, q in zip(main["source_id"], main["quote"], strict=True)
            ]
            fig.add_trace(
                go.Scatter(
                    x=years,
                    y=main["value_usd"].tolist(),
                    name=name,
                    mode="lines+markers",
                    connectgaps=False,
                    line={
                        "color": style["color"],
                        "dash": "dot"
                        if rep == "partner" and filters.reporter == "both"
                        else style["dash"],
                        "width": 2,
                    },
                    marker={"symbol": style["symbol"], "size": 7},
                    customdata=custom,
                    meta=iso3,
                    hovertemplate=(
                        f"<b>{name}</b> %{{x}}: %{{y:$,.3s}}<br>Source: %{{customdata[0]}}"
                        "<br><i>%{customdata[1]}</i><extra></extra>"
                    ),
                )
            )
            other = part[part["other"]]
            if not other.empty:
                fig.add_trace(
                    go.Scatter(
                        x=other["year"].tolist(),
                        y=other["value_usd"].tolist(),
                        name=f"{name}: other published value",
                        mode="markers",
                        marker={"symbol": "circle-open", "size": 9, "color": style["color"]},
                        customdata=[
                            [lookup.get(s, {}).get("publisher", "")] for s in other["source_id"]
                        ],
                        meta=iso3,
                        hovertemplate=(
                            f"<b>{name}</b> %{{x}}: %{{y:$,.3s}} (another source)<br>"
                            "Source: %{customdata[0]}<extra></extra>"
                        ),
                    )
                )
    layout = base_layout(title, subtitle, wrap(sources_line(rows["source_id"], lookup), 130))
    layout["xaxis"] = {
        "range": [filters.years[0] - 0.5, filters.years[1] + 0.5],
        "dtick": 1 if filters.years[1] - filters.years[0] <= 12 else 2,
        "showgrid": False,
        "title": None,
    }
    layout["yaxis"] = {
        "title": "US$",
        "tickprefix": "$",
        "exponentformat": "B",
        "rangemode": "tozero",
        "gridcolor": "#e6e6e6",
    }
    fig.update_layout(layout)
    return fig


def trade_summary(trade: pd.DataFrame, filters: Filters) -> str:
    """One sentence from the data, for screen readers and the page."""
    rows = trade_rows(trade, filters)
    if rows.empty:
        return "No trade figures for this selection."
    last = rows.sort_values("year").groupby("country").tail(1)
    parts = [f"{r.country} {usd_label(r.value_usd)} in {r.year}" for r in last.itertuples()]
    return f"{FLOW_TITLES[filters.flow]}, latest year with a source: " + "; ".join(parts) + "."
