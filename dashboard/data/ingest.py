"""Convert official trade downloads into rows of trade.csv (plus one sources.csv row).

Two input layouts are understood, each exactly as the service documents or ships it:

* **UN Comtrade** (`ingest comtrade FILE`): the CSV that Comtrade Plus "Get Data" → Download
  writes (files named `TradeData_<date>.csv`), whose 47 columns are the field names of the
  Comtrade API v1 `get` response documented at https://comtradedeveloper.un.org/ (Data API,
  `/data/v1/get/{typeCode}/{freqCode}/{clCode}`) and used by the official client
  https://github.com/uncomtrade/comtradeapicall: typeCode, freqCode, refPeriodId, refYear,
  refMonth, period, reporterCode, reporterISO, reporterDesc, flowCode, flowDesc, partnerCode,
  partnerISO, partnerDesc, partner2Code, partner2ISO, partner2Desc, classificationCode,
  classificationSearchCode, isOriginalClassification, cmdCode, cmdDesc, aggrLevel, isLeaf,
  customsCode, customsDesc, mosCode, motCode, motDesc, qtyUnitCode, qtyUnitAbbr, qty,
  isQtyEstimated, altQtyUnitCode, altQtyUnitAbbr, altQty, isAltQtyEstimated, netWgt,
  isNetWgtEstimated, grossWgt, isGrossWgtEstimated, cifvalue, fobvalue, primaryValue,
  legacyEstimationFlag, isReported, isAggregate. primaryValue is in US dollars (FOB for exports,
  CIF for imports).
* **IMF Direction of Trade Statistics** (`ingest dots FILE --unit ...`): the "time series" CSV
  that data.imf.org's DOTS bulk download writes (`DOT_<date>_timeSeries.csv`): "Country Name",
  "Country Code" (IMF country code), "Indicator Name", "Indicator Code", "Counterpart Country
  Name", "Counterpart Country Code", "Attribute" (Value / Status), then one column per period
  ("2023", "2023Q1", "2023M1", ...). Indicators used: TXG_FOB_USD (goods exports, FOB) and
  TMG_CIF_USD (goods imports, CIF). The file does not state its scale, so `--unit` (usd or
  million_usd) must say it: we never guess a multiplier.

* **IMF IMTS** (`ingest imf FILE`), dataset `IMF.STA:IMTS(1.0.0)` "International Trade in
  Goods (by partner country)", in three layouts:
  - the data portal's CSV export (https://data.imf.org/en/datasets/IMF.STA:IMTS, "wide"): UTF-8
    with a BOM; DATASET, SERIES_CODE (reporter.indicator.counterpart.frequency, e.g.
    CHN.XG_FOB_USD.KAZ.A), OBS_MEASURE, COUNTRY, INDICATOR, COUNTERPART_COUNTRY, then one column
    per year. The file does not state its scale: `--unit` is required;
  - SDMX-CSV 1.0 from the SDMX 3.0 API (`DATAFLOW` first: DATAFLOW, COUNTRY, INDICATOR,
    COUNTERPART_COUNTRY, FREQUENCY, TIME_PERIOD, OBS_VALUE, attributes such as SCALE);
  - SDMX-CSV 2.0 (`STRUCTURE,STRUCTURE_ID,ACTION` first, then the same dimensions).
  In the SDMX layouts the scale is read from a UNIT_MULT (power of ten) or SCALE (Units,
  Thousands, Millions, Billions, or a power of ten) column; where the file states none,
  `--unit` must; where both do and disagree, it is an error. Indicators used: XG_FOB_USD
  (exports, FOB) and MG_CIF_USD (imports, CIF); values become whole dollars (exact decimal
  arithmetic, rounded to the nearest dollar).
* **UN Comtrade legacy** (`ingest comtrade FILE`): the CSV of the retired comtrade.un.org API and
  its bulk files, 35 columns (Classification, Year, Period, Period Desc., Aggregate Level,
  Is Leaf Code, Trade Flow Code, Trade Flow, Reporter Code, Reporter, Reporter ISO, Partner Code,
  Partner, Partner ISO, 2nd Partner Code, ..., Trade Value (US$), CIF Trade Value (US$),
  FOB Trade Value (US$), Flag) or 22 columns (without the 2nd partner, customs, transport mode,
  alternative quantity, gross weight, CIF and FOB columns). Trade Flow Code 1 = import,
  2 = export, 3/4 = re-export/re-import. Comtrade Plus headers are read in any letter case.

`ingest auto FILE` (or any kind) detects the layout from the header; a header no layout matches
is an error that names every layout the command reads.

Flows in trade.csv are the partner's point of view (schema.TRADE_FLOWS). When China reports
its exports to a partner, that is the partner's imports from China (partner_imports, reporter
china); when the partner reports its exports to China, that is partner_exports (reporter
partner). Neither service publishes a "turnover"; `--turnover` adds exports + imports as a
turnover row only when both are present for the same reporter, year and partner, and says so
in the row's note. Nothing is estimated or filled: a missing value is skipped and counted.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..schema import (
    TABLE_BY_NAME,
    Problem,
    check_references,
    read_csv_text,
    validate_table,
)

CHINA = "CHN"
# IMF country codes (the numeric "Country Code" of DOTS/IFS) of China and the study countries.
IMF_CODES = {
    "924": "CHN",
    "911": "ARM",
    "912": "AZE",
    "915": "GEO",
    "916": "KAZ",
    "917": "KGZ",
    "923": "TJK",
    "925": "TKM",
    "927": "UZB",
}

_COMTRADE_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,"
    "aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,"
    "qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,"
    "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
)
COMTRADE_COLUMNS = _COMTRADE_HEADER.split(",")
# The columns this converter reads; the others may be absent from a trimmed export.
COMTRADE_NEEDED = (
    "typeCode",
    "freqCode",
    "refYear",
    "reporterISO",
    "partnerISO",
    "flowCode",
    "cmdCode",
    "primaryValue",
)
DOTS_NEEDED = (
    "Country Code",
    "Indicator Code",
    "Counterpart Country Code",
    "Attribute",
)
DOTS_INDICATORS = {"TXG_FOB_USD": "X", "TMG_CIF_USD": "M"}
# The --unit words and their power of ten.
UNIT_EXPONENTS = {"usd": 0, "thousand_usd": 3, "million_usd": 6}
UNIT_WORDS = {0: "US$", 3: "thousands of US$", 6: "millions of US$", 9: "billions of US$"}
# Decimal, so that 1234.567 million is 1234567000 dollars, not 1234567000.0000002.
DOTS_UNITS = {name: Decimal(10) ** exp for name, exp in UNIT_EXPONENTS.items()}

IMF_INDICATORS = {"XG_FOB_USD": "X", "MG_CIF_USD": "M"}
# SDMX SCALE attribute words (IMF data portal) and their power of ten.
SCALE_WORDS = {"units": 0, "thousands": 3, "millions": 6, "billions": 9}
SDMX_NEEDED = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD")
PORTAL_NEEDED = ("DATASET", "SERIES_CODE", "OBS_MEASURE")

_LEGACY_35 = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "2nd Partner Code,2nd Partner,2nd Partner ISO,Customs Proc. Code,Customs,"
    "Mode of Transport Code,Mode of Transport,Commodity Code,Commodity,Qty Unit Code,Qty Unit,"
    "Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),Gross weight (kg),"
    "Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag"
)
_LEGACY_22 = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "Commodity Code,Commodity,Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag"
)
# the headers exactly as the service wrote them
COMTRADE_LEGACY_35, COMTRADE_LEGACY_22 = _LEGACY_35.split(","), _LEGACY_22.split(",")
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}

# Every layout the command reads, in the words its error message uses.
LAYOUTS = {
    "imf_portal": "IMF data portal CSV (DATASET, SERIES_CODE like CHN.XG_FOB_USD.KAZ.A, "
    "OBS_MEASURE, ..., one column per year)",
    "sdmx_csv_1": "IMF SDMX-CSV 1.0 (DATAFLOW first, then COUNTRY, INDICATOR, "
    "COUNTERPART_COUNTRY, FREQUENCY, TIME_PERIOD, OBS_VALUE)",
    "sdmx_csv_2": "IMF SDMX-CSV 2.0 (STRUCTURE, STRUCTURE_ID, ACTION first)",
    "comtrade_plus": "UN Comtrade Plus CSV (typeCode, freqCode, refYear, reporterISO, "
    "partnerISO, flowCode, cmdCode, primaryValue, ...; any letter case)",
    "comtrade_legacy_35": "UN Comtrade legacy CSV, 35 columns (Classification, Year, ..., "
    "Trade Value (US$), CIF Trade Value (US$), FOB Trade Value (US$), Flag)",
    "comtrade_legacy_22": "UN Comtrade legacy CSV, 22 columns (Classification, Year, ..., "
    "Netweight (kg), Trade Value (US$), Flag)",
    "dots": "IMF DOTS time series CSV (Country Code, Indicator Code, Counterpart Country Code, "
    "Attribute, one column per period)",
}
KIND_LAYOUTS = {
    "comtrade": ("comtrade_plus", "comtrade_legacy_35", "comtrade_legacy_22"),
    "imf": ("imf_portal", "sdmx_csv_1", "sdmx_csv_2"),
    "dots": ("dots",),
}
LAYOUT_KIND = {layout: kind for kind, layouts in KIND_LAYOUTS.items() for layout in layouts}
KINDS = (*KIND_LAYOUTS, "auto")

SERVICES = {
    "comtrade": {
        "publisher": "United Nations Statistics Division (UN Comtrade)",
        "title": "UN Comtrade Database, goods trade, annual, all commodities (TOTAL)",
        "url": "https://comtradeplus.un.org/",
        "licence": "UN Comtrade terms of use (https://comtradeplus.un.org/)",
    },
    "imf": {
        "publisher": "International Monetary Fund",
        "title": 'IMF.STA:IMTS(1.0.0) "International Trade in Goods (by partner country)", '
        "goods exports FOB and imports CIF, annual",
        "url": "https://data.imf.org/en/datasets/IMF.STA:IMTS",
        "licence": "IMF Copyright and Usage terms, reuse with attribution "
        "(https://www.imf.org/external/terms.htm)",
    },
    "dots": {
        "publisher": "International Monetary Fund (IMF)",
        "title": "Direction of Trade Statistics (DOTS), goods exports FOB and imports CIF, annual",
        "url": "https://data.imf.org/",
        "licence": "IMF copyright and usage terms (https://www.imf.org/external/terms.htm)",
    },
}

TRADE_COLUMNS = TABLE_BY_NAME["trade"].columns
SOURCE_COLUMNS = TABLE_BY_NAME["sources"].columns


class IngestError(Exception):
    """The input file cannot be read as the layout it claims to be."""


@dataclass
class IngestResult:
    service: str
    filename: str
    source: dict
    rows: list[dict] = field(default_factory=list)
    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{self.filename}: read {self.read} row(s), kept {len(self.rows)} trade row(s)"]
        lines += [f"  note: {n}" for n in self.notes]
        for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  skipped {n}: {reason}")
        return "\n".join(lines)


# ---------------------------------------------------------------- shared helpers
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "file"


def make_source(service: str, filename: str, today: date) -> dict:
    meta = SERVICES[service]
    return {
        "source_id": f"ingest-{service}-{_slug(Path(filename).stem)}-{today.isoformat()}",
        "publisher": meta["publisher"],
        "title": meta["title"],
        "url": meta["url"],
        "published": "",
        "accessed": today.isoformat(),
        "licence": meta["licence"],
        "note": f"converted by `python -m dashboard ingest {service}` from {Path(filename).name}",
    }


def _decode(raw: bytes, filename: str, notes: list[str]) -> str:
    text, problems = read_csv_text(raw, filename)
    if text is not None:
        return text
    # Comtrade Plus downloads have been seen in Windows-1252/Latin-1. Only ASCII code columns
    # (ISO codes, flow codes, years, numbers) are used, so Latin-1 cannot change a kept value.
    notes.append(f"{problems[0].rule}; read as Latin-1 (only the ASCII code columns are used)")
    return raw.decode("latin-1")


def _records(text: str, needed: tuple[str, ...], layout: str) -> tuple[list[str], list[list[str]]]:
    if "\x00" in text:
        raise IngestError("file contains NUL bytes (UTF-16?); export it as UTF-8 CSV")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise IngestError(f"not a readable CSV ({exc})") from exc
    if not records:
        raise IngestError("empty file")
    header = [h.strip() for h in records[0]]
    missing = [c for c in needed if c not in header]
    if missing:
        raise IngestError(f"not a {layout} CSV: missing column(s) {', '.join(missing)}")
    return header, records[1:]


def _rows(records: list[list[str]], header: list[str], result) -> Iterator[dict[str, str]]:
    """Each data row as {column: stripped cell}: blank rows skipped, every other row counted
    in result.read, rows with another number of cells than the header counted as skipped."""
    for _line, rec in _numbered_rows(records, header, result):
        yield rec


def _number(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", "")) if raw.strip() else None
    except ValueError:
        return None
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def _trade_row(
    partner: str, year: int, flow_code: str, reporter_is_china: bool, value: float, source: dict
) -> dict:
    """One trade.csv row from the partner's point of view (see the module docstring)."""
    china_exports = flow_code == "X" if reporter_is_china else flow_code == "M"
    flow = "partner_imports" if china_exports else "partner_exports"
    return {
        "country": partner,
        "year": year,
        "period": "FY",
        "flow": flow,
        "value_usd": value,
        "qualifier": "exact",
        "reporter": "china" if reporter_is_china else "partner",
        "source_id": source["source_id"],
        "quote": "",
        "note": "",
    }


