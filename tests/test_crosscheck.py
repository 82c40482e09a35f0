"""Cross-check: every China-side full-year turnover published elsewhere (customs releases,
MOFCOM, embassies, state media) against the IMF IMTS sum of China's exports and imports for
the same country and year. `pytest -s` prints the table; every difference over 2% must be
listed, with its likely reason, in data/README.md ("Cross-check" section)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.config import ROOT

IMF_SOURCE = "imf-imts-chn-2001-2024"
LIMIT = 2.0  # per cent
SECTION = "## Cross-check: China-side turnover against the IMF IMTS sum"


def comparison(trade: pd.DataFrame) -> pd.DataFrame:
    """One row per published China-side FY turnover (not the IMF's) with the IMF sum."""
    fy = trade[(trade["period"] == "FY") & (trade["flow"] == "turnover")]
    fy = fy[fy["reporter"] == "china"]
    imf = fy[fy["source_id"] == IMF_SOURCE].set_index(["country", "year"])["value_usd"]
    other = fy[fy["source_id"] != IMF_SOURCE].copy()
    other["imf"] = [imf.get((c, y)) for c, y in zip(other["country"], other["year"], strict=True)]
    other = other.dropna(subset=["imf"])
    other["diff_pct"] = (other["value_usd"] / other["imf"] - 1) * 100
    cols = ["country", "year", "value_usd", "qualifier", "source_id", "imf", "diff_pct"]
    return other.sort_values(["country", "year", "source_id"])[cols].reset_index(drop=True)


def listed_in_readme(text: str) -> dict[tuple[str, int, str], float]:
    """(country, year, source_id) -> difference in % as the README's table gives it."""
    body = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    listed = {}
    for line in body.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and re.fullmatch(r"[A-Z]{3}", cells[0]) and cells[1].isdigit():
            pct = float(cells[5].replace("%", "").replace("−", "-"))
            listed[(cells[0], int(cells[1]), cells[3])] = pct
    return listed


def _table(df: pd.DataFrame) -> str:
    lines = ["country year  published $bn  qualifier   IMF sum $bn   diff  source_id"]
    for r in df.itertuples():
        flag = " <-- over 2%" if abs(r.diff_pct) > LIMIT else ""
        lines.append(
            f"{r.country}     {r.year}  {r.value_usd / 1e9:13.3f}  {r.qualifier:<10} "
            f"{r.imf / 1e9:12.3f} {r.diff_pct:+6.1f}%  {r.source_id}{flag}"
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def table(bundle) -> pd.DataFrame:
    return comparison(bundle.trade)


def test_cross_check_table_prints_and_every_large_difference_is_explained(table):
    print()
    print(_table(table))
    assert len(table) > 40  # the published China-side turnovers of the eight countries
    listed = listed_in_readme((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
    large = table[table["diff_pct"].abs() > LIMIT]
    missing = [
        (r.country, r.year, r.source_id, round(r.diff_pct, 1))
        for r in large.itertuples()
        if (r.country, r.year, r.source_id) not in listed
    ]
    assert not missing, f"list these in data/README.md ({SECTION}): {missing}"
    # the listed figures are the computed ones (a row that changed must be re-listed)
    for r in table.itertuples():
        key = (r.country, r.year, r.source_id)
        if key in listed:
            assert listed[key] == pytest.approx(r.diff_pct, abs=0.051), key


def test_comparison_finds_a_difference_it_is_given(bundle):
    trade = bundle.trade.copy()
    hit = (
        (trade["source_id"] == "trcn-astanatimes-2025-01-kaz-2024")
        & (trade["country"] == "KAZ")
        & (trade["flow"] == "turnover")
    )
    trade.loc[hit, "value_usd"] = 50e9
    row = (
        comparison(trade)
        .set_index(["country", "year", "source_id"])
        .loc[("KAZ", 2024, "trcn-astanatimes-2025-01-kaz-2024")]
    )
    assert row["diff_pct"] == pytest.approx((50e9 / 43_890_994_664 - 1) * 100)
