"""Bounded load test: N concurrent users changing filters for S seconds against gunicorn.

    python benchmarks/load.py --users 50 --seconds 60          # starts gunicorn, 2 workers
    python benchmarks/load.py --url http://127.0.0.1:8050      # an already running server
    python benchmarks/load.py --users 50 --seconds 60 --exporters 5   # exports mixed in

Each user is a thread with its own keep-alive connection and its own seeded walk of filter
changes (benchmarks/common.py); for each change it sends, one after the other, every callback
POST the browser sends, with no pause between changes (a closed loop: the worst case for the
server, not a model of reading time). Prints `name value unit` lines: throughput, latency
p50/p95/p99/max per request, and errors (a non-200 answer, a refused or timed-out request).

With --exporters N, N more users download exports of their own views in a closed loop (a PDF
report, a PNG, an SVG, a CSV or the offline HTML page, in turn); a 503 with Retry-After is
the renderer pool refusing for now (counted, not an error; the user waits Retry-After, as a
browser would be told to); anything else not 200 is an error. When gunicorn is started here,
the resident memory of its whole process tree (master, workers, renderers, Chromium) is
sampled every second and its peak printed.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import emit, pct  # noqa: E402
from benchmarks.common import UPDATE_PATH, CallbackPlan, filter_walk  # noqa: E402


def start_gunicorn(workers: int, threads: int, log: Path) -> tuple[subprocess.Popen, str]:
    exe = Path(sys.executable).with_name("gunicorn")
    cmd = [str(exe), "--workers", str(workers), "--threads", str(threads), "--preload"]
    cmd += ["--no-control-socket", "--bind", "127.0.0.1:0", "dashboard.wsgi:create_server()"]
    fh = log.open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + log.read_text())
        text = log.read_text()
        m = re.search(r"Listening at: (http://[\d.]+:\d+)", text)
        if m and text.count("Booting worker") >= workers:
            return proc, m[1]
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("gunicorn did not start:\n" + log.read_text())


class User(threading.Thread):
    def __init__(self, url: str, plan: CallbackPlan, seed: int, deadline: float, timeout: float):
        super().__init__(daemon=True)
        self.host = urlsplit(url).netloc
        self.plan = CallbackPlan.__new__(CallbackPlan)
        self.plan.callbacks, self.plan.values = plan.callbacks, dict(plan.values)
        self.rng = random.Random(seed)
        self.deadline, self.timeout = deadline, timeout
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.changes = 0

    def post(self, conn: http.client.HTTPConnection, body: dict) -> dict | None:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
        t = perf_counter()
        conn.request("POST", UPDATE_PATH, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        self.latencies.append((perf_counter() - t) * 1000)
        if resp.status != 200:
            self.errors.append(f"HTTP {resp.status}")
            return None
        if resp.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return json.loads(raw)

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
        walk = filter_walk(self.plan, self.rng, 10**9)
        while time.monotonic() < self.deadline:
            cid, _value = next(walk)
            # the URL sync first, then every panel its new query string drives (as the browser)
            queue, done = [(cid, "value")], set()
            while queue:
                for _name, body in self.plan.payloads(queue.pop(0), done):
                    done.add(body["output"])
                    try:
                        answer = self.post(conn, body)
                    except (OSError, http.client.HTTPException) as exc:
                        self.errors.append(type(exc).__name__)
                        conn.close()
                        conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
                        continue
                    if answer is not None:
                        queue += self.plan.apply(answer, done)
            self.changes += 1
        conn.close()


EXPORTS = (
    "report.pdf",
    "trade.png",
    "map.svg",
    "trade.csv",
    "investment.pdf",
    "view.html",
)
QUERIES = ("?countries=KAZ,AZE,GEO", "?countries=central_asia&reporter=both", "?years=2015..2024")


class Exporter(threading.Thread):
    def __init__(self, url: str, seed: int, deadline: float, timeout: float):
        super().__init__(daemon=True)
        self.host = urlsplit(url).netloc
        self.rng = random.Random(seed)
        self.deadline, self.timeout = deadline, timeout
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.refused = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
        i = self.rng.randrange(len(EXPORTS))
        while time.monotonic() < self.deadline:
            path = f"/download/{EXPORTS[i % len(EXPORTS)]}{self.rng.choice(QUERIES)}"
            i += 1
            t = perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
                continue
            self.latencies.append((perf_counter() - t) * 1000)
            if resp.status == 503 and (resp.getheader("Retry-After") or "").isdigit():
                self.refused += 1
                # wait as told, on a new connection (the server closes an idle keep-alive
                # connection after 2 s, so reusing it would count as a disconnect)
                conn.close()
                time.sleep(min(float(resp.getheader("Retry-After")), 5))
                conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
            elif resp.status != 200:
                self.errors.append(f"export HTTP {resp.status}")
        conn.close()


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process below it (Linux /proc)."""
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parent[int(name)] = int(fields[1])
        rss[int(name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    keep, grew = {root}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in keep} - keep
        keep |= more
        grew = bool(more)
    return sum(rss.get(p, 0) for p in keep)


class RssSampler(threading.Thread):
    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self.stop = root, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self.stop.wait(1.0)


def fetch_plan(url: str) -> CallbackPlan:
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=30)

    def get(path):
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())

    plan = CallbackPlan(get("/_dash-dependencies"), get("/_dash-layout"))
    conn.close()
    return plan