def _add_turnover(result: IngestResult) -> None:
    by_key: dict[tuple, dict[str, dict]] = {}
    for row in result.rows:
        by_key.setdefault((row["country"], row["year"], row["reporter"]), {})[row["flow"]] = row
    for _key, flows in sorted(by_key.items()):
        if set(flows) != {"partner_exports", "partner_imports"}:
            continue
        x, m = flows["partner_exports"], flows["partner_imports"]
        result.rows.append(
            {
                **x,
                "flow": "turnover",
                "value_usd": x["value_usd"] + m["value_usd"],
                "quote": f"{x['quote']} + {m['quote']}",
                "note": "turnover = partner_exports + partner_imports of the same reporter, "
                "summed by the ingest command (the service publishes no turnover)"
                + (f"; each flow: {x['note']}" if x["note"] else ""),
            }
        )


def _drop_repeats(result: IngestResult) -> None:
    """An exact repeat of a row (same key, same value) is one figure, not two."""
    key_cols = TABLE_BY_NAME["trade"].primary_key
    seen, kept = set(), []
    for row in result.rows:
        key = tuple(row[k] for k in key_cols)
        if key in seen:
            result.skipped["repeats an earlier row exactly"] += 1
            continue
        seen.add(key)
        kept.append(row)
    result.rows = kept


