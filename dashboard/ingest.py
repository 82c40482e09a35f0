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
from decimal import Decimal
from pathlib import Path

from .schema import (
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
# Decimal, so that 1234.567 million is 1234567000 dollars, not 1234567000.0000002.
DOTS_UNITS = {"usd": Decimal(1), "million_usd": Decimal(1_000_000)}

SERVICES = {
    "comtrade": {
        "publisher": "United Nations Statistics Division (UN Comtrade)",
        "title": "UN Comtrade Database, goods trade, annual, all commodities (TOTAL)",
        "url": "https://comtradeplus.un.org/",
        "licence": "UN Comtrade terms of use (https://comtradeplus.un.org/)",
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
    for cells in records:
        if not any(c.strip() for c in cells):
            continue
        result.read += 1
        if len(cells) != len(header):
            result.skipped["row has a different number of cells than the header"] += 1
            continue
        yield {c: cell.strip() for c, cell in zip(header, cells, strict=True)}


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
                "summed by the ingest command (the service publishes no turnover)",
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
    result = IngestResult("comtrade", filename, make_source("comtrade", filename, today))
    text = _decode(raw, filename, result.notes)
    header, records = _records(text, COMTRADE_NEEDED, "UN Comtrade")
    for rec in _rows(records, header, result):
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
    _drop_repeats(result)
    return result


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
        if service == "comtrade":
            result = convert_comtrade(raw, path.name, focus, today)
        else:
            result = convert_dots(raw, path.name, focus, today, unit or "")
    except IngestError as exc:
        echo(f"error: {path.name}: {exc}")
        return 1
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
