"""Benchmark the dashboard against Dash's own floor (benchmarks/floor_app.py), in one run.

Prints one line per figure, `name value unit`, and a `<name>.ratio value x_floor` line where the
floor has the same figure. Lines starting with '#' are comments (date, machine, what was run).

    python benchmarks/bench.py            # full: shipped data + SYNTHETIC 1,000,000 and 10,000,000
    python benchmarks/bench.py --quick    # CI: shipped data + SYNTHETIC 10,000 rows, 20 changes

Figures:
  cold_start.*     process start -> first 200 on / (median of --repeat starts); `app` with its
                   data cache and bytecode (a restart), `app_no_cache` with neither: it
                   compiles, validates and computes everything
  page_bytes.*     bytes Chromium transferred for the first page (headers + compressed bodies),
                   from navigation until every panel is drawn and the network is idle
  render.*         navigation start -> every .js-plotly-plot has drawn traces (and the geo
                   subplot its basemap), median of --repeat loads in a fresh browser context
  basemap_bytes.*  the topojson the page fetched (transferred) and its size on disk
  rss_peak.*       peak resident memory (VmHWM) of the server / of the worker at a data size
  callback_*.<data>.<panel>  server-side time of each callback POST the browser sends for a
                   filter change, over --requests changes (a seeded walk; every view is new)
  callback_cpu_*   the same requests' CPU time (less sensitive to other load on the machine)
  change_*.<data>  all callbacks of one change, one after the other
  change_repeat_p50.<data>  the walk's last 60 views again: answered from the memo
  callback_bytes.<data>  mean compressed (gzip) body of a callback response
Data labels: `shipped` is data/; `synthetic_<rows>` is SYNTHETIC trade data (benchmarks/
synthetic.py) written to a temp dir and deleted afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from time import perf_counter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: `python benchmarks/bench.py`

CHROMIUM = "/usr/bin/chromium"
SEED = 20240601


def emit(name: str, value, unit: str) -> None:
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    print(f"{name} {text} {unit}", flush=True)


def ratio(name: str, value: float, floor: float) -> None:
    if floor:
        emit(f"{name}.ratio", round(value / floor, 3), "x_floor")


def pct(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


# ------------------------------------------------------------------ servers
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(kind: str, port: int, cache_dir: str = "") -> list[str]:
    """kind: floor, app (its data cache in cache_dir) or app_no_cache."""
    if kind == "floor":
        return [sys.executable, str(HERE / "floor_app.py"), "--port", str(port)]
    return [
        sys.executable,
        "-m",
        "dashboard",
        "serve",
        "--port",
        str(port),
        "--reload-interval",
        "0",
        "--cache-dir",
        cache_dir if kind == "app" else "",
    ]


def server_env(kind: str, cache_dir: str) -> dict[str, str]:
    """A restart (`app`) has what any restart has: the package's bytecode (kept under cache_dir,
    written by the first, unmeasured start, whatever PYTHONDONTWRITEBYTECODE says) and the data
    cache. `app_no_cache` writes neither: the first start after an install or a data change.
    The floor keeps the environment as it is (its one file compiles in no time)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if kind == "app":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(cache_dir) / "bytecode")
    elif kind == "app_no_cache":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def start_server(
    kind: str, timeout: float = 60.0, cache_dir: str = ""
) -> tuple[subprocess.Popen, str, float]:
    """Start a server process; return it, its URL and seconds until `/` answered 200."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    t0 = perf_counter()
    proc = subprocess.Popen(
        server_command(kind, port, cache_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=server_env(kind, cache_dir),
    )
    while perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} server exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/", timeout=2) as resp:
            if resp.status == 200:
                return proc, url, perf_counter() - t0
        time.sleep(0.01)
    stop(proc)
    raise RuntimeError(f"{kind} server did not answer within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def peak_rss_mib(pid: int | str = "self") -> float:
    """VmHWM: this process's own peak. (getrusage's ru_maxrss survives fork and exec, so a
    worker would report its parent's peak.)"""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ------------------------------------------------------------------ browser