def run(
    url: str,
    users: int,
    seconds: float,
    seed: int,
    timeout: float,
    exporters: int = 0,
    server_pid: int | None = None,
) -> None:
    plan = fetch_plan(url)
    deadline = time.monotonic() + seconds
    crowd = [User(url, plan, seed + i, deadline, timeout) for i in range(users)]
    exp = [Exporter(url, seed + 1000 + i, deadline, timeout) for i in range(exporters)]
    sampler = RssSampler(server_pid) if server_pid else None
    if sampler:
        sampler.start()
    t0 = perf_counter()
    for u in [*crowd, *exp]:
        u.start()
    for u in [*crowd, *exp]:
        u.join()
    elapsed = perf_counter() - t0
    if sampler:
        sampler.stop.set()
        sampler.join()
    lat = [x for u in crowd for x in u.latencies]
    errors = [e for u in crowd for e in u.errors]
    emit("load.users", users, "count")
    emit("load.seconds", round(elapsed, 1), "s")
    emit("load.requests", len(lat), "count")
    emit("load.filter_changes", sum(u.changes for u in crowd), "count")
    emit("load.throughput", len(lat) / elapsed, "req_per_s")
    if lat:
        emit("load.latency_p50", pct(lat, 50), "ms")
        emit("load.latency_p95", pct(lat, 95), "ms")
        emit("load.latency_p99", pct(lat, 99), "ms")
        emit("load.latency_max", max(lat), "ms")
        emit("load.latency_mean", statistics.mean(lat), "ms")
    if exp:
        elat = [x for e in exp for x in e.latencies]
        errors += [x for e in exp for x in e.errors]
        emit("load.exporters", exporters, "count")
        emit("load.exports", len(elat), "count")
        emit("load.exports_refused_503", sum(e.refused for e in exp), "count")
        if elat:
            emit("load.export_latency_p50", pct(elat, 50), "ms")
            emit("load.export_latency_p95", pct(elat, 95), "ms")
            emit("load.export_latency_max", max(elat), "ms")
    emit("load.errors", len(errors), "count")
    for kind in sorted(set(errors)):
        print(f"# error {kind}: {errors.count(kind)}")
    if sampler:
        emit("load.server_tree_rss_peak", sampler.peak / 2**20, "MiB")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (when started here)")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument("--url", help="load an already running server instead of starting gunicorn")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--timeout", type=float, default=30, help="seconds before a request fails")
    p.add_argument("--exporters", type=int, default=0, help="users downloading exports")
    a = p.parse_args(argv)
    print(f"# {a.users} users, {a.seconds:g} s, closed loop; ", end="")
    if a.url:
        print(f"server {a.url}", flush=True)
        run(a.url, a.users, a.seconds, a.seed, a.timeout, a.exporters)
        return 0
    print(f"gunicorn {a.workers} workers x {a.threads} threads on loopback", flush=True)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        proc, url = start_gunicorn(a.workers, a.threads, Path(tmp) / "gunicorn.log")
        try:
            run(url, a.users, a.seconds, a.seed, a.timeout, a.exporters, proc.pid)
        finally:
            proc.terminate()
            proc.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