# ---------------------------------------------------------------- UN Comtrade
def _comtrade_skip_reason(rec: dict, focus: set[str]) -> str | None:
    if rec.get("typeCode", "C") != "C":
        return f"typeCode {rec['typeCode']!r} is not goods (C)"
    if rec["freqCode"] != "A":
        return f"freqCode {rec['freqCode']!r} is not annual (A)"
    if rec["cmdCode"] != "TOTAL":
        return "cmdCode is not TOTAL (a commodity breakdown)"
    if rec["flowCode"] not in ("X", "M"):
        return f"flowCode {rec['flowCode']!r} is not X or M"
    # Breakdowns by second partner, customs procedure or transport mode would double count.
    for col, total in (("partner2Code", "0"), ("customsCode", "C00"), ("motCode", "0")):
        if rec.get(col, total) not in (total, ""):
            return f"{col} is not the total ({total})"
    if rec.get("isReported", "").lower() in ("false", "0"):
        return "isReported is false (an estimate, not the reporter's figure)"
    pair = {rec["reporterISO"], rec["partnerISO"]}
    if CHINA not in pair or len(pair) != 2 or not (pair - {CHINA}) <= focus:
        return "not a China–focus-country pair"
    return None


def convert_comtrade(raw: bytes, filename: str, focus: set[str], today: date) -> IngestResult:
    return convert("comtrade", raw, filename, focus, today)


