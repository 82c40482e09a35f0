"""`python -m dashboard update imf|comtrade`: fetch the eight countries' goods trade with China
from a live API, both reporters, and stage it; `--apply` appends what is new to data/.

* **imf**: the IMF's SDMX 3.0 data API, dataset IMF.STA:IMTS (International Trade in Goods by
  partner country), answered as SDMX-CSV 2.0:
  `{base}/data/dataflow/IMF.STA/IMTS/+/{key}?c[TIME_PERIOD]=ge:{first}+le:{last}` with the keys
  `CHN.XG_FOB_USD+MG_CIF_USD.{ISO3}.A` (China's report) and `{ISO3}.XG_FOB_USD+MG_CIF_USD.CHN.A`
  (the partner's), one request per country and reporter. The scale comes from the response's
  UNIT_MULT/SCALE column, else `--unit`; never guessed (dashboard.ingest).
* **comtrade**: the UN Comtrade Plus data API `get` (`{base}/get/C/A/HS?reporterCode=...&
  partnerCode=...&period=...&flowCode=X,M&cmdCode=TOTAL&...`), JSON `{"data": [...]}` whose
  records have the field names of the Comtrade Plus CSV; the subscription key is read from the
  environment variable COMTRADE_API_KEY (header Ocp-Apim-Subscription-Key), never from a flag.

Base URLs: `--base-url`, else DASHBOARD_IMF_API / DASHBOARD_COMTRADE_API, else the public API.
Each run prints its progress, converts the responses with the ingest converters (the same
rules and skip reasons), adds turnover = exports + imports of the same reporter (noted as
summed), validates the rows with the project's schema, writes a staging file pair
(`<staging>/update-<service>-<date>.trade.csv` and `.sources.csv`) and a summary against
data/: for every staged figure, `added` (no row of the same series for that country, year,
flow and reporter), `revised` (the series has another value) or `unchanged`. data/ is touched
only with `--apply`: added and revised rows are appended with their new source row (existing
rows are never changed; a revision is a new vintage, and the chart's line takes the series'
most recently published vintage), the result is validated, and the files are restored if it
is not valid.
"""

from __future__ import annotations

import csv
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..figures.trade import series_key
from . import ingest

FOCUS = ("KAZ", "UZB", "KGZ", "TJK", "TKM", "AZE", "GEO", "ARM")
# UN M49 codes (Comtrade's reporterCode/partnerCode).
M49 = {
    "CHN": "156",
    "KAZ": "398",
    "UZB": "860",
    "KGZ": "417",
    "TJK": "762",
    "TKM": "795",
    "AZE": "31",
    "GEO": "268",
    "ARM": "51",
}
DEFAULT_BASE = {
    "imf": "https://api.imf.org/external/sdmx/3.0",
    "comtrade": "https://comtradeapi.un.org/data/v1",
}
BASE_ENV = {"imf": "DASHBOARD_IMF_API", "comtrade": "DASHBOARD_COMTRADE_API"}
KEY_ENV = "COMTRADE_API_KEY"
SERIES = {"imf": "imf-imts", "comtrade": "un-comtrade"}
SOURCE_META = {
    "imf": {
        "publisher": "International Monetary Fund",
        "title": 'IMF.STA:IMTS "International Trade in Goods (by partner country)", '
        "goods exports FOB and imports CIF, annual (SDMX 3.0 API)",
        "url": "https://data.imf.org/en/datasets/IMF.STA:IMTS",
        "licence": "IMF Copyright and Usage terms, reuse with attribution "
        "(https://www.imf.org/external/terms.htm)",
    },
    "comtrade": {
        "publisher": "United Nations Statistics Division (UN Comtrade)",
        "title": "UN Comtrade Database, goods trade, annual, all commodities (TOTAL), data API",
        "url": "https://comtradeplus.un.org/",
        "licence": "UN Comtrade terms of use (https://comtradeplus.un.org/)",
    },
}
KEY_FIELDS = ("country", "year", "period", "flow", "reporter")


