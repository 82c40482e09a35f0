"""The memo-claims checker: verdicts computed from the data files, each kind reachable by editing
a copy of the data; the CLI and the view."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import ROOT
from dashboard.data import load_bundle
from dashboard.schema import TABLE_BY_NAME, validate_table
from dashboard.views.claims import (
    CONTRADICTED,
    DIFFERS,
    DISAGREE,
    NO_DATA,
    SUPPORTED,
    VERDICTS,
    evaluate_claims,
)
from dashboard.views.claims.evaluation import compare, compare_range, printed_precision
from dashboard.views.claims.wording import INCONCLUSIVE, MATCH, MISMATCH
from dashboard.web import ids
from dashboard.web.claims import claims_view

DATA = ROOT / "data"


# ---------------------------------------------------------------- helpers
def edit_csv(path: Path, where: dict, changes: dict) -> int:
    """Set `changes` on every row matching `where`; returns how many rows changed."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    hit = 0
    for row in rows:
        if all(row[k] == v for k, v in where.items()):
            row.update(changes)
            hit += 1
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return hit


def drop_rows(path: Path, where: dict) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    keep = [r for r in rows if not all(r[k] == v for k, v in where.items())]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(keep)
    return len(rows) - len(keep)


def add_row(path: Path, row: dict) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=fields).writerow({k: row.get(k, "") for k in fields})


def result(table, claim_id: str, reporter: str = "") -> dict:
    rows = table[(table["claim_id"] == claim_id) & (table["reporter"] == reporter)]
    assert len(rows) == 1, (claim_id, reporter)
    return rows.iloc[0].to_dict()


def evaluate(data_dir: Path):
    return evaluate_claims(load_bundle(data_dir))


AZE_2018_TURNOVER = {"country": "AZE", "year": "2018", "period": "FY", "flow": "turnover"}


def trade_row(**kw) -> dict:
    base = {"period": "FY", "qualifier": "exact", "quote": "test fixture", "note": ""}
    return {**base, **kw}


# ---------------------------------------------------------------- comparison rules
def test_printed_precision_is_the_last_non_zero_digit():
    assert printed_precision(1.3e9) == pytest.approx(1e8)
    assert printed_precision(771_120_000) == pytest.approx(1e4)
    assert printed_precision(19.88e9) == pytest.approx(1e7)
    assert printed_precision(119) == 1
    assert printed_precision(40) == 10
    assert printed_precision(0) == 1


def test_compare_rounds_at_the_given_precision_and_reads_bounds():
    assert compare(1.31e9, "exact", 1.3e9, 1e8) == MATCH
    assert compare(1.36e9, "exact", 1.3e9, 1e8) == MISMATCH
    assert compare(1.25e9, "about", 1.3e9, 1e8) == MATCH  # halves round up, never to even
    assert compare(1.3e9, "more_than", 1.3e9, 1e8) == MATCH
    assert compare(1.5e9, "more_than", 1.3e9, 1e8) == MISMATCH
    assert compare(1.0e9, "more_than", 1.3e9, 1e8) == INCONCLUSIVE
    assert compare(1.0e9, "less_than", 1.3e9, 1e8) == MISMATCH
    assert compare(340_000, "exact", 300_000, 100_000) == MATCH
    assert compare(350_000, "exact", 300_000, 100_000) == MISMATCH


def test_compare_range():
    assert compare_range(300_000, "exact", 300_000, 400_000, 1e5) == MATCH
    assert compare_range(500_000, "exact", 300_000, 400_000, 1e5) == MISMATCH
    assert compare_range(300_000, "more_than", 300_000, 400_000, 1e5) == MATCH
    assert compare_range(100_000, "more_than", 300_000, 400_000, 1e5) == INCONCLUSIVE
    assert compare_range(500_000, "more_than", 300_000, 400_000, 1e5) == MISMATCH


# ---------------------------------------------------------------- the shipped data
def test_every_claim_in_the_file_is_evaluated(bundle):
    table = evaluate_claims(bundle)
    claims = bundle.claims
    assert list(dict.fromkeys(table["claim_id"])) == list(claims["claim_id"])
    for claim in claims.to_dict("records"):
        rows = table[table["claim_id"] == claim["claim_id"]]
        expected = ["china", "partner"] if claim["table"] == "trade" else [""]
        assert list(rows["reporter"]) == expected
        assert rows["claim_verdict"].nunique() == 1
    assert set(table["verdict"]) <= set(VERDICTS)
    assert set(table["claim_verdict"]) <= set(VERDICTS)
    assert sorted(set(claims["memo_claim"])) == list(range(1, 10))


