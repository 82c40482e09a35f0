"""The benchmark runs in quick mode and prints parseable figures (timings are never asserted)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.common import CallbackPlan, filter_walk
from benchmarks.synthetic import PUBLISHER, load_synthetic, write_synthetic
from dashboard.config import ROOT
from dashboard.web import ids

LINE = re.compile(r"^(?P<name>[\w.-]+) (?P<value>-?[\d.]+(e[+-]?\d+)?|nan) (?P<unit>\S+)$")

BROWSER = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def quick_output() -> dict[str, tuple[float, str]]:
    args = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick"]
    if not BROWSER.exists() and os.environ.get("DASHBOARD_REQUIRE_BROWSER") != "1":
        args.append("--no-browser")
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    figures = {}
    for line in out.stdout.splitlines():
        if line.startswith("#"):
            continue
        m = LINE.match(line)
        assert m, f"not `name value unit`: {line!r}"
        assert m["name"] not in figures, f"figure printed twice: {m['name']}"
        figures[m["name"]] = (float(m["value"]), m["unit"])
    return figures


@pytest.mark.slow
def test_quick_bench_prints_every_figure(quick_output):
    names = set(quick_output)
    for label in ("shipped", "synthetic_10000"):
        for panel in (ids.MAP, ids.TRADE, ids.INVESTMENT):
            assert f"callback_p95.{label}.{panel}" in names
        assert quick_output[f"changes.{label}"][0] == 20
        assert quick_output[f"errors.{label}"] == (0.0, "count")
        assert quick_output[f"callback_bytes.{label}"][0] > 0
        assert quick_output[f"rss_peak.{label}"][1] == "MiB"
    assert quick_output["rows.synthetic_10000"][0] == 10000
    # the page figures need the browser: required whenever the run had one (never skipped
    # because the lines went missing)
    with_browser = BROWSER.exists() or os.environ.get("DASHBOARD_REQUIRE_BROWSER") == "1"
    for name in ("cold_start", *(("page_bytes", "render") if with_browser else ())):
        for part in ("ratio", "app", "floor"):
            assert f"{name}.{part}" in names, f"{name}.{part} missing"
        assert quick_output[f"{name}.ratio"][1] == "x_floor"
        assert quick_output[f"{name}.app"][0] > 0 and quick_output[f"{name}.floor"][0] > 0
    assert quick_output["cold_start.app_no_cache"][0] > 0
    assert quick_output["cold_start.app_no_cache.ratio"][1] == "x_floor"


def test_synthetic_data_is_labelled_and_stays_out_of_data(tmp_path):
    before = sorted((ROOT / "data").rglob("*"))
    write_synthetic(500, tmp_path, seed=1)
    bundle = load_synthetic(tmp_path)
    assert sorted((ROOT / "data").rglob("*")) == before
    assert len(bundle.trade) == 500
    assert set(bundle.trade["quote"]) == {"SYNTHETIC benchmark row, not a real figure"}
    synthetic_sources = bundle.sources[bundle.sources["source_id"].str.startswith("synthetic-")]
    assert set(synthetic_sources["publisher"]) == {PUBLISHER}
    # same seed, same rows
    again = tmp_path / "again"
    write_synthetic(500, again, seed=1)
    assert (again / "trade.csv").read_bytes() == (tmp_path / "trade.csv").read_bytes()


def test_callback_plan_replays_a_filter_change(app):
    client = app.server.test_client()
    plan = CallbackPlan(
        client.get("/_dash-dependencies").get_json(), client.get("/_dash-layout").get_json()
    )
    ((cid, value),) = filter_walk(plan, random.Random(3), 1)
    (sync,) = plan.payloads((cid, "value"))  # a control change runs the URL sync only ...
    sent = {(i["id"], i["property"]): i["value"] for i in sync[1]["inputs"]}
    assert sent[(cid, "value")] == value
    resp = client.post("/_dash-update-component", json=sync[1])
    assert resp.status_code == 200
    done = {sync[1]["output"]}
    changed = plan.apply(resp.get_json(), done)
    # ... whose new query string reaches the address bar's read-only mirror, which runs
    # every panel (dashboard/ids.py VIEW_URL)
    assert changed == [(ids.VIEW_URL, "search")]
    panels = plan.payloads(changed[0], done)
    assert len(panels) >= 4
    for _name, body in panels:
        sent = {(i["id"], i["property"]): i["value"] for i in body["inputs"]}
        assert sent[(ids.VIEW_URL, "search")] == plan.values[(ids.URL, "search")]
        assert sent[(ids.VIEW_URL, "search")].startswith("?")
        resp = client.post("/_dash-update-component", json=body)
        assert resp.status_code == 200 and "response" in resp.get_json()


@pytest.mark.slow
def test_load_script_runs_against_gunicorn():
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--users", "3", "--seconds", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [ln for ln in out.stdout.splitlines() if not ln.startswith("#")]
    figures = {m["name"]: float(m["value"]) for m in map(LINE.match, lines)}
    assert figures["load.users"] == 3 and figures["load.requests"] > 0
    assert figures["load.errors"] == 0