class UpdateError(Exception):
    """A request failed or a response cannot be read; nothing is written."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class Request:
    label: str
    url: str
    headers: dict[str, str]


def base_url(service: str, flag: str | None) -> str:
    return (flag or os.environ.get(BASE_ENV[service]) or DEFAULT_BASE[service]).rstrip("/")


def imf_requests(base: str, years: tuple[int, int]) -> list[Request]:
    query = f"c[TIME_PERIOD]=ge:{years[0]}+le:{years[1]}"
    accept = {"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}
    out = []
    for iso3 in FOCUS:
        for who, key in (
            ("China", f"CHN.XG_FOB_USD+MG_CIF_USD.{iso3}.A"),
            (iso3, f"{iso3}.XG_FOB_USD+MG_CIF_USD.CHN.A"),
        ):
            url = f"{base}/data/dataflow/IMF.STA/IMTS/+/{key}?{query}"
            out.append(Request(f"IMF IMTS {iso3}, reported by {who}", url, accept))
    return out


def comtrade_requests(base: str, years: tuple[int, int], key: str) -> list[Request]:
    partners = ",".join(M49[c] for c in FOCUS)
    all_years = list(range(years[0], years[1] + 1))
    chunks = [all_years[i : i + 12] for i in range(0, len(all_years), 12)]  # the API's limit
    headers = {"Ocp-Apim-Subscription-Key": key, "Accept": "application/json"}
    out = []
    for chunk in chunks:
        period = ",".join(map(str, chunk))
        for who, reporter, partner in (
            ("China", M49["CHN"], partners),
            ("the eight partners", partners, M49["CHN"]),
        ):
            query = urllib.parse.urlencode(
                {
                    "reporterCode": reporter,
                    "partnerCode": partner,
                    "period": period,
                    "flowCode": "X,M",
                    "cmdCode": "TOTAL",
                    "partner2Code": "0",
                    "customsCode": "C00",
                    "motCode": "0",
                },
                safe=",",
            )
            label = f"UN Comtrade {chunk[0]}–{chunk[-1]}, reported by {who}"
            out.append(Request(label, f"{base}/get/C/A/HS?{query}", headers))
    return out


def fetch(req: Request, timeout: float = 60.0) -> bytes:
    request = urllib.request.Request(
        req.url, headers={"User-Agent": "middle-corridor-dashboard update", **req.headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        message = f"{req.label}: HTTP {exc.code} {exc.reason} from {req.url}"
        raise UpdateError(message, exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpdateError(f"{req.label}: cannot reach {req.url} ({reason})") from exc


def comtrade_csv(raw: bytes, label: str) -> bytes:
    """The API's JSON records as the Comtrade Plus CSV the ingest converter reads."""
    try:
        payload = json.loads(raw.decode("utf-8"))
        records = payload["data"]
        if not isinstance(records, list):
            raise TypeError("data is not a list")
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise UpdateError(f"{label}: not a Comtrade API JSON response ({exc})") from exc
    out = io.StringIO()
    writer = csv.DictWriter(out, ingest.COMTRADE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        if not isinstance(rec, dict):
            raise UpdateError(f"{label}: a record of 'data' is not an object")
        writer.writerow({c: "" if rec.get(c) is None else rec.get(c) for c in writer.fieldnames})
    return out.getvalue().encode("utf-8")


def collect(
    service: str,
    requests: list[Request],
    today: date,
    unit: str | None,
    echo: Callable[[str], None],
    get: Callable[[Request], bytes] = fetch,
) -> ingest.IngestResult:
    """Fetch every request (with progress) and convert all answers into one result."""
    source_id = f"{SERIES[service]}-api-{today.isoformat()}"
    source = {
        "source_id": source_id,
        **{k: SOURCE_META[service][k] for k in ("publisher", "title", "url")},
        "published": "",
        "accessed": today.isoformat(),
        "licence": SOURCE_META[service]["licence"],
        "note": "",
    }
    total = ingest.IngestResult(service, f"{service} API", source)
    focus = set(FOCUS)
    for i, req in enumerate(requests, start=1):
        echo(f"[{i}/{len(requests)}] {req.label}: GET {req.url}")
        try:
            raw = get(req)
        except UpdateError as exc:
            # SDMX REST answers 404 "NoResultsFound" for a key without observations
            if service != "imf" or exc.status != 404:
                raise
            echo("        no observations (HTTP 404, the SDMX answer for no results)")
            continue
        if service == "comtrade":
            raw = comtrade_csv(raw, req.label)
        try:
            part = ingest.convert(service, raw, req.label, focus, today, unit)
        except ingest.IngestError as exc:
            raise UpdateError(f"{req.label}: {exc}") from exc
        echo(f"        {part.read} record(s), {len(part.rows)} kept")
        total.read += part.read
        total.skipped.update(part.skipped)
        for row in part.rows:
            row["source_id"] = source_id
            total.rows.append(row)
    ingest._drop_repeats(total)
    ingest._add_turnover(total)
    routes = "; ".join(r.url for r in requests[:2]) + (" ..." if len(requests) > 2 else "")
    source["note"] = (
        f"fetched by `python -m dashboard update {service}` on {today.isoformat()}: "
        f"{len(requests)} request(s), e.g. {routes}"
    )
    return total


def compare(rows: list[dict], trade_path: Path, series: str) -> dict[str, list[tuple]]:
    """added / revised / unchanged, each staged row against the rows of the same series."""
    existing: dict[tuple, set[float]] = {}
    with trade_path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if series_key(r["source_id"], r["reporter"]) != series:
                continue
            key = tuple(str(r[k]) for k in KEY_FIELDS)
            existing.setdefault(key, set()).add(float(r["value_usd"]))
    out: dict[str, list[tuple]] = {"added": [], "revised": [], "unchanged": []}
    for row in rows:
        key = tuple(str(row[k]) for k in KEY_FIELDS)
        old = existing.get(key)
        if old is None:
            out["added"].append((key, None, row))
        elif float(row["value_usd"]) in old:
            out["unchanged"].append((key, None, row))
        else:
            out["revised"].append((key, sorted(old), row))
    return out


def summary_lines(changes: dict[str, list[tuple]]) -> list[str]:
    lines = [
        "changes against data/: "
        + ", ".join(f"{len(changes[k])} {k}" for k in ("added", "revised", "unchanged"))
    ]
    for kind in ("added", "revised"):
        for key, old, row in changes[kind]:
            country, year, _period, flow, reporter = key
            was = f" (was {', '.join(f'{v:,.0f}' for v in old)})" if old else ""
            lines.append(
                f"  {kind}: {country} {year} {flow} ({reporter}): {row['value_usd']:,.0f}{was}"
            )
    return lines


def run(
    service: str,
    data_dir: Path,
    *,
    apply: bool = False,
    base: str | None = None,
    staging_dir: Path | None = None,
    years: tuple[int, int] = (2001, 2024),
    unit: str | None = None,
    today: date | None = None,
    echo: Callable[[str], None] = print,
    get: Callable[[Request], bytes] = fetch,
) -> int:
    today = today or date.today()
    url = base_url(service, base)
    if service == "imf":
        requests = imf_requests(url, years)
    else:
        key = os.environ.get(KEY_ENV, "").strip()
        if not key:
            echo(f"error: update comtrade needs the API key in the environment variable {KEY_ENV}")
            return 2
        requests = comtrade_requests(url, years, key)
    try:
        result = collect(service, requests, today, unit, echo, get)
    except UpdateError as exc:
        echo(f"error: {exc}; nothing written")
        return 1
    echo(result.report())
    trade_text, sources_text = ingest.render(result)
    countries_text = (data_dir / "countries.csv").read_text(encoding="utf-8-sig")
    problems = ingest.validate_output(trade_text, sources_text, countries_text)
    if problems:
        for p in problems:
            echo(str(p))
        echo(f"INVALID: {len(problems)} problem(s) in the fetched rows; nothing written")
        return 1
    staging_dir = staging_dir or Path("staging")
    staging_dir.mkdir(parents=True, exist_ok=True)
    stem = staging_dir / f"update-{service}-{today.isoformat()}"
    staged = stem.with_name(stem.name + ".trade.csv")
    staged_sources = stem.with_name(stem.name + ".sources.csv")
    staged.write_text(trade_text, encoding="utf-8")
    staged_sources.write_text(sources_text, encoding="utf-8")
    echo(f"staged {len(result.rows)} row(s) in {staged} and the source in {staged_sources}")
    changes = compare(result.rows, data_dir / "trade.csv", SERIES[service])
    for line in summary_lines(changes):
        echo(line)
    if not apply:
        echo("data/ unchanged (run again with --apply to append the added and revised rows)")
        return 0
    return _apply(data_dir, result, changes, echo)


def _apply(data_dir: Path, result, changes, echo) -> int:
    from .bundle import validate_dir

    new_rows = [row for kind in ("added", "revised") for _key, _old, row in changes[kind]]
    if not new_rows:
        echo("nothing to apply: every fetched figure is already in data/")
        return 0
    trade_path, sources_path = data_dir / "trade.csv", data_dir / "sources.csv"
    before = {p: p.read_bytes() for p in (trade_path, sources_path)}
    with sources_path.open(encoding="utf-8-sig", newline="") as fh:
        known = {r["source_id"] for r in csv.DictReader(fh)}
    trade_body = ingest.render(ingest.IngestResult("", "", result.source, new_rows))[0]
    sources_body = ingest.render(result)[1]
    _append(trade_path, trade_body.split("\n", 1)[1])
    if result.source["source_id"] not in known:
        _append(sources_path, sources_body.split("\n", 1)[1])
    _results, problems = validate_dir(data_dir)
    if problems:
        for path, raw in before.items():
            path.write_bytes(raw)
        for p in problems[:20]:
            echo(str(p))
        echo(f"INVALID after appending: {len(problems)} problem(s); data/ restored")
        return 1
    echo(f"appended {len(new_rows)} row(s) to {trade_path}; `python -m dashboard validate`: OK")
    return 0


def _append(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + body, encoding="utf-8")
