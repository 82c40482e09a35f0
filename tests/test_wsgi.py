"""The production entry: gunicorn with two workers serves the page, the headers and /healthz."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.config import ROOT


def test_importing_the_entry_loads_no_data(monkeypatch):
    from dashboard.data import bundle as data

    calls = []
    monkeypatch.setattr(data, "validate_dir", lambda *a: calls.append(a))
    sys.modules.pop("dashboard.wsgi", None)
    import dashboard.wsgi  # noqa: F401

    assert calls == []


def test_entry_builds_from_the_environment(tmp_path, data_copy, caplog):
    from dashboard.wsgi import create_server

    env = {"DASHBOARD_DATA_DIR": str(data_copy), "DASHBOARD_CACHE_DIR": ""}
    with caplog.at_level("WARNING", logger="dashboard.wsgi"):
        server = create_server({**env, "DASHBOARD_DEBUG": "1"})
    body = server.test_client().get("/healthz").get_json()
    assert body["data_dir"] == str(data_copy)
    # debug asked for under WSGI: said once, and debug stays off
    assert [r.getMessage() for r in caplog.records] == [
        "DASHBOARD_DEBUG is ignored under a WSGI server: debug stays off"
    ]
    assert "_dash-debug-menu" not in server.test_client().get("/").get_data(as_text=True)
    caplog.clear()
    with caplog.at_level("WARNING", logger="dashboard.wsgi"):
        create_server({**env, "DASHBOARD_DEBUG": "0"})
    assert caplog.records == []


@pytest.fixture()
def gunicorn(tmp_path):
    exe = Path(sys.executable).with_name("gunicorn")
    if not exe.exists():
        pytest.skip("gunicorn is not installed (pip install -e '.[serve]')")
    log = tmp_path / "gunicorn.log"
    cmd = [str(exe), "--workers", "2", "--threads", "2", "--preload", "--no-control-socket"]
    cmd += ["--bind", "127.0.0.1:0", "dashboard.wsgi:create_server()"]
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            m = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
            url = m and m[1]
            time.sleep(0.1)
        assert url, log.read_text()
        while len(re.findall(r"Booting worker", log.read_text())) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield url, proc, log
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.slow
def test_gunicorn_serves_with_two_workers_and_headers(gunicorn):
    url, _proc, log = gunicorn
    with urllib.request.urlopen(url + "/healthz", timeout=20) as resp:
        assert json.load(resp)["status"] == "ok"
        assert resp.headers["X-Frame-Options"] == "DENY"
    with urllib.request.urlopen(url + "/", timeout=20) as resp:
        assert resp.status == 200
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert len(set(re.findall(r"Booting worker with pid: (\d+)", log.read_text()))) == 2