def _comtrade(result: IngestResult, layout: str, header, records, focus: set[str]) -> None:
    if layout == "comtrade_plus":
        canonical = {c.lower(): c for c in COMTRADE_COLUMNS}
        header = [canonical.get(h.lower(), h) for h in header]
    for rec in _rows(records, header, result):
        if layout != "comtrade_plus":
            rec = _legacy_record(rec)
        reason = _comtrade_skip_reason(rec, focus)
        value = _number(rec["primaryValue"])
        if reason is None and value is None:
            reason = "primaryValue is empty or not a number"
        if reason is None and not re.fullmatch(r"\d{4}", rec["refYear"]):
            reason = "refYear is not a year"
        if reason:
            result.skipped[reason] += 1
            continue
        china = rec["reporterISO"] == CHINA
        partner = rec["partnerISO"] if china else rec["reporterISO"]
        row = _trade_row(partner, int(rec["refYear"]), rec["flowCode"], china, value, result.source)
        row["quote"] = (
            f"UN Comtrade: reporter {rec['reporterISO']}, partner {rec['partnerISO']}, "
            f"flowCode {rec['flowCode']}, cmdCode TOTAL, refYear {rec['refYear']}, "
            f"primaryValue {rec['primaryValue']}"
        )
        result.rows.append(row)


