"""Each schema rule has a fixture that breaks it, and the problem names file, row, column, rule."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.data import DataError, load_bundle, validate_dir
from dashboard.schema import TABLE_BY_NAME, parse_partial_date, validate_table

TRADE_HEADER = "country,year,period,flow,value_usd,qualifier,reporter,source_id,quote,note"
GOOD = 'AZE,2018,FY,turnover,1300000000,exact,partner,s1,"trade reached $1.3 billion",'


def trade(*rows: str, header: str = TRADE_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def problems(text: str, table: str = "trade") -> list[str]:
    return [str(p) for p in validate_table(TABLE_BY_NAME[table], text).problems]


def test_good_row_passes():
    res = validate_table(TABLE_BY_NAME["trade"], trade(GOOD))
    assert res.problems == []
    assert res.rows[0]["value_usd"] == 1.3e9 and res.rows[0]["year"] == 2018


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (GOOD.replace("1300000000", "-5"), "trade.csv:2:value_usd: negative value (-5)"),
        (GOOD.replace("1300000000", "lots"), "trade.csv:2:value_usd: not a number ('lots')"),
        (GOOD.replace("1300000000", "inf"), "trade.csv:2:value_usd: not a finite number"),
        (GOOD.replace("2018", "20x8"), "trade.csv:2:year: not an integer ('20x8')"),
        (GOOD.replace("2018", "1850"), "trade.csv:2:year: below the minimum 1990 (1850)"),
        (GOOD.replace(",FY,", ",H1,"), "trade.csv:2:period: does not match"),
        (GOOD.replace(",FY,", ",M09-M01,"), "trade.csv:2:period: period starts after it ends"),
        (GOOD.replace(",FY,", ",M01-M12,"), "trade.csv:2:period: M01-M12 is a full year"),
        (GOOD.replace("turnover", "transit"), "trade.csv:2:flow: not one of the allowed values"),
        (GOOD.replace("partner,", "comtrade,"), "trade.csv:2:reporter: not one of the allowed"),
        (GOOD.replace(",exact,", ",roughly,"), "trade.csv:2:qualifier: not one of the allowed"),
        (GOOD.replace("AZE", "Azerbaijan"), "trade.csv:2:country: does not match"),
        (GOOD.replace(",s1,", ",,"), "trade.csv:2:source_id: required value is empty"),
        (
            GOOD.replace("trade reached $1.3 billion", "in January-September trade reached $1bn"),
            "trade.csv:2:period: partial period marked as full year",
        ),
        (
            GOOD.replace("trade reached $1.3 billion", "в январе-сентябре 2018 года"),
            "trade.csv:2:period: partial period marked as full year",
        ),
        (
            GOOD.replace("trade reached $1.3 billion", "in the first half of 2018"),
            "trade.csv:2:period: partial period marked as full year",
        ),
        (GOOD + ",extra", "trade.csv:2:-: has 11 cells, header has 10"),
    ],
)
def test_each_rule_rejects_its_fixture(row, expected):
    found = problems(trade(row))
    assert any(p.startswith(expected) for p in found), found


def test_partial_period_with_its_own_code_is_fine():
    row = GOOD.replace(",FY,", ",M01-M09,").replace(
        "trade reached $1.3 billion", "in January-September trade reached $1bn"
    )
    assert problems(trade(row)) == []


def test_quote_that_says_whole_year_is_not_flagged():
    row = GOOD.replace(
        "trade reached $1.3 billion", "200 in January-August, 11 for the whole of 2018"
    )
    assert problems(trade(row)) == []


def test_duplicate_key_names_first_row():
    found = problems(trade(GOOD, GOOD))
    assert any("trade.csv:3:" in p and "duplicate key (same as row 2)" in p for p in found)


def test_header_problems():
    assert "trade.csv:1:-: empty file: no header row" in problems("")
    assert "trade.csv:1:quote: missing column" in problems(
        trade(header=TRADE_HEADER.replace(",quote", ""))
    )
    assert "trade.csv:1:colour: unknown column" in problems(
        trade(GOOD + ",", header=TRADE_HEADER + ",colour")
    )


def test_bom_is_accepted_and_other_encodings_refused(data_copy):
    path = data_copy / "trade.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, found = validate_dir(data_copy)
    assert found == []
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("utf-16"))
    _, found = validate_dir(data_copy)
    assert [str(p) for p in found] == ["trade.csv:1:-: not UTF-8 text (byte 0)"]


def _append(path, row: dict) -> int:
    """Append a row built from the file's header; return its row number."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(c, "") for c in header])
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buf.getvalue(), encoding="utf-8")
    return len(list(csv.reader(io.StringIO(text)))) + 1