DRAWN = """(n) => {
  const graphs = document.querySelectorAll('.js-plotly-plot');
  if (graphs.length < n) return false;
  for (const g of graphs) {
    if (!g.querySelector('.trace')) return false;
    const geo = g.querySelector('.geo');
    if (geo && !geo.querySelector('.layer.countries path, .layer.land path')) return false;
  }
  return performance.now();
}"""


def load_page(browser, url: str, n_graphs: int) -> tuple[float, int, int]:
    """(ms until drawn, bytes transferred, basemap bytes transferred) for one fresh load."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda req: finished.append(req))
    try:
        page.goto(url + "/")
        drawn = page.wait_for_function(DRAWN, arg=n_graphs, polling="raf", timeout=60000)
        ms = float(drawn.json_value())
        page.wait_for_load_state("networkidle")
        total = basemap = 0
        for req in finished:
            sizes = req.sizes()
            n = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += n
            if "/topojson/" in req.url:
                basemap += n
        return ms, total, basemap
    finally:
        context.close()


def bench_pages(repeat: int, use_browser: bool) -> None:
    """Floor and app side by side: starts and page loads alternate (floor, app, floor, app...),
    so a change of load on the shared machine falls on both alike.

    The app starts with its data cache (dashboard/cache.py) and its bytecode in a temp folder,
    filled by one unmeasured start first: `cold_start.app` is a restart with unchanged data.
    The first start after a data or code change has neither: `cold_start.app_no_cache`
    (server_env)."""
    kinds = {"floor": 1, "app": 3}  # graphs on the page
    starts: dict[str, list[float]] = {k: [] for k in (*kinds, "app_no_cache")}
    running: dict[str, tuple[subprocess.Popen, str]] = {}
    cache = tempfile.mkdtemp(prefix="bench-cache-")
    try:
        stop(start_server("app", cache_dir=cache)[0])  # fills the cache
        for i in range(repeat):
            for kind in starts:
                proc, url, seconds = start_server(kind, cache_dir=cache)
                starts[kind].append(seconds)
                if i < repeat - 1 or kind not in kinds:
                    stop(proc)
                else:
                    running[kind] = (proc, url)
        loads: dict[str, list[tuple[float, int, int]]] = {k: [] for k in kinds}
        if use_browser:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                for _ in range(repeat):
                    for kind, n_graphs in kinds.items():
                        loads[kind].append(load_page(browser, running[kind][1], n_graphs))
                browser.close()
        rss = {kind: peak_rss_mib(proc.pid) for kind, (proc, _url) in running.items()}
    finally:
        for proc, _url in running.values():
            stop(proc)
        shutil.rmtree(cache, ignore_errors=True)

    def med(kind: str, i: int) -> float:
        return statistics.median(x[i] for x in loads[kind])

    for kind in starts:
        emit(f"cold_start.{kind}", statistics.median(starts[kind]), "s")
    floor = statistics.median(starts["floor"])
    ratio("cold_start", statistics.median(starts["app"]), floor)
    ratio("cold_start.app_no_cache", statistics.median(starts["app_no_cache"]), floor)
    if use_browser:
        for kind in kinds:
            emit(f"page_bytes.{kind}", int(med(kind, 1)), "B")
        ratio("page_bytes", med("app", 1), med("floor", 1))
        for kind in kinds:
            emit(f"render.{kind}", med(kind, 0), "ms")
        ratio("render", med("app", 0), med("floor", 0))
        emit("basemap_bytes.transferred", int(med("app", 2)), "B")
    topojson = ROOT / "dashboard" / "web" / "assets" / "topojson"
    raw = sum(p.stat().st_size for p in topojson.glob("*.json"))
    emit("basemap_bytes.on_disk", raw, "B")
    for kind in kinds:
        emit(f"rss_peak.{kind}_server", rss[kind], "MiB")
    ratio("rss_peak.app_server", rss["app"], rss["floor"])


# ------------------------------------------------------------------ callbacks (worker process)
def _json(resp) -> dict:
    """The callback response body (the test client hands it back compressed when asked)."""
    import gzip
    import json

    data = resp.data
    if resp.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return json.loads(data)


def _panel_name(body: dict) -> str:
    outs = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
    figures = [o["id"] for o in outs if o["property"] == "figure"]
    if figures:
        return figures[0]
    from dashboard.web import ids

    return "url" if any(o["id"] == ids.URL for o in outs) else outs[0]["id"]


class Replay:
    """Send the callbacks of each filter change of a walk; keep times, sizes and errors."""

    def __init__(self, client, plan, changes: int, seed: int, warmup: int = 3, skip: int = 0):
        from benchmarks.common import UPDATE_PATH, filter_walk

        self.per_panel: dict[str, list[float]] = {}
        self.cpu_panel: dict[str, list[float]] = {}  # CPU time: what other load leaves alone
        self.per_change, self.sizes, self.errors = [], [], 0
        for n, (cid, _value) in enumerate(filter_walk(plan, random.Random(seed), changes + warmup)):
            if n < skip:
                continue  # the plan follows the walk; nothing is sent
            total = 0.0
            # A control change runs the URL sync; its new query string then runs every panel
            # (dashboard/callbacks.py), exactly the chain dash-renderer sends.
            queue, done = [(cid, "value")], set()
            while queue:
                changed = queue.pop(0)
                for _name, body in plan.payloads(changed, done):
                    done.add(body["output"])
                    t, c = perf_counter(), time.process_time()
                    resp = client.post(UPDATE_PATH, json=body, headers={"Accept-Encoding": "gzip"})
                    dt, dc = (perf_counter() - t) * 1000, (time.process_time() - c) * 1000
                    self.errors += resp.status_code != 200
                    if resp.status_code == 200:
                        queue += plan.apply(_json(resp), done)
                    if n < warmup:
                        continue
                    total += dt
                    self.per_panel.setdefault(_panel_name(body), []).append(dt)
                    self.cpu_panel.setdefault(_panel_name(body), []).append(dc)
                    self.sizes.append(len(resp.data))
            if n >= warmup:
                self.per_change.append(total)


def run_worker(label: str, data_dir: str | None, changes: int, seed: int) -> None:
    """Runs in its own process so that its peak RSS is this data size's alone."""
    from benchmarks.common import CallbackPlan
    from benchmarks.synthetic import load_synthetic
    from dashboard.app import create_app
    from dashboard.config import Settings
    from dashboard.data import load_bundle

    t0 = perf_counter()
    bundle = load_synthetic(Path(data_dir)) if data_dir else load_bundle(ROOT / "data")
    t1 = perf_counter()
    emit(f"load.{label}", t1 - t0, "s")
    emit(f"rows.{label}", len(bundle.trade), "trade_rows")
    app = create_app(Settings(reload_interval=0), bundle)
    emit(f"create_app.{label}", perf_counter() - t1, "s")  # includes building the indexes
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    layout = client.get("/_dash-layout").get_json()
    run = Replay(client, CallbackPlan(deps, layout), changes, seed)
    for name, values in sorted(run.per_panel.items()):
        emit(f"callback_p50.{label}.{name}", pct(values, 50), "ms")
        emit(f"callback_p95.{label}.{name}", pct(values, 95), "ms")
        emit(f"callback_cpu_p50.{label}.{name}", pct(run.cpu_panel[name], 50), "ms")
        emit(f"callback_cpu_p95.{label}.{name}", pct(run.cpu_panel[name], 95), "ms")
    emit(f"change_p50.{label}", pct(run.per_change, 50), "ms")
    emit(f"change_p95.{label}", pct(run.per_change, 95), "ms")
    emit(f"changes.{label}", len(run.per_change), "count")
    emit(f"callback_bytes.{label}", int(statistics.mean(run.sizes)), "B")
    emit(f"callback_bytes_max.{label}", max(run.sizes), "B")
    # The walk's last views again: still in the memo (bounded at 256 results, 3 per view).
    recent = min(changes, 60)
    first = changes + 3 - recent
    again = Replay(client, CallbackPlan(deps, layout), recent, seed, warmup=first, skip=first)
    emit(f"change_repeat_p50.{label}", pct(again.per_change, 50), "ms")
    emit(f"errors.{label}", run.errors + again.errors, "count")
    emit(f"rss_peak.{label}", peak_rss_mib(), "MiB")


