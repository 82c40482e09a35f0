"""Coverage of the trade data as a Markdown matrix: country x year x reporter (data/README.md)."""

from __future__ import annotations

import pandas as pd

from ..filters import FOCUS_COUNTRIES
from ..i18n import translator
from ..i18n.labels import REPORTER_NAMES

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


# ---------------------------------------------------------------- filled / empty / conflict
# The matrix: 8 countries x 2000-2025 x 2 reporters = 416 cells of full-year turnover.
FIRST, LAST = 2000, 2025
REPORTER_ORDER = ("china", "partner")
# Two published values of one cell more than this apart (relative to the smaller) conflict;
# the same threshold as the cross-check against the IMF (tests/test_crosscheck.py).
CONFLICT_SHARE = 0.02
STATUS_MARK = {"filled": "●", "conflict": "×", "empty": "·"}


def coverage_cells(
    trade: pd.DataFrame, first: int = FIRST, last: int = LAST, countries=FOCUS_COUNTRIES
) -> pd.DataFrame:
    """One row per country, reporter and year: status filled / conflict / empty and the number
    of full-year turnover rows behind it. Conflict: the cell's published values differ by more
    than CONFLICT_SHARE (a filled cell whose sources disagree)."""
    fy = trade[(trade["period"] == "FY") & (trade["flow"] == "turnover")]
    fy = fy[fy["country"].isin(countries) & fy["year"].between(first, last)]
    stats = fy.groupby(["country", "reporter", "year"])["value_usd"].agg(["size", "min", "max"])
    found = {k: tuple(v) for k, v in zip(stats.index, stats.to_numpy(), strict=True)}
    rows = []
    for c in countries:
        for rep in REPORTER_ORDER:
            for y in range(first, last + 1):
                n, lo, hi = found.get((c, rep, y), (0, 0.0, 0.0))
                if not n:
                    status = "empty"
                elif hi - lo > CONFLICT_SHARE * lo:
                    status = "conflict"
                else:
                    status = "filled"
                rows.append((c, rep, y, status, int(n)))
    return pd.DataFrame(rows, columns=["country", "reporter", "year", "status", "rows"])


def coverage_summary(cells: pd.DataFrame) -> list[str]:
    """The coverage figures in words (English: the CLI and data/README.md)."""

    def part(df: pd.DataFrame, what: str) -> str:
        filled = int((df["status"] != "empty").sum())
        conflict = int((df["status"] == "conflict").sum())
        return (
            f"{what}: {filled} of {len(df)} cells filled ({100 * filled / len(df):.0f}%), "
            f"{conflict} of them with a conflict"
        )

    first, last = int(cells["year"].min()), int(cells["year"].max())
    n = cells["country"].nunique()
    lines = [part(cells, f"All: {n} countries x {first}-{last} x China / partner")]
    for rep, words in (("china", "China side"), ("partner", "Partner side")):
        lines.append(part(cells[cells["reporter"] == rep], f"{words}, {first}-{last}"))
    china = cells[(cells["reporter"] == "china") & cells["year"].between(2001, 2024)]
    lines.append(part(china, f"China side, {n} x 2001-2024"))
    partner = cells[(cells["reporter"] == "partner") & cells["year"].between(2005, 2024)]
    lines.append(part(partner, f"Partner side, {n} x 2005-2024"))
    return lines


def coverage_text(cells: pd.DataFrame) -> str:
    """The matrix as Markdown: one row per country and reporter, one column per year."""
    years = sorted(set(cells["year"]))
    lines = [
        "| country | reporter | " + " | ".join(str(y)[2:] for y in years) + " |",
        "|---|---|" + "---|" * len(years),
    ]
    marks = {(r.country, r.reporter, r.year): STATUS_MARK[r.status] for r in cells.itertuples()}
    for c in dict.fromkeys(cells["country"]):
        for rep in REPORTER_ORDER:
            row = " | ".join(marks[(c, rep, y)] for y in years)
            lines.append(f"| {c} | {rep} | {row} |")
    legend = ", ".join(f"{mark} {status}" for status, mark in STATUS_MARK.items())
    return "\n".join(lines) + f"\n\n{legend} (conflict: values differ by more than 2%)"


