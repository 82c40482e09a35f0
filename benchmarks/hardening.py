"""Issue 18's hostile cases, measured: uploads, concurrent exports, a Chromium crash.

    python benchmarks/hardening.py                 # everything (about 2 minutes)
    python benchmarks/hardening.py --only uploads  # or: exports, chaos

Prints `name value unit` lines, each case beside its floor measured in the same run:

- uploads: each upload in a fresh process (the app built from the shipped data, the upload
  callback called through Flask's test client): wall seconds and the process's peak RSS for a
  1 KB valid upload (the floor), 10 MB of blank lines and 10 MB of `a` lines under a trade
  header, and a forged upload store of `a` lines posted to the trade callback;
- exports: gunicorn as in the README (2 workers x 4 threads), /healthz p50/p95/max with no
  exports (the floor), then while 12 PDF reports are requested at once; the reports' statuses;
- chaos: Chromium (every one below gunicorn) killed with SIGKILL in the middle of a report;
  seconds until an export succeeds again, and /healthz answers that failed or took over 1 s.

Uses HTTP and the app's public entry points only, so it runs against older commits too (the
before/after figures in the README came from running it on both).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from time import perf_counter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import emit, pct  # noqa: E402
from benchmarks.load import start_gunicorn  # noqa: E402

TEN_MB = 10 * 10**6


# ---------------------------------------------------------------- uploads (one process each)
def _upload_case(case: str) -> None:
    """Runs in a child process: build the app, time one request, print seconds."""
    from dashboard import ids
    from dashboard.app import create_app
    from dashboard.config import Settings
    from dashboard.schema import TABLE_BY_NAME

    app = create_app(Settings(reload_interval=0, cache_dir=""))
    client = app.server.test_client()
    head = ",".join(TABLE_BY_NAME["trade"].columns) + "\n"
    texts = {
        "floor": head + "AZE,2030,FY,turnover,1,exact,partner,,q,\n",
        "blank_lines": head + "\n" * (TEN_MB - len(head)),
        "a_lines": head + "a\n" * ((TEN_MB - len(head)) // 2),
    }
    outputs = [
        (ids.UPLOAD_STORE, "data"),
        (ids.UPLOAD_MESSAGE, "children"),
        (ids.UPLOAD, "contents"),
    ]
    if case == "forged_store":
        text = texts["a_lines"][: 13 * 10**6 * 2 // 3]  # a store that fits the request limit
        outputs = [(ids.TRADE, "figure"), (ids.TRADE_SUMMARY, "children"), (ids.TRADE, "config")]
        inputs = [
            {"id": ids.VIEW_URL, "property": "search", "value": "?countries=KAZ"},
            {
                "id": ids.UPLOAD_STORE,
                "property": "data",
                "value": {"table": "trade", "filename": "f.csv", "csv": text},
            },
            {"id": ids.IMAGE_FORMAT, "property": "value", "value": "png"},
        ]
        state = []
    else:
        contents = "data:text/csv;base64," + base64.b64encode(texts[case].encode()).decode()
        inputs = [
            {"id": ids.UPLOAD, "property": "contents", "value": contents},
            {"id": ids.UPLOAD_CLEAR, "property": "n_clicks", "value": 0},
        ]
        state = [
            {"id": ids.UPLOAD, "property": "filename", "value": "u.csv"},
            {"id": ids.PAGE_LANG, "property": "data", "value": "en"},
        ]
    body = {
        "output": "..{}..".format("...".join(f"{i}.{p}" for i, p in outputs)),
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    data = json.dumps(body)
    del body, inputs, texts
    t = perf_counter()
    resp = client.post("/_dash-update-component", data=data, content_type="application/json")
    seconds = perf_counter() - t
    answer = resp.get_data(as_text=True)
    said = ""
    if resp.status_code == 200 and case != "forged_store":
        said = json.dumps(json.loads(answer)["response"][ids.UPLOAD_MESSAGE]["children"])[:160]
    print(json.dumps({"seconds": seconds, "status": resp.status_code, "said": said}))


def uploads(timeout: float) -> None:
    for case in ("floor", "blank_lines", "a_lines", "forged_store"):
        cmd = [sys.executable, __file__, "--upload-case", case]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        out = proc.stdout.read().strip().splitlines()
        rss = usage.ru_maxrss / 1024  # KiB on Linux
        if status != 0 or not out:
            emit(f"upload.{case}.seconds", timeout, "s_timeout_killed")
        else:
            result = json.loads(out[-1])
            emit(f"upload.{case}.seconds", result["seconds"], "s")
            emit(f"upload.{case}.status", result["status"], "http")
            if result["said"]:
                print(f"# upload.{case} said: {result['said']}")
        emit(f"upload.{case}.process_peak_rss", rss, "MiB")


# ---------------------------------------------------------------- gunicorn cases
def get(url: str, timeout: float) -> tuple[int | str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            resp.read()
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)
    except Exception as exc:
        return type(exc).__name__, {}


class Prober(threading.Thread):
    def __init__(self, url: str, path: str = "/healthz", timeout: float = 30):
        super().__init__(daemon=True)
        self.url, self.path, self.timeout = url, path, timeout
        self.results: list[tuple[object, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t = perf_counter()
            status = get(self.url + self.path, self.timeout)[0]
            self.results.append((status, perf_counter() - t))
            self.stop.wait(0.05)


def probe_during(url: str, work, name: str) -> object:
    prober = Prober(url)
    prober.start()
    try:
        result = work()
    finally:
        prober.stop.set()
        prober.join(60)
    ms = [s * 1000 for _st, s in prober.results]
    emit(f"{name}.healthz_requests", len(ms), "count")
    if ms:
        emit(f"{name}.healthz_p50", pct(ms, 50), "ms")
        emit(f"{name}.healthz_p95", pct(ms, 95), "ms")
        emit(f"{name}.healthz_max", max(ms), "ms")
    emit(f"{name}.healthz_failed", sum(1 for st, _s in prober.results if st != 200), "count")
    emit(f"{name}.healthz_over_1s", sum(1 for _st, s in prober.results if s > 1), "count")
    return result


def warm(url: str) -> None:
    for _ in range(4):  # each worker's first image starts its renderer
        get(url + "/download/trade.svg", 120)


def exports(url: str) -> None:
    probe_during(url, lambda: time.sleep(5), "exports.floor_idle")

    def twelve():
        with ThreadPoolExecutor(12) as ex:
            return list(ex.map(lambda _: get(url + "/download/report.pdf", 300), range(12)))

    t = perf_counter()
    answers = probe_during(url, twelve, "exports.twelve_reports")
    emit("exports.twelve_reports.seconds", perf_counter() - t, "s")
    statuses = [a[0] for a in answers]
    for status in sorted(set(map(str, statuses))):
        emit(
            f"exports.twelve_reports.status_{status}",
            statuses.count(int(status) if status.isdigit() else status),
            "count",
        )


def chromium_below(root: int) -> list[int]:
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    rest = fh.read().rsplit(b")", 1)[1].split()
                with open(f"/proc/{name}/cmdline", "rb") as fh:
                    argv0 = fh.read().split(b"\0")[0]
            except OSError:
                continue
            table[int(name)] = (int(rest[1]), argv0, rest[0])

    def below(pid):
        seen = set()
        while pid in table and pid not in seen:
            seen.add(pid)
            pid = table[pid][0]
            if pid == root:
                return True
        return False

    def chromium(pid):
        return pid in table and table[pid][1].endswith(b"chromium") and table[pid][2] != b"Z"

    return [p for p in table if chromium(p) and not chromium(table[p][0]) and below(p)]


def chaos(url: str, root: int) -> None:
    def crash():
        inflight = {}
        worker = threading.Thread(
            target=lambda: inflight.update(a=get(url + "/download/report.pdf", 120))
        )
        worker.start()
        time.sleep(0.4)
        victims = chromium_below(root)
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        killed = perf_counter()
        emit("chaos.chromium_killed", len(victims), "count")
        worker.join(130)
        emit("chaos.inflight_status", inflight.get("a", ("no answer",))[0], "http")
        deadline = killed + 120
        while perf_counter() < deadline:
            status = get(url + "/download/trade.png", 30)[0]
            if status == 200:
                emit("chaos.seconds_until_an_export_succeeds", perf_counter() - killed, "s")
                return
            time.sleep(0.2)
        emit("chaos.seconds_until_an_export_succeeds", 120, "s_never")

    probe_during(url, crash, "chaos")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--only", choices=["uploads", "exports", "chaos"])
    p.add_argument("--upload-timeout", type=float, default=300, help="seconds per upload case")
    p.add_argument("--upload-case", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.upload_case:
        _upload_case(a.upload_case)
        return 0
    if a.only in (None, "uploads"):
        uploads(a.upload_timeout)
    if a.only in (None, "exports", "chaos"):
        with tempfile.TemporaryDirectory(prefix="hardening-") as tmp:
            proc, url = start_gunicorn(2, 4, Path(tmp) / "gunicorn.log")
            try:
                warm(url)
                if a.only in (None, "exports"):
                    exports(url)
                if a.only in (None, "chaos"):
                    chaos(url, proc.pid)
            finally:
                proc.terminate()
                proc.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
