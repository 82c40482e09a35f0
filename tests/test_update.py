"""`python -m dashboard update imf|comtrade`, replayed from a local HTTP server on 127.0.0.1 that
answers in the APIs' layouts (SDMX-CSV 2.0; Comtrade's JSON `data`) with made-up numbers: no
network. Staging and summary without --apply; data/ touched only with --apply."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dashboard.cli import main
from dashboard.data.ingest import COMTRADE_COLUMNS
from dashboard.data.update import run

TODAY = date(2026, 12, 3)
SDMX_HEADER = (
    "STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,"
    "TIME_PERIOD,OBS_VALUE,UNIT_MULT"
)
# Made-up answers. KAZ 2023 exports equal the shipped IMF value (unchanged), imports differ
# (revised), 2025 is new (added); Kazakhstan's own report of its 2023 exports is new.
IMF_ANSWERS = {
    "CHN.XG_FOB_USD+MG_CIF_USD.KAZ.A": [
        ("CHN", "XG_FOB_USD", "KAZ", "2023", "24840.612345"),
        ("CHN", "MG_CIF_USD", "KAZ", "2023", "16400"),
        ("CHN", "XG_FOB_USD", "KAZ", "2025", "30000"),
        ("CHN", "MG_CIF_USD", "KAZ", "2025", "17000"),
    ],
    "KAZ.XG_FOB_USD+MG_CIF_USD.CHN.A": [("KAZ", "XG_FOB_USD", "CHN", "2023", "15000")],
}


def _comtrade_record(**kw) -> dict:
    rec = dict.fromkeys(COMTRADE_COLUMNS)
    rec.update(typeCode="C", freqCode="A", cmdCode="TOTAL", partner2Code=0, customsCode="C00")
    rec.update(motCode=0, isReported=True, **kw)
    return rec


COMTRADE_ANSWER = [
    _comtrade_record(refYear=2022, reporterISO="GEO", partnerISO="CHN", flowCode="X",
                     primaryValue=700000007),
    _comtrade_record(refYear=2022, reporterISO="GEO", partnerISO="CHN", flowCode="M",
                     primaryValue=900000009),
    _comtrade_record(refYear=2022, reporterISO="GEO", partnerISO="CHN", flowCode="M",
                     primaryValue=5, cmdCode="01"),
]  # fmt: skip


class Recorder:
    def __init__(self):
        self.paths: list[str] = []
        self.keys: list[str | None] = []
        self.fail: str | None = None  # a path part that answers 500


@pytest.fixture()
def server():
    rec = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            rec.paths.append(self.path)
            rec.keys.append(self.headers.get("Ocp-Apim-Subscription-Key"))
            url = urllib.parse.urlsplit(self.path)
            if rec.fail and rec.fail in urllib.parse.unquote(url.path):
                return self._send(500, "text/plain", b"boom")
            prefix = "/data/dataflow/IMF.STA/IMTS/+/"
            if url.path.startswith(prefix):
                key = urllib.parse.unquote(url.path[len(prefix) :])
                if key not in IMF_ANSWERS:
                    return self._send(404, "text/plain", b"NoResultsFound")
                lines = [SDMX_HEADER] + [
                    f"dataflow,IMF.STA:IMTS(1.0.0),I,{c},{i},{p},A,{y},{v},6"
                    for c, i, p, y, v in IMF_ANSWERS[key]
                ]
                return self._send(200, "text/csv", ("\n".join(lines) + "\n").encode())
            if url.path == "/get/C/A/HS":
                if self.headers.get("Ocp-Apim-Subscription-Key") != "test-key":
                    return self._send(401, "application/json", b'{"error": "key"}')
                query = urllib.parse.parse_qs(url.query)
                first = query["period"][0].split(",")[0]
                data = (
                    COMTRADE_ANSWER if query["reporterCode"][0] != "156" and first == "2013" else []
                )
                return self._send(200, "application/json", json.dumps({"data": data}).encode())
            return self._send(404, "text/plain", b"no such path")

        def _send(self, status, ctype, body):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    rec.base = f"http://127.0.0.1:{httpd.server_port}"
    yield rec
    httpd.shutdown()
    httpd.server_close()


def _rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _run(service, data_copy, server, tmp_path, **kw):
    out: list[str] = []
    code = run(
        service,
        data_copy,
        base=server.base,
        staging_dir=tmp_path / "staging",
        today=TODAY,
        echo=out.append,
        **kw,
    )
    return code, "\n".join(out)


def test_imf_update_stages_and_summarises_without_touching_data(data_copy, server, tmp_path):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}
    code, out = _run("imf", data_copy, server, tmp_path)
    assert code == 0, out
    assert len(server.paths) == 16  # 8 countries x 2 reporters
    assert all("c[TIME_PERIOD]=ge:2001+le:2024" in p for p in server.paths)
    assert "[1/16] IMF IMTS KAZ, reported by China: GET" in out
    assert "[16/16]" in out and "no observations (HTTP 404" in out
    assert "changes against data/: 4 added, 2 revised, 1 unchanged" in out
    assert "revised: KAZ 2023 partner_exports (china): 16,400,000,000 (was 16,331,043,148)" in out
    assert "added: KAZ 2023 partner_exports (partner): 15,000,000,000" in out
    staged = _rows(tmp_path / "staging" / "update-imf-2026-12-03.trade.csv")
    assert len(staged) == 7 and {r["source_id"] for r in staged} == {"imf-imts-api-2026-12-03"}
    source = _rows(tmp_path / "staging" / "update-imf-2026-12-03.sources.csv")[0]
    assert source["accessed"] == "2026-12-03" and "update imf" in source["note"]
    assert {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()} == before


def test_imf_update_apply_appends_only_new_figures_and_stays_valid(data_copy, server, tmp_path):
    trade_before = (data_copy / "trade.csv").read_text(encoding="utf-8")
    code, out = _run("imf", data_copy, server, tmp_path, apply=True)
    assert code == 0, out
    assert "appended 6 row(s)" in out
    after = (data_copy / "trade.csv").read_text(encoding="utf-8")
    assert after.startswith(trade_before)  # existing rows unchanged
    added = _rows(data_copy / "trade.csv")[-6:]
    assert {r["source_id"] for r in added} == {"imf-imts-api-2026-12-03"}
    assert main(["validate", "--data-dir", str(data_copy)]) == 0
    # a second run finds everything in data/ already
    code, out = _run("imf", data_copy, server, tmp_path, apply=True)
    assert code == 0 and "0 added, 0 revised, 7 unchanged" in out
    assert "nothing to apply" in out
    assert (data_copy / "trade.csv").read_text(encoding="utf-8") == after


def test_a_failing_request_writes_nothing(data_copy, server, tmp_path):
    server.fail = "GEO"
    before = (data_copy / "trade.csv").read_bytes()
    code, out = _run("imf", data_copy, server, tmp_path, apply=True)
    assert code == 1
    assert "HTTP 500" in out and "nothing written" in out
    assert not (tmp_path / "staging").exists()
    assert (data_copy / "trade.csv").read_bytes() == before


def test_comtrade_needs_the_key_from_the_environment(data_copy, server, tmp_path, monkeypatch):
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    code, out = _run("comtrade", data_copy, server, tmp_path)
    assert code == 2 and "COMTRADE_API_KEY" in out
    assert server.paths == []


def test_comtrade_update_reads_the_api_json(data_copy, server, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", "test-key")
    code, out = _run("comtrade", data_copy, server, tmp_path)
    assert code == 0, out
    assert set(server.keys) == {"test-key"}
    assert len(server.paths) == 4  # 2001-2012 and 2013-2024, China's and the partners' report
    staged = _rows(tmp_path / "staging" / "update-comtrade-2026-12-03.trade.csv")
    got = {(r["reporter"], r["flow"]): r["value_usd"] for r in staged}
    assert got == {
        ("partner", "partner_exports"): "700000007",
        ("partner", "partner_imports"): "900000009",
        ("partner", "turnover"): "1600000016",
    }
    assert "skipped 1: cmdCode is not TOTAL" in out
    assert "3 added, 0 revised, 0 unchanged" in out


def test_base_url_from_the_environment_and_the_cli(data_copy, server, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMF_API", server.base)
    monkeypatch.chdir(tmp_path)
    assert main(["update", "imf", "--data-dir", str(data_copy)]) == 0
    assert len(server.paths) == 16
    assert (tmp_path / "staging" / f"update-imf-{date.today().isoformat()}.trade.csv").exists()
    monkeypatch.setenv("DASHBOARD_IMF_API", "http://127.0.0.1:9/nowhere")
    args = ["update", "imf", "--data-dir", str(data_copy), "--base-url", server.base]
    assert main(args) == 0 and len(server.paths) == 32