def test_shipped_verdicts_name_their_sources(bundle):
    table = evaluate_claims(bundle)
    turnover = result(table, "aze-turnover-2018", "partner")
    assert turnover["verdict"] == SUPPORTED
    assert "trpc-trend-2019-07-05" in turnover["source_ids"]
    assert "https://en.trend.az/business/economy/3086450.html" in turnover["urls"]
    # China's side: the IMF IMTS sum ($899 m) is not $1.3 bn
    china = result(table, "aze-turnover-2018", "china")
    assert china["verdict"] == CONTRADICTED and "imf-imts-chn-2001-2024" in china["source_ids"]
    kaz = result(table, "kaz-trade-2018", "china")
    assert kaz["verdict"] == CONTRADICTED and "$19.88 bn" in kaz["data_value"]
    # Azerbaijan's $1.7 bn (in Chinese securities) against China's ambassador's "about $8
    # million" of direct investment: a different measure, named as context, not compared.
    aze = result(table, "aze-investment-in-china")
    assert aze["verdict"] == SUPPORTED
    assert "a different measure, not compared: FDI stock about $8 m" in aze["note"]
    assert result(table, "aze-companies-chinese-capital")["verdict"] == SUPPORTED
    jobs = result(table, "cneec-tyre-jobs")
    assert jobs["verdict"] == SUPPORTED and jobs["source_ids"] == "cl-ictimaixeber-tyre"
    capacity = result(table, "cneec-tyre-capacity")
    assert capacity["verdict"] == SUPPORTED and "cl-minval-tyre" in capacity["source_ids"]
    distance = result(table, "first-container-distance")
    assert distance["verdict"] == SUPPORTED and distance["source_ids"] == "vol-menafocus-2015-08"
    assert "cover only part of the route" in distance["note"]
    days = result(table, "first-container-days")
    assert days["verdict"] == SUPPORTED and "6 days (2015-07-28 → 2015-08-03)" in days["data_value"]
    imports = result(table, "aze-imports-2018-change", "partner")
    assert imports["verdict"] == NO_DATA and "none for 2018" in imports["note"]


# ---------------------------------------------------------------- verdicts flipped by the data
def test_changing_the_2018_turnover_contradicts_the_claim(data_copy):
    assert (
        edit_csv(
            data_copy / "trade.csv",
            {**AZE_2018_TURNOVER, "reporter": "partner"},
            {"value_usd": "1600000000"},
        )
        == 3  # Trend, Today.az and AzerNews ($1.31 bn): every partner row raised
    )
    row = result(evaluate(data_copy), "aze-turnover-2018", "partner")
    assert row["verdict"] == CONTRADICTED
    assert row["claim_verdict"] == CONTRADICTED


def test_reporters_that_disagree_give_differs_by_reporter(data_copy):
    add_row(
        data_copy / "trade.csv",
        trade_row(
            country="AZE",
            year="2018",
            flow="turnover",
            value_usd="900000000",
            reporter="china",
            source_id="trcn-reportaz-2017-04-26",
        ),
    )
    table = evaluate(data_copy)
    assert result(table, "aze-turnover-2018", "china")["verdict"] == CONTRADICTED
    assert result(table, "aze-turnover-2018", "partner")["verdict"] == SUPPORTED
    assert result(table, "aze-turnover-2018", "partner")["claim_verdict"] == DIFFERS


def test_a_change_is_computed_from_two_years_of_one_reporter(data_copy):
    # 2017: about $850 m (partner). A 2018 value of $1.19 bn is +40 %.
    add_row(
        data_copy / "trade.csv",
        trade_row(
            country="AZE",
            year="2018",
            flow="partner_imports",
            value_usd="1190000000",
            reporter="partner",
            source_id="trpc-economygovaz-2018-11-15",
        ),
    )
    row = result(evaluate(data_copy), "aze-imports-2018-change", "partner")
    assert row["verdict"] == SUPPORTED
    assert "+40.0%" in row["data_value"] and row["year"] == "2017, 2018"
    edit_csv(
        data_copy / "trade.csv",
        {"flow": "partner_imports", "year": "2018", "country": "AZE", "period": "FY"},
        {"value_usd": "1500000000"},
    )
    assert result(evaluate(data_copy), "aze-imports-2018-change", "partner")["verdict"] == (
        CONTRADICTED
    )