def matrix_rows(cells: pd.DataFrame) -> list[dict]:
    """The Sources tab's table: a row per country and reporter, a column per year (str)."""
    out: dict[tuple, dict] = {}
    for r in cells.itertuples():
        row = out.setdefault(
            (r.country, r.reporter), {"country": r.country, "reporter": r.reporter}
        )
        row[str(r.year)] = STATUS_MARK[r.status]
    return list(out.values())


def cell_of(cells: pd.DataFrame, active_cell) -> tuple[str, str, int] | None:
    """(country, reporter, year) of a clicked cell of matrix_rows(cells), from the row number
    and the column id only (never from what the browser says the cell holds); None for a
    click on a name column, or anything malformed."""
    if not isinstance(active_cell, dict):
        return None
    row, col = active_cell.get("row"), active_cell.get("column_id")
    keys = list(dict.fromkeys(zip(cells["country"], cells["reporter"], strict=True)))
    if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < len(keys):
        return None
    if not isinstance(col, str) or not col.isdigit() or int(col) not in set(cells["year"]):
        return None
    return (*keys[row], int(col))


def rows_behind(trade: pd.DataFrame, country: str, reporter: str, year: int) -> pd.DataFrame:
    """The full-year turnover rows behind one cell."""
    t = trade
    hit = (
        (t["country"] == country)
        & (t["reporter"] == reporter)
        & (t["year"] == year)
        & (t["period"] == "FY")
        & (t["flow"] == "turnover")
    )
    cols = ["country", "year", "reporter", "value_usd", "qualifier", "source_id", "quote", "note"]
    return t[hit][cols].sort_values("source_id").reset_index(drop=True)


# ---------------------------------------------------------------- the Sources tab's view
def _cells(bundle) -> pd.DataFrame:
    return bundle.memo.get((coverage_cells,), lambda: coverage_cells(bundle.trade))


def coverage_view(bundle, lang: str) -> tuple[list[dict], str]:
    """(matrix rows, caption) for the Sources tab, reporter names and caption in lang."""
    _ = translator(lang)
    cells = _cells(bundle)
    rows = matrix_rows(cells)
    for row in rows:
        row["id"] = f"{row['country']}:{row['reporter']}"
        row["reporter"] = _(REPORTER_NAMES[row["reporter"]])
    filled = int((cells["status"] != "empty").sum())
    conflict = int((cells["status"] == "conflict").sum())
    caption = _(
        "{filled} of {cells} cells filled, {conflict} of them with a conflict.",
        filled=filled,
        cells=len(cells),
        conflict=conflict,
    )
    return rows, caption


def coverage_cell_view(bundle, active_cell, lang: str) -> tuple[str, list[dict], list[dict]]:
    """(what the clicked cell is, its rows with their sources, the rows' columns); empty for
    a click on a name column or a malformed cell."""
    _ = translator(lang)
    cells = _cells(bundle)
    if isinstance(active_cell, dict) and "row_id" in active_cell:
        # the row's id names the country and reporter (sorting cannot move it); checked here
        keys = list(dict.fromkeys(zip(cells["country"], cells["reporter"], strict=True)))
        row_id = active_cell["row_id"]
        parts = tuple(row_id.split(":", 1)) if isinstance(row_id, str) else None
        active_cell = {**active_cell, "row": keys.index(parts) if parts in keys else -1}
    hit = cell_of(cells, active_cell)
    if hit is None:
        return "", [], []
    country, reporter, year = hit
    rows = rows_behind(bundle.trade, country, reporter, year)
    lookup = bundle.sources_by_id
    rows["publisher"] = [lookup.get(s, {}).get("publisher", "") for s in rows["source_id"]]
    rows["url"] = [lookup.get(s, {}).get("url", "") for s in rows["source_id"]]
    rows = rows.astype(object).where(rows.notna(), "")
    text = _(
        "{country}, {year}, {reporter}: {n} row(s) behind this cell.",
        country=country,
        year=year,
        reporter=_(REPORTER_NAMES[reporter]),
        n=len(rows),
    )
    columns = [{"name": c, "id": c} for c in rows.columns]
    return text, rows.to_dict("records"), columns
