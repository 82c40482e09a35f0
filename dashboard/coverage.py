"""Coverage of the trade data as a Markdown matrix: country x year x reporter (data/README.md)."""

from __future__ import annotations

import pandas as pd

from .filters import FOCUS_COUNTRIES

MARK = {("china",): "C", ("partner",): "P", ("china", "partner"): "CP"}


def trade_matrix(trade: pd.DataFrame, first: int = 2005, last: int = 2024) -> str:
    """C = China-reported full-year turnover, P = partner-reported, CP = both, . = none."""
    fy = trade[(trade["period"] == "FY") & (trade["flow"] == "turnover")]
    years = list(range(first, last + 1))
    lines = [
        "| country | " + " | ".join(str(y)[2:] for y in years) + " |",
        "|---|" + "---|" * len(years),
    ]
    for c in FOCUS_COUNTRIES:
        cells = []
        for y in years:
            reps = tuple(sorted(set(fy[(fy["country"] == c) & (fy["year"] == y)]["reporter"])))
            cells.append(MARK.get(reps, "."))
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def counts(tables: dict[str, pd.DataFrame]) -> str:
    lines = ["| file | rows |", "|---|---|"]
    for name, df in tables.items():
        lines.append(f"| {name}.csv | {len(df)} |")
    t = tables["trade"]
    fy = t[t["period"] == "FY"]
    by = fy.groupby("reporter")[["country", "year"]].apply(lambda d: len(d.drop_duplicates()))
    lines.append("")
    lines.append(
        "Country-years with at least one full-year trade figure: "
        + ", ".join(f"{k} {v}" for k, v in by.items())
        + "."
    )
    return "\n".join(lines)