def test_a_change_needs_the_same_reporter(data_copy):
    # A China-reported 2018 value cannot be paired with the partner's 2017 value (the IMF's
    # China-reported series, which has both years, is taken out for this).
    drop_rows(data_copy / "trade.csv", {"source_id": "imf-imts-chn-2001-2024"})
    add_row(
        data_copy / "trade.csv",
        trade_row(
            country="AZE",
            year="2018",
            flow="partner_imports",
            value_usd="1190000000",
            reporter="china",
            source_id="trcn-reportaz-2017-04-26",
        ),
    )
    table = evaluate(data_copy)
    assert result(table, "aze-imports-2018-change", "china")["verdict"] == NO_DATA
    assert result(table, "aze-imports-2018-change", "partner")["verdict"] == NO_DATA


def test_a_larger_neighbour_contradicts_the_rank(data_copy):
    assert (
        edit_csv(
            data_copy / "trade.csv",
            {
                "country": "GEO",
                "year": "2018",
                "period": "FY",
                "flow": "turnover",
                "reporter": "partner",
            },
            {"value_usd": "2000000000"},
        )
        == 3  # Georgian MFA table, Civil.ge and Geostat's workbooks: all raised to $2 bn
    )
    row = result(evaluate(data_copy), "aze-largest-south-caucasus-2018", "partner")
    assert row["verdict"] == CONTRADICTED
    assert "GEO $2 bn" in row["data_value"]


def test_a_missing_country_leaves_the_rank_without_data(data_copy):
    assert (
        drop_rows(
            data_copy / "trade.csv",
            {
                "country": "ARM",
                "year": "2018",
                "period": "FY",
                "flow": "turnover",
                "reporter": "partner",
            },
        )
        == 2
    )
    row = result(evaluate(data_copy), "aze-largest-south-caucasus-2018", "partner")
    assert row["verdict"] == NO_DATA and "ARM" in row["note"]


def test_containers_are_never_checked_against_teu(data_copy):
    hit = edit_csv(
        data_copy / "volumes.csv",
        {"series": "forecast_azerbaijan_route", "unit": "containers"},
        {"unit": "teu"},
    )
    assert hit >= 2
    row = result(evaluate(data_copy), "forecast-containers-2020")
    assert row["verdict"] == NO_DATA
    assert "TEU" in row["note"] and "containers" in row["note"]
    assert row["data_value"] == ""


def test_a_different_forecast_range_contradicts(data_copy):
    edit_csv(
        data_copy / "volumes.csv",
        {"series": "forecast_azerbaijan_route", "qualifier": "range_high"},
        {"value": "900000"},
    )
    drop_rows(
        data_copy / "volumes.csv", {"series": "forecast_azerbaijan_route", "qualifier": "exact"}
    )
    drop_rows(
        data_copy / "volumes.csv", {"series": "forecast_azerbaijan_route", "qualifier": "more_than"}
    )
    row = result(evaluate(data_copy), "forecast-containers-2020")
    assert row["verdict"] == CONTRADICTED


def test_the_same_measure_from_another_source_makes_sources_disagree(data_copy):
    # China's ambassador's $8 m is direct investment (fdi_stock); coded as the same measure as
    # Azerbaijan's $1.7 bn, it would be compared and disagree.
    where = {"source_id": "inv-beltandroadnews-weijinghua", "direction": "partner_to_china"}
    assert edit_csv(data_copy / "investment.csv", where, {"measure": "cumulative_investment"})
    row = result(evaluate(data_copy), "aze-investment-in-china")
    assert row["verdict"] == DISAGREE and "a different measure" not in row["note"]


def test_a_figure_for_part_of_the_route_is_never_compared(data_copy):
    # A part-route figure far from the claim changes nothing while it is scoped "part"; the
    # same row scoped "whole" is compared and disagrees with MENA Focus' "more than 4,000 km".
    where = {"source_id": "cl-tengrinews-2015-08-10", "measure": "distance"}
    assert edit_csv(data_copy / "facts.csv", where, {"value": "2500"}) == 1
    assert result(evaluate(data_copy), "first-container-distance")["verdict"] == SUPPORTED
    assert edit_csv(data_copy / "facts.csv", where, {"scope": "whole"}) == 1
    row = result(evaluate(data_copy), "first-container-distance")
    assert row["verdict"] == DISAGREE and "2,500 km (2015) [mismatch]" in row["data_value"]


def test_the_days_are_counted_from_the_dates(data_copy):
    where = {"measure": "arrival", "subject": "first-container-train-2015"}
    assert edit_csv(data_copy / "facts.csv", where, {"date": "2015-08-06"}) == 1
    row = result(evaluate(data_copy), "first-container-days")
    assert row["verdict"] == CONTRADICTED and "9 days" in row["data_value"]