def _legacy_record(rec: dict[str, str]) -> dict[str, str]:
    """A legacy Comtrade row in the Comtrade Plus field names the skip rules read."""
    period = rec["Period"]
    return {
        "typeCode": "C",  # the legacy API's goods files (services were another endpoint)
        "freqCode": "A" if re.fullmatch(r"\d{4}", period) else "M",
        "refYear": rec["Year"],
        "reporterISO": rec["Reporter ISO"],
        "partnerISO": rec["Partner ISO"],
        "flowCode": LEGACY_FLOWS.get(rec["Trade Flow Code"], rec["Trade Flow Code"]),
        "cmdCode": rec["Commodity Code"],
        "primaryValue": rec["Trade Value (US$)"],
        "partner2Code": rec.get("2nd Partner Code", ""),
        "customsCode": rec.get("Customs Proc. Code", ""),
        "motCode": rec.get("Mode of Transport Code", ""),
    }


# ---------------------------------------------------------------- layouts
def detect_layout(header: list[str]) -> str | None:
    """Which of LAYOUTS a header row is (None: none of them)."""
    upper = [h.upper() for h in header]
    if upper[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]:
        return "sdmx_csv_2"
    if upper[:1] == ["DATAFLOW"]:
        return "sdmx_csv_1"
    if set(PORTAL_NEEDED) <= set(upper):
        return "imf_portal"
    if header == COMTRADE_LEGACY_35:
        return "comtrade_legacy_35"
    if header == COMTRADE_LEGACY_22:
        return "comtrade_legacy_22"
    if {c.lower() for c in COMTRADE_NEEDED} <= {h.lower() for h in header}:
        return "comtrade_plus"
    if set(DOTS_NEEDED) <= set(header):
        return "dots"
    return None


def layouts_read(kinds: tuple[str, ...] = tuple(KIND_LAYOUTS)) -> str:
    return "; ".join(LAYOUTS[layout] for kind in kinds for layout in KIND_LAYOUTS[kind])


def convert(
    kind: str,
    raw: bytes,
    filename: str,
    focus: set[str],
    today: date,
    unit: str | None = None,
) -> IngestResult:
    """Read FILE as `kind` (comtrade, imf, dots, or auto: whichever layout its header is)."""
    if kind not in KINDS:
        raise IngestError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    notes: list[str] = []
    text = _decode(raw, filename, notes)
    header, records = _records(text, (), "CSV")
    layout = detect_layout(header)
    if layout is None or (kind != "auto" and layout not in KIND_LAYOUTS[kind]):
        raise IngestError(_layout_message(kind, header, layout))
    service = LAYOUT_KIND[layout]
    if service == "dots":
        return convert_dots(raw, filename, focus, today, unit or "")
    result = IngestResult(service, filename, make_source(service, filename, today))
    result.notes += notes
    result.notes.append(f"layout: {LAYOUTS[layout]}")
    if service == "comtrade":
        _comtrade(result, layout, header, records, focus)
    else:
        _imf(result, layout, header, records, focus, unit)
    _drop_repeats(result)
    return result


KIND_NAMES = {"comtrade": "UN Comtrade", "imf": "IMF IMTS", "dots": "IMF DOTS time series"}