def _trade_row(**kw) -> dict:
    row = dict(
        country="AZE",
        year="2011",
        period="FY",
        flow="turnover",
        value_usd="1",
        qualifier="exact",
        reporter="partner",
        source_id="iso-3166-wikimili",
        quote="test",
        note="",
    )
    row.update(kw)
    return row


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        (_trade_row(source_id="no-such-source"), "source_id", "unknown source id"),
        (_trade_row(country="XXX"), "country", "unknown country code"),
    ],
)
def test_cross_file_references(data_copy, row, column, rule):
    rowno = _append(data_copy / "trade.csv", row)
    with pytest.raises(DataError) as exc:
        load_bundle(data_copy)
    assert [str(p) for p in exc.value.problems] == [
        f"trade.csv:{rowno}:{column}: {rule} ({row[column]!r})"
    ]


def test_unknown_node_in_segment(data_copy):
    rowno = _append(
        data_copy / "segments.csv",
        dict(
            segment_id="zz",
            route="middle",
            line="x",
            from_node="aktau",
            to_node="atlantis",
            mode="rail",
            status="operating",
            source_id="iso-3166-wikimili",
        ),
    )
    with pytest.raises(DataError) as exc:
        load_bundle(data_copy)
    assert (
        str(exc.value.problems[0]) == f"segments.csv:{rowno}:to_node: unknown node id ('atlantis')"
    )


def test_volume_unit_outside_allowed_set(data_copy):
    rowno = _append(
        data_copy / "volumes.csv",
        dict(
            series="baku_port",
            location="x",
            year="2019",
            period="FY",
            unit="boxes",
            value="1",
            qualifier="exact",
            kind="actual",
            source_id="iso-3166-wikimili",
            quote="q",
        ),
    )
    with pytest.raises(DataError) as exc:
        load_bundle(data_copy)
    assert str(exc.value.problems[0]).startswith(
        f"volumes.csv:{rowno}:unit: not one of the allowed values"
    )


def test_investment_measure_outside_allowed_set(data_copy):
    rowno = _append(
        data_copy / "investment.csv",
        dict(
            country="AZE",
            direction="china_to_partner",
            measure="total_investment",
            year="2019",
            value_usd="1",
            qualifier="exact",
            source_id="iso-3166-wikimili",
            quote="q",
        ),
    )
    with pytest.raises(DataError) as exc:
        load_bundle(data_copy)
    assert str(exc.value.problems[0]).startswith(f"investment.csv:{rowno}:measure: not one of")


def test_missing_file_is_reported(data_copy):
    (data_copy / "events.csv").unlink()
    _, found = validate_dir(data_copy)
    assert [str(p) for p in found] == ["events.csv:0:-: file is missing"]


@pytest.mark.parametrize("text", ["2019", "2019-07", "2019-07-05"])
def test_partial_dates_parse(text):
    assert parse_partial_date(text).year == 2019


@pytest.mark.parametrize("text", ["2019-13", "19-07-05", "2019-02-30", "July 2019"])
def test_bad_partial_dates_fail(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # a figure beyond any real one is a unit slip, not data (schema.MAX_USD)
        (GOOD.replace("1300000000", "1e308"), "trade.csv:2:value_usd: above the maximum 1e+13"),
        # Python's float() and int() read these; a CSV cell must not
        (GOOD.replace("1300000000", "1_300_000_000"), "trade.csv:2:value_usd: not a number"),
        (GOOD.replace("2018", "2_018"), "trade.csv:2:year: not an integer ('2_018')"),
        (GOOD.replace("2018", "２０１８"), "trade.csv:2:year: not an integer ('２０１８')"),
        (GOOD.replace("1300000000", "１３"), "trade.csv:2:value_usd: not a number ('１３')"),
        (GOOD.replace("1300000000", "nan"), "trade.csv:2:value_usd: not a finite number"),
    ],
)
def test_numbers_are_plain_ascii_and_bounded(row, expected):
    found = problems(trade(row))
    assert any(p.startswith(expected) for p in found), found


def test_full_width_digits_are_not_a_date():
    with pytest.raises(ValueError):
        parse_partial_date("２０１８")


def test_rows_with_a_bad_key_cell_are_not_also_duplicates():
    bad = GOOD.replace("2018", "20x8")
    found = problems(trade(bad, bad, bad))
    assert found == [f"trade.csv:{n}:year: not an integer ('20x8')" for n in (2, 3, 4)]
    # while two good rows with the same key still are
    assert any("duplicate key" in p for p in problems(trade(GOOD, GOOD)))