def test_a_fact_without_its_source_figure_is_no_data(data_copy):
    assert drop_rows(data_copy / "facts.csv", {"measure": "jobs"}) == 1
    row = result(evaluate(data_copy), "cneec-tyre-jobs")
    assert row["verdict"] == NO_DATA


def test_the_event_date_is_compared_with_the_claimed_month(data_copy):
    where = {"date": "2015-08-03"}
    assert edit_csv(data_copy / "events.csv", where, {"date": "2015-09-03"}) == 1
    assert result(evaluate(data_copy), "first-container-baku-2015")["verdict"] == CONTRADICTED
    edit_csv(data_copy / "events.csv", {"date": "2015-09-03"}, {"date": "2015"})
    row = result(evaluate(data_copy), "first-container-baku-2015")
    assert row["verdict"] == NO_DATA and "less precise" in row["note"]


def test_partial_years_are_not_compared(data_copy):
    edit_csv(
        data_copy / "trade.csv",
        {**AZE_2018_TURNOVER, "reporter": "partner"},
        {"period": "M01-M09", "quote": "test fixture"},
    )
    row = result(evaluate(data_copy), "aze-turnover-2018", "partner")
    assert row["verdict"] == NO_DATA and "partial-year" in row["note"]


# ---------------------------------------------------------------- claims.csv is validated
def _claims_text(**changes) -> str:
    text = (DATA / "claims.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"base_year": ""}, "claims.csv:2:base_year: required for check change"),
        ({"match_field": "nope", "match_text": "x"}, "claims.csv:2:match_field: trade.csv has no"),
        ({"check": "guess"}, "claims.csv:2:check: not one of the allowed values"),
        ({"unit": "teu_or_so"}, "claims.csv:2:unit: not one of the allowed values"),
    ],
)
def test_bad_claim_rows_are_reported(changes, expected):
    res = validate_table(TABLE_BY_NAME["claims"], _claims_text(**changes))
    assert any(str(p).startswith(expected) for p in res.problems), res.problems


# ---------------------------------------------------------------- CLI
def test_cli_text_lists_every_claim(capsys, bundle):
    assert main(["claims", "--data-dir", str(DATA)]) == 0
    out = capsys.readouterr().out
    for claim_id in bundle.claims["claim_id"]:
        assert claim_id in out
    assert "SUPPORTED" in out and "CONTRADICTED" in out and "DIFFERS BY REPORTER" in out


def test_cli_csv_is_the_evaluated_table(capsys, bundle):
    assert main(["claims", "--data-dir", str(DATA), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(evaluate_claims(bundle))
    assert {r["verdict"] for r in rows} <= set(VERDICTS)


def test_cli_markdown(capsys):
    assert main(["claims", "--data-dir", str(DATA), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| claim_id | claimed |")


def test_cli_refuses_invalid_data(capsys, data_copy):
    edit_csv(data_copy / "claims.csv", {"claim_id": "kaz-trade-2018"}, {"source_id": "nope"})
    assert main(["claims", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "claims.csv:" in err and "source_id: unknown source id" in err


# ---------------------------------------------------------------- view
def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if not isinstance(child, str):
            yield from _walk(child)


def test_claims_view_is_an_accessible_table_with_source_links(bundle):
    view = claims_view(bundle)
    nodes = list(_walk(view))
    table = next(n for n in nodes if getattr(n, "id", None) == ids.CLAIMS_TABLE)
    assert table._type == "Table"
    assert any(n._type == "Caption" for n in _walk(table))
    heads = [n for n in _walk(table) if n._type == "Th"]
    assert all(getattr(h, "scope", None) in ("col", "rowgroup") for h in heads)
    body_rows = [n for n in _walk(table) if n._type == "Tr"][1:]
    assert len(body_rows) == len(evaluate_claims(bundle))
    hrefs = {n.href for n in _walk(table) if n._type == "A"}
    assert "https://en.trend.az/business/economy/3086450.html" in hrefs
    assert hrefs <= {s["url"] for s in bundle.sources_by_id.values()}
    verdicts = {
        n.children for n in _walk(table) if "verdict" in (getattr(n, "className", None) or "")
    }
    assert verdicts <= set(VERDICTS) and SUPPORTED in verdicts


def test_data_readme_verdicts_match_the_computed_ones(bundle):
    text = (DATA / "README.md").read_text(encoding="utf-8")
    table = evaluate_claims(bundle)
    computed = dict(zip(table["claim_id"], table["claim_verdict"], strict=True))
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0] in computed:
            documented[cells[0]] = cells[1]
    assert documented == computed, "update the claims table in data/README.md"
