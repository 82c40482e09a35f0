"""Bounded load test: N concurrent users changing filters for S seconds against gunicorn.

    python benchmarks/load.py --users 50 --seconds 60          # starts gunicorn, 2 workers
    python benchmarks/load.py --url http://127.0.0.1:8050      # an already running server

Each user is a thread with its own keep-alive connection and its own seeded walk of filter
changes (benchmarks/common.py); for each change it sends, one after the other, every callback
POST the browser sends, with no pause between changes (a closed loop: the worst case for the
server, not a model of reading time). Prints `name value unit` lines: throughput, latency
p50/p95/p99/max per request, and errors (a non-200 answer, a refused or timed-out request).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
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


def fetch_plan(url: str) -> CallbackPlan:
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=30)

    def get(path):
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())

    plan = CallbackPlan(get("/_dash-dependencies"), get("/_dash-layout"))
    conn.close()
    return plan


def run(url: str, users: int, seconds: float, seed: int, timeout: float) -> None:
    plan = fetch_plan(url)
    deadline = time.monotonic() + seconds
    crowd = [User(url, plan, seed + i, deadline, timeout) for i in range(users)]
    t0 = perf_counter()
    for u in crowd:
        u.start()
    for u in crowd:
        u.join()
    elapsed = perf_counter() - t0
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
    emit("load.errors", len(errors), "count")
    for kind in sorted(set(errors)):
        print(f"# error {kind}: {errors.count(kind)}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (when started here)")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument("--url", help="load an already running server instead of starting gunicorn")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--timeout", type=float, default=30, help="seconds before a request fails")
    a = p.parse_args(argv)
    print(f"# {a.users} users, {a.seconds:g} s, closed loop; ", end="")
    if a.url:
        print(f"server {a.url}", flush=True)
        run(a.url, a.users, a.seconds, a.seed, a.timeout)
        return 0
    print(f"gunicorn {a.workers} workers x {a.threads} threads on loopback", flush=True)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        proc, url = start_gunicorn(a.workers, a.threads, Path(tmp) / "gunicorn.log")
        try:
            run(url, a.users, a.seconds, a.seed, a.timeout)
        finally:
            proc.terminate()
            proc.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