def run_validated_load(data_dir: str) -> None:
    """The app's own loader (row-by-row validation) on a SYNTHETIC folder."""
    from dashboard.data import load_bundle

    t0 = perf_counter()
    bundle = load_bundle(data_dir)
    label = f"synthetic_{len(bundle.trade)}"
    emit(f"load_validated.{label}", perf_counter() - t0, "s")
    emit(
        f"rss_peak.load_validated.{label}",
        peak_rss_mib(),
        "MiB",
    )


def worker(args: list[str]) -> None:
    """Run a worker subprocess and relay its lines."""
    out = subprocess.run(
        [sys.executable, str(HERE / "bench.py"), *args], cwd=ROOT, capture_output=True, text=True
    )
    sys.stdout.write(out.stdout)
    sys.stdout.flush()
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise RuntimeError(f"worker {args} failed with {out.returncode}")


def bench_sizes(sizes: list[int], changes: int, validated_rows: int) -> None:
    from benchmarks.synthetic import write_synthetic

    worker(["--worker", "shipped", "--requests", str(changes)])
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-synthetic-") as tmp:
            write_synthetic(rows, Path(tmp), seed=SEED)
            label = f"synthetic_{rows}"
            worker(["--worker", label, "--data-dir", tmp, "--requests", str(changes)])
    if validated_rows:
        with tempfile.TemporaryDirectory(prefix="bench-synthetic-") as tmp:
            write_synthetic(validated_rows, Path(tmp), seed=SEED)
            worker(["--validated-load", tmp])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small sizes for CI (about 30 s)")
    p.add_argument("--sizes", help="comma-separated SYNTHETIC trade row counts")
    p.add_argument("--requests", type=int, help="filter changes per data size (>= 200 in full)")
    p.add_argument("--repeat", type=int, help="cold starts and page loads per app (median)")
    p.add_argument("--validated-rows", type=int, help="rows for the validated-loader figure")
    p.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    p.add_argument("--only", choices=("pages", "callbacks"), help="run one half")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--data-dir", help=argparse.SUPPRESS)
    p.add_argument("--validated-load", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        run_worker(a.worker, a.data_dir, a.requests, SEED)
        return 0
    if a.validated_load:
        run_validated_load(a.validated_load)
        return 0
    sizes = (
        [int(s) for s in a.sizes.split(",")]
        if a.sizes
        else ([10_000] if a.quick else [1_000_000, 10_000_000])
    )
    changes = a.requests or (20 if a.quick else 200)
    repeat = a.repeat or (1 if a.quick else 5)
    validated = (
        a.validated_rows if a.validated_rows is not None else (10_000 if a.quick else 100_000)
    )
    use_browser = not a.no_browser
    if use_browser and not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium or pass --no-browser")
    print(
        f"# {date.today()} {platform.node()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {'quick' if a.quick else 'full'} mode",
        flush=True,
    )
    print(
        f"# synthetic sizes {sizes} (SYNTHETIC data, seed {SEED}); {changes} filter changes; "
        f"{repeat} cold starts / page loads each",
        flush=True,
    )
    if a.only in (None, "pages"):
        bench_pages(repeat, use_browser)
    if a.only in (None, "callbacks"):
        bench_sizes(sizes, changes, validated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