def _layout_message(kind: str, header: list[str], layout: str | None) -> str:
    if kind == "comtrade":
        missing = [c for c in COMTRADE_NEEDED if c.lower() not in {h.lower() for h in header}]
        first = f"not a UN Comtrade CSV: missing column(s) {', '.join(missing)}"
    elif kind == "auto":
        shown = ", ".join(header[:6]) + (", ..." if len(header) > 6 else "")
        first = f"not a layout ingest reads (header: {shown})"
    else:
        first = f"not an {KIND_NAMES[kind]} CSV"
    if layout is not None:
        first += f"; this file is a {LAYOUTS[layout]}: use `ingest {LAYOUT_KIND[layout]}` or `auto`"
    return f"{first}. ingest reads: {layouts_read()}"


# ---------------------------------------------------------------- IMF IMTS
def _code(cell: str) -> str:
    """SDMX-CSV may carry labels ('CHN: China, P.R.'); the code is the part before ': '."""
    return cell.split(": ", 1)[0].strip()


def _imf(result, layout, header, records, focus, unit) -> None:
    header = [_code(h).upper() for h in header]
    if unit is not None and unit not in UNIT_EXPONENTS:
        raise IngestError(f"--unit must be one of {', '.join(UNIT_EXPONENTS)} (got {unit!r})")
    flag = UNIT_EXPONENTS[unit] if unit else None
    if layout == "imf_portal":
        _imf_portal(result, header, records, focus, flag)
        return
    missing = [c for c in (*SDMX_NEEDED, "OBS_VALUE") if c not in header]
    if missing:
        raise IngestError(f"not an IMF SDMX-CSV file: missing column(s) {', '.join(missing)}")
    for line, rec in _numbered_rows(records, header, result):
        if rec.get("ACTION", "I").upper() == "D":
            result.skipped["ACTION D (a deletion, not a value)"] += 1
            continue
        series = ".".join(
            _code(rec[c]) for c in ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY")
        )
        period = rec["TIME_PERIOD"]
        if _code(rec["FREQUENCY"]) != "A" or not re.fullmatch(r"\d{4}", period):
            result.skipped["not an annual observation (FREQUENCY A, TIME_PERIOD YYYY)"] += 1
            continue
        scale = _exponent(rec, flag, line)
        _imf_value(result, series, period, rec["OBS_VALUE"], scale, focus)


