"""Exports apart from the request threads (issue 18, items 1, 2 and 9), on loopback only.

Chaos: Chromium is killed (SIGKILL) in the middle of an export, or frozen (SIGSTOP); the
server must keep answering other routes, and the next export must succeed. Load: more exports
at once than the pool takes get 503 with Retry-After at once instead of filling every thread.
The Chromium processes are found by walking /proc for this process's descendants, so the
tests do not depend on how the renderer is built (they ran against the old in-process kaleido
too, and failed there: 500 "Executor is closed", then hangs).

Timing is never asserted beyond "completes" bounds (a request timeout); the issue's 10 s for
the export after a crash is such a bound. `python benchmarks/hardening.py` prints the figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dashboard import render_pool
from dashboard.config import ROOT

pytest.importorskip("kaleido")
pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="needs Debian's /usr/bin/chromium"
)

PNG = b"\x89PNG"
PDF = b"%PDF"


def _proc_table() -> dict[int, tuple[int, bytes, str]]:
    """pid -> (ppid, argv[0], state) of every process we can read."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                rest = fh.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                argv0 = fh.read().split(b"\0")[0]
        except OSError:
            continue
        out[int(name)] = (int(rest[1]), argv0, rest[0].decode())
    return out


def chromium_browsers(pool=None) -> list[int]:
    """The main Chromium processes (not their renderer/GPU children) below the pool's renderer
    processes (below this process when the pool has none running: never Playwright's, which
    the browser tests share, when a pool is given)."""
    table = _proc_table()
    roots = {r.proc.pid for r in getattr(pool, "renderers", []) if r.proc} or {os.getpid()}

    def below(pid: int) -> bool:
        seen = set()
        while pid not in seen and pid in table:
            seen.add(pid)
            pid = table[pid][0]
            if pid in roots:
                return True
        return False

    def is_chromium(pid: int) -> bool:
        return pid in table and table[pid][1].endswith(b"chromium") and table[pid][2] != "Z"

    return [p for p in table if is_chromium(p) and not is_chromium(table[p][0]) and below(p)]


def get(url: str, timeout: float) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Prober(threading.Thread):
    """Asks `paths` in turn until stopped; records (path, status or exception name)."""

    def __init__(self, base: str, paths: list[str], timeout: float = 5.0):
        super().__init__(daemon=True)
        self.base, self.paths, self.timeout = base, paths, timeout
        self.results: list[tuple[str, object, float]] = []
        self.stop = threading.Event()

    def run(self):
        i = 0
        while not self.stop.is_set():
            path = self.paths[i % len(self.paths)]
            t0 = time.perf_counter()
            try:
                status = get(self.base + path, self.timeout)[0]
            except Exception as exc:  # a timeout is the failure this records
                status = type(exc).__name__
            self.results.append((path, status, time.perf_counter() - t0))
            i += 1
            time.sleep(0.05)

    def failures(self):
        return [r for r in self.results if r[1] != 200]


@pytest.fixture()
def fresh_pool(monkeypatch):
    """A pool of its own for the test (the process-wide one is put back afterwards)."""

    def make(**kw):
        pool = render_pool.RenderPool(render_pool.PoolSettings(**kw))
        monkeypatch.setattr(render_pool, "_POOL", pool)
        monkeypatch.setattr(render_pool, "_POOL_PID", os.getpid())
        made.append(pool)
        return pool

    made: list = []
    yield make
    for pool in made:
        pool.shutdown()


@pytest.mark.slow
def test_killing_chromium_mid_export_then_the_next_export_succeeds(live_server, fresh_pool):
    pool = fresh_pool(size=1, queue=1)
    base = live_server.url
    status, _h, body = get(base + "/download/trade.png", 60)  # the renderer is up
    assert status == 200 and body.startswith(PNG)
    before = chromium_browsers(pool)
    assert before, "no Chromium found under this process"

    prober = Prober(base, ["/healthz", "/download/trade.csv"])
    prober.start()
    inflight: dict = {}

    def export():
        inflight["answer"] = get(base + "/download/report.pdf?countries=KAZ,AZE,GEO", 60)

    worker = threading.Thread(target=export)
    worker.start()
    time.sleep(0.4)  # the report's pages are being drawn
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    worker.join(70)
    assert not worker.is_alive(), "the export under the killed Chromium never answered"
    status, headers, body = inflight["answer"]
    # retried on a fresh renderer, or refused for now: never a 500, never a hang
    assert (status == 200 and body.startswith(PDF)) or (
        status == 503 and "Retry-After" in headers
    ), (status, body[:200])

    status, _h, body = get(base + "/download/trade.png", 10)  # the 10 s
    assert status == 200 and body.startswith(PNG)
    prober.stop.set()
    prober.join(10)
    assert len(prober.results) >= 5
    assert prober.failures() == []
    after = chromium_browsers(pool)
    assert after and not set(after) & set(before)  # a new Chromium, the old one gone


