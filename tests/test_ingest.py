"""`python -m dashboard ingest comtrade|dots`: layouts, flow mapping, skips, schema-valid output."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import ROOT
from dashboard.data import load_bundle
from dashboard.data.ingest import (
    COMTRADE_COLUMNS,
    LAYOUTS,
    IngestError,
    convert,
    convert_comtrade,
    convert_dots,
    detect_layout,
)

FIXTURES = Path(__file__).parent / "fixtures"
COMTRADE = FIXTURES / "comtrade_TradeData.csv"
DOTS = FIXTURES / "dots_timeSeries.csv"
FOCUS = {"ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB"}
TODAY = date(2025, 1, 31)


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_comtrade_fixture_has_the_documented_header():
    header = COMTRADE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == COMTRADE_COLUMNS and len(header) == 47


def test_comtrade_flows_are_mapped_from_whichever_side_reports():
    res = convert_comtrade(COMTRADE.read_bytes(), COMTRADE.name, FOCUS, TODAY)
    got = {(r["reporter"], r["flow"]): r["value_usd"] for r in res.rows}
    # China's exports to AZE are AZE's imports from China, and so on.
    assert got[("china", "partner_imports")] == 1000001
    assert got[("china", "partner_exports")] == 2000002
    assert got[("partner", "partner_exports")] == 3000003
    assert got[("partner", "partner_imports")] == 4000004
    assert {r["country"] for r in res.rows} == {"AZE"}
    assert all(r["period"] == "FY" and r["year"] == 2022 for r in res.rows)


def test_comtrade_counts_each_skip_reason(capsys, tmp_path):
    out = tmp_path / "t.csv"
    assert main(["ingest", "comtrade", str(COMTRADE), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "read 12 row(s), kept 4 trade row(s)" in text
    for reason in (
        "cmdCode is not TOTAL",
        "flowCode 'RX' is not X or M",
        "freqCode 'M' is not annual",
        "motCode is not the total",
        "not a China–focus-country pair",
        "primaryValue is empty",
        "repeats an earlier row exactly",
        "isReported is false",
    ):
        assert f"skipped 1: {reason}" in text, reason


def test_output_is_valid_in_the_project_schema_when_appended(tmp_path, data_copy):
    out = tmp_path / "t.csv"
    assert main(["ingest", "comtrade", str(COMTRADE), "--out", str(out), "--turnover"]) == 0
    src_out = tmp_path / "t.sources.csv"
    source = _rows(src_out)
    assert len(source) == 1
    assert source[0]["url"] == "https://comtradeplus.un.org/"
    assert source[0]["accessed"] == date.today().isoformat()
    assert "comtrade_TradeData.csv" in source[0]["note"]
    for name, new in (("trade", out), ("sources", src_out)):
        path = data_copy / f"{name}.csv"
        body = new.read_text(encoding="utf-8").split("\n", 1)[1]
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    bundle = load_bundle(data_copy)  # raises DataError if anything is off
    ours = bundle.trade[bundle.trade["source_id"] == source[0]["source_id"]]
    assert len(ours) == 6
    turnover = ours[ours["flow"] == "turnover"].set_index("reporter")["value_usd"]
    assert turnover["china"] == 1000001 + 2000002
    assert turnover["partner"] == 3000003 + 4000004


def test_no_turnover_unless_asked():
    res = convert_comtrade(COMTRADE.read_bytes(), COMTRADE.name, FOCUS, TODAY)
    assert "turnover" not in {r["flow"] for r in res.rows}


def test_dots_needs_the_unit_and_scales_exactly(capsys, tmp_path):
    assert main(["ingest", "dots", str(DOTS), "--out", str(tmp_path / "d.csv")]) == 2
    assert "--unit" in capsys.readouterr().out
    res = convert_dots(DOTS.read_bytes(), DOTS.name, FOCUS, TODAY, "million_usd")
    got = {(r["reporter"], r["flow"], r["year"]): r["value_usd"] for r in res.rows}
    assert got == {
        ("china", "partner_imports", 2021): 11_500_000,
        ("china", "partner_imports", 2022): 12_250_000,
        ("partner", "partner_exports", 2021): 5_500_000,
        ("partner", "partner_imports", 2021): 7_000_000,
        ("partner", "partner_imports", 2022): 8_000_000,
    }
    assert res.skipped["Attribute 'Status' is not Value"] == 1
    assert res.skipped["year cells without a value (in kept series)"] == 1
    # The quarterly column is never read as a year.
    assert all(isinstance(r["year"], int) for r in res.rows)


def test_dots_unit_usd_keeps_values():
    res = convert_dots(DOTS.read_bytes(), DOTS.name, FOCUS, TODAY, "usd")
    assert min(r["value_usd"] for r in res.rows) == 5.5


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty file"),
        ("a,b\n1,2\n", "missing column(s) typeCode"),
        ("\x00\x00", "NUL bytes"),
    ],
)
def test_wrong_files_give_a_clear_error(text, message):
    with pytest.raises(IngestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        convert_comtrade(text.encode(), "x.csv", FOCUS, TODAY)


def test_dots_file_given_as_comtrade_says_so(capsys, tmp_path):
    assert main(["ingest", "comtrade", str(DOTS), "--out", str(tmp_path / "x.csv")]) == 1
    assert "not a UN Comtrade CSV: missing column(s)" in capsys.readouterr().out
    assert not (tmp_path / "x.csv").exists()


def test_latin1_export_is_read_with_a_note():
    latin1 = "Toutes marchandises é".encode("latin-1")
    raw = COMTRADE.read_bytes().replace(b"All Commodities", latin1)
    res = convert_comtrade(raw, "x.csv", FOCUS, TODAY)
    assert len(res.rows) == 4 and "Latin-1" in res.notes[0]


def test_never_overwrites_without_force(capsys, tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["ingest", "comtrade", str(COMTRADE), "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["ingest", "comtrade", str(COMTRADE), "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("country,year,period,flow")


def test_missing_input_file_is_an_error_not_a_traceback(capsys, tmp_path):
    assert main(["ingest", "comtrade", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().out


def test_shipped_data_untouched_by_ingest(tmp_path):
    before = (ROOT / "data" / "trade.csv").read_bytes()
    main(["ingest", "comtrade", str(COMTRADE), "--out", str(tmp_path / "t.csv")])
    assert (ROOT / "data" / "trade.csv").read_bytes() == before


# ---------------------------------------------------------------- every layout, detected
def _got(res) -> dict:
    return {(r["country"], r["reporter"], r["flow"], r["year"]): r["value_usd"] for r in res.rows}


def _convert(name: str, kind: str = "auto", unit: str | None = None):
    path = FIXTURES / name
    return convert(kind, path.read_bytes(), path.name, FOCUS, TODAY, unit)


def test_imf_portal_wide_csv_needs_the_unit_and_converts_exactly():
    with pytest.raises(IngestError, match="does not state its scale: give --unit"):
        _convert("imf_portal_wide.csv")
    res = _convert("imf_portal_wide.csv", unit="million_usd")
    assert detect_layout(_header("imf_portal_wide.csv")) == "imf_portal"
    assert _got(res) == {
        ("KAZ", "china", "partner_imports", 2021): 11_500_000,
        # 1234.5678905 million = 1,234,567,890.5 dollars: rounded to the nearest dollar
        ("KAZ", "china", "partner_imports", 2022): 1_234_567_891,
        ("KAZ", "china", "partner_exports", 2021): 7_000_000,
        ("KAZ", "china", "partner_exports", 2022): 8_250_000,
        ("GEO", "china", "partner_exports", 2022): 3_000_000,
    }
    assert all(isinstance(r["value_usd"], int) for r in res.rows)
    assert res.skipped["empty or not a number (no observation)"] == 1
    assert res.skipped["not a China–focus-country pair"] == 2
    assert res.skipped["indicator 'TBG_USD' is not XG_FOB_USD or MG_CIF_USD"] == 2
    assert "rounded to the nearest dollar" in res.rows[0]["note"]
    assert res.source["publisher"] == "International Monetary Fund"


def test_imf_sdmx_csv_1_reads_the_scale_from_the_file():
    res = _convert("imf_sdmx_csv1.csv")
    assert _got(res) == {
        ("AZE", "china", "partner_imports", 2021): 21_500_000,
        ("AZE", "china", "partner_exports", 2021): 3_250_000,
        # Azerbaijan reporting its exports to China, in units
        ("AZE", "partner", "partner_exports", 2021): 4_000_000,
    }
    assert res.skipped["not an annual observation (FREQUENCY A, TIME_PERIOD YYYY)"] == 1
    assert res.skipped["empty or not a number (no observation)"] == 1
    assert "the file's SCALE 'Millions'" in res.rows[0]["note"]


def test_imf_sdmx_stated_scale_against_the_flag_and_missing_scale():
    with pytest.raises(IngestError, match=r"row 2, column SCALE: the file says SCALE 'Millions'"):
        _convert("imf_sdmx_csv1.csv", unit="usd")
    blank = (FIXTURES / "imf_sdmx_csv1.csv").read_text().replace("Millions", "")
    raw = blank.replace("Units", "").encode()
    with pytest.raises(IngestError, match=r"row 2: the file states no scale.*never guessed"):
        convert("imf", raw, "x.csv", FOCUS, TODAY)
    res = convert("imf", raw, "x.csv", FOCUS, TODAY, "thousand_usd")
    assert _got(res)[("AZE", "china", "partner_imports", 2021)] == 21_500


def test_imf_sdmx_csv_2_uses_unit_mult_and_skips_deletions():
    res = _convert("imf_sdmx_csv2.csv", kind="imf")
    assert _got(res) == {
        ("GEO", "china", "partner_imports", 2023): 105_500_000,
        ("GEO", "china", "partner_exports", 2023): 20_125_000,
    }
    assert res.skipped["ACTION D (a deletion, not a value)"] == 1
    assert res.skipped["not a China–focus-country pair"] == 1


def test_comtrade_legacy_35_columns():
    assert len(_header("comtrade_legacy35.csv")) == 35
    res = _convert("comtrade_legacy35.csv", kind="comtrade")
    assert _got(res) == {
        ("KAZ", "partner", "partner_exports", 2016): 3000003,
        ("KAZ", "partner", "partner_imports", 2016): 4000004,
    }
    assert res.skipped["flowCode 'RX' is not X or M"] == 1
    assert res.skipped["cmdCode is not TOTAL (a commodity breakdown)"] == 1
    assert res.skipped["freqCode 'M' is not annual (A)"] == 1


def test_comtrade_legacy_22_columns():
    assert len(_header("comtrade_legacy22.csv")) == 22
    res = _convert("comtrade_legacy22.csv")
    assert _got(res) == {
        ("ARM", "china", "partner_exports", 2010): 1100011,
        ("ARM", "china", "partner_imports", 2010): 2200022,
    }
    assert res.skipped["not a China–focus-country pair"] == 1


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_comtrade_plus_header_in_any_letter_case(case):
    text = COMTRADE.read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    res = convert("comtrade", f"{case(header)}\n{body}".encode(), "x.csv", FOCUS, TODAY)
    assert _got(res) == _got(convert_comtrade(COMTRADE.read_bytes(), "x.csv", FOCUS, TODAY))
    assert len(res.rows) == 4


def test_unknown_layout_names_every_layout_read(capsys, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Year,Exporter,Importer,Value\n2020,CHN,KAZ,1\n", encoding="utf-8")
    assert main(["ingest", "auto", str(path), "--out", str(tmp_path / "o.csv")]) == 1
    out = capsys.readouterr().out
    assert "not a layout ingest reads (header: Year, Exporter, Importer, Value)" in out
    for words in LAYOUTS.values():
        assert words in out
    assert not (tmp_path / "o.csv").exists()


def test_a_file_of_another_kind_says_which_it_is():
    with pytest.raises(IngestError, match="use `ingest imf` or `auto`"):
        _convert("imf_sdmx_csv2.csv", kind="comtrade")


def test_imf_command_with_turnover_and_source_id(capsys, tmp_path):
    out = tmp_path / "i.csv"
    args = ["ingest", "imf", str(FIXTURES / "imf_portal_wide.csv"), "--out", str(out)]
    assert main([*args, "--unit", "million_usd", "--turnover", "--source-id", "imf-x"]) == 0
    rows = _rows(out)
    assert {r["source_id"] for r in rows} == {"imf-x"}
    turnover = {r["year"]: r for r in rows if r["flow"] == "turnover" and r["country"] == "KAZ"}
    assert turnover["2021"]["value_usd"] == str(11_500_000 + 7_000_000)
    assert "summed by the ingest command" in turnover["2021"]["note"]
    assert _rows(tmp_path / "i.sources.csv")[0]["source_id"] == "imf-x"


def _header(name: str) -> list[str]:
    text = (FIXTURES / name).read_text(encoding="utf-8-sig")
    return next(csv.reader(io.StringIO(text)))