def _imf_portal(result, header, records, focus, flag) -> None:
    years = [c for c in header if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise IngestError("no annual columns (headed YYYY) in the IMF data portal file")
    if flag is None:
        raise IngestError(
            "the IMF data portal CSV does not state its scale: give --unit "
            f"({', '.join(UNIT_EXPONENTS)}); the portal's IMTS export is in millions of US$"
        )
    scale = (flag, "--unit; the portal's CSV states none")
    for _line, rec in _numbered_rows(records, header, result):
        if rec["OBS_MEASURE"] != "OBS_VALUE":
            result.skipped[f"OBS_MEASURE {rec['OBS_MEASURE']!r} is not OBS_VALUE"] += 1
            continue
        for year in years:
            _imf_value(result, rec["SERIES_CODE"], year, rec[year], scale, focus)


def _numbered_rows(records, header, result):
    """(row number as a spreadsheet shows it, {column: stripped cell}) for each data row:
    blank rows skipped, every other row counted in result.read, rows with another number of
    cells than the header counted as skipped."""
    for line, cells in enumerate(records, start=2):
        if not any(c.strip() for c in cells):
            continue
        result.read += 1
        if len(cells) != len(header):
            result.skipped["row has a different number of cells than the header"] += 1
            continue
        yield line, {c: cell.strip() for c, cell in zip(header, cells, strict=True)}


def _exponent(rec: dict, flag: int | None, line: int) -> tuple[int, str]:
    """The row's power of ten and where it came from. Never guessed: a stated scale, else
    --unit, else an error; a stated scale that contradicts --unit is an error too."""
    stated, column = None, None
    if rec.get("UNIT_MULT", "") != "":
        column = f"UNIT_MULT {rec['UNIT_MULT']!r}"
        if not re.fullmatch(r"-?\d{1,2}", rec["UNIT_MULT"]):
            raise IngestError(
                f"row {line}, column UNIT_MULT: {rec['UNIT_MULT']!r} is not a power of ten"
            )
        stated = int(rec["UNIT_MULT"])
    elif rec.get("SCALE", "") != "":
        column = f"SCALE {rec['SCALE']!r}"
        word = _code(rec["SCALE"]).lower()
        if re.fullmatch(r"-?\d{1,2}", word):
            stated = int(word)
        elif word in SCALE_WORDS:
            stated = SCALE_WORDS[word]
        else:
            raise IngestError(
                f"row {line}, column SCALE: {rec['SCALE']!r} is not a scale ingest knows "
                f"({', '.join(SCALE_WORDS)}, or a power of ten)"
            )
    if stated is None:
        if flag is None:
            raise IngestError(
                f"row {line}: the file states no scale (no UNIT_MULT or SCALE value): give "
                f"--unit ({', '.join(UNIT_EXPONENTS)}); a scale is never guessed"
            )
        return flag, "--unit"
    if flag is not None and flag != stated:
        raise IngestError(
            f"row {line}, column {column.split()[0]}: the file says {column} "
            f"({_unit_words(stated)}) but --unit says {_unit_words(flag)}; nothing converted"
        )
    return stated, f"the file's {column}"


def _unit_words(exp: int) -> str:
    return UNIT_WORDS.get(exp, f"10^{exp} US$")


def _imf_value(result, series, year, cell, scale: tuple[int, str], focus) -> None:
    parts = series.split(".")
    if len(parts) != 4:
        result.skipped["series code is not reporter.indicator.counterpart.frequency"] += 1
        return
    reporter, indicator, counterpart, freq = parts
    pair = {reporter, counterpart}
    if indicator not in IMF_INDICATORS:
        result.skipped[f"indicator {indicator!r} is not XG_FOB_USD or MG_CIF_USD"] += 1
        return
    if freq != "A":
        result.skipped["not an annual series"] += 1
        return
    if CHINA not in pair or len(pair) != 2 or not (pair - {CHINA}) <= focus:
        result.skipped["not a China–focus-country pair"] += 1
        return
    if _number(cell) is None:
        result.skipped["empty or not a number (no observation)"] += 1
        return
    exp, how = scale
    dollars = Decimal(cell.replace(",", "")) * Decimal(10) ** exp
    value = int(dollars.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    china = reporter == CHINA
    partner = counterpart if china else reporter
    row = _trade_row(partner, int(year), IMF_INDICATORS[indicator], china, value, result.source)
    row["quote"] = f"IMF IMTS {series}, {year}: {cell} ({_unit_words(exp)})"
    row["note"] = (
        f"IMF IMTS value in {_unit_words(exp)} (scale: {how}) × {10**exp:,}, "
        "rounded to the nearest dollar"
    )
    result.rows.append(row)


# ---------------------------------------------------------------- IMF DOTS
def convert_dots(
    raw: bytes, filename: str, focus: set[str], today: date, unit: str
) -> IngestResult:
    if unit not in DOTS_UNITS:
        raise IngestError(f"--unit must be one of {', '.join(DOTS_UNITS)} (got {unit!r})")
    result = IngestResult("dots", filename, make_source("dots", filename, today))
    result.source["note"] += f"; values read as {unit}"
    text = _decode(raw, filename, result.notes)
    header, records = _records(text, DOTS_NEEDED, "IMF DOTS time series")
    years = [c for c in header if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise IngestError("no annual period columns (headed YYYY) in the file")
    series = 0
    for rec in _rows(records, header, result):
        reason = _dots_skip_reason(rec, focus)
        if reason:
            result.skipped[reason] += 1
            continue
        series += 1
        reporter = IMF_CODES[rec["Country Code"]]
        china = reporter == CHINA
        partner = IMF_CODES[rec["Counterpart Country Code"]] if china else reporter
        flow_code = DOTS_INDICATORS[rec["Indicator Code"]]
        for year in years:
            value = _number(rec[year])
            if value is None:
                result.skipped["year cells without a value (in kept series)"] += 1
                continue
            value = float(Decimal(rec[year].replace(",", "")) * DOTS_UNITS[unit])
            row = _trade_row(partner, int(year), flow_code, china, value, result.source)
            row["quote"] = (
                f"IMF DOTS: {rec['Indicator Code']}, country {rec['Country Code']}, counterpart "
                f"{rec['Counterpart Country Code']}, {year}: {rec[year]} ({unit})"
            )
            result.rows.append(row)
    result.notes.append(f"{series} China–focus-country series x {len(years)} annual column(s)")
    _drop_repeats(result)
    return result


def _dots_skip_reason(rec: dict, focus: set[str]) -> str | None:
    if rec["Attribute"] != "Value":
        return f"Attribute {rec['Attribute']!r} is not Value"
    if rec["Indicator Code"] not in DOTS_INDICATORS:
        return f"indicator {rec['Indicator Code']!r} is not TXG_FOB_USD or TMG_CIF_USD"
    pair = {IMF_CODES.get(rec["Country Code"]), IMF_CODES.get(rec["Counterpart Country Code"])}
    if CHINA not in pair or None in pair or len(pair) != 2 or not (pair - {CHINA}) <= focus:
        return "not a China–focus-country pair"
    return None


# ---------------------------------------------------------------- output
def _csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def _cell(value: object) -> object:
    # Whole dollar amounts print without ".0"; anything else as given.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def render(result: IngestResult) -> tuple[str, str]:
    """(trade CSV text, sources CSV text)."""
    return _csv_text(TRADE_COLUMNS, result.rows), _csv_text(SOURCE_COLUMNS, [result.source])


def validate_output(trade_text: str, sources_text: str, countries_text: str) -> list[Problem]:
    """Check the generated files with the project's own schema and references."""
    results = {
        "trade": validate_table(TABLE_BY_NAME["trade"], trade_text),
        "sources": validate_table(TABLE_BY_NAME["sources"], sources_text),
        "countries": validate_table(TABLE_BY_NAME["countries"], countries_text),
    }
    problems = results["trade"].problems + results["sources"].problems
    # Only trade.csv's references are ours to check (countries.csv points at shipped sources).
    refs = check_references(results)
    return problems + [p for p in refs if p.file == "trade.csv"]


def focus_countries(countries_text: str) -> set[str]:
    res = validate_table(TABLE_BY_NAME["countries"], countries_text)
    return {r["iso3"] for r in res.rows if r["focus"] == "yes"}


def run(
    service: str,
    path: Path,
    data_dir: Path,
    out: Path | None,
    sources_out: Path | None,
    unit: str | None = None,
    turnover: bool = False,
    force: bool = False,
    today: date | None = None,
    echo=print,
    source_id: str | None = None,
) -> int:
    """The `ingest` command. Returns the exit code; prints what was read, kept and skipped."""
    today = today or date.today()
    countries_text = (data_dir / "countries.csv").read_text(encoding="utf-8-sig")
    focus = focus_countries(countries_text)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        echo(f"error: cannot read {path}: {exc.strerror or exc}")
        return 2
    try:
        result = convert(service, raw, path.name, focus, today, unit)
    except IngestError as exc:
        echo(f"error: {path.name}: {exc}")
        return 1
    if source_id:
        result.source["source_id"] = source_id
        for row in result.rows:
            row["source_id"] = source_id
    if turnover:
        _add_turnover(result)
    echo(result.report())
    trade_text, sources_text = render(result)
    problems = validate_output(trade_text, sources_text, countries_text)
    if problems:
        for p in problems:
            echo(str(p))
        echo(f"INVALID: {len(problems)} problem(s) in the converted rows; nothing written")
        return 1
    out = out or Path(f"{path.stem}.trade.csv")
    sources_out = sources_out or out.with_name(out.name.removesuffix(".csv") + ".sources.csv")
    for target in (out, sources_out):
        if target.exists() and not force:
            echo(f"error: {target} exists (use --force to overwrite); nothing written")
            return 1
    out.write_text(trade_text, encoding="utf-8")
    sources_out.write_text(sources_text, encoding="utf-8")
    echo(f"wrote {len(result.rows)} row(s) to {out} and 1 source to {sources_out}")
    echo("append them to data/trade.csv and data/sources.csv, then `python -m dashboard validate`")
    return 0