@pytest.mark.slow
def test_a_frozen_chromium_is_timed_out_killed_and_replaced(live_server, fresh_pool):
    pool = fresh_pool(size=1, queue=1, timeout=4.0)
    base = live_server.url
    assert get(base + "/download/trade.svg", 60)[0] == 200
    frozen = chromium_browsers(pool)
    assert frozen
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    try:
        status, headers, body = get(base + "/download/trade.svg", 30)
        assert status == 503 and headers.get("Retry-After", "").isdigit(), body[:200]
        assert b"was stopped" in body
        status, _h, body = get(base + "/download/trade.png", 60)
        assert status == 200 and body.startswith(PNG)
        alive = set(chromium_browsers(pool))
        assert not alive & set(frozen)  # the frozen one was killed, not left behind
    finally:
        for pid in frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def test_more_exports_than_the_pool_takes_get_503_with_retry_after(live_server, fresh_pool):
    fresh_pool(size=1, queue=1)
    base = live_server.url
    assert get(base + "/download/trade.svg", 60)[0] == 200
    with ThreadPoolExecutor(6) as ex:
        answers = list(ex.map(lambda _: get(base + "/download/report.pdf", 120), range(6)))
    statuses = sorted(a[0] for a in answers)
    assert set(statuses) <= {200, 503}, statuses
    assert 200 in statuses and 503 in statuses, statuses
    for status, headers, body in answers:
        if status == 503:
            assert headers["Retry-After"].isdigit() and b"busy" in body
            assert headers["Content-Type"] == "text/plain; charset=utf-8"
        else:
            assert body.startswith(PDF)


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("trade.csv", "text/csv; charset=utf-8"),
        ("view.html", "text/html; charset=utf-8"),
        ("trade.svg", "image/svg+xml"),
        ("nope.csv", "text/plain; charset=utf-8"),
        ("trade.png?image_scale=99", "text/plain; charset=utf-8"),
    ],
)
def test_download_content_types_carry_one_charset(client, name, content_type):
    resp = client.get("/download/" + name)
    assert resp.headers["Content-Type"] == content_type


def test_pool_settings_come_from_the_environment():
    s = render_pool.PoolSettings.from_environ(
        {"DASHBOARD_RENDERERS": "2", "DASHBOARD_RENDER_QUEUE": "0", "DASHBOARD_RENDER_TIMEOUT": "9"}
    )
    assert (s.size, s.queue, s.timeout) == (2, 0, 9.0)
    bad = render_pool.PoolSettings.from_environ({"DASHBOARD_RENDER_TIMEOUT": "soon"})
    assert bad.timeout == render_pool.PoolSettings().timeout


# ---------------------------------------------------------------- the README's gunicorn setup
@pytest.fixture()
def gunicorn_2x4(tmp_path):
    exe = Path(sys.executable).with_name("gunicorn")
    if not exe.exists():
        pytest.skip("gunicorn is not installed (pip install -e '.[serve]')")
    log = tmp_path / "gunicorn.log"
    cmd = [str(exe), "--workers", "2", "--threads", "4", "--preload", "--no-control-socket"]
    cmd += ["--bind", "127.0.0.1:0", "--timeout", "120", "dashboard.wsgi:create_server()"]
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            text = log.read_text()
            m = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
            if m and text.count("Booting worker") >= 2:
                url = m[1]
                break
            time.sleep(0.1)
        assert url, log.read_text()
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.slow
def test_twelve_concurrent_exports_leave_healthz_answering(gunicorn_2x4):
    url, proc = gunicorn_2x4
    for _ in range(4):  # start each worker's renderer (the first export of a worker)
        get(url + "/download/trade.svg", 90)
    prober = Prober(url, ["/healthz"], timeout=5.0)
    prober.start()
    with ThreadPoolExecutor(12) as ex:
        answers = list(ex.map(lambda _: get(url + "/download/report.pdf", 180), range(12)))
    time.sleep(0.5)
    prober.stop.set()
    prober.join(10)
    statuses = [a[0] for a in answers]
    assert set(statuses) <= {200, 503} and 200 in statuses, statuses
    assert all(a[1].get("Retry-After", "").isdigit() for a in answers if a[0] == 503)
    assert len(prober.results) >= 5 and prober.failures() == [], prober.failures()
    times = sorted(r[2] for r in prober.results)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(json.dumps({"healthz_n": len(times), "healthz_p95_s": round(p95, 3)}))
    assert proc.poll() is None
